"""The build, composed: the first file a newcomer reads.

    per document (streamed; only new or changed ones, here or on Dask):
        read -> clean -> extract -> to_rdf -> validate -> reason (its own consequences)
        -> store (its graph and its inferred graph, into a new generation)
    global (``globalstage``, writing only what changed):
        merge (reports of one event from several documents -> one graph per merged event)
        reference graph (gazetteer facts the documents use) -> validate
        reason (what joins across graphs -> graph/inferred)
    build graph -> manifest -> publish the generation

Each stage is a module with a typed interface (see ``model``); this module only wires them,
times them and decides what is loaded. A document that fails a stage is reported and left
out; the others load. The new generation starts as a checkpoint of the served one when the
served one's manifest allows it, and is published only when the whole build succeeded, so a
failed or killed build leaves the previous graph served.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path

from conflictkg import __version__
from conflictkg.errors import BuildFailed
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
from conflictkg.mapping.globalstage import run_global_stages
from conflictkg.mapping.loading import LoadBatch, drop_with_inferred, sync_graph
from conflictkg.mapping.manifest import DocEntry, Manifest
from conflictkg.mapping.model import CuratedGraph, RawDocument, ReadError
from conflictkg.mapping.oxterms import graph_to_quads
from conflictkg.mapping.read import DEFAULT_MAX_BYTES, iter_inputs
from conflictkg.mapping.sortedspool import SortedStrings
from conflictkg.mapping.store import StoreLayout
from conflictkg.mapping.version import mapping_version
from conflictkg.mapping.writes import read_writes
from conflictkg.procinfo import release_free_memory

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
STAGES = (*PER_DOCUMENT_STAGES, "load", "merge", "reason")
TRIM_EVERY = 200
"""Documents between two ``release_free_memory`` calls (each takes about a millisecond)."""


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
    store; the global stages then update the merged, reference and global inferred graphs.
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
    with layout.building() as gen, layout.scratch("served") as scratch, ExitStack() as open_:
        previous = None if full else _previous_manifest(layout, gen.base, version)
        if previous is not None:
            open_.callback(previous.close)
            gen.start_from_base()
        manifest = Manifest.create(layout.manifest_path(gen.name), version)
        open_.callback(manifest.discard)  # unless saved
        minted = SortedStrings(scratch)  # on disk: memory does not grow with the corpus
        items = timer.timed(iter_inputs(inputs, max_bytes=max_bytes), "read")
        unchanged = previous.docs if previous is not None else {}
        steps = _results(items, gaz, cache, version, full, workers, dask_address, unchanged)
        batch = LoadBatch(gen.store)
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
                        graph = iri.document_graph(result.key)
                        if previous is not None and result.key in previous.docs:
                            batch.drop(graph)
                        batch.add(graph, result.nquads)
                    minted.extend(result.minted)
                    manifest.docs[result.key] = DocEntry(
                        digest, outcome, result.entities, result.shares, result.inferred
                    )
            outcomes.append(outcome)
            if progress:
                progress(outcome)
            if len(outcomes) % TRIM_EVERY == 0:
                release_free_memory()
        with timer.stage("load"):
            batch.flush()
            for key in sorted(set(unchanged) - set(manifest.docs)):  # gone, or now refused
                drop_with_inferred(gen.store, iri.document_graph(key))
        if not manifest.docs:
            detail = "; ".join(f"{o.key}: {o.message}" for o in outcomes) or "no input documents"
            raise BuildFailed(f"nothing was built, the previous graph stays served ({detail})")
        outcomes.sort(key=lambda o: o.key)
        done = run_global_stages(gen.store, manifest, previous, gaz, timer, layout, minted)
        summary = BuildSummary(
            generation=gen.name,
            outcomes=tuple(outcomes),
            triples_asserted=done.documents_asserted + done.asserted,
            triples_inferred=done.inferred,
            seconds=dict(timer.seconds),
        )
        info = build_graph(summary, __version__)
        sync_graph(gen.store, iri.BUILD_GRAPH, graph_to_quads(info, iri.BUILD_GRAPH))
        quarantine(layout.root / "quarantine", outcomes)
        kept = {entry.digest for _, entry in manifest.docs.sorted_items()}
        manifest.save(layout.manifest_path(gen.name))
        gen.commit(minted)
    cache.prune(kept)
    return summary


def _previous_manifest(layout: StoreLayout, base: str | None, version: str) -> Manifest | None:
    """The served generation's manifest, if the new build can start from that generation:
    not when endpoint writes are to be replayed (on a fresh generation), nor after a
    generation closed as a whole (its graphs have no inferred graphs of their own)."""
    if base is None or read_writes(layout.root):
        return None
    found = Manifest.load(layout.manifest_path(base), version)
    if found is not None and not found.split:
        found.close()
        return None
    return found


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
    unchanged: Mapping[str, DocEntry],
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
