"""The gold annotation's records and their YAML loader (format: ``README.md`` here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

STATUSES = ("occurred", "failed", "planned", "hypothetical", "denied")


@dataclass(frozen=True)
class GoldEvent:
    document: str
    index: int
    type: str
    alt_types: tuple[str, ...]
    date: str | None
    alt_dates: tuple[str | None, ...]
    places: tuple[str, ...]
    actors: tuple[str, ...]
    opponents: tuple[str, ...]
    status: str
    quote: str
    # Accepted but not required: not counted as missed, nor as false when found.
    optional: bool = False

    @property
    def types(self) -> frozenset[str]:
        return frozenset((self.type, *self.alt_types))

    @property
    def dates(self) -> tuple[str | None, ...]:
        return (self.date, *self.alt_dates)


@dataclass(frozen=True)
class GoldDocument:
    key: str
    events: tuple[GoldEvent, ...]
    # Headings whose spans bound the annotated text; empty means the whole document.
    scope_sections: tuple[str, ...] = ()
    # Page chrome (captions, menus, comments, related stories): events from it are errors.
    boilerplate: tuple[str, ...] = ()


@dataclass(frozen=True)
class SystemEvent:
    document: str
    index: int
    type: str
    status: str
    date: str | None
    places: tuple[str, ...]  # entity ids
    actors: tuple[str, ...]
    opponents: tuple[str, ...]
    sentence: str
    # Span of the supporting sentence in the cleaned text.
    start: int
    end: int


# --- loading ---------------------------------------------------------------------------------


def _date_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _snippets(path: Path, raw: object) -> tuple[str, ...]:
    """Boilerplate snippets, each a string (an unquoted "Photo: AFP" is YAML for a mapping)."""
    items = tuple(raw or ())  # type: ignore[arg-type]
    for item in items:
        if not isinstance(item, str):
            raise ValueError(f"{path}: boilerplate entry {item!r} is not a string: quote it")
    return items


def load_gold_file(path: Path) -> GoldDocument:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    key = str(data["document"])
    events = []
    for i, raw in enumerate(data.get("events") or []):
        status = raw.get("status", "occurred")
        if status not in STATUSES:
            raise ValueError(f"{path}: event {i}: unknown status {status!r}")
        events.append(
            GoldEvent(
                document=key,
                index=i,
                type=str(raw["type"]),
                alt_types=tuple(raw.get("alt_types") or ()),
                date=_date_text(raw.get("date")),
                alt_dates=tuple(_date_text(d) for d in raw.get("alt_dates") or ()),
                places=tuple(raw.get("places") or ()),
                actors=tuple(raw.get("actors") or ()),
                opponents=tuple(raw.get("opponents") or ()),
                status=status,
                quote=str(raw.get("quote") or ""),
                optional=bool(raw.get("optional", False)),
            )
        )
    scope = data.get("scope") or {}
    return GoldDocument(
        key=key,
        events=tuple(events),
        scope_sections=tuple(scope.get("sections") or ()),
        boilerplate=_snippets(path, data.get("boilerplate")),
    )


def load_gold(directory: Path) -> list[GoldDocument]:
    return [load_gold_file(p) for p in sorted(directory.glob("*.yaml"))]
