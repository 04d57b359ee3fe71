"""`conflictkg events`: the events export, a stable contract for analysts and other tools.

One record per report (an event as one document tells it) by default, or per merged event
with ``--merged``; JSON lines or CSV (lists joined with ``;``). The fields are documented in
``mapping/lexicons/README.md`` (events export) and must not change without a version note.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from conflictkg.commands import store_flag, store_target
from conflictkg.errors import EXIT_OK

NAME = "events"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    e = sub.add_parser(NAME, help="export the events of the store as JSON lines or CSV")
    store_flag(e)
    e.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    e.add_argument("--merged", action="store_true", help="one record per merged event")


def run(args: argparse.Namespace, settings: dict[str, Any]) -> int:
    from conflictkg.mapping.export import merged_records, report_records, write_csv, write_jsonl

    store, _ = store_target(settings)  # for a URL: the working store of its last build
    records = merged_records(store) if args.merged else report_records(store)
    try:
        if args.format == "csv":
            write_csv(records, sys.stdout, merged=args.merged)
        else:
            write_jsonl(records, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader (head, less) stopped early: not an error
        sys.stderr.close()
    return EXIT_OK
