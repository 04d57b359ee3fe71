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
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from conflictkg import __version__
from conflictkg.errors import UserError
from conflictkg.mapping import iri
from conflictkg.mapping.buildinfo import build_graph
from conflictkg.mapping.closure import global_inference
from conflictkg.mapping.distributed import dask_client, run_on_dask
from conflictkg.mapping.doccache import DocCache, document_hash
from conflictkg.mapping.docstage import (
    PER_DOCUMENT_STAGES,
    DocResult,
    Outcome,
    StageTimer,
    curated_graph,
    gazetteer_entities,
    graph_inference,
    process,
    run_document,
)
from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.manifest import DocEntry, Manifest
from conflictkg.mapping.merge import merged_graph
from conflictkg.mapping.model import CuratedGraph, RawDocument, ReadError
from conflictkg.mapping.oxterms import graph_to_quads
from conflictkg.mapping.read import DEFAULT_MAX_BYTES, iter_inputs
from conflictkg.mapping.reason import default_schema
from conflictkg.mapping.store import StoreLayout
from conflictkg.mapping.to_rdf import reference_graph
from conflictkg.mapping.validate import validate
from conflictkg.mapping.version import mapping_version
from conflictkg.mapping.vocab import ontology_graph
from conflictkg.mapping.writes import read_writes, replay_writes

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

    Incremental unless ``full``: the new generation starts as a checkpoint of the served one
    (when its manifest has this mapping version and nothing was written through the
    endpoint), and only documents whose hash changed, new ones and gone ones touch the
    store; the global stages then redo the merged, reference and global inferred graphs.
    Changed documents come from the per-document cache when it has them; the others run
    the per-document stages, here or on a Dask cluster (``workers`` for a local one,
    ``dask_address`` for an existing scheduler).
    """
    inputs = [Path(p) for p in paths]
    timer = StageTimer()
    gaz = gazetteer or Gazetteer.load()
    layout = StoreLayout(store_dir)
    cache = DocCache(layout.root / "cache" / "documents")
    version = mapping_version()
    outcomes: list[Outcome] = []
    with layout.building() as gen:
        previous = None if full else _previous_manifest(layout, gen.base, version)
        if previous is not None:
            gen.start_from_base()
        manifest = Manifest(version)
        changed: list[ox.NamedNode] = []
        items = _timed(iter_inputs(inputs, max_bytes=max_bytes), timer)
        unchanged = previous.docs if previous is not None else {}
        steps = _results(items, gaz, cache, version, full, workers, dask_address, unchanged)
        batch = _LoadBatch(gen.store)
        for step in steps:
            if isinstance(step, DocEntry):
                manifest.docs[step.outcome.key] = step
                outcome = replace(step.outcome, cached=True)
            else:
                result, cached, digest = step
                if not cached:
                    timer.add(result.seconds)
                outcome = result.outcome(cached)
                if result.status == "built":
                    with timer.stage("load"):
                        if previous is not None and result.key in previous.docs:
                            batch.flush()
                            _drop_document(gen.store, result.key)
                        batch.add(result.nquads)
                    changed.append(ox.NamedNode(str(iri.document_graph(result.key))))
                    manifest.docs[result.key] = DocEntry(
                        digest, outcome, result.entities, result.reports, result.inferred
                    )
            outcomes.append(outcome)
            if progress:
                progress(outcome)
        with timer.stage("load"):
            batch.flush()
            for key in sorted(set(unchanged) - set(manifest.docs)):  # gone, or now refused
                _drop_document(gen.store, key)
        if not manifest.docs:
            detail = "; ".join(f"{o.key}: {o.message}" for o in outcomes) or "no input documents"
            raise BuildFailed(f"nothing was built, the previous graph stays served ({detail})")
        outcomes.sort(key=lambda o: o.key)
        asserted, inferred = _global_stages(gen.store, manifest, gaz, timer, layout)
        summary = BuildSummary(
            generation=gen.name,
            outcomes=tuple(outcomes),
            triples_asserted=sum(o.outcome.triples for o in manifest.docs.values()) + asserted,
            triples_inferred=inferred,
            seconds=dict(timer.seconds),
        )
        _replace_graph(
            gen.store,
            graph_to_quads(build_graph(summary, __version__), iri.BUILD_GRAPH),
            iri.BUILD_GRAPH,
        )
        quarantine(layout.root / "quarantine", outcomes)
        manifest.save(layout.manifest_path(gen.name))
        gen.commit(None if previous is None else [*changed, *map(_named, GLOBAL_GRAPHS)])
    return summary


def _previous_manifest(layout: StoreLayout, base: str | None, version: str) -> Manifest | None:
    """The served generation's manifest, if the new build can start from that generation."""
    if base is None or read_writes(layout.root):
        return None  # never built, or endpoint writes: those are replayed on a fresh build
    return Manifest.load(layout.manifest_path(base), version)


