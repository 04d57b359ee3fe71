"""``conflictkg serve --store URL``: the same server in front of a remote SPARQL 1.1 store.

The jobs that answer queries, graphs, entity pages and VoID run unchanged in the killable
query workers: ``RemoteStoreHandle`` hands them a ``RemoteDataset``, which offers the part
of pyoxigraph's ``Store`` they use (``query``, ``quads_for_pattern``, ``named_graphs``,
``contains_named_graph``) over the SPARQL Protocol, so policy, formats, row and byte caps
and time limits stay in one place. Answers are parsed back into pyoxigraph objects.

What it asks of the store: the default graph is the union of the named graphs (Oxigraph:
``--union-default-graph``; Fuseki/TDB2: ``tdb2:unionDefaultGraph``; Virtuoso: by default).
Queries are checked by pyoxigraph's parser first (same messages as a local store), then sent
with our prefixes and base declared in the text. Terms put into query text are pyoxigraph
terms serialized by pyoxigraph. Writes are refused: the server fronts the store read-only.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pyoxigraph as ox
from flask import Blueprint, Response

from conflictkg.errors import UserError
from conflictkg.mapping.remote import RemoteClient, RemoteStore, RemoteStoreError
from conflictkg.mapping.store import NoGenerationError, StoreLayout
from conflictkg.server.config import ServerConfig
from conflictkg.server.execute import ParsedTriples, StoreHandle

GENERATION_TTL = 2.0
"""Seconds a worker trusts the generation it read from the store's build graph."""
ACCEPT = (
    "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, "
    "application/sparql-results+xml;q=0.5"
)
_PREFIX_NAME = re.compile(r"[A-Za-z][\w.-]*")
_EMPTY = ox.Store()
Term = ox.NamedNode | ox.BlankNode | ox.Literal
GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


class NotForRemoteStore(UserError):
    """A feature this server offers only over a local store."""

    http_status = 501


@dataclass(frozen=True)
class RemoteSource:
    """What a query worker needs to read a remote store (picklable: sent to the worker)."""

    store: RemoteStore
    max_bytes: int
    """Largest answer read from the store (the server's ``max_result_bytes``)."""
    row_cap: int


def prologue(base_iri: str | None, prefixes: dict[str, str] | None) -> str:
    """BASE and PREFIX declarations for the query text (a query's own ones come later and
    take precedence, as with pyoxigraph's ``prefixes``)."""
    lines = [f"BASE {ox.NamedNode(base_iri)}"] if base_iri else []
    for name, value in (prefixes or {}).items():
        if not _PREFIX_NAME.fullmatch(name):
            raise ValueError(f"not a prefix name: {name!r}")
        lines.append(f"PREFIX {name}: {ox.NamedNode(value)}")
    return "".join(line + "\n" for line in lines)


def _node(term: Term | None, variable: str) -> str:
    if term is None:
        return variable
    if isinstance(term, ox.BlankNode):
        raise ValueError("a remote store cannot be asked about one of its blank nodes")
    return str(term)


