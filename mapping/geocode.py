"""Geocoding with the bundled Who's On First index (``data/whosonfirst_index.tsv.gz``).

Names are compared by ``geo_key`` (transliteration rules in ``lexicons/transliteration.yaml``),
so "Hammam al `Alil" finds "Hamam al-Alil" and "Qaryat Nimrud" finds "Nimrud". Names repeat
across the country, so a candidate is chosen by the document's context: a record inside a
district or governorate the document already names wins; without such evidence an ambiguous
name is placed only as precisely as its candidates agree (their common district or
governorate, with that coarser precision), never guessed.

The index (33,000 records) is read once per process, lazily, on the first lookup.
"""

from __future__ import annotations

import gzip
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache
from pathlib import Path

import yaml

from conflictkg.mapping.gazetteer import name_key
from conflictkg.paths import mapping_data

COLUMNS = (
    "wof_id",
    "country",
    "placetype",
    "current",
    "lat",
    "lon",
    "region_id",
    "county_id",
    "locality_id",
    "wd",
    "name",
    "names",
    "keys",
)
# Which WOF placetypes a cue class may be (a "village" is a WOF locality).
PLACETYPES: dict[str, tuple[str, ...]] = {
    "Village": ("locality",),
    "Town": ("locality",),
    "City": ("locality",),
    "District": ("county", "neighbourhood", "locality"),
    "Neighbourhood": ("neighbourhood", "locality"),
    "Governorate": ("region",),
    "Landmark": ("campus",),
    "Region": ("county", "locality", "neighbourhood"),
    "Location": ("locality", "neighbourhood", "county"),
}
# What the coordinates stand for when a coarser place stands in.
PRECISION_OF = {"county": "district", "region": "governorate", "locality": "city"}


@dataclass(frozen=True)
class WofPlace:
    wof_id: str
    country: str
    placetype: str
    current: bool
    lat: float | None
    lon: float | None
    region_id: str
    county_id: str
    locality_id: str
    wd: str
    name: str
    names: tuple[str, ...]

    def within(self) -> tuple[str, ...]:
        """Ids of the record and its ancestors."""
        return tuple(
            i for i in (self.wof_id, self.locality_id, self.county_id, self.region_id) if i
        )


@dataclass(frozen=True)
class Geocode:
    """Where a name was placed: the record, the record whose point is used, the precision."""

    place: WofPlace | None
    point: WofPlace
    precision: str  # "exact", "city", "district", "governorate"
    rule: str


@dataclass(frozen=True)
class _Rules:
    prefixes: re.Pattern[str]
    suffixes: re.Pattern[str]
    words: dict[str, str]
    letters: tuple[tuple[str, str], ...]


@cache
def _rules(path: Path | None = None) -> _Rules:
    data = yaml.safe_load(
        (path or mapping_data("lexicons/transliteration.yaml")).read_text("utf-8")
    )

    def alternation(items: Iterable[str]) -> str:
        return "|".join(re.escape(name_key(i)) for i in sorted(items, key=lambda i: (-len(i), i)))

    return _Rules(
        prefixes=re.compile(rf"^(?:{alternation(data['prefixes'])})\s+(?=\S)"),
        suffixes=re.compile(rf"(?<=\S)\s+(?:{alternation(data['suffixes'])})$"),
        words={str(k): str(v) for k, v in data["words"].items()},
        letters=tuple((str(k), str(v)) for k, v in data["letters"].items()),
    )


@lru_cache(maxsize=65536)
def geo_key(name: str) -> str:
    """A transliteration-insensitive key: "Hammam al `Alil" and "Hamam al-Alil" share one."""
    rules = _rules()
    key = name_key(name)
    key = rules.prefixes.sub("", key)
    key = rules.suffixes.sub("", key)
    key = " ".join(rules.words.get(w, w) for w in key.split())
    for old, new in rules.letters:
        key = key.replace(old, new)
    return re.sub(r"(\w)\1+", r"\1", key)


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """Consonants of the key, for variants that differ in vowels ("Karkukli" / "Kirkukli")."""
    key = geo_key(name).replace(" ", "")
    return re.sub(r"(\w)\1+", r"\1", key[:1] + re.sub(r"[aeiouy]", "", key[1:]))