def _named(graph: URIRef) -> ox.NamedNode:
    return ox.NamedNode(str(graph))


def _drop_document(store: ox.Store, key: str) -> None:
    graph = iri.document_graph(key)
    for name in (graph, iri.inferred_graph(graph)):
        store.remove_graph(_named(name))


def _replace_graph(store: ox.Store, quads: Iterable[ox.Quad], graph: URIRef) -> None:
    store.remove_graph(_named(graph))
    store.bulk_extend(quads)


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


Step = DocEntry | tuple[DocResult, bool, str]
"""An unchanged document's entry, or (result, came from the cache, document hash)."""


def _results(
    items: Iterator[Item],
    gaz: Gazetteer,
    cache: DocCache,
    version: str,
    full: bool,
    workers: int | None,
    dask_address: str | None,
    unchanged: dict[str, DocEntry],
) -> Iterator[Step]:
    """One step per input, in arrival order; new results are cached as they arrive."""
    ready: deque[Step] = deque()
    hashes: dict[str, str] = {}

    def to_compute() -> Iterator[Item]:
        for item in items:
            if not isinstance(item, ReadError):
                digest = document_hash(item, version)
                entry = unchanged.get(item.key)
                if entry is not None and entry.digest == digest:
                    ready.append(entry)
                    continue
                hit = None if full else cache.get(digest)
                if hit is not None:
                    ready.append((hit, True, digest))
                    continue
                hashes[item.key] = digest
            yield item

    def remember(result: DocResult) -> Step:
        digest = hashes.pop(result.key, "")
        if digest and result.status == "built":
            cache.put(digest, result)
        return result, False, digest

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


GLOBAL_GRAPHS = (
    iri.MERGED_GRAPH,
    iri.inferred_graph(iri.MERGED_GRAPH),
    iri.REFERENCE_GRAPH,
    ONTOLOGY_GRAPH,
    iri.INFERRED_GRAPH,
)


def _global_stages(
    store: ox.Store, manifest: Manifest, gaz: Gazetteer, timer: StageTimer, layout: StoreLayout
) -> tuple[int, int]:
    """Merge, reference graph, ontology, endpoint writes and the global closure: the graphs
    built from all documents at once. Returns (triples asserted, triples inferred)."""
    entries = [manifest.docs[key] for key in sorted(manifest.docs)]
    with timer.stage("merge"):
        reports = [r for r in (e.document_reports() for e in entries) if r is not None]
        # Built by our code from validated reports; its shapes are checked by the tests.
        merged = merged_graph(reports, gaz)
        merged_quads = list(graph_to_quads(merged, iri.MERGED_GRAPH))
    with timer.stage("reason"):
        merged_entities = sorted(gazetteer_entities(merged, gaz))
        merged_inferred = graph_inference(merged_quads, iri.MERGED_GRAPH, merged_entities, gaz)
    used = sorted({e for entry in entries for e in entry.entities} | set(merged_entities))
    ref = reference_graph(used, gaz)
    with timer.stage("validate"):
        ref_result = validate("reference graph", ref)
    if not ref_result.conforms:
        raise BuildFailed("the gazetteer's reference facts are invalid:\n" + ref_result.describe())
    with timer.stage("load"):
        _replace_graph(store, merged_quads, iri.MERGED_GRAPH)
        _replace_graph(store, merged_inferred, iri.inferred_graph(iri.MERGED_GRAPH))
        _replace_graph(store, graph_to_quads(ref, iri.REFERENCE_GRAPH), iri.REFERENCE_GRAPH)
        _replace_graph(store, graph_to_quads(ontology_graph(), ONTOLOGY_GRAPH), ONTOLOGY_GRAPH)
        replay_writes(layout.root, store)  # carry over what was written via the endpoint
    with timer.stage("reason"):
        inferred, split = global_inference(store, default_schema())
    with timer.stage("load"):
        target = _named(iri.INFERRED_GRAPH)
        _replace_graph(
            store, (ox.Quad(s, p, o, target) for s, p, o in inferred), iri.INFERRED_GRAPH
        )
    per_graph = sum(e.inferred for e in entries) + len(merged_inferred) if split else 0
    return len(merged) + len(ref), per_graph + len(inferred)


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