class RemoteDataset:
    """The read side of pyoxigraph's ``Store`` over a remote store's SPARQL endpoint."""

    def __init__(self, client: RemoteClient, max_bytes: int, row_cap: int) -> None:
        self.client, self.max_bytes, self.row_cap = client, max_bytes, row_cap

    def query(
        self,
        query: str,
        *,
        base_iri: str | None = None,
        prefixes: dict[str, str] | None = None,
        use_default_graph_as_union: bool = True,
        default_graph: list[ox.NamedNode] | None = None,
        named_graphs: list[ox.NamedNode] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ParsedTriples:
        """Run ``query`` on the store; ``SyntaxError`` for a malformed one. The union
        default graph is the store's own setting (``use_default_graph_as_union`` is noted
        only: a query naming no dataset gets the store's default graph)."""
        _EMPTY.query(query, base_iri=base_iri, prefixes=prefixes)  # raises SyntaxError
        params = [("default-graph-uri", g.value) for g in default_graph or ()]
        params += [("named-graph-uri", g.value) for g in named_graphs or ()]
        text = prologue(base_iri, prefixes) + query
        reply = self.client.query(text, ACCEPT, self.max_bytes, params)
        if reply.status == 400:
            message = reply.body.decode("utf-8", "replace").strip()[:300]
            raise SyntaxError(f"the store at {self.client.store.url} refused it: {message}")
        self.client.expect("query", reply)
        media = reply.content_type.split(";")[0].strip().lower()
        results = ox.QueryResultsFormat.from_media_type(media)
        if results is not None:
            return ox.parse_query_results(reply.body, results)
        graph = ox.RdfFormat.from_media_type(media)
        if graph is None or graph.supports_datasets:
            raise RemoteStoreError(
                f"the store at {self.client.store.url} answered a query with {media!r}"
            )
        return ParsedTriples(q.triple for q in ox.parse(reply.body, graph))

    def quads_for_pattern(
        self,
        subject: Term | None,
        predicate: ox.NamedNode | None,
        object: Term | None,
        graph_name: GraphName | None = None,
    ) -> Iterator[ox.Quad]:
        """Matching quads, at most ``row_cap + 1`` (callers refuse more than the cap).
        ``DefaultGraph`` is the store's own default graph, not the union."""
        pattern = f"{_node(subject, '?s')} {_node(predicate, '?p')} {_node(object, '?o')}"
        if graph_name is None:
            where = f"GRAPH ?g {{ {pattern} }}"
        elif isinstance(graph_name, ox.DefaultGraph):
            where = f"{pattern} FILTER NOT EXISTS {{ GRAPH ?g {{ {pattern} }} }}"
        else:
            where = f"GRAPH {_node(graph_name, '?g')} {{ {pattern} }}"
        rows = self._select(f"SELECT * WHERE {{ {where} }} LIMIT {self.row_cap + 1}")
        for row in rows:
            yield ox.Quad(
                cast(ox.NamedNode, subject or row["s"]),
                cast(ox.NamedNode, predicate or row["p"]),
                cast(Term, object or row["o"]),
                graph_name or cast(ox.NamedNode, row["g"]),
            )

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        for row in self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
            if isinstance(row["g"], ox.NamedNode):
                yield row["g"]

    def contains_named_graph(self, graph_name: ox.NamedNode) -> bool:
        answer = self.query(f"ASK {{ GRAPH {_node(graph_name, '?g')} {{ ?s ?p ?o }} }}")
        return bool(answer)

    def _select(self, query: str) -> ox.QuerySolutions:
        result = self.query(query)
        assert isinstance(result, ox.QuerySolutions)
        return result


class RemoteStoreHandle(StoreHandle):
    """A worker's view of the remote store; the generation comes from its build graph."""

    generation: str | None

    def __init__(self, store_dir: Path, source: RemoteSource) -> None:
        super().__init__(store_dir)
        self.client = RemoteClient(source.store)
        self.dataset = RemoteDataset(self.client, source.max_bytes, source.row_cap)
        self._checked = 0.0

    def current(self) -> tuple[ox.Store, str]:
        now = time.monotonic()
        generation: str | None = self.generation
        if generation is None or now - self._checked > GENERATION_TTL:
            generation = served_generation(self.client)
            self.generation, self._checked = generation, now
        # the jobs use only what RemoteDataset offers of a Store (see the module docstring)
        return cast(ox.Store, self.dataset), generation


def served_generation(client: RemoteClient) -> str:
    generation = client.generation()
    if generation is None:
        url = client.store.url
        raise NoGenerationError(
            f"the store at {url} holds no conflictkg build: run `conflictkg build --store {url}`"
        )
    return generation


def open_handle(store_dir: Path, source: RemoteSource | None) -> StoreHandle:
    """The handle a query worker reads through: the local store, or the remote one."""
    return StoreHandle(store_dir) if source is None else RemoteStoreHandle(store_dir, source)


def remote_source(config: ServerConfig) -> RemoteSource | None:
    if config.remote is None:
        return None
    return RemoteSource(config.remote, config.max_result_bytes, config.row_cap)


def current_generation(config: ServerConfig) -> str | None:
    """The generation served (for ``/health``): the local pointer, or the remote's build."""
    if config.remote is None:
        return StoreLayout(config.store_dir).current_name()
    client = RemoteClient(config.remote)
    try:
        return served_generation(client)
    finally:
        client.close()


def remote_dumps_blueprint(config: ServerConfig) -> Blueprint:
    """``/dumps`` over a remote store: a clear 501 (the store itself can dump its data)."""
    bp = Blueprint("dumps", __name__)
    store = config.remote.url if config.remote is not None else "the store"
    message = (
        f"dumps are not served in front of a remote store: ask {store} for its data "
        "(Graph Store GET), or run `conflictkg export` on the build's working store"
    )

    @bp.route("/dumps")
    @bp.route("/dumps/<name>")
    def index(name: str | None = None) -> Response:
        raise NotForRemoteStore(message)

    return bp
