"""Extraction quality against the gold annotation (issue 4).

    .venv/bin/python bench/quality.py [--set corpus|dev|unseen|fresh|sealed|all] [--verbose]

Runs read -> clean -> extract with the bundled gazetteer on the gold set's documents and
prints precision and recall per field. ``corpus`` is the bundled corpus and ``dev`` pages
written about other battles: both may guide development, and only their errors are shown.
``unseen``, ``fresh`` and ``sealed`` are held out (written and annotated before any extractor
ran on them, never tuned against): their figures and the count of each error kind are printed,
never an example, so that nobody developing the extractor reads their errors.
Exit status is 0 whatever the figures: this measures, it does not gate.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
sys.path.insert(0, str(GOLD))

from claimscore import ClaimsResult, load_claims, score_claims  # noqa: E402
from scorer import (  # noqa: E402
    DocumentResult,
    Error,
    FieldScore,
    Names,
    in_boilerplate,
    load_gold,
    score_document,
    total,
)
from system import in_scope, run  # noqa: E402

SETS = {
    "corpus": (GOLD / "corpus", ROOT / "corpus"),
    "dev": (GOLD / "dev", GOLD / "dev" / "pages"),
    "unseen": (GOLD / "unseen", GOLD / "unseen" / "pages"),
    "fresh": (GOLD / "fresh", GOLD / "fresh" / "pages"),
    "sealed": (GOLD / "sealed", GOLD / "sealed" / "pages"),
}
HELD_OUT = frozenset({"unseen", "fresh", "sealed"})


@dataclass(frozen=True)
class SetScore:
    events: list[DocumentResult]
    claims: list[ClaimsResult]
    """Documents with claims gold."""
    boilerplate_claims: int
    """Claims from page chrome, over every gold document (its ``boilerplate`` snippets)."""


def score_set(name: str) -> SetScore:
    """Events of every gold document, and claims of the documents with claims gold."""
    gold_dir, inputs = SETS[name]
    system = run([inputs])
    claims = []
    for key, gold in load_claims(gold_dir / "claims").items():
        seen = system.get(key)
        if seen is not None:
            names = Names(seen.gazetteer, seen.surfaces)
            claims.append(score_claims(key, gold, seen.claims, seen.document.text, names))
    results, boilerplate_claims = [], 0
    for doc in load_gold(gold_dir):
        seen = system.get(doc.key)
        if seen is None:
            print(f"warning: {name}: no document {doc.key!r} in {inputs}", file=sys.stderr)
            continue
        boilerplate_claims += sum(in_boilerplate(c.sentence, doc.boilerplate) for c in seen.claims)
        events = [e for e in seen.events if in_scope(seen.document, e, doc.scope_sections)]
        results.append(
            score_document(doc, events, seen.document.text, Names(seen.gazetteer, seen.surfaces))
        )
    return SetScore(results, claims, boilerplate_claims)


def print_row(f: FieldScore) -> None:
    print(
        f"{f.name:<10} {f.precision:>9.3f} {f.recall:>7.3f}   "
        f"({f.correct_system}/{f.system}, {f.correct_gold}/{f.gold})"
    )


def print_table(title: str, fields: tuple[FieldScore, ...], results: list[DocumentResult]) -> None:
    print(f"\n== {title}: {len(results)} documents")
    print(f"{'field':<10} {'precision':>9} {'recall':>7}   (right/system, found/gold)")
    for f in fields:
        print_row(f)
    boiler = sum(r.boilerplate_events for r in results)
    violations = sum(r.status_violations for r in results)
    print(f"boilerplate events: {boiler} (want 0)   status violations: {violations} (want 0)")


def print_errors(errors: list[Error], verbose: bool, examples: bool) -> None:
    """Count each kind of error; with ``examples`` (development sets only) show them too."""
    kinds = Counter(e.kind for e in errors)
    print("\nerror kinds:")
    for kind, count in kinds.most_common():
        print(f"  {count:>4}  {kind}")
        if examples:
            example = next(e for e in errors if e.kind == kind)
            print(f"        e.g. [{example.document}] {example.detail}")
    if verbose and examples:
        print("\nall errors:")
        for e in sorted(errors, key=lambda e: (e.document, e.kind, e.detail)):
            print(f"  [{e.document}] {e.kind}: {e.detail}")


def print_claims(title: str, scored: SetScore, verbose: bool, examples: bool) -> None:
    """Claims of the documents with claims gold, and their errors."""
    results = scored.claims
    if not results:
        return
    print(f"\n== {title} claims: {len(results)} documents")
    for position in range(len(results[0].fields)):
        f = sum((r.fields[position] for r in results[1:]), results[0].fields[position])
        print_row(f)
    print(f"boilerplate claims (every gold document): {scored.boilerplate_claims} (want 0)")
    print_errors([e for r in results for e in r.errors], verbose, examples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=[*SETS, "all"], default="corpus")
    parser.add_argument(
        "--verbose", action="store_true", help="list every error (development sets only)"
    )
    args = parser.parse_args(argv)
    names = [n for n in SETS if SETS[n][0].is_dir()] if args.set == "all" else [args.set]
    for name in names:
        scored = score_set(name)
        examples = name not in HELD_OUT
        print_table(name, total(scored.events), scored.events)
        print_errors([e for r in scored.events for e in r.errors], args.verbose, examples)
        print_claims(name, scored, args.verbose, examples)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
