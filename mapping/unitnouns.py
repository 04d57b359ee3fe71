"""Bare nouns read as units (``units.py`` uses these): "army units", "coalition airstrikes",
"the army" (the force the noun names in the document's country, ``units.yaml`` ``generic``)
and "the militants", "the group" (the one armed group the document names, ``group_nouns``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from conflictkg.mapping.confidence import mention_confidence
from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.model import Mention, Sentence

if TYPE_CHECKING:
    from conflictkg.mapping.units import UnitLexicon


def overlaps(start: int, end: int, taken: Sequence[Mention]) -> bool:
    return any(m.start < end and start < m.end for m in taken)


def country_value(pairs: tuple[tuple[str, str], ...], country: str | None) -> str | None:
    return dict(pairs).get(country or "")


def generic_mentions(
    text: str,
    sentence: Sentence,
    existing: Sequence[Mention],
    found: Sequence[Mention],
    gazetteer: Gazetteer,
    country: str | None,
    lex: UnitLexicon,
) -> list[Mention]:
    """ "army units", "coalition airstrikes": the force the noun names in the document's
    country. Only after an opener ("the", "by") or at the start of the sentence: another word
    before it makes it part of a name or a modifier ("Mahdi Army", "the government coalition");
    "of" after it makes it a name too ("the Army of the Men of the Naqshbandi Order")."""
    if lex.generic is None:
        return []
    out: list[Mention] = []
    local = text[sentence.start : sentence.end]
    for hit in lex.generic.finditer(local):
        start, end = sentence.start + hit.start(), sentence.start + hit.end()
        before = re.search(r"([\w.'’-]+|[,;:(])\s*$", local[: hit.start()])
        if before and before[1] not in lex.generic_openers:
            continue
        if re.match(r"\s+of\b", local[hit.end() :]):
            continue
        if overlaps(start, end, existing) or overlaps(start, end, [*found, *out]):
            continue
        target = country_value(dict(lex.generic_targets).get(hit["word"].lower(), ()), country)
        if not target or gazetteer.get(target) is None:
            continue
        rule = f"units.yaml:generic/{hit['word'].lower()}"
        out.append(
            Mention(
                target,
                sentence.index,
                start,
                end,
                text[start:end],
                rule=rule,
                confidence=mention_confidence("nationality"),
            )
        )
    return out


def group_noun_mentions(
    text: str,
    sentences: Sequence[Sentence],
    found: Sequence[Mention],
    gazetteer: Gazetteer,
    lex: UnitLexicon,
) -> list[Mention]:
    """ "the militants", "jihadists": the one armed group the document names (ISIL in a
    Mosul report), read as a reference to it. A document naming two groups or none gets
    nothing: the noun could be either. A unit named just before ("ISIL militants") already
    says who."""
    if lex.group_nouns is None:
        return []
    groups = {
        m.entity_id
        for m in found
        if (e := gazetteer.get(m.entity_id)) is not None and e.cls in lex.group_classes
    }
    if len(groups) != 1:
        return []
    (group,) = groups
    out: list[Mention] = []
    for sentence in sentences:
        local = text[sentence.start : sentence.end]
        for hit in lex.group_nouns.finditer(local):
            start, end = sentence.start + hit.start(), sentence.start + hit.end()
            if (
                overlaps(start, end, found)
                or any(re.fullmatch(r"\s*", text[m.end : start]) for m in found if m.end <= start)
                # "the group of villages" is no reference ("terrorists of ISIS" still is)
                or (hit["word"].lower().endswith("group") and re.match(r"\s+of\b", text[end:]))
            ):
                continue
            out.append(
                Mention(
                    group,
                    sentence.index,
                    start,
                    end,
                    text[start:end],
                    rule=f"units.yaml:group/{hit['word'].lower()}",
                    confidence=mention_confidence("group-noun"),
                )
            )
    return out


def yielded(taken: Sequence[Mention], found: Sequence[Mention], lex: UnitLexicon) -> list[Mention]:
    """The mentions found, without the bare nouns that yield to a force the document names
    ("the army" of a report that names the Turkish army may be that one)."""
    named = {m.entity_id for m in [*taken, *found]}
    return [
        m
        for m in found
        if not m.rule.startswith("units.yaml:generic/")
        or not (lex.generic_yields.get(m.rule.rsplit("/", 1)[-1], frozenset()) & named)
    ]


def formation_references(
    text: str, sentences: Sequence[Sentence], found: Sequence[Mention], lex: UnitLexicon
) -> list[Mention]:
    """ "the division", "the brigade": the last unit named before it, within the sentence or
    the two before, whose name ends in that noun ("The 9th Division entered X. The division
    then captured Y"); never "the division of X" nor a noun no such unit precedes."""
    if lex.formation_reference is None:
        return []
    named = sorted(found, key=lambda m: m.start)
    out: list[Mention] = []
    for sentence in sentences:
        local = text[sentence.start : sentence.end]
        for hit in lex.formation_reference.finditer(local):
            start, end = sentence.start + hit.start("noun"), sentence.start + hit.end()
            if overlaps(start, end, found) or re.match(r"\s+of\b", text[end:]):
                continue
            noun = hit["noun"].lower()
            earlier = [
                m
                for m in named
                if m.end <= start
                and sentence.index - 2 <= m.sentence_index
                and m.text.lower().endswith((noun, f"{noun}s"))
            ]
            if earlier:
                out.append(
                    Mention(
                        earlier[-1].entity_id,
                        sentence.index,
                        start,
                        end,
                        text[start:end],
                        rule=f"units.yaml:reference/{noun}",
                        confidence=mention_confidence("group-noun"),
                    )
                )
    return out
