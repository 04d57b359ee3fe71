"""The SPARQL 1.1 Protocol query operation at ``/sparql`` (read-only).

https://www.w3.org/TR/sparql11-protocol/#query-operation: GET ``?query=``, POST form-encoded
``query=``, POST ``application/sparql-query``; ``default-graph-uri`` / ``named-graph-uri``
name the dataset. Without them the default graph is the union of the named graphs (one per
document). Order of checks: request shape, policy, format, then the worker runs the query.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from flask import Blueprint, Request, Response, request, url_for
from werkzeug.datastructures import MultiDict

from conflictkg.errors import QueryError, QueryRefused
from conflictkg.mapping.store import NoGenerationError, StoreLayout
from conflictkg.server import conneg, pages
from conflictkg.server.config import ServerConfig
from conflictkg.server.errors import (
    NotAcceptable,
    RequestTooLarge,
    UnsupportedMediaType,
)
from conflictkg.server.execute import QueryAnswer, QueryFailure, QueryJob
from conflictkg.server.policy import check_query
from conflictkg.server.workers import WorkerCrashed, WorkerPool

FORM_TYPE = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
READ_ONLY = "this endpoint is read-only: SPARQL updates are not accepted"


@dataclass(frozen=True)
class ProtocolRequest:
    """The parameters of one query operation, whatever HTTP shape carried them."""

    query: str | None
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    format: str | None
    accept: str | None


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


def parse_protocol_request(req: Request, config: ServerConfig) -> ProtocolRequest:
    """Read the query operation's parameters; refuse updates and foreign body types."""
    params: MultiDict[str, str] = MultiDict(req.args)
    query: str | None = None
    if req.method == "POST":
        mimetype = req.mimetype
        if mimetype == UPDATE_TYPE:
            raise QueryRefused(READ_ONLY)
        if mimetype == FORM_TYPE:
            params.update(req.form)
        elif mimetype == QUERY_TYPE:
            data = req.get_data(cache=True)
            charset = req.mimetype_params.get("charset", "utf-8")
            try:
                query = data.decode(charset)
            except (LookupError, UnicodeDecodeError) as exc:
                raise QueryError(f"the query body is not valid {charset}: {exc}") from None
            if "query" in params:
                raise QueryError("give the query either in the body or as a parameter, not both")
        else:
            raise UnsupportedMediaType(
                f"unsupported POST content type {mimetype or '(none)'!r}: "
                f"send {QUERY_TYPE} or {FORM_TYPE}"
            )
    if "update" in params:
        raise QueryRefused(READ_ONLY)
    if query is None:
        query = _single(params, "query")
    if query is not None and len(query.encode("utf-8")) > config.max_request_bytes:
        raise RequestTooLarge(f"the query is larger than {config.max_request_bytes} bytes")
    return ProtocolRequest(
        query=query,
        default_graphs=_iris(params, "default-graph-uri"),
        named_graphs=_iris(params, "named-graph-uri"),
        format=_single(params, "format"),
        accept=req.headers.get("Accept"),
    )


def _choose(offers: tuple[conneg.Format, ...], req: ProtocolRequest) -> conneg.Format | None:
    return conneg.negotiate(offers, req.accept, req.format)


def _not_acceptable(offers: tuple[conneg.Format, ...]) -> NotAcceptable:
    return NotAcceptable(
        "none of the requested formats can be produced; offered: " + conneg.describe(offers)
    )


def run_query(req: ProtocolRequest, config: ServerConfig, pool: WorkerPool) -> QueryAnswer:
    """Check, negotiate and run a query; raise the matching error otherwise."""
    assert req.query is not None
    analysis = check_query(req.query)
    results = _choose(conneg.RESULTS_FORMATS, req)
    graph = _choose(conneg.GRAPH_FORMATS, req)
    if analysis.form in ("SELECT", "ASK") and results is None:
        raise _not_acceptable(conneg.RESULTS_FORMATS)
    if analysis.form in ("CONSTRUCT", "DESCRIBE") and graph is None:
        raise _not_acceptable(conneg.GRAPH_FORMATS)
    layout = StoreLayout(config.store_dir)
    if layout.current_path() is None:
        layout.open_read_only()  # raises NoGenerationError with the "build first" message
    job = QueryJob(
        query=req.query,
        default_graphs=req.default_graphs,
        named_graphs=req.named_graphs,
        use_union_default=not analysis.has_dataset_clause,
        results_media_type=results.media_type if results else None,
        graph_media_type=graph.media_type if graph else None,
    )
    outcome = pool.run(job, config.query_timeout)
    if isinstance(outcome, QueryAnswer):
        return outcome
    return _raise_failure(outcome)


def _raise_failure(failure: QueryFailure) -> QueryAnswer:
    if failure.kind == "syntax":
        raise QueryError(failure.message)
    if failure.kind == "no_store":
        raise NoGenerationError(failure.message)
    if failure.kind == "not_acceptable":
        offers = conneg.GRAPH_FORMATS if failure.message == "graph" else conneg.RESULTS_FORMATS
        raise _not_acceptable(offers)
    raise WorkerCrashed(f"query worker failed:\n{failure.message}")


def _service_description(req: ProtocolRequest) -> Response:
    """The Service Description, answered to ``GET /sparql`` without a query."""
    fmt = _choose(conneg.GRAPH_FORMATS, req)
    if fmt is None:
        raise _not_acceptable(conneg.GRAPH_FORMATS)
    endpoint = url_for("sparql.query", _external=True)
    body = pages.service_description(endpoint, fmt.media_type)
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
        wants = conneg.negotiate(
            (*conneg.RESULTS_FORMATS, *conneg.GRAPH_FORMATS), req.accept, html=True
        )
        if request.method == "GET" and req.format is None and wants is conneg.HTML:
            return pages.query_page(req.query or "")
        if req.query is None:
            if request.method == "POST":
                raise QueryError("missing 'query' parameter")
            return _service_description(req)
        answer = run_query(req, config, pool)
        response = Response(answer.body, mimetype=answer.media_type)
        response.headers["Vary"] = "Accept"
        response.headers["X-Conflictkg-Generation"] = answer.generation
        return response

    return bp
