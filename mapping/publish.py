"""Publish the served generation of a local working store to a remote SPARQL 1.1 store.

A build for ``--store URL`` runs as always into a local working store (generations, caches,
lock); this step then copies what changed to the remote store:

1. the remote is asked which generation it serves (its build graph) and how many triples each
   graph holds; the record of the last publish (``WORKDIR/published.json``) is trusted only
   if both agree with it, so a store wiped or changed by someone else gets a full publish;
2. each graph is dumped (N-Triples) and digested, except those the generation's manifest
   vouches for: a document's graph and its inferred graph are a function of the document's
   hash (content and mapping version), a merged unit's of its digest, so a graph whose
   identity is the one recorded at the last publish, and whose remote triple count agrees,
   is neither read nor sent. An incremental publish thus reads what the build changed plus
   the few global graphs, not the whole store (after endpoint writes, which may touch any
   graph, every graph is read);
3. each changed graph is PUT (Graph Store Protocol) under a staging name
   ``urn:conflictkg:staging:<generation>:<n>``;
4. ONE SPARQL Update moves every staged graph onto its real name and drops the graphs the
   generation no longer has: on a store that runs a request as one transaction (Oxigraph,
   Fuseki/TDB2) readers see the previous graph or the new one, never a mix.

A failure drops the staged graphs (best effort), leaves the served graphs and the record as
they were, and raises ``PublishError`` naming the store and the HTTP status. Without an
update endpoint graphs are PUT straight onto their names, build graph last: not atomic.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from conflictkg.mapping import iri
from conflictkg.mapping.manifest import Manifest
from conflictkg.mapping.remote import RemoteClient, RemoteStore, RemoteStoreError
from conflictkg.mapping.store import StoreLayout
from conflictkg.mapping.version import mapping_version
from conflictkg.mapping.writes import read_writes

STAGING = "urn:conflictkg:staging:"
RECORD = "published.json"
COUNT_QUERY = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
DEFAULT = ""
"""The record's key for the default graph (no graph IRI is empty)."""


class PublishError(RemoteStoreError):
    """Publishing failed; the remote store serves what it served before (when atomic)."""


@dataclass(frozen=True)
class GraphDump:
    key: str
    """Graph IRI, or ``DEFAULT``."""
    path: Path | None
    """The dump; None for a graph known unchanged (not read)."""
    digest: str
    triples: int
    identity: str = ""
    """What the manifest says the graph is a function of ("": nothing known)."""


@dataclass(frozen=True)
class RemoteState:
    generation: str | None
    counts: dict[str, int]
    """Triples per named graph of the remote store."""


@dataclass(frozen=True)
class Record:
    """What the last successful publish from this working store sent, and where."""

    store: str
    generation: str
    graphs: dict[str, tuple[str, int, str]]
    """Graph key -> (digest, triples, identity)."""


@dataclass(frozen=True)
class PublishReport:
    store: str
    generation: str
    put: tuple[str, ...]
    dropped: tuple[str, ...]
    unchanged: int
    dumped: int
    """Graphs read and digested (the others were vouched for by the manifest)."""
    atomic: bool
    full: bool
    """Every graph was sent (no trusted record of the last publish)."""
    requests: int
    bytes_sent: int
    seconds: float

    def describe(self) -> str:
        how = "switched atomically" if self.atomic else "PUT in place (not atomic)"
        kind = "full" if self.full else "incremental"
        return (
            f"published generation {self.generation} to {self.store} ({kind}, {how}): "
            f"{len(self.put)} graphs sent ({self.bytes_sent} bytes), {len(self.dropped)} "
            f"dropped, {self.unchanged} unchanged ({self.dumped} read); {self.requests} requests, "
            f"{self.seconds:.2f}s"
        )


