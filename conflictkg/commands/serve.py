"""`conflictkg serve`: the SPARQL endpoint over the published store generation."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from conflictkg.commands import store_flag
from conflictkg.errors import EXIT_OK
from conflictkg.settings import BY_NAME

NAME = "serve"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    s = sub.add_parser(NAME, help="serve the store over HTTP (SPARQL endpoint)")
    store_flag(s)
    s.add_argument("--host", help=BY_NAME["host"].help)
    s.add_argument("--port", type=int, help=BY_NAME["port"].help)
    s.add_argument(
        "--query-timeout", type=float, dest="query_timeout", help=BY_NAME["query_timeout"].help
    )
    s.add_argument("--workers", type=int, help=BY_NAME["workers"].help)


def run(args: argparse.Namespace, settings: dict[str, Any]) -> int:
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
