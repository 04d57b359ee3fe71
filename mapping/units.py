"""Units the gazetteer lacks, found from cues, and generic force nouns with a nationality.

Both are read from ``lexicons/units.yaml``:

* cue-found units ("the 15th Division", "the Imam Ali Brigades", "forces loyal to X") become
  new entities (``source`` ``text-cue``); an ordinal formation takes its parent from a unit
  named just before it with "'s" ("the Iraqi Army's 15th Division") or just after it with
  "of the"; its id then includes the parent's, so the 15th Division of two armies differ.
* "Iraqi troops", "Turkish soldiers": a mention of that state's force, with the lower
  ``nationality`` confidence. "Kurdish forces" depends on the document's country; a country
  name used as the adjective ("U.S. Special Forces") is the force, not the place.
* "the army", "army units", "coalition airstrikes": a bare force noun (``generic``, read in
  ``unitnouns.py``) read as the force it names in the document's country (``unitcountry.py``),
  with the ``nationality`` confidence.

Gazetteer mentions win over anything found here that overlaps them, except that a cue marked
``over_places`` names a unit after a place ("Raqqa Hawks Brigade", "Misrata brigades",
"Manbij Military Council"): the place mentions inside it are then no places.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from conflictkg.mapping.confidence import mention_confidence
from conflictkg.mapping.gazetteer import Gazetteer, slugify
from conflictkg.mapping.model import Entity, Mention, Sentence
from conflictkg.mapping.unitnouns import (
    country_value,
    formation_references,
    generic_mentions,
    group_noun_mentions,
    overlaps,
    yielded,
)
from conflictkg.paths import mapping_data

_ORDINAL_WORDS = (
    "First Second Third Fourth Fifth Sixth Seventh Eighth Ninth Tenth Eleventh Twelfth "
    "Thirteenth Fourteenth Fifteenth Sixteenth Seventeenth Eighteenth Nineteenth Twentieth"
)
_ORDINAL = rf"(?-i:\d{{1,3}}(?:st|nd|rd|th)|{'|'.join(_ORDINAL_WORDS.split())})"
_WORD = r"[A-Z][\w'’]*(?:-[\w'’]+)*"
_NAME = rf"(?-i:(?:(?:al|el)-)?{_WORD}(?:\s+(?:(?:al|el)-)?{_WORD}){{0,3}})"


@dataclass(frozen=True)
class UnitCue:
    regex: re.Pattern[str]
    cls: str
    raw: str
    # The unit is named after a place: place mentions inside the match give way to it.
    over_places: bool = False
    # The parent force by the document's country ("iq", "sy"), when the lexicon knows it.
    parent: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class UnitLexicon:
    cues: tuple[UnitCue, ...]
    name_stopwords: frozenset[str]
    parent_after: tuple[str, ...]
    nationality: re.Pattern[str]
    adjectives: dict[str, Any]
    # A nationality before an act noun ("Russian airstrikes"): the mention is the adjective.
    nationality_act: re.Pattern[str] | None = None
    # Bare force nouns ("the army", "coalition") and the force each names per country.
    generic: re.Pattern[str] | None = None
    generic_targets: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    # The words that may stand just before a bare force noun ("by coalition airstrikes").
    generic_openers: frozenset[str] = frozenset()
    # A bare noun left unread when the document names one of these forces ("the army").
    generic_yields: dict[str, frozenset[str]] = field(default_factory=dict)
    # Bare nouns for the armed group a document is about ("the militants"), and its classes.
    group_nouns: re.Pattern[str] | None = None
    group_classes: frozenset[str] = frozenset()
    # "the division", "the brigade": the last unit so named before (``formation_references``).
    formation_reference: re.Pattern[str] | None = None
    # Forces that fight only in their own country: unit id -> "iq" / "sy".
    home_forces: dict[str, str] = field(default_factory=dict)


def _by_country(value: Any) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((str(k), str(v)) for k, v in dict(value or {}).items()))


@cache
def load_unit_lexicon(path: Path | None = None) -> UnitLexicon:
    data = yaml.safe_load((path or mapping_data("lexicons/units.yaml")).read_text("utf-8"))
    cues = []
    for cue in data["cues"]:
        body = cue["pattern"].replace("{ORDINAL}", _ORDINAL).replace("{NAME}", f"(?P<name>{_NAME})")
        regex = re.compile(rf"(?<![\w-]){body}(?![\w])", re.IGNORECASE)
        over = bool(cue.get("over_places", False))
        cues.append(
            UnitCue(regex, cue["cls"], cue["pattern"], over, _by_country(cue.get("parent")))
        )
    adjectives = dict(data["nationality"]["adjectives"])
    nouns = "|".join(re.escape(n) for n in data["nationality"]["nouns"])
    adj = "|".join(re.escape(a) for a in sorted(adjectives, key=lambda a: (-len(a), a)))
    nationality = re.compile(
        rf"(?<![\w.])(?P<adj>(?-i:{adj}))\s+(?:[a-z][\w-]*\s+)?(?:{nouns})(?![\w])", re.IGNORECASE
    )
    acts = "|".join(re.escape(n) for n in data["nationality"].get("act_nouns", []))
    # The adjective alone is the mention before an act noun, and before another nationality
    # that shares the noun ("Iraqi and Kurdish forces": "Iraqi" names the Iraqi forces).
    shared = rf"\s*(?:,|and|or)\s+(?-i:{adj})\s+(?:[a-z][\w-]*\s+)?(?:{nouns}|{acts or nouns})"
    nationality_act = re.compile(
        rf"(?<![\w.])(?P<adj>(?-i:{adj}))"
        rf"(?=(?:\s+(?:[a-z][\w-]*\s+)?(?:{acts or nouns})|{shared})(?![\w]))",
        re.IGNORECASE,
    )
    generic = dict(data.get("generic", {}).get("nouns", {}))
    words = "|".join(re.escape(w) for w in sorted(generic, key=lambda w: (-len(w), w)))
    return UnitLexicon(
        cues=tuple(cues),
        name_stopwords=frozenset(w.lower() for w in str(data["name_stopwords"]).split()),
        parent_after=tuple(data.get("parent_after", [])),
        nationality=nationality,
        adjectives=adjectives,
        nationality_act=nationality_act,
        generic=re.compile(rf"(?<![\w.-])(?P<word>{words})(?![\w-])", re.IGNORECASE)
        if words
        else None,
        generic_targets=tuple((w.lower(), _by_country(t)) for w, t in generic.items()),
        generic_openers=frozenset(str(w) for w in data.get("generic", {}).get("openers", [])),
        generic_yields={
            str(w).lower(): frozenset(ids)
            for w, ids in (data.get("generic", {}).get("yields_to") or {}).items()
        },
        group_nouns=re.compile(
            rf"(?<![\w-])(?P<word>{'|'.join(map(re.escape, group['nouns']))})(?![\w-])",
            re.IGNORECASE,
        )
        if (group := data.get("group_nouns"))
        else None,
        group_classes=frozenset(data.get("group_nouns", {}).get("classes", [])),
        formation_reference=re.compile(
            rf"(?<![\w-])(?-i:[Tt]he)\s+(?P<noun>(?-i:{'|'.join(map(re.escape, refs))}))(?![\w-])"
        )
        if (refs := data.get("formation_references"))
        else None,
        home_forces={
            str(unit): str(country)
            for country, units in (data.get("home_forces") or {}).items()
            for unit in units
        },
    )


@dataclass(frozen=True)
class UnitResult:
    mentions: tuple[Mention, ...]
    new_entities: dict[str, Entity]
    # Place mentions a unit's name covered ("Raqqa" in "Raqqa Hawks Brigade"): no places.
    displaced: tuple[Mention, ...] = ()


def _overlapping(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """Matches that may overlap after their adjective: "US-backed Iraqi troops" in Iraq names
    no force of its own, and "Iraqi troops" inside it still does."""
    out: list[re.Match[str]] = []
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        out.append(m)
        pos = m.end("adj")
    return out


def _known_unit(name: str, gazetteer: Gazetteer) -> str | None:
    """A known unit a cue-found name spells another way ("-isation" for "-ization")."""
    for variant in {name, re.sub(r"isation\b", "ization", name)}:
        eid = gazetteer.lookup_name(variant)
        if eid is not None and (e := gazetteer.get(eid)) is not None and e.kind == "unit":
            return eid
    return None


def _parent(text: str, start: int, end: int, units: Sequence[Mention]) -> str | None:
    for m in units:
        if m.end <= start and re.fullmatch(r"['’]s\s+(?:[A-Z]\w+\s+)?", text[m.end : start]):
            return m.entity_id
        if m.start >= end and re.fullmatch(r",?\s+of\s+(?:the\s+)?", text[end : m.start]):
            return m.entity_id
    return None


def _is_place(m: Mention, gazetteer: Gazetteer) -> bool:
    # Mentions the gazetteer lacks were found by place cues: places too.
    entity = gazetteer.get(m.entity_id)
    return entity is None or entity.kind == "place"


def _named_hit(
    pattern: re.Pattern[str], local: str, hit: re.Match[str], lex: UnitLexicon
) -> re.Match[str] | None:
    """The match with leading stop words dropped ("The Imam Ali Brigades" -> "Imam Ali
    Brigades"); None when no name is left or the name is only a nationality ("Iraqi
    Brigade", "Shiite militias": the nationality rule reads these)."""
    while hit is not None and (named := hit.groupdict().get("name")):
        first = named.split()[0]
        if first in lex.adjectives:
            # "Iraqi Joint Operations Command": a proper name that opens with a nationality
            return hit if " " in named else None
        if first.lower() not in lex.name_stopwords:
            return hit
        if " " not in named:
            return None
        hit = pattern.match(local, hit.start("name") + len(first) + 1)
    return hit


def find_units(
    text: str,
    sentences: Sequence[Sentence],
    gazetteer: Gazetteer,
    taken: Sequence[Mention],
    country: str | None,
    doc_key: str = "",
    lex: UnitLexicon | None = None,
) -> UnitResult:
    """Unit mentions from cues, nationality and generic force nouns that no existing mention
    overlaps (a cue ``over_places`` may cover place mentions, which it displaces)."""
    lex = lex or load_unit_lexicon()
    mentions: list[Mention] = []
    displaced: list[Mention] = []
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
        for cue in lex.cues:
            for found in cue.regex.finditer(local):
                hit = _named_hit(cue.regex, local, found, lex)
                first = hit[0].split()[0] if hit is not None else ""
                if hit is None or (first.endswith(("'s", "’s")) and first in lex.adjectives):
                    continue  # "Assad's forces": a possessive the nationality rule reads
                start, end = sentence.start + hit.start(), sentence.start + hit.end()
                if overlaps(start, end, mentions):
                    continue
                covered = [m for m in existing if m.start < end and start < m.end]
                if covered and not (
                    cue.over_places
                    and all(
                        start <= m.start and m.end <= end and _is_place(m, gazetteer)
                        for m in covered
                    )
                ):
                    continue
                displaced.extend(covered)
                name = text[start:end]
                parent = _parent(text, start, end, units) or country_value(cue.parent, country)
                slug = slugify(name)
                eid = f"{parent}-{slug}" if parent else f"unit/{slug}"
                if (known := gazetteer.get(eid)) is not None and known.source != "text-cue":
                    eid = f"{eid}-text"
                if spelled := _known_unit(name, gazetteer):
                    eid = spelled  # "Popular Mobilisation Forces": a known unit's other spelling
                if not spelled:
                    context = local[max(0, hit.start() - 40) : hit.end() + 20]
                    new.setdefault(
                        eid,
                        Entity(
                            id=eid,
                            kind="unit",
                            cls=cue.cls,
                            label=name,
                            parent=parent,
                            evidence=f"{doc_key}: {context}",
                            source="text-cue",
                            rule=f"units.yaml:{cue.raw}",
                            confidence=mention_confidence("unit-cue"),
                        ),
                    )
                mentions.append(
                    Mention(
                        eid,
                        sentence.index,
                        start,
                        end,
                        name,
                        rule=f"units.yaml:{cue.raw}",
                        confidence=mention_confidence("unit-cue"),
                    )
                )
        hits = [(h, h.end()) for h in _overlapping(lex.nationality, local)]
        if lex.nationality_act is not None:
            # "Russian airstrikes": the adjective alone names who struck; the noun is the act
            hits += [(h, h.end("adj")) for h in lex.nationality_act.finditer(local)]
        for hit, stop in hits:
            start, end = sentence.start + hit.start(), sentence.start + stop
            # A country name as the adjective ("U.S. Special Forces"), or inside it ("US" in
            # "US-backed fighters"): the force, not the place.
            adjective = [
                m
                for m in existing
                if m.start == start
                and m.end <= sentence.start + hit.end("adj")
                and _is_place(m, gazetteer)
            ]
            others = [m for m in existing if m not in adjective]
            if overlaps(start, end, others) or overlaps(start, end, mentions):
                continue
            target = lex.adjectives.get(hit["adj"])
            if isinstance(target, dict):
                target = target.get(country or "")
            if not target or gazetteer.get(str(target)) is None:
                continue
            displaced.extend(adjective)
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
        mentions.extend(
            generic_mentions(text, sentence, existing, mentions, gazetteer, country, lex)
        )
    mentions = yielded(taken, mentions, lex)
    mentions.extend(group_noun_mentions(text, sentences, [*taken, *mentions], gazetteer, lex))
    mentions.extend(formation_references(text, sentences, [*taken, *mentions], lex))
    mentions, owned = _with_owners(text, taken, mentions, gazetteer, new)
    return UnitResult(
        tuple(sorted(mentions, key=lambda m: m.start)),
        dict(sorted(new.items())),
        tuple([*displaced, *owned]),
    )


def _with_owners(
    text: str,
    taken: Sequence[Mention],
    found: list[Mention],
    gazetteer: Gazetteer,
    new: dict[str, Entity],
) -> tuple[list[Mention], list[Mention]]:
    """ "the Iraqi Army's 9th Division": one mention of the division, its name as written with
    the owner it belongs to. Returns the unit mentions found here (merged ones added) and the
    existing mentions the merge replaces."""

    def chain(eid: str) -> list[str]:
        out: list[str] = []
        parent = (new[eid].parent if eid in new else None) or next(
            iter(gazetteer.ancestors(eid)), None
        )
        while parent and parent not in out:
            out.append(parent)
            parent = (new[parent].parent if parent in new else None) or next(
                iter(gazetteer.ancestors(parent)), None
            )
        return out

    def is_unit(m: Mention) -> bool:
        entity = new.get(m.entity_id) or gazetteer.get(m.entity_id)
        return entity is not None and entity.kind == "unit"

    units = sorted([*(m for m in taken if is_unit(m)), *found], key=lambda m: m.start)
    merged: list[Mention] = []
    replaced: list[Mention] = []
    for owner, child in itertools.pairwise(units):
        if (
            owner in replaced
            or not re.fullmatch(r"['’]s\s+", text[owner.end : child.start])
            or owner.entity_id not in chain(child.entity_id)
        ):
            continue
        replaced.extend((owner, child))
        merged.append(replace(child, start=owner.start, text=text[owner.start : child.end]))
    kept = [m for m in found if m not in replaced]
    return [*kept, *merged], [m for m in replaced if m not in found]