@lru_cache(maxsize=65536)
def close_variants(a: str, b: str) -> bool:
    """Two names are spelling variants ("Karkukli" / "Kirkukli" / "Karkojli").

    Their keys must be alike (similarity >= 0.75), write the same digits, and have consonant
    skeletons of four or more letters that are equal or one edit apart.
    """
    ka, kb = geo_key(a), geo_key(b)
    if ka == kb:
        return bool(ka)
    if re.sub(r"\D", "", ka) != re.sub(r"\D", "", kb):
        return False
    if SequenceMatcher(None, ka, kb).ratio() < 0.75:
        return False
    sa, sb = skeleton(a), skeleton(b)
    if min(len(sa), len(sb)) < 4 or sa[0] != sb[0]:
        return False
    return sa == sb or (abs(len(sa) - len(sb)) <= 1 and _one_edit(sa, sb))


def _one_edit(a: str, b: str) -> bool:
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


class WofIndex:
    """Who's On First records by id and by geo key; records are built on first access."""

    def __init__(self, rows: list[list[str]]) -> None:
        self._rows = rows
        self._by_id = {row[0]: i for i, row in enumerate(rows)}
        self._by_key: dict[str, list[int]] = defaultdict(list)
        for i, row in enumerate(rows):
            if row[12]:
                for key in row[12].split("|"):
                    self._by_key[key].append(i)

    @classmethod
    def read(cls, path: Path) -> WofIndex:
        with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
            lines = fh.read().split("\n")
        header = tuple(lines[0].split("\t"))
        if header != COLUMNS:
            raise ValueError(f"{path}: unexpected columns {header}")
        return cls([line.split("\t") for line in lines[1:] if line])

    def __len__(self) -> int:
        return len(self._rows)

    def get(self, wof_id: str) -> WofPlace | None:
        i = self._by_id.get(wof_id)
        return _place(self._rows[i]) if i is not None else None

    def candidates(self, name: str, placetypes: tuple[str, ...]) -> list[WofPlace]:
        """Records named ``name`` (by geo key) of the placetypes; current ones when any."""
        rows = (self._rows[i] for i in self._by_key.get(geo_key(name), []))
        found = [_place(r) for r in rows if r[2] in placetypes]
        current = [p for p in found if p.current]
        return sorted(current or found, key=lambda p: int(p.wof_id))


def _float(text: str) -> float | None:
    return float(text) if text else None


def _place(row: list[str]) -> WofPlace:
    return WofPlace(
        wof_id=row[0],
        country=row[1],
        placetype=row[2],
        current=row[3] == "1",
        lat=_float(row[4]),
        lon=_float(row[5]),
        region_id=row[6],
        county_id=row[7],
        locality_id=row[8],
        wd=row[9],
        name=row[10],
        names=tuple(row[11].split("|")),
    )


@cache
def wof_index(path: Path | None = None) -> WofIndex:
    """The bundled index, read once per process on first use."""
    return WofIndex.read(path or mapping_data("data/whosonfirst_index.tsv.gz"))


def geocode(
    name: str,
    cls: str,
    context: frozenset[str],
    city: frozenset[str] = frozenset(),
    index: WofIndex | None = None,
) -> Geocode | None:
    """Place ``name`` (a cue-found place of class ``cls``) by the document's context.

    ``context``: WOF ids of the places the document names and of their districts and
    governorates; ``city``: WOF ids of the city a part of a city (neighbourhood, city district)
    lies in. Only candidates inside the context count, at the most specific level that has
    any: a city part must lie in its city (an administrative district may lie in a named
    governorate). A document that names no place at all accepts any candidate in the index.
    One candidate is exact; several sharing a district or governorate place the name there,
    with that coarser precision. None when nothing fits: never a guess.
    """
    index = index or wof_index()
    found = [p for p in index.candidates(name, PLACETYPES.get(cls, ("locality",))) if p.lat]
    if not found:
        return None
    if city:
        found = [
            p
            for p in found
            if p.locality_id in city or (p.placetype == "county" and p.region_id in context)
        ]
        rule = "whosonfirst:in-city"
    elif context:
        for level in ("locality_id", "county_id", "region_id"):
            inside = [p for p in found if getattr(p, level) in context]
            if inside:
                found = inside
                break
        else:
            found = []
        rule = "whosonfirst:context"
    else:
        rule = "whosonfirst:unique"  # several: placed only as far as they agree, below
    if len(found) == 1:
        return Geocode(found[0], found[0], "exact", rule)
    if not found:
        return None
    for level, precision in (("county_id", "district"), ("region_id", "governorate")):
        shared = {getattr(p, level) for p in found}
        if len(shared) == 1 and (common := index.get(shared.pop())) and common.lat:
            return Geocode(None, common, precision, f"whosonfirst:ambiguous-{precision}")
    return None
