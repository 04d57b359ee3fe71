"""Units the gazetteer lacks, found from cues, and generic force nouns with a nationality.

Both are read from ``lexicons/units.yaml``:

* cue-found units ("the 15th Division", "the Imam Ali Brigades", "forces loyal to X") become
  new entities (``source`` ``text-cue``); an ordinal formation takes its parent from a unit
  named just before it with "'s" ("the Iraqi Army's 15th Division") or just after it with
  "of the"; its id then includes the parent's, so the 15th Division of two armies differ.
* "Iraqi troops", "Turkish soldiers": a mention of that state's force, with the lower
  ``nationality`` confidence. "Kurdish forces" depends on the document's country.

Gazetteer mentions win over anything found here that overlaps them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from conflictkg.mapping.confidence import mention_confidence
from conflictkg.mapping.gazetteer import Gazetteer, slugify
from conflictkg.mapping.model import Entity, Mention, Sentence
from conflictkg.paths import mapping_data

_ORDINAL_WORDS = (
    "First Second Third Fourth Fifth Sixth Seventh Eighth Ninth Tenth Eleventh Twelfth "
    "Thirteenth Fourteenth Fifteenth Sixteenth Seventeenth Eighteenth Nineteenth Twentieth"
)
_ORDINAL = rf"(?-i:\d{{1,3}}(?:st|nd|rd|th)|{'|'.join(_ORDINAL_WORDS.split())})"
_WORD = r"[A-Z][\w'’]*(?:-[\w'’]+)*"
_NAME = rf"(?-i:(?:(?:al|el)-)?{_WORD}(?:\s+(?:(?:al|el)-)?{_WORD}){{0,3}})"


@dataclass(frozen=True)
class UnitLexicon:
    cues: tuple[tuple[re.Pattern[str], str, str], ...]
    name_stopwords: frozenset[str]
    parent_after: tuple[str, ...]
    nationality: re.Pattern[str]
    adjectives: dict[str, Any]


@cache
def load_unit_lexicon(path: Path | None = None) -> UnitLexicon:
    data = yaml.safe_load((path or mapping_data("lexicons/units.yaml")).read_text("utf-8"))
    cues = []
    for cue in data["cues"]:
        body = cue["pattern"].replace("{ORDINAL}", _ORDINAL).replace("{NAME}", f"(?P<name>{_NAME})")
        regex = re.compile(rf"(?<![\w-]){body}(?![\w])", re.IGNORECASE)
        cues.append((regex, cue["cls"], cue["pattern"]))
    adjectives = dict(data["nationality"]["adjectives"])
    nouns = "|".join(re.escape(n) for n in data["nationality"]["nouns"])
    adj = "|".join(re.escape(a) for a in sorted(adjectives, key=lambda a: (-len(a), a)))
    nationality = re.compile(
        rf"(?<![\w.])(?P<adj>(?-i:{adj}))\s+(?:[a-z][\w-]*\s+)?(?:{nouns})(?![\w])", re.IGNORECASE
    )
    return UnitLexicon(
        cues=tuple(cues),
        name_stopwords=frozenset(w.lower() for w in str(data["name_stopwords"]).split()),
        parent_after=tuple(data.get("parent_after", [])),
        nationality=nationality,
        adjectives=adjectives,
    )


@dataclass(frozen=True)
class UnitResult:
    mentions: tuple[Mention, ...]
    new_entities: dict[str, Entity]


def _overlaps(start: int, end: int, taken: Sequence[Mention]) -> bool:
    return any(m.start < end and start < m.end for m in taken)


def _parent(text: str, start: int, end: int, units: Sequence[Mention]) -> str | None:
    for m in units:
        if m.end <= start and re.fullmatch(r"['’]s\s+(?:[A-Z]\w+\s+)?", text[m.end : start]):
            return m.entity_id
        if m.start >= end and re.fullmatch(r",?\s+of\s+(?:the\s+)?", text[end : m.start]):
            return m.entity_id
    return None


def find_units(
    text: str,
    sentences: Sequence[Sentence],
    gazetteer: Gazetteer,
    taken: Sequence[Mention],
    country: str | None,
    doc_key: str = "",
    lex: UnitLexicon | None = None,
) -> UnitResult:
    """Unit mentions from cues and nationality nouns that no existing mention overlaps."""
    lex = lex or load_unit_lexicon()
    mentions: list[Mention] = []
    new: dict[str, Entity] = {}
    by_sentence: dict[int, list[Mention]] = {}
    for m in taken:
        by_sentence.setdefault(m.sentence_index, []).append(m)
    for sentence in sentences:
        local = text[sentence.start : sentence.end]
        existing = by_sentence.get(sentence.index, [])
        units = [
            m
            for m in existing
            if (e := gazetteer.get(m.entity_id)) is not None and e.kind == "unit"
        ]
        for pattern, cls, raw in lex.cues:
            for hit in pattern.finditer(local):
                start, end = sentence.start + hit.start(), sentence.start + hit.end()
                name = text[start:end]
                named = hit.groupdict().get("name")
                if named and named.split()[0].lower() in lex.name_stopwords:
                    continue
                if _overlaps(start, end, existing) or _overlaps(start, end, mentions):
                    continue
                parent = _parent(text, start, end, units)
                slug = slugify(name)
                eid = f"{parent}-{slug}" if parent else f"unit/{slug}"
                if (known := gazetteer.get(eid)) is not None and known.source != "text-cue":
                    eid = f"{eid}-text"
                new.setdefault(
                    eid,
                    Entity(
                        id=eid,
                        kind="unit",
                        cls=cls,
                        label=name,
                        parent=parent,
                        evidence=f"{doc_key}: {local[max(0, hit.start() - 40) : hit.end() + 20]}",
                        source="text-cue",
                        rule=f"units.yaml:{raw}",
                        confidence=mention_confidence("unit-cue"),
                    ),
                )
                mentions.append(
                    Mention(
                        eid,
                        sentence.index,
                        start,
                        end,
                        text[start:end],
                        rule=f"units.yaml:{raw}",
                        confidence=mention_confidence("unit-cue"),
                    )
                )
        for hit in lex.nationality.finditer(local):
            start, end = sentence.start + hit.start(), sentence.start + hit.end()
            if _overlaps(start, end, existing) or _overlaps(start, end, mentions):
                continue
            target = lex.adjectives.get(hit["adj"])
            if isinstance(target, dict):
                target = target.get(country or "")
            if not target or gazetteer.get(str(target)) is None:
                continue
            mentions.append(
                Mention(
                    str(target),
                    sentence.index,
                    start,
                    end,
                    text[start:end],
                    rule=f"units.yaml:nationality/{hit['adj']}",
                    confidence=mention_confidence("nationality"),
                )
            )
    return UnitResult(tuple(sorted(mentions, key=lambda m: m.start)), dict(sorted(new.items())))


def document_country(mentions: Sequence[Mention], gazetteer: Gazetteer) -> str | None:
    """ "iq" or "sy": the country most of the document's named places lie in."""
    counts = {"iq": 0, "sy": 0}
    for m in mentions:
        chain = [m.entity_id, *gazetteer.ancestors(m.entity_id)]
        if "place/iraq" in chain:
            counts["iq"] += 1
        elif "place/syria" in chain:
            counts["sy"] += 1
    if counts["iq"] == counts["sy"]:
        return None
    return "iq" if counts["iq"] > counts["sy"] else "sy"
