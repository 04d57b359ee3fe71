"""What runs inside a worker process: jobs over the served generation, answered as bytes.

Kept free of Flask so that a worker imports little and starts fast. Each job is a frozen
dataclass with ``run(handle)``; everything is serialized to bytes here, with the row cap and
the byte cap checked before the parent sends a status, so an answer is complete or an error,
never a cut 200.
"""

from __future__ import annotations

import io
import json
import time
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Literal

import pyoxigraph as ox

from conflictkg.mapping.remote import AnswerTooLarge, RemoteStoreError
from conflictkg.mapping.store import NoGenerationError, StoreLayout
from conflictkg.mapping.vocab import PREFIXES
from conflictkg.mapping.writes import WriteOp, apply_write, graph_exists

FailureKind = Literal[
    "syntax",
    "no_store",
    "not_acceptable",
    "too_large",
    "not_found",
    "unsupported",
    "unavailable",
    "internal",
]


@dataclass(frozen=True)
class QueryAnswer:
    body: bytes
    media_type: str
    generation: str
    rows: int | None = None
    """Solutions or triples in the answer (None for ASK)."""
    seconds: float = 0.0
    """Time spent in the worker (evaluation and serialization)."""


@dataclass(frozen=True)
class QueryFailure:
    kind: FailureKind
    message: str


@dataclass(frozen=True)
class WriteDone:
    existed: bool
    """Whether the written graph existed before (GSP answers 201 when it did not)."""


QueryOutcome = QueryAnswer | QueryFailure

# Keyed by the bare media type (pyoxigraph adds "; charset=utf-8" to CSV and TSV).
RESULTS_FORMATS: dict[str, ox.QueryResultsFormat] = {
    f.media_type.split(";")[0]: f
    for f in (
        ox.QueryResultsFormat.JSON,
        ox.QueryResultsFormat.XML,
        ox.QueryResultsFormat.CSV,
        ox.QueryResultsFormat.TSV,
    )
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    f.media_type.split(";")[0]: f
    for f in (
        ox.RdfFormat.TURTLE,
        ox.RdfFormat.N_TRIPLES,
        ox.RdfFormat.JSON_LD,
        ox.RdfFormat.RDF_XML,
    )
}


class ParsedTriples(tuple[ox.Triple, ...]):
    """A CONSTRUCT or DESCRIBE answer read from a remote store (pyoxigraph cannot make a
    ``QueryTriples`` from parsed triples)."""


class StoreHandle:
    """The generation a worker has open, reopened when ``CURRENT`` names a new one.

    ``server.remote.RemoteStoreHandle`` is the same for a remote SPARQL store."""

    def __init__(self, store_dir: Path) -> None:
        self.layout = StoreLayout(store_dir)
        self.store: ox.Store | None = None
        self.generation: str | None = None

    def current(self) -> tuple[ox.Store, str]:
        name = self.layout.current_name()
        if self.store is None or name != self.generation:
            self.store = None  # release the old generation before opening the new one
            self.store, self.generation = self.layout.open_read_only()
        assert self.generation is not None
        return self.store, self.generation


class ResultTooLarge(Exception):
    """Raised by ``CappedBuffer`` (inside pyoxigraph's serializer) past the byte cap."""


