"""Place names introduced by cue phrases ("the village of X", "the X and Y districts").

The cue phrases live in ``lexicons/place_cues.yaml``. This module only finds names; deciding
whether a name is already in the gazetteer is the caller's job (``mentions`` at run time,
``tools/derive_gazetteer.py`` when it looks names up in Who's On First).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import yaml

from conflictkg.paths import mapping_data

# An apostrophe may stand inside a name ("Ta'mim", "Hammam al-'Alil"), never a possessive
# "'s" ("Raqqa's Old City" is Raqqa's, not a name "Raqqa's Old").
_APOS = r"(?:[\w`]|['’](?!s\b))"
_WORD = rf"['’`]?[A-Z0-9]{_APOS}*(?:-{_APOS}+)*"
_NAME = rf"(?-i:(?:(?:[Aa]l|[Ee]l)-)?{_WORD}(?:\s+(?:(?:al|el)-)?{_WORD}){{0,3}})"
_NAMES = rf"{_NAME}(?:,\s+{_NAME})*(?:,?\s+and\s+{_NAME})?"
# A list of two or more names ("Zalbiya, Hazrani and Qurtaba"): a bare name alone after a
# comma is too often a source ("captured five villages, Reuters reported").
_LIST = rf"{_NAME}(?:,\s+{_NAME})*,?\s+(?:and|or)\s+{_NAME}"
_ONE_NAME = re.compile(_NAME)
# A name needs one word of letters ("Atibaa 1st" yes, "12" no).
_HAS_WORD = re.compile(r"[A-Za-z]{3,}")
_INDEFINITE = re.compile(
    r"(?<![\w-])(?:a|an|another|one|two|three|several|some)\s+$", re.IGNORECASE
)
_NUMBER = re.compile(r"\d+(?:st|nd|rd|th)?")


@dataclass(frozen=True)
class CuePlace:
    """A name found by a cue: ``text[start:end] == name``; ``cls`` from the cue."""

    name: str
    cls: str
    start: int
    end: int
    # The place_cues.yaml pattern that found it.
    pattern: str = ""
    # Found only by a locative preposition: a place only if Who's On First knows it nearby.
    tentative: bool = False


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
    # "{NAME} <landmark noun>": the whole phrase names a landmark of class ``landmark_cls``.
    landmark: re.Pattern[str] | None = None
    landmark_cls: str = "Landmark"
    # "Neighbourhood No. 3", "District 1": a numbered part of a city, named by the whole phrase.
    numbered: re.Pattern[str] | None = None
    numbered_cls: str = "Neighbourhood"
    # "<locative preposition> {NAMES}": tentative names of class ``locative_cls``.
    locative: re.Pattern[str] | None = None
    locative_cls: str = "Location"
    # "the Hadbaa apartment complex": a landmark noun of a place where people live; the name
    # alone is the place, of class ``residential_cls``.
    residential: re.Pattern[str] | None = None
    residential_cls: str = "Neighbourhood"
    # "Old Mosul": a word before a city's name that makes the phrase its historic quarter.
    historic: re.Pattern[str] | None = None
    historic_cls: str = "Neighbourhood"
    # "al-Qaeda in Iraq": a place right after these words is part of an organisation's name.
    organisation: re.Pattern[str] | None = None


def _cue_regex(pattern: str) -> re.Pattern[str]:
    body = pattern.replace("{LIST}", f"(?P<names>{_LIST})")
    body = body.replace("{NAMES}", f"(?P<names>{_NAMES})")
    body = body.replace("{NAME}", f"(?P<names>{_NAME})")
    return re.compile(rf"(?<![\w-]){body}(?![\w])", re.IGNORECASE)


def _landmark_regex(nouns: list[str]) -> re.Pattern[str] | None:
    if not nouns:
        return None
    words = "|".join(
        r"\s+".join(re.escape(w) for w in n.split()) for n in sorted(nouns, key=lambda n: -len(n))
    )
    # "the strategic No. 60 Street": a numbered name keeps its "No."
    return re.compile(
        rf"(?<![\w-])(?P<names>(?:(?-i:No)\.?\s*(?=\d))?{_NAME}\s+(?:{words}))(?![\w-])",
        re.IGNORECASE,
    )


def _numbered_regex(nouns: list[str]) -> re.Pattern[str] | None:
    if not nouns:
        return None
    words = "|".join(re.escape(n) for n in sorted(nouns, key=lambda n: -len(n)))
    return re.compile(rf"(?<![\w-])(?-i:{words})\s+(?:No\.?\s*)?\d+(?![\w-])")


@cache
def load_place_cues(path: Path | None = None) -> PlaceCues:
    data = yaml.safe_load((path or mapping_data("lexicons/place_cues.yaml")).read_text("utf-8"))
    homonyms = data.get("homonyms", {})
    patterns = [(_cue_regex(cue["pattern"]), cue["cls"], cue["pattern"]) for cue in data["cues"]]
    landmarks = data.get("landmarks", {})
    locatives = data.get("locatives", {})
    numbered = data.get("numbered", {})
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
        landmark=_landmark_regex(landmarks.get("nouns", [])),
        landmark_cls=landmarks.get("cls", "Landmark"),
        numbered=_numbered_regex(numbered.get("nouns", [])),
        numbered_cls=numbered.get("cls", "Neighbourhood"),
        locative=_cue_regex(locatives["pattern"]) if locatives.get("pattern") else None,
        locative_cls=locatives.get("cls", "Location"),
        organisation=_organisation_regex(data.get("organisation_names", [])),
        historic=(
            re.compile(
                rf"(?<![\w-])(?P<names>(?-i:{'|'.join(map(re.escape, hist['words']))})\s+{_NAME})",
                re.IGNORECASE,
            )
            if (hist := data.get("historic", {})).get("words")
            else None
        ),
        historic_cls=data.get("historic", {}).get("cls", "Neighbourhood"),
        residential=_suffix_regex(data.get("residential", {}).get("nouns", [])),
        residential_cls=data.get("residential", {}).get("cls", "Neighbourhood"),
    )


def _suffix_regex(nouns: list[str]) -> re.Pattern[str] | None:
    """One of ``nouns`` ending a name ("Hadbaa apartment complex")."""
    if not nouns:
        return None
    words = "|".join(
        r"\s+".join(re.escape(w) for w in n.split()) for n in sorted(nouns, key=lambda n: -len(n))
    )
    return re.compile(rf"\s+(?:{words})$", re.IGNORECASE)


def _organisation_regex(heads: list[str]) -> re.Pattern[str] | None:
    """Words that make the place right after them part of an organisation's name."""
    if not heads:
        return None
    words = "|".join(
        r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", h))
        for h in sorted(heads, key=lambda h: -len(h))
    )
    return re.compile(rf"(?<![\w-])(?:{words})\s+(?:the\s+)?$", re.IGNORECASE)


