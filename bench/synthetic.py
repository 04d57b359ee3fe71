"""A synthetic news corpus for scale benchmarks (clearly marked synthetic, never a test fixture).

Articles recombine real sentence patterns of conflict reporting (captures, attacks, repelled
attacks, airstrikes, withdrawals, plans, casualty figures with attribution) with places and
units from the gazetteer and dates across 2016-2017. Every article says it is synthetic: its
url is on ``synthetic.invalid``, its title starts with ``[synthetic]`` and ``synthetic: true``.

    .venv/bin/python bench/synthetic.py 1000 var/synthetic-1k.jsonl [--seed 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from collections.abc import Iterator
from pathlib import Path

from conflictkg.mapping.gazetteer import Gazetteer

AGENCIES = ("Reuters", "AFP", "AP")
PUBLISHERS = ("Deutsche Welle", "Reuters", "Agence France-Presse", "Associated Press")
PATTERNS = (
    "{unit} captured {place} on {day}, the military said.",
    "On {day}, {unit} launched an attack on {place}, a commander told {agency}.",
    "{unit} repelled an attack by {enemy} in {place}, killing {n} militants,"
    " according to {agency}.",
    "Coalition airstrikes hit {enemy} positions near {place} on {weekday}.",
    "{enemy} fighters withdrew from {place} after heavy fighting on {day}.",
    "Officials said {unit} would storm {place} within days.",
    "{unit} entered the village of {village} on {weekday}, residents said.",
    "At least {n} civilians were killed in {place} on {day}, the United Nations said.",
    "{unit} surrounded {place} and cut the road to {place2}.",
    "The bridge over the Tigris near {place} was destroyed on {day}.",
    "If {unit} retake {place}, the road to {place2} will be open.",
    "{place} remained under {enemy} control despite the offensive.",
)
FILLER = (
    "Residents said food and water were scarce.",
    "Thousands of families have fled the area since the fighting began.",
    "The offensive is expected to take weeks.",
    "Aid agencies warned of a humanitarian crisis.",
)


def _day(d: dt.date) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


def articles(n: int, seed: int = 7) -> Iterator[dict[str, object]]:
    rng = random.Random(seed)
    gaz = Gazetteer.load()
    places = sorted(
        e.label
        for e in gaz
        if e.kind == "place" and e.cls in {"City", "Town", "Village", "District"}
    )
    villages = (
        sorted(e.label for e in gaz if e.kind == "place" and e.cls in {"Village", "Town"}) or places
    )
    units = sorted(e.label for e in gaz if e.kind == "unit" and e.id != "unit/isil")
    start = dt.date(2016, 10, 16)
    for i in range(n):
        published = start + dt.timedelta(days=rng.randrange(0, 270))
        sentences = []
        for _ in range(rng.randrange(5, 12)):
            event_day = published - dt.timedelta(days=rng.randrange(0, 3))
            pattern = rng.choice(PATTERNS + FILLER)
            sentences.append(
                pattern.format(
                    unit=rng.choice(units),
                    enemy="ISIL",
                    place=rng.choice(places),
                    place2=rng.choice(places),
                    village=rng.choice(villages),
                    day=_day(event_day),
                    weekday=event_day.strftime("%A"),
                    agency=rng.choice(AGENCIES),
                    n=rng.randrange(3, 120),
                )
            )
        where, agency = rng.choice(places).upper(), rng.choice(AGENCIES)
        dateline = f"{where}, {published.strftime('%B')} {published.day} ({agency}) - "
        paragraphs = [dateline + sentences[0]] + [
            " ".join(sentences[j : j + 2]) for j in range(1, len(sentences), 2)
        ]
        yield {
            "url": f"https://synthetic.invalid/article/{seed}/{i}",
            "title": f"[synthetic] Fighting near {rng.choice(places)}",
            "published": published.isoformat(),
            "publisher": rng.choice(PUBLISHERS),
            "text": "\n\n".join(paragraphs),
            "synthetic": True,
        }


def write(n: int, path: Path, seed: int = 7) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for article in articles(n, seed):
            fh.write(json.dumps(article, ensure_ascii=False) + "\n")
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("count", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    write(args.count, args.out, args.seed)


if __name__ == "__main__":
    main()
