"""The gazetteer: known entities, their parent chains, and a one-pass alias matcher.

The matcher is built once per gazetteer (two compiled alternations: acronyms such as ``IS``,
``CTS``, ``US`` match case-sensitively so the verb "is" or "us" never names an entity; other
aliases match case-insensitively). Apostrophes, dashes and spaces in an alias match any of
their typographic variants, so "Kata’ib" finds "Kata'ib"; an apostrophe may also be left out,
as outlets often do ("Kataib Hezbollah").
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import astuple, fields
from functools import cached_property
from pathlib import Path

from conflictkg.mapping.model import Entity
from conflictkg.paths import mapping_data

COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Entity))
_APOSTROPHES = "'’‘`ʼʻ´"
_DASHES = "-‐‑–—"
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9.&–-]*s?$")
_ARTICLE = re.compile(r"\b(?:al|el|ar|as|ad|an|at|az|ash)[-\s]+")


def slugify(text: str) -> str:
    """ASCII lowercase slug with hyphens ("Kata'ib Hezbollah" -> "kataib-hezbollah")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(f"[{_APOSTROPHES}]", "", ascii_text.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def name_key(name: str) -> str:
    """A spelling-insensitive key: "Hammam al-'Alil" and "Hamam al-Alil" share one.

    Lowercase, strip diacritics and apostrophes, drop Arabic article prefixes, collapse
    doubled letters and whitespace.
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(f"[{_APOSTROPHES}]", "", text)
    text = re.sub(f"[{_DASHES}]", " ", text)
    text = _ARTICLE.sub("", text)
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"(\w)\1+", r"\1", text)
    return " ".join(text.split())


def is_acronym(alias: str) -> bool:
    """Short all-caps names match case-sensitively (``IS`` but never "is" or "Is")."""
    return (bool(_ACRONYM.match(alias)) and sum(c.isupper() for c in alias) >= 2) or alias == "IS"


def _surface_key(text: str) -> str:
    text = re.sub(f"[{_APOSTROPHES}]", "", text)
    text = re.sub(f"[{_DASHES}]", "-", text)
    return " ".join(text.split())


def _alias_pattern(alias: str) -> str:
    parts = []
    for char in alias:
        if char in _APOSTROPHES:
            parts.append(f"[{_APOSTROPHES}]?")  # "Kataib" is "Kata'ib" written plainly
        elif char in _DASHES:
            parts.append(f"[{_DASHES}]")
        elif char.isspace():
            parts.append(r"\s+")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def _compile(aliases: Iterable[str], flags: int) -> re.Pattern[str] | None:
    ordered = sorted(set(aliases), key=lambda a: (-len(a), a))
    if not ordered:
        return None
    body = "|".join(_alias_pattern(a) for a in ordered)
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])", flags)


class Gazetteer:
    """An immutable set of entities with a longest-match alias finder."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self._entities: dict[str, Entity] = {}
        for entity in entities:
            self._entities[entity.id] = entity

    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        """Read the bundled ``data/gazetteer.csv`` (or ``path``)."""
        return cls(read_csv(path or mapping_data("data/gazetteer.csv")))

    def get(self, entity_id: str) -> Entity | None:
        return self._entities.get(entity_id)

    def __iter__(self) -> Iterator[Entity]:
        return iter(sorted(self._entities.values(), key=lambda e: e.id))

    def __len__(self) -> int:
        return len(self._entities)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._entities

    def ancestors(self, entity_id: str) -> list[str]:
        """Parent chain, nearest first; stops on a cycle or an unknown parent."""
        chain: list[str] = []
        current = self._entities.get(entity_id)
        while current is not None and current.parent and current.parent not in chain:
            if current.parent == entity_id:
                break
            chain.append(current.parent)
            current = self._entities.get(current.parent)
        return chain

    def with_entities(self, extra: Iterable[Entity]) -> Gazetteer:
        """A new gazetteer with ``extra`` added (an extra entity replaces one of the same id)."""
        return Gazetteer([*self._entities.values(), *extra])

    @cached_property
    def _index(self) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
        """(exact acronym -> id, surface key -> id, name key -> id).

        When two entities share a name, the one whose label it is wins, then the smaller id.
        """
        ranked: dict[str, tuple[int, str]] = {}
        for entity in self:
            for rank, name in [(0, entity.label)] + [(1, a) for a in entity.aliases]:
                best = ranked.get(name)
                if best is None or (rank, entity.id) < best:
                    ranked[name] = (rank, entity.id)
        exact: dict[str, str] = {}
        surface: dict[str, str] = {}
        keys: dict[str, tuple[int, str]] = {}
        for name, (rank, eid) in sorted(ranked.items()):
            if is_acronym(name):
                exact[name] = eid
            else:
                surface.setdefault(_surface_key(name).casefold(), eid)
            key = name_key(name)
            if key and (key not in keys or (rank, eid) < keys[key]):
                keys[key] = (rank, eid)
        return exact, surface, {k: v[1] for k, v in keys.items()}

    @cached_property
    def _matchers(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        exact = self._index[0]
        names = {n for e in self for n in (e.label, *e.aliases)}
        sensitive = _compile((n for n in names if n in exact), 0)
        insensitive = _compile((n for n in names if not is_acronym(n)), re.IGNORECASE)
        return sensitive, insensitive

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping ``(start, end, entity_id)`` matches, longest first, in text order."""
        exact, surface, _ = self._index
        candidates: list[tuple[int, int, str]] = []
        sensitive, insensitive = self._matchers
        if sensitive is not None:
            for m in sensitive.finditer(text):
                candidates.append((m.start(), m.end(), exact[m.group()]))
        if insensitive is not None:
            for m in insensitive.finditer(text):
                eid = surface.get(_surface_key(m.group()).casefold())
                if eid is not None:
                    candidates.append((m.start(), m.end(), eid))
        # Longest first; a taken-character mask keeps the check linear in the text length.
        taken = bytearray(len(text))
        chosen: list[tuple[int, int, str]] = []
        for start, end, eid in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0], c[2])):
            if not any(taken[start:end]):
                taken[start:end] = b"\x01" * (end - start)
                chosen.append((start, end, eid))
        return sorted(chosen)

    @cached_property
    def _homonyms(self) -> dict[str, tuple[str, ...]]:
        """Surface key -> every entity id bearing that name, when more than one does."""
        by_name: dict[str, set[str]] = {}
        for entity in self:
            for name in (entity.label, *entity.aliases):
                by_name.setdefault(_surface_key(name).casefold(), set()).add(entity.id)
        return {k: tuple(sorted(v)) for k, v in by_name.items() if len(v) > 1}

    def homonyms(self, surface: str) -> tuple[str, ...]:
        """All entity ids named ``surface`` when the name is shared, else ``()``."""
        return self._homonyms.get(_surface_key(surface).casefold(), ())

    def lookup_name(self, name: str) -> str | None:
        """The entity whose label or alias has the same spelling-insensitive key as ``name``."""
        return self._index[2].get(name_key(name))


def _parse(column: str, value: str) -> object:
    if column in ("aliases", "coalitions"):
        return tuple(a for a in value.split("|") if a)
    if column in ("lat", "lon", "coord_precision", "confidence"):
        return float(value) if value else None
    if column == "qid_doubtful":
        return value.lower() == "true"
    if column in ("qid", "parent", "allegiance", "geo_precision"):
        return value or None
    return value


def read_csv(path: Path) -> list[Entity]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Entity(**{c: _parse(c, row.get(c, "") or "") for c in COLUMNS})  # type: ignore[arg-type]
            for row in csv.DictReader(fh)
        ]


def _format(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "|".join(value)
    return str(value)


def write_csv(entities: Iterable[Entity], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        for entity in sorted(entities, key=lambda e: e.id):
            writer.writerow([_format(v) for v in astuple(entity)])
