"""The SPARQL 1.1 Graph Store HTTP Protocol at ``/gsp``.

Indirect identification: ``/gsp?graph=IRI`` or ``/gsp?default``; direct identification: the
request URL itself, ``/gsp/...``, names the graph. GET/HEAD read (any client); PUT replaces,
POST merges (``multipart/form-data`` parts are merged one after the other; POST to ``/gsp``
alone creates a graph and answers 201 with its ``Location``), DELETE drops - writes need the
update token, like SPARQL Update, and go through the same write path (``writes``).
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox
from flask import Blueprint, Request, Response, request

from conflictkg.errors import QueryError
from conflictkg.mapping.store import StoreLayout
from conflictkg.mapping.writes import GraphOp, GraphWrite
from conflictkg.server import conneg
from conflictkg.server.config import ServerConfig
from conflictkg.server.errors import NotAcceptable
from conflictkg.server.execute import GraphReadJob, QueryAnswer
from conflictkg.server.sparql import answer_response, ensure_built, raise_failure
from conflictkg.server.workers import WorkerPool
from conflictkg.server.writes import (
    GraphNotFound,
    UnsupportedPayload,
    authorize,
    perform_write,
)

METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE"]
OPS: dict[str, GraphOp] = {"PUT": "replace", "POST": "merge", "DELETE": "drop"}


def _target(req: Request, direct: bool) -> tuple[str | None, bool]:
    """(graph IRI or None for the default graph, whether the request named one at all)."""
    if direct:
        return req.base_url, True
    graphs = req.args.getlist("graph")
    if "default" in req.args:
        if graphs:
            raise QueryError("give either ?default or ?graph=, not both")
        return None, True
    if len(graphs) > 1:
        raise QueryError("the 'graph' parameter must be given at most once")
    if not graphs:
        return None, False
    try:
        ox.NamedNode(graphs[0])
    except ValueError as exc:
        raise QueryError(f"graph {graphs[0]!r} is not an absolute IRI: {exc}") from None
    return graphs[0], True


def _payload(req: Request, base_iri: str | None) -> tuple[str, str]:
    """(media type, text) of the RDF the request carries; multipart parts become one
    N-Triples document, so that the request stays one atomic write."""
    if req.mimetype == "multipart/form-data":
        triples: list[ox.Triple] = []
        for storage in req.files.values():
            fmt = ox.RdfFormat.from_media_type(storage.mimetype or "text/turtle")
            if fmt is None or fmt.supports_datasets:
                raise UnsupportedPayload(f"unsupported part type {storage.mimetype!r}")
            try:
                triples += [q.triple for q in ox.parse(storage.read(), fmt, base_iri=base_iri)]
            except SyntaxError as exc:
                raise QueryError(f"malformed RDF in part {storage.name!r}: {exc}") from None
        text = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
        return "application/n-triples", text
    media_type = req.mimetype
    fmt = ox.RdfFormat.from_media_type(media_type) if media_type else None
    if fmt is None or fmt.supports_datasets:
        raise UnsupportedPayload(
            f"unsupported content type {media_type or '(none)'!r}: send one RDF graph "
            "(text/turtle, application/n-triples, application/rdf+xml, application/ld+json)"
        )
    try:
        return media_type, req.get_data(cache=True).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(f"the payload is not valid UTF-8: {exc}") from None


def gsp_blueprint(config: ServerConfig, pool: WorkerPool) -> Blueprint:
    bp = Blueprint("gsp", __name__)

    def read(graph: str | None) -> Response:
        fmt = conneg.negotiate(conneg.GRAPH_FORMATS, request.headers.get("Accept"))
        if fmt is None:
            raise NotAcceptable(
                "none of the requested formats can be produced; offered: "
                + conneg.describe(conneg.GRAPH_FORMATS)
            )
        ensure_built(config)
        job = GraphReadJob(graph, fmt.media_type, config.row_cap, config.max_result_bytes)
        outcome = pool.run(job, config.query_timeout)
        if not isinstance(outcome, QueryAnswer):
            if outcome.kind == "not_found":
                raise GraphNotFound(outcome.message)
            outcome = raise_failure(outcome)
        return answer_response(outcome)

    def write(method: str, graph: str | None, named: bool) -> Response:
        authorize(request, config)
        created_here = False
        if method == "POST" and not named:
            body = request.get_data(cache=True)
            generation = StoreLayout(config.store_dir).current_name() or ""
            digest = hashlib.sha256(generation.encode() + b"\x1f" + body).hexdigest()[:16]
            graph, created_here = f"{request.host_url}gsp/graph/{digest}", True
        elif not named:
            raise QueryError("name the graph: ?graph=IRI or ?default")
        op = OPS[method]
        media_type, text = ("text/turtle", "") if op == "drop" else _payload(request, graph)
        done = perform_write(config, pool, GraphWrite(op, graph, text, media_type, base_iri=graph))
        if op == "drop" and not done.existed:
            raise GraphNotFound(f"there is no graph <{graph}> in the store")
        if created_here or not done.existed:
            response = Response(status=201)
            if created_here:
                response.headers["Location"] = graph
            return response
        return Response(status=204)

    def handle(direct: bool) -> Response:
        graph, named = _target(request, direct)
        if request.method in ("GET", "HEAD"):
            if not named:
                raise QueryError("name the graph: ?graph=IRI or ?default")
            return read(graph)
        return write(request.method, graph, named)

    @bp.route("/gsp", methods=METHODS)
    def indirect() -> Response:
        return handle(direct=False)

    @bp.route("/gsp/<path:_rest>", methods=METHODS)
    def direct(_rest: str) -> Response:
        return handle(direct=True)

    return bp
