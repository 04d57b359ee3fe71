"""Every error the server answers, in one JSON shape, mapped from ``conflictkg.errors`` here only.

``{"ok": false, "error": "...", "status": N}`` is pinned by a test. What the user can fix
(``UserError`` and HTTP errors raised by werkzeug) is answered quietly; anything else is a
server fault, logged with its traceback and answered 500 without internals.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, g, jsonify
from werkzeug.exceptions import HTTPException

from conflictkg.errors import QueryError, UserError
from conflictkg.mapping.store import NoGenerationError, StoreBusyError

log = logging.getLogger(__name__)


class NotAcceptable(QueryError):
    """No offered format matches the request's Accept header or ``format`` parameter."""

    http_status = 406


class UnsupportedMediaType(QueryError):
    """A POST body of a content type the SPARQL protocol does not define for queries."""

    http_status = 415


class RequestTooLarge(QueryError):
    """A query string or body above ``max_request_bytes``."""

    http_status = 413


class ResultTooLarge(QueryError):
    """An answer past the row cap or the byte cap: refused whole, never cut."""

    http_status = 422


class ServiceUnavailable(UserError):
    """The server cannot answer now (no built store); retrying later may work."""

    http_status = 503


def http_status(exc: UserError) -> int:
    """The HTTP status for a user error; a store never built is the server's state, not input."""
    if isinstance(exc, NoGenerationError | StoreBusyError):
        return 503
    return exc.http_status


def error_response(message: str, status: int) -> Response:
    response = jsonify({"ok": False, "error": message, "status": status})
    response.status_code = status
    return response


def register_error_handlers(app: Flask) -> None:
    """Install the one mapping from exceptions to HTTP answers."""

    @app.errorhandler(UserError)
    def _user_error(exc: UserError) -> Response:
        g.outcome = type(exc).__name__
        response = error_response(str(exc), http_status(exc))
        if response.status_code == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="conflictkg"'
        return response

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        status = exc.code or 500
        response = error_response(exc.description or exc.name, status)
        allowed = getattr(exc, "valid_methods", None)
        if allowed:
            response.headers["Allow"] = ", ".join(allowed)
        return response

    @app.errorhandler(Exception)
    def _server_fault(exc: Exception) -> Response:
        g.outcome = "ServerFault"
        log.exception("server fault while answering a request")
        return error_response("internal server error (logged on the server)", 500)
