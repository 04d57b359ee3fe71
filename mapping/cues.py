"""Place names introduced by cue phrases ("the village of X", "the X and Y districts").

The cue phrases live in ``lexicons/place_cues.yaml``. This module only finds names; deciding
whether a name is already in the gazetteer is the caller's job (``mentions`` at run time,
``tools/derive_gazetteer.py`` when it looks names up in Who's On First).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from conflictkg.paths import mapping_data

_WORD = r"['’`]?[A-Z0-9][\w'’`]*(?:-[\w'’`]+)*"
_NAME = rf"(?-i:(?:(?:[Aa]l|[Ee]l)-)?{_WORD}(?:\s+(?:(?:al|el)-)?{_WORD}){{0,3}})"
_NAMES = rf"{_NAME}(?:,\s+{_NAME})*(?:,?\s+and\s+{_NAME})?"
_ONE_NAME = re.compile(_NAME)
# A name needs one word of letters ("Atibaa 1st" yes, "12" no).
_HAS_WORD = re.compile(r"[A-Za-z]{3,}")


@dataclass(frozen=True)
class CuePlace:
    """A name found by a cue: ``text[start:end] == name``; ``cls`` from the cue."""

    name: str
    cls: str
    start: int
    end: int
    # The place_cues.yaml pattern that found it.
    pattern: str = ""


@dataclass(frozen=True)
class PlaceCues:
    patterns: tuple[tuple[re.Pattern[str], str, str], ...]
    stopwords: frozenset[str]
    inside: tuple[str, ...]
    position: tuple[str, ...]
    not_place_words: frozenset[str] = frozenset()
    # Homonym resolution: landmark cue before the name, class preference order.
    landmark_before: re.Pattern[str] | None = None
    prefer: tuple[str, ...] = ()


@cache
def load_place_cues(path: Path | None = None) -> PlaceCues:
    data = yaml.safe_load((path or mapping_data("lexicons/place_cues.yaml")).read_text("utf-8"))
    homonyms = data.get("homonyms", {})
    patterns = []
    for cue in data["cues"]:
        body = cue["pattern"].replace("{NAMES}", f"(?P<names>{_NAMES})")
        body = body.replace("{NAME}", f"(?P<names>{_NAME})")
        regex = re.compile(rf"(?<![\w-]){body}(?![\w])", re.IGNORECASE)
        patterns.append((regex, cue["cls"], cue["pattern"]))
    return PlaceCues(
        patterns=tuple(patterns),
        stopwords=frozenset(data.get("stopwords", "").lower().split()),
        inside=tuple(data.get("inside", [])),
        position=tuple(data.get("position", [])),
        not_place_words=frozenset(w.lower() for w in data.get("not_place_words", [])),
        landmark_before=re.compile(
            r"\b(?:"
            + "|".join(re.escape(w) for w in homonyms.get("landmark_before", []))
            + r")\s+(?:the\s+)?$",
            re.IGNORECASE,
        ),
        prefer=tuple(homonyms.get("prefer", [])),
    )


def _strip_stopwords(name: str, stopwords: frozenset[str]) -> tuple[int, str]:
    """Drop leading stop words ("Later Karama" -> "Karama"); offset of what remains."""
    offset = 0
    words = name.split(" ")
    while words and words[0].lower() in stopwords:
        offset += len(words[0]) + 1
        words = words[1:]
    return offset, " ".join(words)


def find_cue_places(text: str, cues: PlaceCues | None = None) -> list[CuePlace]:
    """All cue-introduced names in ``text``, first cue wins on overlapping names."""
    cues = cues or load_place_cues()
    found: dict[tuple[int, int], CuePlace] = {}
    for pattern, cls, raw in cues.patterns:
        for m in pattern.finditer(text):
            base = m.start("names")
            for nm in _ONE_NAME.finditer(m.group("names")):
                offset, name = _strip_stopwords(nm.group(), cues.stopwords)
                if not _HAS_WORD.search(name) or name.lower() in cues.stopwords:
                    continue
                if any(w.lower() in cues.not_place_words for w in name.split()):
                    continue
                start = base + nm.start() + offset
                span = (start, start + len(name))
                if not any(s < span[1] and span[0] < e for s, e in found):
                    found[span] = CuePlace(name, cls, *span, pattern=raw)
    return sorted(found.values(), key=lambda c: c.start)
