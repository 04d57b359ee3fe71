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

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from conflictkg import __version__
from conflictkg.errors import UserError
from conflictkg.mapping import iri
from conflictkg.mapping.buildinfo import build_graph
from conflictkg.mapping.distributed import dask_client, run_on_dask
from conflictkg.mapping.doccache import DocCache, document_hash
from conflictkg.mapping.docstage import (
    PER_DOCUMENT_STAGES,
    DocResult,
    Outcome,
    StageTimer,
    curated_graph,
    process,
    run_document,
)
from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.merge import DocumentReports, merged_graph
from conflictkg.mapping.model import CuratedGraph, RawDocument, ReadError
from conflictkg.mapping.oxterms import graph_to_quads
from conflictkg.mapping.read import DEFAULT_MAX_BYTES, iter_inputs
from conflictkg.mapping.reason import SAME_AS, Schema, Triple, infer, load_schema
from conflictkg.mapping.store import StoreLayout
from conflictkg.mapping.to_rdf import reference_graph
from conflictkg.mapping.validate import validate
from conflictkg.mapping.version import mapping_version
from conflictkg.mapping.vocab import ontology_graph
from conflictkg.mapping.writes import replay_writes
from conflictkg.paths import ontology_file

__all__ = [
    "BuildFailed",
    "BuildSummary",
    "Outcome",
    "StageTimer",
    "build",
    "check",
    "curated_graph",
    "process",
]
Item = RawDocument | CuratedGraph | ReadError
ONTOLOGY_GRAPH = iri.URIRef(iri.GRAPH + "ontology")
STAGES = (*PER_DOCUMENT_STAGES, "load", "merge", "reason")


class BuildFailed(UserError):
    """Nothing could be built; the previous graph stays served."""

    exit_code = 1


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
    def processed(self) -> int:
        """Documents that ran the per-document stages in this build (not from the cache)."""
        return sum(1 for o in self.outcomes if not o.cached)

    @property
    def events(self) -> int:
        return sum(o.events for o in self.outcomes)


Progress = Callable[[Outcome], None]


def build(
    paths: Sequence[Path | str],
    store_dir: Path | str,
    *,
    progress: Progress | None = None,
    gazetteer: Gazetteer | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    full: bool = False,
    workers: int | None = None,
    dask_address: str | None = None,
) -> BuildSummary:
    """Build a new generation of the store from the inputs and publish it.

    Documents whose content and mapping version are unchanged come from the per-document
    cache (``full`` ignores it); the others run the per-document stages, here or on a Dask
    cluster (``workers`` for a local one, ``dask_address`` for an existing scheduler).
    """
    inputs = [Path(p) for p in paths]
    timer = StageTimer()
    gaz = gazetteer or Gazetteer.load()
    layout = StoreLayout(store_dir)
    cache = DocCache(layout.root / "cache" / "documents")
    version = mapping_version()
    outcomes: list[Outcome] = []
    used_entities: set[str] = set()
    reports: list[DocumentReports] = []
    with layout.building() as gen:
        items = _timed(iter_inputs(inputs, max_bytes=max_bytes), timer)
        results = _results(items, gaz, cache, version, full, workers, dask_address)
        batch = _LoadBatch(gen.store)
        for result, cached in results:
            if not cached:
                timer.add(result.seconds)
            with timer.stage("load"):
                if result.status == "built":
                    batch.add(result.nquads)
                    used_entities.update(result.entities)
                    doc_reports = result.document_reports()
                    if doc_reports is not None:
                        reports.append(doc_reports)
            outcome = result.outcome(cached)
            outcomes.append(outcome)
            if progress:
                progress(outcome)
        with timer.stage("load"):
            batch.flush()
        if not any(o.status == "built" for o in outcomes):
            detail = "; ".join(f"{o.key}: {o.message}" for o in outcomes) or "no input documents"
            raise BuildFailed(f"nothing was built, the previous graph stays served ({detail})")
        outcomes.sort(key=lambda o: o.key)
        reports.sort(key=lambda r: r.key)
        asserted = _global_stages(gen.store, reports, used_entities, gaz, timer, layout)
        with timer.stage("load"):
            replay_writes(layout.root, gen.store)  # carry over what was written via the endpoint
        inferred = _reason(gen.store, timer, layout)
        summary = BuildSummary(
            generation=gen.name,
            outcomes=tuple(outcomes),
            triples_asserted=sum(o.triples for o in outcomes) + asserted,
            triples_inferred=inferred,
            seconds=dict(timer.seconds),
        )
        gen.store.extend(graph_to_quads(build_graph(summary, __version__), iri.BUILD_GRAPH))
        quarantine(layout.root / "quarantine", outcomes)
        gen.commit()
    return summary


class _LoadBatch:
    """Documents' N-Quads loaded a few megabytes at a time: one store transaction per batch,
    not per document, with memory bounded by the batch size."""

    def __init__(self, store: ox.Store, limit: int = 4_000_000) -> None:
        self.store, self.limit, self.parts, self.size = store, limit, list[bytes](), 0

    def add(self, nquads: bytes) -> None:
        self.parts.append(nquads)
        self.size += len(nquads)
        if self.size >= self.limit:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.store.bulk_load(b"".join(self.parts), format=ox.RdfFormat.N_QUADS)
            self.parts, self.size = [], 0


