"""The build, composed: the first file a newcomer reads.

    read -> clean -> extract -> to_rdf -> validate   (per document, streamed, one at a time)
         -> store (one named graph per document, into a new generation)
    merge (reports of one event from several documents -> graph/merged) -> validate -> store
    reference graph (gazetteer facts the documents use) -> validate -> store
    reason (OWL 2 RL closure into its own graph) -> build graph -> publish the generation

Each stage is a module with a typed interface (see ``model``); this module only wires them,
times them and decides what is loaded. A document that fails a stage is reported and left
out; the others load. The new generation is published only when the whole build succeeded,
so a failed or killed build leaves the previous graph served.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from conflictkg import __version__
from conflictkg.errors import UserError
from conflictkg.mapping import iri
from conflictkg.mapping.buildinfo import build_graph
from conflictkg.mapping.clean import clean
from conflictkg.mapping.extract import extract
from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.merge import DocumentReports, document_reports, merged_graph
from conflictkg.mapping.model import CuratedGraph, Extraction, RawDocument, ReadError
from conflictkg.mapping.oxterms import graph_to_quads, store_triples
from conflictkg.mapping.read import DEFAULT_MAX_BYTES, iter_inputs
from conflictkg.mapping.reason import infer, load_schema
from conflictkg.mapping.store import StoreLayout
from conflictkg.mapping.to_rdf import document_graph, reference_graph
from conflictkg.mapping.validate import validate
from conflictkg.mapping.vocab import ontology_graph
from conflictkg.paths import ontology_file

ONTOLOGY_GRAPH = iri.URIRef(iri.GRAPH + "ontology")
STAGES = ("read", "clean", "extract", "rdf", "validate", "load", "merge", "reason")


class BuildFailed(UserError):
    """Nothing could be built; the previous graph stays served."""

    exit_code = 1


@dataclass(frozen=True)
class Outcome:
    """What happened to one input."""

    key: str
    status: str  # "built", "rejected", "unreadable", "failed"
    message: str = ""
    events: int = 0
    triples: int = 0


@dataclass(frozen=True)
class BuildSummary:
    generation: str
    outcomes: tuple[Outcome, ...]
    triples_asserted: int
    triples_inferred: int
    seconds: dict[str, float]

    @property
    def built(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.status == "built")

    @property
    def problems(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.status != "built")

    @property
    def events(self) -> int:
        return sum(o.events for o in self.outcomes)


@dataclass
class StageTimer:
    """Wall-clock seconds per stage, summed over documents."""

    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started


Progress = Callable[[Outcome], None]


def process(raw: RawDocument, gazetteer: Gazetteer, timer: StageTimer) -> tuple[Extraction, Graph]:
    """The per-document stages: clean, extract, map to RDF. Pure: touches no store."""
    with timer.stage("clean"):
        doc = clean(raw)
    with timer.stage("extract"):
        extraction = extract(doc, gazetteer)
    with timer.stage("rdf"):
        graph = document_graph(extraction, gazetteer)
    return extraction, graph


def curated_graph(item: CuratedGraph) -> Graph:
    """Parse an analyst's Turtle file into the graph named after its key."""
    graph = Graph(identifier=iri.document_graph(item.key))
    try:
        graph.parse(data=item.turtle, format="turtle")
    except Exception as exc:  # rdflib raises many types for bad Turtle; all are bad input
        raise UserError(f"{item.path}: not valid Turtle: {exc}") from exc
    return graph


