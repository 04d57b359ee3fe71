"""Writes: the bearer-token check, SPARQL Update preparation, and the one write path.

A write holds the store lock (``StoreLayout.writing``), a worker checkpoints the served
generation and applies the write to the copy (killable like a query), the write is logged
(``mapping.writes``) and the copy published atomically; readers reopen on their next query.
A failed, refused or timed-out write publishes nothing.
"""

from __future__ import annotations

import hmac
import time

import pyoxigraph as ox
from flask import Request

from conflictkg.errors import QueryError, QueryRefused, UserError
from conflictkg.mapping.store import NoGenerationError, StoreLayout
from conflictkg.mapping.vocab import PREFIXES
from conflictkg.mapping.writes import SparqlUpdate, WriteOp, append_write
from conflictkg.server.config import ServerConfig
from conflictkg.server.execute import QueryFailure, WriteDone, WriteJob
from conflictkg.server.policy import check_query
from conflictkg.server.workers import WorkerCrashed, WorkerPool

READ_ONLY = (
    "this endpoint is read-only: start the server with an update token "
    "(--update-token or CONFLICTKG_UPDATE_TOKEN) to accept SPARQL Update and Graph Store writes"
)


class Unauthorized(UserError):
    """A write without the right ``Authorization: Bearer`` token."""

    http_status = 401


class UnsupportedPayload(QueryError):
    http_status = 415


class GraphNotFound(QueryError):
    http_status = 404


def authorize(req: Request, config: ServerConfig) -> None:
    """Let a write through only with the configured bearer token (compared in constant time)."""
    if config.remote is not None:
        raise QueryRefused(
            f"this server fronts the store at {config.remote.url} read-only: write to that "
            "store itself, or rebuild with `conflictkg build --store URL`"
        )
    if config.update_token is None:
        raise QueryRefused(READ_ONLY)
    header = req.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        token.strip().encode("utf-8"), config.update_token.encode("utf-8")
    ):
        raise Unauthorized("writes need the header 'Authorization: Bearer <update token>'")


def prepare_update(
    update: str, base_iri: str, using: tuple[str, ...], using_named: tuple[str, ...]
) -> SparqlUpdate:
    """Check an update and turn ``using-graph-uri`` / ``using-named-graph-uri`` into USING.

    The protocol forbids both the parameters and USING/WITH in the text (400). The syntax is
    checked by running the update on an empty in-memory store, before the lock is taken.
    """
    analysis = check_query(update, update=True)
    if (using or using_named) and analysis.has_dataset_clause:
        raise QueryError(
            "the update has USING or WITH clauses and using-graph-uri / using-named-graph-uri "
            "parameters: give the dataset one way only (SPARQL 1.1 Protocol, 2.2.3)"
        )
    clauses = "".join(f"USING <{g}> " for g in using) + "".join(
        f"USING NAMED <{g}> " for g in using_named
    )
    if clauses:
        for offset in reversed(analysis.where_offsets):
            update = update[:offset] + clauses + update[offset:]
    try:
        ox.Store().update(update, base_iri=base_iri, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError(f"malformed update: {exc}") from None
    return SparqlUpdate(update=update, base_iri=base_iri, prefixes=dict(PREFIXES))


def perform_write(config: ServerConfig, pool: WorkerPool, op: WriteOp) -> WriteDone:
    """Apply ``op`` as a new generation and publish it; every step within the query limit."""
    deadline = time.monotonic() + config.query_timeout
    layout = StoreLayout(config.store_dir)
    with layout.writing(timeout=config.query_timeout) as slot:
        remaining = max(0.1, deadline - time.monotonic())
        outcome = pool.run(WriteJob(op, str(slot.path)), remaining, config.query_timeout)
        if isinstance(outcome, QueryFailure):
            if outcome.kind == "syntax":
                raise QueryError(outcome.message)
            if outcome.kind == "unsupported":
                raise UnsupportedPayload(outcome.message)
            if outcome.kind == "no_store":
                raise NoGenerationError(outcome.message)
            raise WorkerCrashed(f"write failed in its worker:\n{outcome.message}")
        append_write(config.store_dir, op)
        slot.publish()
    assert isinstance(outcome, WriteDone)
    return outcome
