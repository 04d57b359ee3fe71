"""Writes accepted through the endpoint: one record type, applied live and replayed by builds.

The server applies a write to a checkpoint of the served generation; ``conflictkg build``
makes a fresh generation from the documents and then replays ``DIR/writes.log`` onto it in
order, so a rebuild carries the endpoint's writes over instead of silently dropping them.
Both go through ``apply_write``: what a replay does is exactly what the endpoint did.

The log is JSON lines, appended (and fsynced) under the store lock before the generation
holding the write is published. Delete it to let the next build start from the documents
alone.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

import pyoxigraph as ox

from conflictkg.errors import UserError
from conflictkg.mapping.store import StoreLayout

GraphOp = Literal["replace", "merge", "drop"]


class ReplayError(UserError):
    """A logged write no longer applies (the log was edited, or a format went away)."""

    exit_code = 1


@dataclass(frozen=True)
class SparqlUpdate:
    """A SPARQL 1.1 Update, as run: dataset parameters already turned into USING clauses."""

    update: str
    base_iri: str | None = None
    prefixes: dict[str, str] = field(default_factory=dict)
    kind: Literal["update"] = "update"


@dataclass(frozen=True)
class GraphWrite:
    """A Graph Store Protocol write: PUT (replace), POST (merge) or DELETE (drop)."""

    op: GraphOp
    graph: str | None
    """The graph IRI; None is the default graph."""
    data: str = ""
    media_type: str = "text/turtle"
    base_iri: str | None = None
    kind: Literal["graph"] = "graph"


WriteOp = SparqlUpdate | GraphWrite


def _graph_name(graph: str | None) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if graph is None else ox.NamedNode(graph)


def graph_exists(store: ox.Store, graph: str | None) -> bool:
    """The default graph always exists; a named graph once created (even empty)."""
    return graph is None or store.contains_named_graph(ox.NamedNode(graph))


def apply_write(store: ox.Store, op: WriteOp) -> bool:
    """Apply ``op``; return whether the target graph existed before (GSP's 201 vs 204).

    Raises ``SyntaxError`` for a malformed update or payload, ``ValueError`` for an unknown
    payload format; the store may then be half-written, so callers work on a copy.
    """
    if isinstance(op, SparqlUpdate):
        store.update(op.update, base_iri=op.base_iri, prefixes=op.prefixes or None)
        return True
    name = _graph_name(op.graph)
    existed = graph_exists(store, op.graph)
    if op.op == "drop":
        if isinstance(name, ox.DefaultGraph):
            store.clear_graph(name)
        elif existed:
            store.remove_graph(name)
        return existed
    rdf_format = ox.RdfFormat.from_media_type(op.media_type)
    if rdf_format is None or rdf_format.supports_datasets:
        raise ValueError(f"cannot load a graph from {op.media_type!r}")
    if op.op == "replace":
        store.clear_graph(name)
    if isinstance(name, ox.NamedNode):
        store.add_graph(name)
    store.load(op.data.encode("utf-8"), rdf_format, base_iri=op.base_iri, to_graph=name)
    return existed


def append_write(store_dir: Path | str, op: WriteOp) -> None:
    """Append ``op`` to the store's write log, durably (call while holding the store lock)."""
    path = StoreLayout(store_dir).writes_log
    line = json.dumps(asdict(op), ensure_ascii=False, sort_keys=True) + "\n"
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(line)
        fh.flush()
        os.fsync(fh.fileno())


def read_writes(store_dir: Path | str) -> list[WriteOp]:
    """The logged writes, oldest first; none when nothing was ever written."""
    path = StoreLayout(store_dir).writes_log
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    ops: list[WriteOp] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            kind = record.pop("kind")
            ops.append(SparqlUpdate(**record) if kind == "update" else GraphWrite(**record))
        except (ValueError, KeyError, TypeError) as exc:
            raise ReplayError(f"{path}:{number}: not a write record ({exc})") from None
    return ops


def replay_writes(store_dir: Path | str, store: ox.Store) -> int:
    """Apply every logged write to ``store`` (a new build's generation); return how many."""
    ops = read_writes(store_dir)
    for number, op in enumerate(ops, 1):
        try:
            apply_write(store, op)
        except (SyntaxError, ValueError, OSError) as exc:
            raise ReplayError(
                f"write {number} of {StoreLayout(store_dir).writes_log} no longer applies: "
                f"{exc}; fix or delete the log to build without the endpoint's writes"
            ) from None
    return len(ops)
