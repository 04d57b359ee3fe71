"""The global stages: what is built from all documents at once, writing only what changed.

    merge: all reports -> merged events and estimates, each its own graph and own
           consequences; only units whose digest changed are rebuilt, gone ones dropped
    reference graph (gazetteer facts the documents use) -> SHACL gate; ontology
    endpoint writes, replayed
    reason: the part of the closure that joins across graphs (``closure``) -> graph/inferred

Clustering runs over every report each time (linear and cheap); building, reasoning over and
loading graphs, the costly part, happens only for what changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from conflictkg.errors import BuildFailed
from conflictkg.mapping import iri
from conflictkg.mapping.closure import global_inference
from conflictkg.mapping.docstage import (
    StageTimer,
    gazetteer_entities,
    graph_inference,
    minted_iris,
)
from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.loading import LoadBatch, drop_with_inferred, named, sync_graph
from conflictkg.mapping.manifest import Manifest
from conflictkg.mapping.merge import MergedUnit, merged_units, unit_graph
from conflictkg.mapping.oxterms import graph_to_quads
from conflictkg.mapping.reason import default_schema
from conflictkg.mapping.to_rdf import reference_graph
from conflictkg.mapping.validate import validate
from conflictkg.mapping.vocab import ontology_graph
from conflictkg.mapping.writes import replay_writes


@dataclass(frozen=True)
class GlobalResult:
    asserted: int
    inferred: int
    minted: tuple[str, ...]
    """Entity IRIs of the asserted graphs this build wrote (recorded as served)."""


def run_global_stages(
    store: ox.Store,
    manifest: Manifest,
    previous: Manifest | None,
    gaz: Gazetteer,
    timer: StageTimer,
    store_root: Path,
) -> GlobalResult:
    """Fill ``manifest.merged`` and ``manifest.split`` and bring the global graphs of
    ``store`` (a checkpoint of ``previous``'s generation, or empty) up to date."""
    entries = [manifest.docs[key] for key in sorted(manifest.docs)]
    reports = (r for r in (e.document_reports() for e in entries) if r is not None)
    units = timer.timed(merged_units(reports, gaz), "merge")
    asserted, inferred, minted = _sync_merged(store, units, manifest, previous, gaz, timer)
    used = sorted({entity for entry in entries for entity in entry.entities})
    ref = reference_graph(used, gaz)
    with timer.stage("validate"):
        checked = validate("reference graph", ref)
    if not checked.conforms:
        raise BuildFailed("the gazetteer's reference facts are invalid:\n" + checked.describe())
    ref_quads = list(graph_to_quads(ref, iri.REFERENCE_GRAPH))
    minted.extend(minted_iris(ref_quads))
    with timer.stage("load"):
        asserted += sync_graph(store, iri.REFERENCE_GRAPH, ref_quads)
        onto = graph_to_quads(ontology_graph(), iri.ONTOLOGY_GRAPH)
        sync_graph(store, iri.ONTOLOGY_GRAPH, onto)
        replay_writes(store_root, store)  # carry over what was written via the endpoint
    with timer.stage("reason"):
        closure, manifest.split = global_inference(store, default_schema())
    with timer.stage("load"):
        target = named(iri.INFERRED_GRAPH)
        quads = (ox.Quad(s, p, o, target) for s, p, o in closure)  # type: ignore[arg-type]
        inferred_global = sync_graph(store, iri.INFERRED_GRAPH, quads)
    per_graph = sum(e.inferred for e in entries) + inferred if manifest.split else 0
    return GlobalResult(asserted, per_graph + inferred_global, tuple(minted))


def _sync_merged(
    store: ox.Store,
    units: Iterable[MergedUnit],
    manifest: Manifest,
    previous: Manifest | None,
    gaz: Gazetteer,
    timer: StageTimer,
) -> tuple[int, int, list[str]]:
    """Rebuild the graphs of new and changed units, drop those of gone ones; returns
    (asserted triples, inferred triples, entity IRIs written)."""
    before = previous.merged if previous is not None else {}
    batch = LoadBatch(store)
    asserted = inferred = 0
    minted: list[str] = []
    for unit in units:
        key = str(unit.graph)
        old = before.get(key)
        if old is not None and old[0] == unit.digest:
            manifest.merged[key] = old
        else:
            with timer.stage("merge"):
                graph = unit_graph(unit)
                quads = list(graph_to_quads(graph, unit.graph))
            with timer.stage("reason"):
                entities = sorted(gazetteer_entities(graph, gaz))
                own = graph_inference(quads, unit.graph, entities, gaz)
            with timer.stage("load"):
                if old is not None:
                    batch.flush()
                    drop_with_inferred(store, unit.graph)
                batch.add_quads([*quads, *own])
            manifest.merged[key] = (unit.digest, len(quads), len(own))
            minted.append(str(unit.node))
        asserted += manifest.merged[key][1]
        inferred += manifest.merged[key][2]
    with timer.stage("load"):
        batch.flush()
        for key in sorted(before.keys() - manifest.merged.keys()):
            drop_with_inferred(store, URIRef(key))
    return asserted, inferred, minted
