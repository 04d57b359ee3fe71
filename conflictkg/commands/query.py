"""`conflictkg query`: one SPARQL query against the store, through the endpoint's own policy
and execution path, without a server."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from conflictkg.commands import store_flag, store_target
from conflictkg.errors import EXIT_OK

NAME = "query"
QUERY_FORMATS = {
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "xml": "application/sparql-results+xml",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
}
RESULT_MEDIA = {QUERY_FORMATS[k] for k in ("json", "csv", "tsv", "xml")}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    q = sub.add_parser(NAME, help="run a SPARQL query against the store")
    q.add_argument("sparql", help="the query text, or @FILE to read it from a file")
    store_flag(q, remote=True)
    q.add_argument("--format", choices=sorted(QUERY_FORMATS), default=None)


def run(args: argparse.Namespace, settings: dict[str, Any]) -> int:
    from conflictkg.errors import QueryError
    from conflictkg.server.execute import QueryAnswer, QueryJob, execute
    from conflictkg.server.policy import check_query
    from conflictkg.server.remote import RemoteSource, open_handle

    text = args.sparql
    if text.startswith("@"):
        text = Path(text[1:]).read_text(encoding="utf-8")
    check_query(text)  # the endpoint's policy: no SERVICE, no LOAD
    media = QUERY_FORMATS[args.format] if args.format else None
    if media is None:
        job = QueryJob(query=text)
    elif media in RESULT_MEDIA:
        job = QueryJob(query=text, results_media_type=media, graph_media_type=None)
    else:
        job = QueryJob(query=text, results_media_type=None, graph_media_type=media)
    store, remote = store_target(settings)
    source = None if remote is None else RemoteSource(remote, job.max_bytes, job.row_cap)
    outcome = execute(open_handle(store, source), job)
    if not isinstance(outcome, QueryAnswer):
        if outcome.kind == "not_acceptable":
            raise QueryError(f"--format {args.format} does not fit this query's kind of result")
        raise QueryError(outcome.message)
    sys.stdout.buffer.write(outcome.body)
    if not outcome.body.endswith(b"\n"):
        sys.stdout.buffer.write(b"\n")
    return EXIT_OK
