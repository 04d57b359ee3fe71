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
from conflictkg.mapping.merge import MergedUnit, partition_units, unit_graph
from conflictkg.mapping.oxterms import graph_to_quads
from conflictkg.mapping.partitions import PartitionSpool, partition_digests
from conflictkg.mapping.reason import default_schema
from conflictkg.mapping.sortedspool import SortedStrings
from conflictkg.mapping.store import StoreLayout
from conflictkg.mapping.to_rdf import reference_graph
from conflictkg.mapping.validate import validate
from conflictkg.mapping.vocab import ontology_graph
from conflictkg.mapping.writes import replay_writes
from conflictkg.procinfo import release_free_memory


@dataclass(frozen=True)
class GlobalResult:
    asserted: int
    """Triples of the global graphs (merged units, reference)."""
    inferred: int
    documents_asserted: int
    """Triples of the documents' graphs."""


def run_global_stages(
    store: ox.Store,
    manifest: Manifest,
    previous: Manifest | None,
    gaz: Gazetteer,
    timer: StageTimer,
    layout: StoreLayout,
    minted: SortedStrings,
) -> GlobalResult:
    """Fill ``manifest.merged``, ``manifest.partitions`` and ``manifest.split``, bring the
    global graphs of ``store`` (a checkpoint of ``previous``'s generation, or empty) up to
    date, and add the entity IRIs of the graphs written to ``minted``."""
    used: set[str] = set()
    documents_asserted = documents_inferred = 0
    for _, entry in manifest.docs.sorted_items():
        used.update(entry.entities)
        documents_asserted += entry.outcome.triples
        documents_inferred += entry.inferred
    with layout.scratch("merge") as folder:
        asserted, inferred = _merge(store, manifest, previous, gaz, timer, folder, minted)
    ref = reference_graph(sorted(used), gaz)
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
        written = replay_writes(layout.root, store)  # carry over the endpoint's writes
    with timer.stage("reason"):
        known = None if written else (iri.REFERENCE_GRAPH, iri.ONTOLOGY_GRAPH)
        closure, manifest.split = global_inference(store, default_schema(), known)
    with timer.stage("load"):
        target = named(iri.INFERRED_GRAPH)
        quads = (ox.Quad(s, p, o, target) for s, p, o in closure)  # type: ignore[arg-type]
        inferred_global = sync_graph(store, iri.INFERRED_GRAPH, quads)
    per_graph = documents_inferred + inferred if manifest.split else 0
    return GlobalResult(asserted, per_graph + inferred_global, documents_asserted)


def _merge(
    store: ox.Store,
    manifest: Manifest,
    previous: Manifest | None,
    gaz: Gazetteer,
    timer: StageTimer,
    folder: Path,
    minted: SortedStrings,
) -> tuple[int, int]:
    """Merge the partitions whose items changed (spooled to disk, one partition in memory at
    a time), keep the units of the others as they are, drop the units that are gone;
    returns (asserted triples, inferred triples)."""
    with timer.stage("merge"):
        digests = partition_digests(entry.shares for _, entry in manifest.docs.sorted_items())
    before = previous.partitions if previous is not None else {}
    changed = {key for key, digest in digests.items() if before.get(key, ("",))[0] != digest}
    batch = LoadBatch(store)
    asserted = inferred = 0
    parts = PartitionSpool(folder)
    with timer.stage("merge"):
        for _, entry in manifest.docs.sorted_items():
            shares = entry.shares
            if any(part in changed for part, _, _ in shares.digests):
                for part, items in sorted(shares.items().items()):
                    if part in changed:
                        parts.add(part, items)
    for part in sorted(digests):
        release_free_memory()  # what the previous partition's graphs freed
        if part in changed:
            units = timer.timed(partition_units(part, parts.items(part), gaz), "merge")
            graphs = tuple(
                _sync_unit(store, batch, u, manifest, previous, gaz, timer, minted) for u in units
            )
        else:
            graphs = before[part][1]
            for graph in graphs:
                manifest.merged[graph] = previous.merged[graph]  # type: ignore[union-attr]
        manifest.partitions[part] = (digests[part], graphs)
        for graph in graphs:
            asserted += manifest.merged[graph][1]
            inferred += manifest.merged[graph][2]
    with timer.stage("load"):
        batch.flush()
        gone = (previous.merged if previous is not None else {}).keys() - manifest.merged.keys()
        for key in sorted(gone):
            drop_with_inferred(store, URIRef(key))
    return asserted, inferred


def _sync_unit(
    store: ox.Store,
    batch: LoadBatch,
    unit: MergedUnit,
    manifest: Manifest,
    previous: Manifest | None,
    gaz: Gazetteer,
    timer: StageTimer,
    minted: SortedStrings,
) -> str:
    """Write the unit's graph and its own consequences unless its digest is unchanged;
    returns the graph's name."""
    key = str(unit.graph)
    old = previous.merged.get(key) if previous is not None else None
    if old is not None and old[0] == unit.digest:
        manifest.merged[key] = old
        return key
    with timer.stage("merge"):
        graph = unit_graph(unit)
        quads = list(graph_to_quads(graph, unit.graph))
    with timer.stage("reason"):
        entities = sorted(gazetteer_entities(graph, gaz))
        own = graph_inference(quads, unit.graph, entities, gaz)
    with timer.stage("load"):
        if old is not None:
            batch.drop(unit.graph)
        batch.add_quads(unit.graph, [*quads, *own])
    manifest.merged[key] = (unit.digest, len(quads), len(own))
    minted.extend((str(unit.node),))
    return key
