"""The per-document stages as one unit of work: clean, extract, RDF, SHACL gate, serialize.

``run_document`` is pure (touches no store) and its ``DocResult`` is plain data, so the same
function runs in the build process, on a Dask worker, or not at all when the per-document
cache already holds the result.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TypeVar

import pyoxigraph as ox
from rdflib import Graph, URIRef

from conflictkg.errors import UserError
from conflictkg.mapping import iri
from conflictkg.mapping.clean import clean
from conflictkg.mapping.extract import extract
from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.merge import document_reports
from conflictkg.mapping.model import CuratedGraph, Extraction, RawDocument, ReadError
from conflictkg.mapping.oxterms import graph_to_quads, to_ox
from conflictkg.mapping.partitions import NO_SHARES, Shares, shares
from conflictkg.mapping.reason import default_schema, document_inference
from conflictkg.mapping.to_rdf import document_graph, identity_link
from conflictkg.mapping.validate import validate

T = TypeVar("T")
_END = object()
PER_DOCUMENT_STAGES = ("read", "clean", "extract", "rdf", "validate", "reason")


@dataclass
class StageTimer:
    """Wall-clock seconds per stage, summed over documents."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started

    def timed(self, items: Iterable[T], name: str) -> Iterator[T]:
        """``items``, with the time spent producing each one counted to stage ``name``."""
        source = iter(items)
        while True:
            with self.stage(name):
                item = next(source, _END)
            if item is _END:
                return
            yield item  # type: ignore[misc]

    def add(self, seconds: dict[str, float]) -> None:
        for name, value in seconds.items():
            self.seconds[name] = self.seconds.get(name, 0.0) + value


@dataclass(frozen=True)
class Outcome:
    """What happened to one input, as a build reports it."""

    key: str
    status: str  # "built", "rejected", "unreadable", "failed"
    message: str = ""
    events: int = 0
    triples: int = 0
    cached: bool = False  # taken from the per-document cache, not processed again


@dataclass(frozen=True)
class DocResult:
    """What one input became: a validated graph as N-Quads, or the reason it was not loaded."""

    key: str
    status: str  # "built", "rejected", "unreadable", "failed"
    message: str = ""
    events: int = 0
    triples: int = 0
    inferred: int = 0  # triples in its inferred graph (in ``nquads`` too)
    minted: tuple[str, ...] = ()  # its subjects under ``iri.ID`` (what ``/id/...`` serves)
    nquads: bytes = b""
    entities: tuple[str, ...] = ()  # gazetteer entities the graph refers to
    shares: Shares = NO_SHARES  # its reports and claims for the merge stage, by partition
    seconds: dict[str, float] = field(default_factory=dict)

    def outcome(self, cached: bool = False) -> Outcome:
        return Outcome(self.key, self.status, self.message, self.events, self.triples, cached)


def process(raw: RawDocument, gazetteer: Gazetteer, timer: StageTimer) -> tuple[Extraction, Graph]:
    """Clean, extract, map to RDF."""
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


def run_document(item: RawDocument | CuratedGraph | ReadError, gaz: Gazetteer) -> DocResult:
    """All per-document stages for one input; never raises for bad input."""
    timer = StageTimer()
    if isinstance(item, ReadError):
        return DocResult(item.key, "unreadable", item.message)
    extraction: Extraction | None = None
    try:
        if isinstance(item, CuratedGraph):
            graph = curated_graph(item)
        else:
            extraction, graph = process(item, gaz, timer)
    except UserError as exc:
        return DocResult(item.key, "unreadable", str(exc), seconds=timer.seconds)
    with timer.stage("validate"):
        result = validate(item.key, graph)
    if not result.conforms:
        return DocResult(item.key, "rejected", result.describe(), seconds=timer.seconds)
    entities = tuple(sorted(gazetteer_entities(graph, gaz)))
    name = iri.document_graph(item.key)
    quads = list(graph_to_quads(graph, name))
    with timer.stage("reason"):
        inferred = graph_inference(quads, name, entities, gaz)
    with timer.stage("rdf"):
        nquads = ox.serialize([*quads, *inferred], format=ox.RdfFormat.N_QUADS) or b""
        parts = shares(document_reports(extraction)) if extraction is not None else NO_SHARES
    return DocResult(
        key=item.key,
        status="built",
        events=len(extraction.events) if extraction is not None else 0,
        triples=len(graph),
        inferred=len(inferred),
        minted=minted_iris(quads),
        nquads=nquads,
        entities=entities,
        shares=parts,
        seconds=timer.seconds,
    )


def graph_inference(
    quads: Sequence[ox.Quad], graph: URIRef, entities: Sequence[str], gaz: Gazetteer
) -> list[ox.Quad]:
    """The graph's own OWL 2 RL consequences, with the owl:sameAs facts the reference graph
    states about its gazetteer ``entities``, as quads in the graph's inferred graph."""
    links = (identity_link(e) for e in map(gaz.get, entities) if e is not None)
    same_as = [(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in filter(None, links)]
    triples = [(q.subject, q.predicate, q.object) for q in quads]
    found = document_inference(default_schema(), triples, same_as)  # type: ignore[arg-type]
    target = ox.NamedNode(str(iri.inferred_graph(graph)))
    return [ox.Quad(s, p, o, target) for s, p, o in found]  # type: ignore[arg-type]


def minted_iris(quads: Iterable[ox.Quad]) -> tuple[str, ...]:
    """The subjects minted under ``iri.ID``: what ``/id/...`` pages show."""
    found = {
        q.subject.value
        for q in quads
        if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(iri.ID)
    }
    return tuple(sorted(found))


def gazetteer_entities(graph: Graph, gaz: Gazetteer) -> set[str]:
    """Gazetteer entities a graph refers to: their facts go to the reference graph."""
    found = set()
    for node in set(graph.subjects()) | set(graph.objects()):
        entity_id = iri.entity_id_of(node)
        if entity_id is not None and gaz.get(entity_id) is not None:
            found.add(entity_id)
    return found
