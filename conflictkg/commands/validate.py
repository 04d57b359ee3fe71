"""`conflictkg validate`: every per-document stage and the SHACL gate, loading nothing."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from conflictkg.errors import EXIT_OK, EXIT_REJECTED

NAME = "validate"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    v = sub.add_parser(NAME, help="check documents or RDF files against the shapes, load nothing")
    v.add_argument("paths", nargs="*", type=Path, help="files or folders (default: bundled corpus)")


def run(args: argparse.Namespace, settings: dict[str, Any]) -> int:
    from conflictkg.mapping.pipeline import check
    from conflictkg.paths import bundled_corpus

    outcomes = check(list(args.paths) or [bundled_corpus()])
    for o in outcomes:
        if o.status == "built":
            print(f"{o.key}: conforms ({o.events} events, {o.triples} triples)")
        else:
            print(f"{o.key}: {o.status.upper()}\n  " + o.message.replace("\n", "\n  "))
    return EXIT_OK if all(o.status == "built" for o in outcomes) else EXIT_REJECTED
