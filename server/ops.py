"""What every response gets: CORS (before auth), ``Server-Timing``, and a log line per query.

CORS is on for reads by default (``cors_origins``): preflights are answered here, before any
view or token check, and only for read methods and headers, so a browser on another origin
can query but never write (writes need ``Authorization``, which is not allowed cross-origin).
"""

from __future__ import annotations

import logging
import time

from flask import Flask, Response, g, request

from conflictkg.server.config import ServerConfig

access_log = logging.getLogger("conflictkg.server.access")

READ_METHODS = "GET, HEAD, POST, OPTIONS"
READ_HEADERS = "Accept, Content-Type"
EXPOSED = "Server-Timing, X-Conflictkg-Generation, ETag, Location, Content-Length"
LOGGED = ("/sparql", "/gsp", "/id/", "/dumps", "/.well-known/void")


def _allowed_origin(config: ServerConfig, origin: str | None) -> str | None:
    if not origin or not config.cors_origins:
        return None
    if "*" in config.cors_origins:
        return "*"
    return origin if origin in config.cors_origins else None


def install_http_policies(app: Flask, config: ServerConfig) -> None:
    @app.before_request
    def _start() -> Response | None:
        g.started = time.perf_counter()
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response = Response(status=204)
            response.headers["Access-Control-Allow-Methods"] = READ_METHODS
            response.headers["Access-Control-Allow-Headers"] = READ_HEADERS
            response.headers["Access-Control-Max-Age"] = "600"
            return response
        return None

    @app.after_request
    def _finish(response: Response) -> Response:
        origin = _allowed_origin(config, request.headers.get("Origin"))
        if origin is not None:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Expose-Headers"] = EXPOSED
            if origin != "*":
                response.vary.add("Origin")
        if response.status_code == 204:
            response.headers.pop("Content-Type", None)
        started = g.get("started", time.perf_counter())
        total_ms = (time.perf_counter() - started) * 1000
        timings = [f"total;dur={total_ms:.1f}"]
        worker = g.get("worker_seconds")
        if worker is not None:
            timings.insert(0, f'query;dur={worker * 1000:.1f};desc="worker"')
        response.headers["Server-Timing"] = ", ".join(timings)
        if request.path.startswith(LOGGED) and request.method != "OPTIONS":
            size = response.calculate_content_length()
            rows = g.get("rows")
            outcome = g.get("outcome") or ("ok" if response.status_code < 400 else "error")
            access_log.info(
                "%s %s status=%d outcome=%s ms=%.1f rows=%s bytes=%s",
                request.method,
                request.path,
                response.status_code,
                outcome,
                total_ms,
                "-" if rows is None else rows,
                "-" if size is None else size,
            )
        return response