def publish(work_dir: Path | str, remote: RemoteStore, *, full: bool = False) -> PublishReport:
    """Make the remote store serve the current generation of ``work_dir``."""
    started = time.perf_counter()
    layout = StoreLayout(work_dir)
    client = RemoteClient(remote)
    with (
        contextlib.closing(client),
        _publish_lock(layout.root),
        _checkpoint(layout) as (store, generation, tmp),
    ):
        state = remote_state(client)
        record = _load_record(layout.root, remote)
        trusted = not full and record is not None and record.generation == state.generation
        known = record.graphs if record is not None and trusted else {}
        identities = graph_identities(layout, generation)
        vouched, unknown = _vouched(store, known, identities, state)
        dumped = _dump_graphs(store, tmp, unknown, identities)
        dumps = sorted([*vouched, *dumped], key=lambda d: d.key)
        changed = [d for d in dumped if _changed(d, known, state)]
        changed.sort(key=lambda d: d.key == str(iri.BUILD_GRAPH))  # the marker last
        ours = set(record.graphs) if record is not None else set()
        ours |= {g for g in state.counts if g.startswith(iri.GRAPH)}
        dropped = sorted(ours - {d.key for d in dumps})
        leftovers = sorted(g for g in state.counts if g.startswith(STAGING))
        if remote.update is not None:
            _switch(client, generation, changed, [*dropped, *leftovers])
        else:
            _in_place(client, layout.root, changed, dropped)
        _save_record(layout.root, remote, generation, dumps)
    return PublishReport(
        store=remote.url,
        generation=generation,
        put=tuple(d.key for d in changed),
        dropped=tuple(dropped),
        unchanged=len(dumps) - len(changed),
        dumped=len(dumped),
        atomic=remote.update is not None,
        full=not trusted,
        requests=client.requests,
        bytes_sent=client.bytes_sent,
        seconds=time.perf_counter() - started,
    )


def remote_state(client: RemoteClient) -> RemoteState:
    """The generation the remote serves and its triples per named graph (one query each)."""
    try:
        counts = {
            row[0].value: int(row[1].value)
            for row in client.select(COUNT_QUERY)
            if isinstance(row[0], ox.NamedNode) and row[1] is not None
        }
        return RemoteState(client.generation(), counts)
    except RemoteStoreError as exc:
        raise PublishError(
            f"cannot read the state of the remote store: {exc}", exc.status
        ) from None


def graph_identities(layout: StoreLayout, generation: str) -> dict[str, str]:
    """Graph -> what it is a function of, from ``generation``'s manifest: documents' graphs
    (and their own inferred graphs) by document hash, merged units' by digest and mapping
    version. Empty when nothing can be vouched for: no manifest (pruned, older build), or
    writes through the endpoint, which change graphs in place."""
    if read_writes(layout.root):
        return {}
    version = mapping_version()
    try:
        manifest = Manifest.load(layout.manifest_path(generation), version)
    except sqlite3.Error:
        return {}
    if manifest is None:
        return {}
    identities: dict[str, str] = {}
    try:
        for key, entry in manifest.docs.sorted_items():
            graph = iri.document_graph(key)
            identities[str(graph)] = f"doc:{entry.digest}"
            if manifest.split:
                identities[str(iri.inferred_graph(graph))] = f"doc-inferred:{entry.digest}"
        for key, (digest, _, _) in manifest.merged.sorted_items():
            identities[key] = f"merged:{version}:{digest}"
            if manifest.split:
                identities[str(iri.inferred_graph(URIRef(key)))] = (
                    f"merged-inferred:{version}:{digest}"
                )
    except sqlite3.Error:
        return {}
    finally:
        manifest.close()
    return identities


def _vouched(
    store: ox.Store,
    known: dict[str, tuple[str, int, str]],
    identities: dict[str, str],
    state: RemoteState,
) -> tuple[list[GraphDump], list[str]]:
    """Graphs known unchanged since the last publish (not to be read), and the others."""
    vouched, unknown = [], [DEFAULT]
    for graph in store.named_graphs():
        if not isinstance(graph, ox.NamedNode):
            continue
        key = graph.value
        digest, triples, identity = known.get(key, ("", 0, ""))
        same = identity and identities.get(key) == identity
        if same and state.counts.get(key, 0) == triples:
            vouched.append(GraphDump(key, None, digest, triples, identity))
        else:
            unknown.append(key)
    return vouched, sorted(unknown)


def _changed(dump: GraphDump, known: dict[str, tuple[str, int, str]], state: RemoteState) -> bool:
    if known.get(dump.key, ("", 0, ""))[0] != dump.digest:
        return True
    return dump.key != DEFAULT and state.counts.get(dump.key, 0) != dump.triples


