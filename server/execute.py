"""Running one query inside a worker process: open the served generation, query, serialize.

Kept free of Flask so that a worker imports little and starts fast. Everything is serialized
to bytes here, so the parent answers with a complete body or an error, never a cut 200.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pyoxigraph as ox

from conflictkg.mapping.store import NoGenerationError, StoreLayout
from conflictkg.mapping.vocab import PREFIXES

FailureKind = Literal["syntax", "no_store", "not_acceptable", "internal"]


@dataclass(frozen=True)
class QueryJob:
    """A query to run, with its dataset and the media type wanted for each kind of result."""

    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    use_union_default: bool = True
    """The default graph is the union of the named graphs (unless the request names a dataset)."""
    results_media_type: str | None = "application/sparql-results+json"
    graph_media_type: str | None = "text/turtle"


@dataclass(frozen=True)
class QueryAnswer:
    body: bytes
    media_type: str
    generation: str


@dataclass(frozen=True)
class QueryFailure:
    kind: FailureKind
    message: str


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


class StoreHandle:
    """The generation a worker has open, reopened when ``CURRENT`` names a new one."""

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


def _dataset_options(job: QueryJob) -> dict[str, object]:
    if job.default_graphs or job.named_graphs:
        return {
            "default_graph": [ox.NamedNode(iri) for iri in job.default_graphs],
            "named_graphs": [ox.NamedNode(iri) for iri in job.named_graphs],
        }
    return {"use_default_graph_as_union": job.use_union_default}


def execute(handle: StoreHandle, job: QueryJob) -> QueryOutcome:
    """Run ``job``; user errors come back as ``QueryFailure``, bugs propagate."""
    try:
        store, generation = handle.current()
    except NoGenerationError as exc:
        return QueryFailure("no_store", str(exc))
    try:
        result = store.query(job.query, prefixes=PREFIXES, **_dataset_options(job))  # type: ignore[arg-type]
    except SyntaxError as exc:
        return QueryFailure("syntax", f"malformed query: {exc}")
    if isinstance(result, ox.QueryTriples):
        media_type = job.graph_media_type
        if media_type is None:
            return QueryFailure("not_acceptable", "graph")
        body = result.serialize(format=GRAPH_FORMATS[media_type])
    else:
        media_type = job.results_media_type
        if media_type is None:
            return QueryFailure("not_acceptable", "results")
        body = result.serialize(format=RESULTS_FORMATS[media_type])
    assert body is not None
    return QueryAnswer(body=body, media_type=media_type, generation=generation)
