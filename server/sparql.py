"""The SPARQL 1.1 Protocol at ``/sparql`` (and ``/sparql/``): queries and, with a token, updates.

https://www.w3.org/TR/sparql11-protocol/: GET ``?query=``, POST form-encoded ``query=`` or
``update=``, POST ``application/sparql-query`` or ``application/sparql-update`` (UTF-8 only);
``default-graph-uri`` / ``named-graph-uri`` name a query's dataset, ``using-graph-uri`` /
``using-named-graph-uri`` an update's. Without them the default graph is the union of all
graphs. Order of checks: request shape, (for updates) the token, policy, format, then a
worker runs it. Relative IRIs resolve against the endpoint's URL.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import pyoxigraph as ox
from flask import Blueprint, Request, Response, g, request, url_for
from werkzeug.datastructures import MultiDict

from conflictkg.errors import QueryError
from conflictkg.mapping.remote import RemoteStoreError
from conflictkg.mapping.store import NoGenerationError, StoreLayout
from conflictkg.server import conneg, pages
from conflictkg.server.config import ServerConfig
from conflictkg.server.errors import (
    NotAcceptable,
    RequestTooLarge,
    ResultTooLarge,
    UnsupportedMediaType,
)
from conflictkg.server.execute import QueryAnswer, QueryFailure, QueryJob
from conflictkg.server.federation import ServiceClient, resolve_services
from conflictkg.server.policy import check_query
from conflictkg.server.workers import WorkerCrashed, WorkerPool
from conflictkg.server.writes import authorize, perform_write, prepare_update

FORM_TYPE = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"


@dataclass(frozen=True)
class ProtocolRequest:
    """The parameters of one operation, whatever HTTP shape carried them."""

    query: str | None
    update: str | None
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    using_graphs: tuple[str, ...]
    using_named_graphs: tuple[str, ...]
    format: str | None
    accept: str | None
    base_iri: str


def _single(params: MultiDict[str, str], name: str) -> str | None:
    values = params.getlist(name)
    if len(values) > 1:
        raise QueryError(f"the {name!r} parameter must be given at most once")
    return values[0] if values else None


def _iris(params: MultiDict[str, str], name: str) -> tuple[str, ...]:
    iris = tuple(params.getlist(name))
    for iri in iris:
        try:
            ox.NamedNode(iri)
        except ValueError as exc:
            raise QueryError(f"{name} {iri!r} is not an absolute IRI: {exc}") from None
    return iris


def _body_text(req: Request, what: str) -> str:
    charset = req.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(f"the {what} must be sent as UTF-8, not {charset!r}")
    try:
        return req.get_data(cache=True).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(f"the {what} is not valid UTF-8: {exc}") from None


def parse_protocol_request(req: Request, config: ServerConfig) -> ProtocolRequest:
    """Read the operation's parameters; refuse foreign body types and ambiguous requests."""
    params: MultiDict[str, str] = MultiDict(req.args)
    body: str | None = None
    body_kind: str | None = None
    if req.method == "POST":
        mimetype = req.mimetype
        if mimetype == FORM_TYPE:
            params.update(req.form)
        elif mimetype in (QUERY_TYPE, UPDATE_TYPE):
            body_kind = "query" if mimetype == QUERY_TYPE else "update"
            body = _body_text(req, body_kind)
            if "query" in params or "update" in params:
                raise QueryError("give the operation either in the body or as a parameter")
        else:
            raise UnsupportedMediaType(
                f"unsupported POST content type {mimetype or '(none)'!r}: send "
                f"{QUERY_TYPE}, {UPDATE_TYPE} or {FORM_TYPE}"
            )
    elif "update" in req.args:
        raise QueryError("updates must be sent with POST (SPARQL 1.1 Protocol, 2.2)")
    query = body if body_kind == "query" else _single(params, "query")
    update = body if body_kind == "update" else _single(params, "update")
    if query is not None and update is not None:
        raise QueryError("a request carries a query or an update, not both")
    text = query if query is not None else update
    if text is not None and len(text.encode("utf-8")) > config.max_request_bytes:
        raise RequestTooLarge(f"the request is larger than {config.max_request_bytes} bytes")
    return ProtocolRequest(
        query=query,
        update=update,
        default_graphs=_iris(params, "default-graph-uri"),
        named_graphs=_iris(params, "named-graph-uri"),
        using_graphs=_iris(params, "using-graph-uri"),
        using_named_graphs=_iris(params, "using-named-graph-uri"),
        format=_single(params, "format"),
        accept=req.headers.get("Accept"),
        base_iri=req.base_url,
    )


def _choose(offers: tuple[conneg.Format, ...], req: ProtocolRequest) -> conneg.Format | None:
    return conneg.negotiate(offers, req.accept, req.format)


def _not_acceptable(offers: tuple[conneg.Format, ...]) -> NotAcceptable:
    return NotAcceptable(
        "none of the requested formats can be produced; offered: " + conneg.describe(offers)
    )


