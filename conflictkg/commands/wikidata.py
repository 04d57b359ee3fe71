"""`conflictkg wikidata coverage|link|quickstatements`: our graph next to Wikidata."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from conflictkg.commands import store_flag, store_target
from conflictkg.errors import EXIT_OK, UserError

NAME = "wikidata"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    w = sub.add_parser(NAME, help="Wikidata: coverage of ids, linking proposals, QuickStatements")
    wsub = w.add_subparsers(dest="wikidata_command", required=True)

    c = wsub.add_parser("coverage", help="how many units, places, operations, sources are linked")
    store_flag(c)
    c.add_argument("--format", choices=("text", "json"), default="text")

    link = wsub.add_parser("link", help="propose QIDs for unlinked gazetteer entities")
    link.add_argument(
        "--cache",
        type=Path,
        default=Path("var/wikidata-cache"),
        help="on-disk cache of API answers (also serves offline)",
    )
    link.add_argument("--offline", action="store_true", help="use the cache only")
    link.add_argument(
        "--review",
        type=Path,
        default=Path("var/wikidata-proposals.json"),
        help="where the proposals, their evidence and scores are written",
    )
    link.add_argument(
        "--apply",
        action="store_true",
        help="write proposals that pass the confidence rule into the gazetteer",
    )
    link.add_argument("--gazetteer", type=Path, default=None, help="gazetteer CSV to read/update")
    link.add_argument("--only", nargs="*", default=None, help="entity ids to consider")
    link.add_argument("--api", default=None, help="Wikidata API URL (default: wikidata.org)")
    link.add_argument("--sparql", default=None, help="query service URL (default: WDQS)")

    q = wsub.add_parser("quickstatements", help="QuickStatements V1 for facts with verified QIDs")
    store_flag(q)
    q.add_argument("--create", action="store_true", help="create items for our events")
    q.add_argument(
        "--retrieved",
        default=time.strftime("%Y-%m-%d", time.gmtime()),
        help="retrieved date for web references (YYYY-MM-DD, default today)",
    )
    q.add_argument(
        "--include-all-sources",
        action="store_true",
        help="do not drop statements that only blogs or advocacy sites support",
    )
    q.add_argument("--report", type=Path, default=None, help="write the dry-run report here")
    q.add_argument("--dry-run", action="store_true", help="print the report, not the commands")


def run(args: argparse.Namespace, settings: dict[str, Any]) -> int:
    command = {"coverage": _coverage, "link": _link, "quickstatements": _quickstatements}
    return command[args.wikidata_command](args, settings)


def _coverage(args: argparse.Namespace, settings: dict[str, Any]) -> int:
    from conflictkg.mapping.gazetteer import Gazetteer
    from conflictkg.mapping.wikidata.coverage import coverage

    report = coverage(store_target(settings)[0], Gazetteer.load())
    print(report.to_json() if args.format == "json" else report.to_text())
    return EXIT_OK if not report.unsupported else 1


def _link(args: argparse.Namespace, settings: dict[str, Any]) -> int:
    from conflictkg.mapping.gazetteer import Gazetteer
    from conflictkg.mapping.wikidata import link
    from conflictkg.mapping.wikidata.http import CachedClient
    from conflictkg.paths import mapping_data

    path = args.gazetteer or mapping_data("data/gazetteer.csv")
    gazetteer = Gazetteer.load(path)
    client = CachedClient(args.cache, offline=args.offline)
    targets = [e for e in link.unlinked(gazetteer) if not args.only or e.id in args.only]
    if not targets:
        raise UserError("no unlinked entity to propose an id for")
    proposals = [
        link.propose(e, client, api=args.api or link.API, sparql=args.sparql or link.SPARQL)
        for e in targets
    ]
    link.write_review(proposals, args.review)
    for p in proposals:
        best = p.candidates[0] if p.candidates else None
        shown = f"{best.qid} {best.label!r} score {best.score}" if best else "no candidate"
        verdict = f"ACCEPT {p.accepted}" if p.accepted else f"review ({p.reason})"
        print(f"{p.entity_id}: {shown}: {verdict}")
    print(f"proposals with evidence written to {args.review}", file=sys.stderr)
    if args.apply:
        changed = link.apply(proposals, path, time.strftime("%Y-%m-%d", time.gmtime()))
        print(f"applied {len(changed)} id(s) to {path}: {', '.join(changed) or 'none'}")
    return EXIT_OK


def _quickstatements(args: argparse.Namespace, settings: dict[str, Any]) -> int:
    from conflictkg.mapping.wikidata.quickstatements import Policy, plan

    policy = Policy(frozenset()) if args.include_all_sources else Policy()
    result = plan(
        store_target(settings)[0], create=args.create, retrieved=args.retrieved, policy=policy
    )
    if args.report:
        args.report.write_text("\n".join(result.report) + "\n", encoding="utf-8")
    if args.dry_run:
        print("\n".join(result.report))
    else:
        print("\n".join(result.lines))
    return EXIT_OK