def build(
    paths: Sequence[Path | str],
    store_dir: Path | str,
    *,
    progress: Progress | None = None,
    gazetteer: Gazetteer | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> BuildSummary:
    """Build a new generation of the store from the inputs and publish it."""
    inputs = [Path(p) for p in paths]
    timer = StageTimer()
    gaz = gazetteer or Gazetteer.load()
    outcomes: list[Outcome] = []
    used_entities: set[str] = set()
    reports: list[DocumentReports] = []
    layout = StoreLayout(store_dir)
    with layout.building() as gen:
        items = iter_inputs(inputs, max_bytes=max_bytes)
        while True:
            with timer.stage("read"):
                item = next(items, None)
            if item is None:
                break
            outcome = _build_one(item, gaz, gen.store, timer, used_entities, reports)
            outcomes.append(outcome)
            if progress:
                progress(outcome)
        if not any(o.status == "built" for o in outcomes):
            detail = "; ".join(f"{o.key}: {o.message}" for o in outcomes) or "no input documents"
            raise BuildFailed(f"nothing was built, the previous graph stays served ({detail})")

        with timer.stage("merge"):
            # Built by our code from validated reports; its shapes are checked by the tests.
            merged = merged_graph(reports, gaz)
        with timer.stage("load"):
            gen.store.extend(graph_to_quads(merged, iri.MERGED_GRAPH))
        ref = reference_graph(sorted(used_entities), gaz)
        with timer.stage("validate"):
            ref_result = validate("reference graph", ref)
        if not ref_result.conforms:
            raise BuildFailed(
                "the gazetteer's reference facts are invalid:\n" + ref_result.describe()
            )
        with timer.stage("load"):
            gen.store.extend(graph_to_quads(ref, iri.REFERENCE_GRAPH))
            gen.store.extend(graph_to_quads(ontology_graph(), ONTOLOGY_GRAPH))
        with timer.stage("reason"):
            schema = load_schema(
                ontology_graph(), ontology_file().read_bytes(), layout.root / "cache"
            )
            inferred = infer(schema, store_triples(gen.store))
        with timer.stage("load"):
            inferred_name = ox.NamedNode(str(iri.INFERRED_GRAPH))
            gen.store.extend(ox.Quad(s, p, o, inferred_name) for s, p, o in inferred)
        asserted = sum(o.triples for o in outcomes) + len(ref) + len(merged)
        summary = BuildSummary(
            generation=gen.name,
            outcomes=tuple(outcomes),
            triples_asserted=asserted,
            triples_inferred=len(inferred),
            seconds=dict(timer.seconds),
        )
        gen.store.extend(graph_to_quads(build_graph(summary, __version__), iri.BUILD_GRAPH))
        gen.commit()
    return summary


def check(
    paths: Sequence[Path | str],
    *,
    progress: Progress | None = None,
    gazetteer: Gazetteer | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Outcome]:
    """Run every per-document stage and the SHACL gate, loading nothing (``validate``)."""
    timer = StageTimer()
    gaz = gazetteer or Gazetteer.load()
    outcomes = []
    for item in iter_inputs([Path(p) for p in paths], max_bytes=max_bytes):
        outcome = _build_one(item, gaz, None, timer, set())
        outcomes.append(outcome)
        if progress:
            progress(outcome)
    return outcomes


def _build_one(
    item: RawDocument | CuratedGraph | ReadError,
    gaz: Gazetteer,
    store: ox.Store | None,
    timer: StageTimer,
    used_entities: set[str],
    reports: list[DocumentReports] | None = None,
) -> Outcome:
    if isinstance(item, ReadError):
        return Outcome(item.key, "unreadable", item.message)
    extraction: Extraction | None = None
    try:
        if isinstance(item, CuratedGraph):
            graph, events = curated_graph(item), 0
            name = iri.document_graph(item.key)
        else:
            extraction, graph = process(item, gaz, timer)
            events = len(extraction.events)
            name = iri.document_graph(item.key)
    except UserError as exc:
        return Outcome(item.key, "unreadable", str(exc))
    used_entities.update(_gazetteer_entities(graph, gaz))
    with timer.stage("validate"):
        result = validate(item.key, graph)
    if not result.conforms:
        return Outcome(item.key, "rejected", result.describe())
    if store is not None:
        with timer.stage("load"):
            store.extend(graph_to_quads(graph, name))
    if reports is not None and extraction is not None:
        reports.append(document_reports(extraction))
    return Outcome(item.key, "built", events=events, triples=len(graph))


def _gazetteer_entities(graph: Graph, gaz: Gazetteer) -> set[str]:
    """Gazetteer entities a graph refers to: their facts go to the reference graph."""
    found = set()
    for node in set(graph.subjects()) | set(graph.objects()):
        entity_id = iri.entity_id_of(node)
        if entity_id is not None and gaz.get(entity_id) is not None:
            found.add(entity_id)
    return found
