"""`conflictkg build`: documents -> a new store generation, with progress and a summary."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from conflictkg.commands import store_flag, store_target
from conflictkg.errors import EXIT_OK, EXIT_REJECTED, UserError

NAME = "build"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    b = sub.add_parser(NAME, help="build the graph from documents into a new store generation")
    b.add_argument("paths", nargs="*", type=Path, help="files or folders (default: bundled corpus)")
    store_flag(b, remote=True)
    b.add_argument("--quiet", action="store_true", help="no per-document progress lines")
    b.add_argument(
        "--full",
        action="store_true",
        help="process every document again (default: only changed or new ones)",
    )
    b.add_argument(
        "--retry",
        action="store_true",
        help="build the last build's inputs again: quarantined documents are retried",
    )
    b.add_argument(
        "--workers",
        type=int,
        default=None,
        help="run the per-document stages on a local Dask cluster of N processes",
    )
    b.add_argument(
        "--dask",
        metavar="SCHEDULER_ADDRESS",
        default=None,
        help="run the per-document stages on an existing Dask cluster",
    )


def run(args: argparse.Namespace, settings: dict[str, Any]) -> int:
    from conflictkg.mapping.pipeline import Outcome, build
    from conflictkg.paths import bundled_corpus

    store, remote = store_target(settings)
    last = store / "last-inputs.json"
    if args.retry and not args.paths:
        if not last.is_file():
            raise UserError(f"--retry: no earlier build recorded in {store}")
        paths = [Path(p) for p in json.loads(last.read_text(encoding="utf-8"))]
    else:
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

    summary = build(
        paths,
        store,
        progress=progress,
        full=args.full,
        workers=args.workers,
        dask_address=args.dask,
    )
    last.write_text(json.dumps([str(p.resolve()) for p in paths]), encoding="utf-8")
    print(f"built generation {summary.generation} in {store}")
    where = f" (reports in {store / 'quarantine'})" if summary.problems else ""
    print(
        f"  documents read {len(summary.outcomes)}, built {len(summary.built)},"
        f" not loaded {len(summary.problems)}{where};"
        f" processed {summary.processed}, from cache {len(summary.outcomes) - summary.processed}"
    )
    for o in summary.problems:
        print(f"  {o.status}: {o.key}\n    " + o.message.replace("\n", "\n    "))
    print(
        f"  events {summary.events}; triples asserted {summary.triples_asserted},"
        f" inferred {summary.triples_inferred}"
    )
    times = ", ".join(f"{k} {v:.2f}s" for k, v in summary.seconds.items())
    print(f"  time per stage: {times}")
    if remote is not None:
        from conflictkg.mapping.publish import publish

        print(publish(store, remote, full=args.full).describe(), flush=True)
    return EXIT_REJECTED if summary.problems else EXIT_OK
