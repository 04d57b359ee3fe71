"""conflictkg: news reports about military operations -> a validated, reasoned knowledge graph.

Errors a user can fix print one line and exit non-zero (see ``conflictkg.errors``); only a
bug shows a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from conflictkg import __version__
from conflictkg.commands import discover
from conflictkg.errors import EXIT_BUG, UserError
from conflictkg.settings import resolve


def parser() -> tuple[argparse.ArgumentParser, dict[str, object]]:
    ap = argparse.ArgumentParser(prog="conflictkg", description=__doc__.splitlines()[0])
    ap.add_argument("--version", action="version", version=f"conflictkg {__version__}")
    ap.add_argument("--config", type=Path, help="TOML file of settings (see README)")
    sub = ap.add_subparsers(dest="command", required=True)
    commands = {}
    for module in discover():
        module.register(sub)
        commands[module.NAME] = module
    return ap, commands


def main(argv: Sequence[str] | None = None) -> int:
    ap, commands = parser()
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)  # bad literals are reported by SHACL
    for chatty in ("distributed", "trafilatura"):  # progress lines and the summary say enough
        logging.getLogger(chatty).setLevel(
            logging.WARNING if chatty == "distributed" else logging.ERROR
        )
    try:
        settings = resolve(vars(args), args.config)
        return int(commands[args.command].run(args, settings))  # type: ignore[attr-defined]
    except UserError as exc:
        print(f"conflictkg: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception:
        logging.exception("conflictkg: internal error (a bug; please report it)")
        return EXIT_BUG


if __name__ == "__main__":
    raise SystemExit(main())