class CappedBuffer(io.BytesIO):
    """A bytes buffer that stops a serializer once it has written more than ``limit``."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def write(self, data: bytes) -> int:  # type: ignore[override]
        if self.tell() + len(data) > self.limit:
            raise ResultTooLarge
        return super().write(data)


def count_rows(body: bytes, media_type: str) -> int:
    """Solutions in a serialized SELECT answer, exactly (markup in values is escaped)."""
    if media_type == "application/sparql-results+json":
        return len(json.loads(body)["results"]["bindings"])
    if media_type == "application/sparql-results+xml":
        return body.count(b"<result>") + body.count(b"<result/>")
    if media_type == "text/tab-separated-values":
        return body.count(b"\n") - 1  # TSV escapes newlines inside terms
    import csv

    return max(0, sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8")))) - 1)


def too_many(what: str, cap: int) -> QueryFailure:
    return QueryFailure(
        "too_large",
        f"the answer has more than {cap} {what} (the server's row cap): nothing was cut, "
        "nothing was sent; page through it with LIMIT/OFFSET or download a dump (/dumps)",
    )


def too_big(limit: int) -> QueryFailure:
    return QueryFailure(
        "too_large",
        f"the serialized answer is larger than {limit} bytes: page through it with "
        "LIMIT/OFFSET or download a dump (/dumps)",
    )


def serialize_triples(
    triples: object, media_type: str, cap: int, limit: int
) -> tuple[bytes, int] | QueryFailure:
    """Serialize at most ``cap`` triples (more is a failure, not a cut)."""
    kept = list(islice(triples, cap + 1))  # type: ignore[call-overload]
    if len(kept) > cap:
        return too_many("triples", cap)
    buffer = CappedBuffer(limit)
    try:
        ox.serialize(kept, buffer, GRAPH_FORMATS[media_type])
    except ResultTooLarge:
        return too_big(limit)
    return buffer.getvalue(), len(kept)


@dataclass(frozen=True)
class QueryJob:
    """A query to run, with its dataset and the media type wanted for each kind of result."""

    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    use_union_default: bool = True
    """The default graph is the union of the graphs (unless the request names a dataset)."""
    results_media_type: str | None = "application/sparql-results+json"
    graph_media_type: str | None = "text/turtle"
    base_iri: str | None = None
    row_cap: int = 100_000
    max_bytes: int = 256_000_000

    def _dataset(self) -> dict[str, object]:
        if self.default_graphs or self.named_graphs:
            return {
                "default_graph": [ox.NamedNode(iri) for iri in self.default_graphs],
                "named_graphs": [ox.NamedNode(iri) for iri in self.named_graphs],
            }
        return {"use_default_graph_as_union": self.use_union_default}

    def run(self, handle: StoreHandle) -> QueryOutcome:
        store, generation = handle.current()
        started = time.perf_counter()
        try:
            result = store.query(
                self.query,
                base_iri=self.base_iri,
                prefixes=PREFIXES,
                **self._dataset(),  # type: ignore[arg-type]
            )
        except SyntaxError as exc:
            return QueryFailure("syntax", f"malformed query: {exc}")
        rows: int | None = None
        if isinstance(result, ox.QueryTriples | ParsedTriples):
            media_type = self.graph_media_type
            if media_type is None:
                return QueryFailure("not_acceptable", "graph")
            written = serialize_triples(result, media_type, self.row_cap, self.max_bytes)
            if isinstance(written, QueryFailure):
                return written
            body, rows = written
        else:
            media_type = self.results_media_type
            if media_type is None:
                return QueryFailure("not_acceptable", "results")
            buffer = CappedBuffer(self.max_bytes)
            try:
                result.serialize(buffer, RESULTS_FORMATS[media_type])
            except ResultTooLarge:
                return too_big(self.max_bytes)
            body = buffer.getvalue()
            if isinstance(result, ox.QuerySolutions):
                rows = count_rows(body, media_type)
                if rows > self.row_cap:
                    return too_many("rows", self.row_cap)
        seconds = time.perf_counter() - started
        return QueryAnswer(body, media_type, generation, rows, seconds)


@dataclass(frozen=True)
class GraphReadJob:
    """Graph Store Protocol GET: one graph (None: the default graph) as RDF."""

    graph: str | None
    media_type: str
    row_cap: int = 100_000
    max_bytes: int = 256_000_000

    def run(self, handle: StoreHandle) -> QueryOutcome:
        store, generation = handle.current()
        if not graph_exists(store, self.graph):
            return QueryFailure("not_found", f"there is no graph <{self.graph}> in the store")
        name = ox.DefaultGraph() if self.graph is None else ox.NamedNode(self.graph)
        triples = (q.triple for q in store.quads_for_pattern(None, None, None, name))
        written = serialize_triples(triples, self.media_type, self.row_cap, self.max_bytes)
        if isinstance(written, QueryFailure):
            return written
        body, rows = written
        return QueryAnswer(body, self.media_type, generation, rows)


@dataclass(frozen=True)
class WriteJob:
    """Copy the served generation to ``target`` (a checkpoint: hard links) and apply ``op``."""

    op: WriteOp
    target: str

    def run(self, handle: StoreHandle) -> WriteDone | QueryFailure:
        store, _ = handle.current()
        store.backup(self.target)
        writable = ox.Store(self.target)
        try:
            existed = apply_write(writable, self.op)
        except SyntaxError as exc:
            return QueryFailure("syntax", f"malformed {_what(self.op)}: {exc}")
        except ValueError as exc:
            return QueryFailure("unsupported", str(exc))
        writable.flush()
        del writable
        return WriteDone(existed)


def _what(op: WriteOp) -> str:
    return "update" if op.kind == "update" else "RDF payload"


def execute(handle: StoreHandle, job: object) -> object:
    """Run ``job``; user errors come back as ``QueryFailure``, bugs propagate."""
    try:
        return job.run(handle)  # type: ignore[attr-defined]
    except NoGenerationError as exc:
        return QueryFailure("no_store", str(exc))
    except AnswerTooLarge as exc:
        return too_big(exc.limit)
    except RemoteStoreError as exc:
        return QueryFailure("unavailable", str(exc))