def in_organisation_name(text: str, start: int, cues: PlaceCues | None = None) -> bool:
    """Whether the place at ``start`` is part of an organisation's name ("al-Qaeda in Iraq")."""
    cues = cues or load_place_cues()
    return cues.organisation is not None and bool(
        cues.organisation.search(text, max(0, start - 60), start)
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
    """All cue-introduced names in ``text``; landmarks first, then cues in order, locatives
    last; the first to find a name wins on overlapping names."""
    cues = cues or load_place_cues()
    found: dict[tuple[int, int], CuePlace] = {}

    def add(
        name: str, start: int, cls: str, raw: str, tentative: bool = False, numbered: bool = False
    ) -> None:
        if not numbered and (
            not _HAS_WORD.search(name)
            or all(w.lower() in cues.stopwords or _NUMBER.fullmatch(w) for w in name.split())
        ):
            return  # "Tuesday", "23 November": a date, no place
        if any(w.lower() in cues.not_place_words for w in name.split()):
            return
        span = (start, start + len(name))
        if not any(s < span[1] and span[0] < e for s, e in found):
            found[span] = CuePlace(name, cls, *span, pattern=raw, tentative=tentative)

    if cues.landmark is not None:
        for m in cues.landmark.finditer(text):
            name = m.group("names")
            # "the Fifth Bridge", "Mosul's Fifth Bridge": the landmark is the Fifth Bridge.
            lead = re.match(r"(?:(?:the|a|an)\s+|.*['’]s\s+)", name, re.IGNORECASE)
            skip = lead.end() if lead else 0
            noun = name.split()[-1]
            if noun[0].islower() and _INDEFINITE.search(text, 0, m.start("names") + skip):
                continue  # "disabled a Mosul bridge": a bridge in Mosul, no name of its own
            head = re.sub(r"^(?:[Aa]l|[Ee]l)-", "", name[skip:])  # "al-Salam hospital"
            if not head[:1].isupper():
                continue  # "500 square kilometres" names nothing
            home = cues.residential.search(name, skip) if cues.residential else None
            if home is not None:  # "the Hadbaa apartment complex": the Hadbaa quarter
                add(
                    name[skip : home.start()],
                    m.start("names") + skip,
                    cues.residential_cls,
                    "residential",
                )
            else:
                add(name[skip:], m.start("names") + skip, cues.landmark_cls, "landmarks")
    if cues.historic is not None:
        for m in cues.historic.finditer(text):
            add(m.group("names"), m.start("names"), cues.historic_cls, "historic", numbered=True)
    if cues.numbered is not None:
        for m in cues.numbered.finditer(text):
            add(m.group(), m.start(), cues.numbered_cls, "numbered", numbered=True)
    patterns = [(p, cls, raw, False) for p, cls, raw in cues.patterns]
    if cues.locative is not None:
        patterns.append((cues.locative, cues.locative_cls, "locatives", True))
    for pattern, cls, raw, tentative in patterns:
        for m in pattern.finditer(text):
            base = m.start("names")
            spans = []
            for nm in _ONE_NAME.finditer(m.group("names")):
                offset, name = _strip_stopwords(nm.group(), cues.stopwords)
                start = base + nm.start() + offset
                add(name, start, cls, raw, tentative)
                spans.append((start, start + len(name)))
            listed = [found[s] for s in spans if s in found]
            if tentative and any(not c.tentative for c in listed):
                # "pushed into Zalbiya and Hazrani, north of Mosul": a name listed with a
                # place is a place too
                for c in listed:
                    found[(c.start, c.end)] = replace(c, tentative=False)
    return sorted(found.values(), key=lambda c: c.start)