def run_query(req: ProtocolRequest, config: ServerConfig, pool: WorkerPool) -> QueryAnswer:
    """Check, negotiate, federate and run a query; raise the matching error otherwise."""
    assert req.query is not None
    deadline = time.monotonic() + config.query_timeout
    analysis = check_query(req.query, config.service_allow)
    results = _choose(conneg.RESULTS_FORMATS, req)
    graph = _choose(conneg.GRAPH_FORMATS, req)
    if analysis.form in ("SELECT", "ASK") and results is None:
        raise _not_acceptable(conneg.RESULTS_FORMATS)
    if analysis.form in ("CONSTRUCT", "DESCRIBE") and graph is None:
        raise _not_acceptable(conneg.GRAPH_FORMATS)
    ensure_built(config)
    query = req.query
    if analysis.services:
        client = ServiceClient(config.service_timeout, config.max_result_bytes, config.row_cap)
        query = resolve_services(query, analysis, client, deadline)
        check_query(query)  # what reaches pyoxigraph never holds a SERVICE
    job = QueryJob(
        query=query,
        default_graphs=req.default_graphs,
        named_graphs=req.named_graphs,
        use_union_default=not analysis.has_dataset_clause,
        results_media_type=results.media_type if results else None,
        graph_media_type=graph.media_type if graph else None,
        base_iri=req.base_iri,
        row_cap=config.row_cap,
        max_bytes=config.max_result_bytes,
    )
    outcome = pool.run(job, max(0.05, deadline - time.monotonic()), config.query_timeout)
    if isinstance(outcome, QueryAnswer):
        return outcome
    return raise_failure(outcome)


def ensure_built(config: ServerConfig) -> None:
    """Raise ``NoGenerationError`` (503, "run conflictkg build") when nothing is served
    (for a remote store the worker finds out, from the store's build graph)."""
    if config.remote is not None:
        return
    layout = StoreLayout(config.store_dir)
    if layout.current_path() is None:
        layout.open_read_only()


def raise_failure(failure: QueryFailure) -> QueryAnswer:
    """The one mapping from a worker's failure to the user error it stands for."""
    if failure.kind == "syntax":
        raise QueryError(failure.message)
    if failure.kind == "no_store":
        raise NoGenerationError(failure.message)
    if failure.kind == "too_large":
        raise ResultTooLarge(failure.message)
    if failure.kind == "unavailable":
        raise RemoteStoreError(failure.message)
    if failure.kind == "not_acceptable":
        offers = conneg.GRAPH_FORMATS if failure.message == "graph" else conneg.RESULTS_FORMATS
        raise _not_acceptable(offers)
    raise WorkerCrashed(f"query worker failed:\n{failure.message}")


def answer_response(answer: QueryAnswer) -> Response:
    """A complete answer: body, type, generation, and what the request log line reports."""
    response = Response(answer.body, mimetype=answer.media_type)
    response.headers["Vary"] = "Accept"
    response.headers["X-Conflictkg-Generation"] = answer.generation
    g.rows = answer.rows
    g.worker_seconds = answer.seconds
    return response


def _service_description(req: ProtocolRequest, config: ServerConfig) -> Response:
    """The Service Description, answered to ``GET /sparql`` without a query."""
    fmt = _choose(conneg.GRAPH_FORMATS, req)
    if fmt is None:
        raise _not_acceptable(conneg.GRAPH_FORMATS)
    endpoint = url_for("sparql.query", _external=True)
    void = url_for("void.void", _external=True)
    federated = bool(config.service_allow.entries)
    body = pages.service_description(endpoint, fmt.media_type, config.writable, void, federated)
    response = Response(body, mimetype=fmt.media_type)
    response.headers["Vary"] = "Accept"
    return response


def sparql_blueprint(config: ServerConfig, pool: WorkerPool) -> Blueprint:
    """The ``/sparql`` views, closed over the resources they use (no globals)."""
    bp = Blueprint("sparql", __name__)

    @bp.route("/sparql/", methods=["GET", "POST"])
    @bp.route("/sparql", methods=["GET", "POST"])
    def query() -> Response:
        req = parse_protocol_request(request, config)
        if req.update is not None:
            authorize(request, config)
            op = prepare_update(req.update, req.base_iri, req.using_graphs, req.using_named_graphs)
            perform_write(config, pool, op)
            g.rows = None
            return Response(status=204)
        wants = conneg.negotiate(
            (*conneg.RESULTS_FORMATS, *conneg.GRAPH_FORMATS), req.accept, html=True
        )
        if request.method == "GET" and req.format is None and wants is conneg.HTML:
            return pages.query_page(req.query or "")
        if req.query is None:
            if request.method == "POST":
                raise QueryError("missing 'query' or 'update' parameter")
            return _service_description(req, config)
        return answer_response(run_query(req, config, pool))

    return bp
