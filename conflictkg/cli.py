"""The ``conflictkg`` command: build, serve, query, validate.

Errors a user can fix print one line and exit non-zero (see ``conflictkg.errors``); only a
bug shows a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from conflictkg import __version__
from conflictkg.errors import EXIT_BUG, EXIT_OK, EXIT_REJECTED, UserError
from conflictkg.settings import BY_NAME, resolve

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


def _store_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", help=BY_NAME["store"].help + f" (default {BY_NAME['store'].default})")


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="conflictkg", description=__doc__.splitlines()[0])
    ap.add_argument("--version", action="version", version=f"conflictkg {__version__}")
    ap.add_argument("--config", type=Path, help="TOML file of settings (see README)")
    sub = ap.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build the graph from documents into a new store generation")
    b.add_argument("paths", nargs="*", type=Path, help="files or folders (default: bundled corpus)")
    _store_flag(b)
    b.add_argument("--quiet", action="store_true", help="no per-document progress lines")

    s = sub.add_parser("serve", help="serve the store over HTTP (SPARQL endpoint)")
    _store_flag(s)
    s.add_argument("--host", help=BY_NAME["host"].help)
    s.add_argument("--port", type=int, help=BY_NAME["port"].help)
    s.add_argument(
        "--query-timeout", type=float, dest="query_timeout", help=BY_NAME["query_timeout"].help
    )
    s.add_argument("--workers", type=int, help=BY_NAME["workers"].help)

    q = sub.add_parser("query", help="run a SPARQL query against the store")
    q.add_argument("sparql", help="the query text, or @FILE to read it from a file")
    _store_flag(q)
    q.add_argument("--format", choices=sorted(QUERY_FORMATS), default=None)

    v = sub.add_parser(
        "validate", help="check documents or RDF files against the shapes, load nothing"
    )
    v.add_argument("paths", nargs="*", type=Path)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)  # bad literals are reported by SHACL
    settings = resolve(vars(args), args.config)
    try:
        handler = {"build": _build, "serve": _serve, "query": _query, "validate": _validate}
        return handler[args.command](args, settings)
    except UserError as exc:
        print(f"conflictkg: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception:
        logging.exception("conflictkg: internal error (a bug; please report it)")
        return EXIT_BUG


def _build(args: argparse.Namespace, settings: dict[str, Any]) -> int:
    from conflictkg.mapping.pipeline import Outcome, build
    from conflictkg.paths import bundled_corpus

    paths = list(args.paths) or [bundled_corpus()]
    count = 0

    def progress(outcome: Outcome) -> None:
        nonlocal count
        count += 1
        if not args.quiet:
            mark = "ok" if outcome.status == "built" else outcome.status.upper()
            extra = (
                f"{outcome.events} events"
                if outcome.status == "built"
                else outcome.message.splitlines()[0]
            )
            print(f"[{count}] {outcome.key}: {mark} ({extra})", file=sys.stderr, flush=True)

    summary = build(paths, Path(settings["store"]), progress=progress)
    print(f"built generation {summary.generation} in {settings['store']}")
    print(
        f"  documents read {len(summary.outcomes)}, built {len(summary.built)},"
        f" not loaded {len(summary.problems)}"
    )
    for o in summary.problems:
        print(f"  {o.status}: {o.key}\n    " + o.message.replace("\n", "\n    "))
    print(
        f"  events {summary.events}; triples asserted {summary.triples_asserted},"
        f" inferred {summary.triples_inferred}"
    )
    times = ", ".join(f"{k} {v:.2f}s" for k, v in summary.seconds.items())
    print(f"  time per stage: {times}")
    return EXIT_REJECTED if summary.problems else EXIT_OK


def _serve(args: argparse.Namespace, settings: dict[str, Any]) -> int:
    from conflictkg.server.app import serve
    from conflictkg.server.config import ServerConfig

    config = ServerConfig(
        store_dir=Path(settings["store"]),
        query_timeout=settings["query_timeout"],
        workers=settings["workers"],
    )
    print(
        f"serving {settings['store']} on http://{settings['host']}:{settings['port']}/",
        file=sys.stderr,
    )
    serve(config, host=settings["host"], port=settings["port"])
    return EXIT_OK


def _query(args: argparse.Namespace, settings: dict[str, Any]) -> int:
    from conflictkg.errors import QueryError
    from conflictkg.server.execute import QueryAnswer, QueryJob, StoreHandle, execute
    from conflictkg.server.policy import check_query

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
    outcome = execute(StoreHandle(Path(settings["store"])), job)
    if not isinstance(outcome, QueryAnswer):
        if outcome.kind == "not_acceptable":
            raise QueryError(f"--format {args.format} does not fit this query's kind of result")
        raise QueryError(outcome.message)
    sys.stdout.buffer.write(outcome.body)
    if not outcome.body.endswith(b"\n"):
        sys.stdout.buffer.write(b"\n")
    return EXIT_OK


def _validate(args: argparse.Namespace, settings: dict[str, Any]) -> int:
    from conflictkg.mapping.pipeline import check
    from conflictkg.paths import bundled_corpus

    outcomes = check(list(args.paths) or [bundled_corpus()])
    for o in outcomes:
        if o.status == "built":
            print(f"{o.key}: conforms ({o.events} events, {o.triples} triples)")
        else:
            print(f"{o.key}: {o.status.upper()}\n  " + o.message.replace("\n", "\n  "))
    return EXIT_OK if all(o.status == "built" for o in outcomes) else EXIT_REJECTED


if __name__ == "__main__":
    raise SystemExit(main())