def _switch(
    client: RemoteClient, generation: str, changed: list[GraphDump], dropped: list[str]
) -> None:
    """Stage every changed graph, then move them all into place in one update."""
    staged: list[str] = []
    switching = False
    try:
        for number, dump in enumerate(changed):
            name = ox.NamedNode(f"{STAGING}{generation}:{number}").value
            staged.append(name)
            client.put_graph(name, dump.path)
        operations = [
            f"MOVE GRAPH {ox.NamedNode(name)} TO {_target(dump.key)}"
            for name, dump in zip(staged, changed, strict=True)
        ]
        operations += [_drop(key) for key in dropped]
        switching = True
        if operations:
            client.update(" ;\n".join(operations))
    except RemoteStoreError as exc:
        with contextlib.suppress(RemoteStoreError):
            if staged:
                client.update(" ;\n".join(_drop(name) for name in staged))
        served = "the store still serves what it served before (staged graphs were removed)"
        if switching and exc.status is None:  # sent, but no answer: it may have committed
            served = "the store may or may not have switched (the next build checks which)"
        raise PublishError(
            f"publishing generation {generation} failed: {exc}; {served}; "
            "run the build again to retry",
            exc.status,
        ) from None


def _in_place(
    client: RemoteClient, root: Path, changed: list[GraphDump], dropped: list[str]
) -> None:
    """No update endpoint: PUT onto the real names, then DELETE what is gone (not atomic)."""
    try:
        for dump in changed:
            client.put_graph(dump.key or None, dump.path)
        for key in dropped:
            client.delete_graph(key or None)
    except RemoteStoreError as exc:
        (root / RECORD).unlink(missing_ok=True)  # the remote is now a mix: next time, all
        raise PublishError(
            f"publishing failed: {exc}; without an update endpoint the store may now serve "
            "a mix of the previous and the new graphs; run the build again to complete it",
            exc.status,
        ) from None


def _target(key: str) -> str:
    return "DEFAULT" if key == DEFAULT else f"GRAPH {ox.NamedNode(key)}"


def _drop(key: str) -> str:
    return "CLEAR SILENT DEFAULT" if key == DEFAULT else f"DROP SILENT GRAPH {ox.NamedNode(key)}"


def _dump_graphs(
    store: ox.Store, folder: Path, keys: list[str], identities: dict[str, str]
) -> list[GraphDump]:
    """These graphs as N-Triples files with their digests and sizes (the default graph only
    when it holds triples: builds put none there, endpoint writes may)."""
    dumps = []
    for number, key in enumerate(keys):
        graph = ox.DefaultGraph() if key == DEFAULT else ox.NamedNode(key)
        path = folder / f"{number}.nt"
        store.dump(path, ox.RdfFormat.N_TRIPLES, from_graph=graph)
        digest, lines = hashlib.sha256(), 0
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
                lines += block.count(b"\n")
        if key != DEFAULT or lines:
            dumps.append(GraphDump(key, path, digest.hexdigest(), lines, identities.get(key, "")))
    return dumps


@contextlib.contextmanager
def _checkpoint(layout: StoreLayout) -> Iterator[tuple[ox.Store, str, Path]]:
    """The current generation as a private checkpoint (hard links: cheap), so that a build
    committing meanwhile cannot prune it from under the publish; plus a scratch folder."""
    source, generation = layout.open_read_only()
    tmp = Path(tempfile.mkdtemp(prefix="publish-", dir=layout.root))
    try:
        source.backup(str(tmp / "db"))
        del source
        yield ox.Store.read_only(str(tmp / "db")), generation, tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def _publish_lock(root: Path) -> Iterator[None]:
    """One publish at a time per working store; a later one waits, then publishes the
    generation current by then (never an older one over a newer)."""
    fd = os.open(root / "publish.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _load_record(root: Path, remote: RemoteStore) -> Record | None:
    """The record of the last publish to ``remote`` (None: none, unreadable, or another store)."""
    try:
        data = json.loads((root / RECORD).read_text(encoding="utf-8"))
        graphs = {
            str(k): (str(v[0]), int(v[1]), str(v[2]) if len(v) > 2 else "")
            for k, v in data["graphs"].items()
        }
        record = Record(str(data["store"]), str(data["generation"]), graphs)
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None
    return record if record.store == remote.url else None


def _save_record(root: Path, remote: RemoteStore, generation: str, dumps: list[GraphDump]) -> None:
    graphs = {d.key: [d.digest, d.triples, d.identity] for d in dumps}
    record = {"store": remote.url, "generation": generation, "graphs": graphs}
    tmp = root / f"{RECORD}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(record, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, root / RECORD)