def _timed(items: Iterator[Item], timer: StageTimer) -> Iterator[Item]:
    while True:
        with timer.stage("read"):
            item = next(items, None)
        if item is None:
            return
        yield item


def _results(
    items: Iterator[Item],
    gaz: Gazetteer,
    cache: DocCache,
    version: str,
    full: bool,
    workers: int | None,
    dask_address: str | None,
) -> Iterator[tuple[DocResult, bool]]:
    """(result, came from the cache) per input; new results are cached as they arrive."""
    ready: deque[tuple[DocResult, bool]] = deque()
    hashes: dict[str, str] = {}

    def to_compute() -> Iterator[Item]:
        for item in items:
            if isinstance(item, RawDocument):
                digest = document_hash(item, version)
                hit = None if full else cache.get(digest)
                if hit is not None:
                    ready.append((hit, True))
                    continue
                hashes[item.key] = digest
            yield item

    def remember(result: DocResult) -> tuple[DocResult, bool]:
        digest = hashes.pop(result.key, None)
        if digest is not None and result.status == "built":
            cache.put(digest, result)
        return result, False

    if workers is None and dask_address is None:
        for item in to_compute():
            while ready:
                yield ready.popleft()
            yield remember(run_document(item, gaz))
    else:
        with dask_client(dask_address, workers) as client:
            for result in run_on_dask(client, to_compute()):
                while ready:
                    yield ready.popleft()
                yield remember(result)
    while ready:
        yield ready.popleft()


def _global_stages(
    store: ox.Store,
    reports: list[DocumentReports],
    used_entities: set[str],
    gaz: Gazetteer,
    timer: StageTimer,
    layout: StoreLayout,
) -> int:
    """Merge, reference graph, ontology: the graphs built from all documents at once."""
    with timer.stage("merge"):
        # Built by our code from validated reports; its shapes are checked by the tests.
        merged = merged_graph(reports, gaz)
    with timer.stage("load"):
        store.bulk_extend(graph_to_quads(merged, iri.MERGED_GRAPH))
    ref = reference_graph(sorted(used_entities), gaz)
    with timer.stage("validate"):
        ref_result = validate("reference graph", ref)
    if not ref_result.conforms:
        raise BuildFailed("the gazetteer's reference facts are invalid:\n" + ref_result.describe())
    with timer.stage("load"):
        store.extend(graph_to_quads(ref, iri.REFERENCE_GRAPH))
        store.extend(graph_to_quads(ontology_graph(), ONTOLOGY_GRAPH))
    return len(merged) + len(ref)


def _reason(store: ox.Store, timer: StageTimer, layout: StoreLayout) -> int:
    with timer.stage("reason"):
        schema = load_schema(ontology_graph(), ontology_file().read_bytes(), layout.root / "cache")
        inferred = infer(schema, reasoning_input(store, schema))
    with timer.stage("load"):
        name = ox.NamedNode(str(iri.INFERRED_GRAPH))
        store.bulk_extend(ox.Quad(s, p, o, name) for s, p, o in inferred)
    return len(inferred)


def reasoning_input(store: ox.Store, schema: Schema) -> Iterator[Triple]:
    """Only the triples a rule can fire on: those with a predicate the closed schema speaks
    about (types, sub-properties, domains, ranges, inverses, transitive and symmetric ones,
    owl:sameAs), plus every triple about a node that has an owl:sameAs (eq-rep-*). The
    cleaned texts, quotes, offsets and labels of documents fire nothing and stay out."""
    seen: set[Triple] = set()
    for predicate in sorted(schema.relevant_predicates(), key=str):
        for q in store.quads_for_pattern(None, predicate, None, None):  # type: ignore[arg-type]
            t = (q.subject, q.predicate, q.object)
            if t not in seen:
                seen.add(t)
                yield t  # type: ignore[misc]
    same = {t[0] for t in seen if t[1] == SAME_AS} | {t[2] for t in seen if t[1] == SAME_AS}
    for node in same:
        for q in store.quads_for_pattern(node, None, None, None):  # type: ignore[arg-type]
            t = (q.subject, q.predicate, q.object)
            if t not in seen:
                seen.add(t)
                yield t  # type: ignore[misc]
        if isinstance(node, ox.Literal):
            continue
        for q in store.quads_for_pattern(None, None, node, None):  # type: ignore[arg-type]
            t = (q.subject, q.predicate, q.object)
            if t not in seen:
                seen.add(t)
                yield t  # type: ignore[misc]


def quarantine(folder: Path, outcomes: Sequence[Outcome]) -> None:
    """One report per input of this build that was not loaded (earlier reports are cleared)."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.report.txt"):
        old.unlink()
    for outcome in outcomes:
        report = folder / (iri.document_slug(outcome.key) + ".report.txt")
        if outcome.status != "built":
            report.write_text(
                f"key: {outcome.key}\nstatus: {outcome.status}\n\n{outcome.message}\n", "utf-8"
            )


def check(
    paths: Sequence[Path | str],
    *,
    progress: Progress | None = None,
    gazetteer: Gazetteer | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Outcome]:
    """Run every per-document stage and the SHACL gate, loading nothing (``validate``)."""
    gaz = gazetteer or Gazetteer.load()
    outcomes = []
    for item in iter_inputs([Path(p) for p in paths], max_bytes=max_bytes):
        r = run_document(item, gaz)
        outcome = r.outcome()
        outcomes.append(outcome)
        if progress:
            progress(outcome)
    return outcomes
