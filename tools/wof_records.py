"""Who's On First records, read from the shared CSV exports, and lookups over them.

Used by ``derive_gazetteer.py`` (matching gazetteer places to their records, adding their
parents and cue-found places); the product itself reads only the derived files.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from conflictkg.mapping.gazetteer import name_key

_NAME_SUFFIX = re.compile(r"\s+(governorate|governate|province|district)$")


@dataclass(frozen=True)
class WofRecord:
    wof_id: str
    name: str
    placetype: str
    wd: str
    lat: float | None
    lon: float | None
    current: bool
    names: tuple[str, ...]
    country: str
    ancestors: dict[str, str]  # placetype -> wof_id


def optional_float(text: str) -> float | None:
    return float(text) if text.strip() else None


def load_wof(shared: Path) -> dict[str, WofRecord]:
    records: dict[str, WofRecord] = {}
    for country in ("iq", "sy"):
        with (shared / f"whosonfirst_{country}.csv").open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if not row["placetype"]:
                    continue
                hierarchy = json.loads(row["hierarchy"] or "[]")
                first = hierarchy[0] if hierarchy else {}
                ancestors = {
                    key[: -len("_id")]: str(value)
                    for key, value in first.items()
                    if value and int(value) > 0 and str(value) != row["wof_id"]
                }
                names = tuple(n for n in row["names_eng"].split("|") if n.strip())
                records[row["wof_id"]] = WofRecord(
                    wof_id=row["wof_id"],
                    name=row["name"],
                    placetype=row["placetype"],
                    wd=row["wd"],
                    lat=optional_float(row["lat"]),
                    lon=optional_float(row["lon"]),
                    current=row["is_current"] != "0" and not row["deprecated"],
                    names=(row["name"], *names),
                    country=country,
                    ancestors=ancestors,
                )
    return records


def _place_key(name: str) -> str:
    return name_key(_NAME_SUFFIX.sub("", name.strip().lower()))


class WofIndex:
    """Lookups over WOF records by QID and by normalised name."""

    def __init__(self, records: dict[str, WofRecord]) -> None:
        self.records = records
        self.by_qid: dict[str, list[WofRecord]] = defaultdict(list)
        self.by_name: dict[str, list[WofRecord]] = defaultdict(list)
        for rec in sorted(records.values(), key=lambda r: int(r.wof_id)):
            if rec.wd:
                self.by_qid[rec.wd].append(rec)
            for key in {_place_key(n) for n in rec.names}:
                self.by_name[key].append(rec)

    def by_names(
        self, names: list[str], placetypes: tuple[str, ...], countries: tuple[str, ...]
    ) -> list[WofRecord]:
        found = {
            rec.wof_id: rec
            for name in names
            for rec in self.by_name.get(_place_key(name), [])
            if rec.placetype in placetypes and rec.country in countries
        }
        current = [r for r in found.values() if r.current]
        return sorted(current or found.values(), key=lambda r: int(r.wof_id))
