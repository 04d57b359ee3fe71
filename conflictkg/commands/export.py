"""`conflictkg export`: the served generation as N-Quads or TriG (the bytes /dumps serves)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from conflictkg.commands import store_flag, store_target
from conflictkg.errors import EXIT_OK

NAME = "export"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    e = sub.add_parser(NAME, help="write the whole graph as N-Quads or TriG")
    store_flag(e)
    e.add_argument("--format", choices=("nquads", "trig"), default="nquads", help="dump format")
    e.add_argument(
        "--graphs",
        choices=("asserted", "inferred", "all"),
        default="all",
        help="asserted graphs, the inferred graph, or both (default all)",
    )
    e.add_argument("--output", "-o", type=Path, help="file to write (default: standard output)")
    e.add_argument("--gzip", action="store_true", help="gzip the output")


def run(args: argparse.Namespace, settings: dict[str, Any]) -> int:
    from conflictkg.mapping.store import StoreLayout
    from conflictkg.server.dumps import FORMATS, gzipped, iter_dump

    store, _ = StoreLayout(store_target(settings)[0]).open_read_only()  # a URL: its working store
    chunks = iter_dump(store, args.graphs, FORMATS[args.format])
    if args.gzip:
        chunks = gzipped(chunks)
    out = open(args.output, "wb") if args.output else sys.stdout.buffer  # noqa: SIM115
    try:
        for chunk in chunks:
            out.write(chunk)
    finally:
        if args.output:
            out.close()
        else:
            out.flush()
    return EXIT_OK
