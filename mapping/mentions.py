"""Entity mentions: gazetteer aliases plus places introduced by cue phrases.

Gazetteer matches win over cue-found names that overlap them. A cue-found name is first
looked up in the gazetteer by its spelling-insensitive key ("Hamam al-Alil" = "Hammam
al-'Alil"); only unknown names become new ``text-cue`` entities, whose id comes from that key
so that variant spellings share one entity across documents.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from conflictkg.mapping.confidence import mention_confidence
from conflictkg.mapping.cues import (
    CuePlace,
    PlaceCues,
    find_cue_places,
    in_organisation_name,
    load_place_cues,
)
from conflictkg.mapping.gazetteer import Gazetteer, name_key, slugify
from conflictkg.mapping.model import Entity, Mention, Sentence

# Classes a cue-found name may be inside (a district of a city, not a village of one).
_PARENT_CLASSES = ("City", "Town")
_CHILD_CLASSES = ("District", "Neighbourhood", "Landmark")
# Places an organisation may be named after ("al-Qaeda in Iraq", "Islamic State in Libya").
_ORGANISATION_SCOPES = ("Country", "Region")


@dataclass(frozen=True)
class MentionResult:
    mentions: tuple[Mention, ...]
    new_entities: dict[str, Entity]
    # New entities found only by a locative preposition: places only if geocoding places them.
    tentative: frozenset[str] = frozenset()


def _sentence_of(
    sentences: Sequence[Sentence], starts: list[int], start: int, end: int
) -> Sentence | None:
    """The sentence holding ``[start, end)`` (sentences are sorted and disjoint)."""
    i = bisect.bisect_right(starts, start) - 1
    if i >= 0 and end <= sentences[i].end:
        return sentences[i]
    return None


def _resolve_cue(cue: CuePlace, gazetteer: Gazetteer) -> str | None:
    """The gazetteer place a cue-found name is, if the class is compatible."""
    candidates = [f"{cue.name} {cue.cls.lower()}", cue.name]
    for name in candidates:
        eid = gazetteer.lookup_name(name)
        entity = gazetteer.get(eid) if eid else None
        if entity is None or entity.kind != "place":
            continue
        if cue.cls == "District" and entity.cls in _PARENT_CLASSES:
            continue  # "Qayyarah district" is not the town of Qayyarah
        return entity.id
    return None


def _new_id(cue: CuePlace, gazetteer: Gazetteer) -> str:
    slug = slugify(name_key(cue.name)) or slugify(cue.name)
    ident = f"place/{slug}"
    existing = gazetteer.get(ident)
    if existing is not None and existing.source != "text-cue":
        ident = f"place/{slug}-{cue.cls.lower()}"
    return ident


def _parent(
    cue: CuePlace,
    text: str,
    sentence: Sentence,
    places: list[Mention],
    gazetteer: Gazetteer,
    cues: PlaceCues,
) -> str | None:
    """The city or town the sentence puts a district/neighbourhood in, else None."""
    if cue.cls not in _CHILD_CLASSES:
        return None
    position = "|".join(re.escape(p) for p in cues.position)
    inside = "|".join(re.escape(p) for p in cues.inside)
    before = re.compile(rf"['’]s\s+(?:(?:{position})\s+)*$", re.IGNORECASE)
    after = re.compile(rf"^[^.;]{{0,60}}?\b(?:{inside})\s+(?:(?:{position})\s+)*$", re.IGNORECASE)
    for m in places:
        entity = gazetteer.get(m.entity_id)
        if entity is None or entity.cls not in _PARENT_CLASSES:
            continue
        if m.end <= cue.start and before.search(text[m.end : cue.start]):
            return m.entity_id
        if m.start >= cue.end and after.search(text[cue.end : m.start]):
            return m.entity_id
    return None


def resolve_homonym(
    text: str, start: int, end: int, eid: str, gazetteer: Gazetteer, cues: PlaceCues
) -> tuple[str, str]:
    """The place a shared name stands for here, and the rule that chose it ("" if unshared).

    A landmark cue just before the name ("the ruins of Nineveh") picks the landmark; otherwise
    the preferred class (``place_cues.yaml`` ``homonyms.prefer``) wins: bare "Nineveh" is the
    governorate, "Mosul" the city.
    """
    ids = gazetteer.homonyms(text[start:end])
    entities = [e for i in ids if (e := gazetteer.get(i)) is not None]
    if len(entities) < 2 or any(e.kind != "place" for e in entities):
        return eid, ""
    landmarks = [e for e in entities if e.cls == "Landmark"]
    before = text[max(0, start - 40) : start]
    if landmarks and cues.landmark_before and cues.landmark_before.search(before):
        return landmarks[0].id, "gazetteer:homonym/landmark_before"
    rank = {cls: i for i, cls in enumerate(cues.prefer)}
    best = min(entities, key=lambda e: (rank.get(e.cls, len(rank)), e.id != eid, e.id))
    return best.id, f"gazetteer:homonym/prefer {best.cls}"


def find_mentions(
    text: str,
    sentences: Sequence[Sentence],
    gazetteer: Gazetteer,
    doc_key: str = "",
    cues: PlaceCues | None = None,
) -> MentionResult:
    """Mentions in ``text`` (each inside one sentence) and the new entities cues found."""
    cues = cues or load_place_cues()
    mentions: list[Mention] = []
    starts = [s.start for s in sentences]
    for start, end, eid in gazetteer.find(text):
        sentence = _sentence_of(sentences, starts, start, end)
        if _organisation_place(text, start, eid, gazetteer, cues):
            continue  # "a former member of al-Qaeda in Iraq": no place of the story
        if sentence is not None:
            chosen, rule = resolve_homonym(text, start, end, eid, gazetteer, cues)
            mentions.append(
                Mention(
                    chosen,
                    sentence.index,
                    start,
                    end,
                    text[start:end],
                    rule=rule or "gazetteer",
                    confidence=mention_confidence("context" if rule else "gazetteer"),
                )
            )
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence_index, []).append(m)
    new: dict[str, Entity] = {}
    strong: set[str] = set()
    dropped: set[Mention] = set()
    for sentence in sentences:
        s_text = text[sentence.start : sentence.end]
        places = by_sentence.get(sentence.index, [])
        for local in find_cue_places(s_text, cues):
            cue = replace(local, start=local.start + sentence.start, end=local.end + sentence.start)
            overlaps = [m for m in places if m.start < cue.end and cue.start < m.end]
            if overlaps and not _contains_gazetteer_places(cue, overlaps, gazetteer):
                continue
            if cue.pattern == "historic" and not _names_a_city(overlaps, gazetteer):
                continue  # "the Old City" alone names no one place; "Old Mosul" does
            if _organisation_place(text, cue.start, _resolve_cue(cue, gazetteer), gazetteer, cues):
                continue  # "al-Qaeda in Iraq", found again by "in {NAMES}"
            dropped.update(overlaps)  # "Tal Afar military airbase" is the place, not Tal Afar
            places = [m for m in places if m not in overlaps]
            eid = _resolve_cue(cue, gazetteer)
            if eid is None:
                eid = _new_id(cue, gazetteer)
                parent = _parent(cue, text, sentence, places, gazetteer, cues) or _named_in(
                    cue, overlaps, gazetteer
                )
                known = new.get(eid)
                if known is None:
                    new[eid] = Entity(
                        id=eid,
                        kind="place",
                        cls=cue.cls,
                        label=cue.name,
                        parent=parent,
                        evidence=f"{doc_key}: {s_text[max(0, local.start - 40) : local.end + 20]}",
                        source="text-cue",
                        rule=f"place_cues.yaml:{cue.pattern}",
                        confidence=mention_confidence("place-cue"),
                    )
                elif known.parent is None and parent is not None:
                    new[eid] = replace(known, parent=parent)
                elif cue.name not in (known.label, *known.aliases):
                    new[eid] = replace(known, aliases=(*known.aliases, cue.name))
            if not cue.tentative:
                strong.add(eid)
            mention = Mention(
                eid,
                sentence.index,
                cue.start,
                cue.end,
                cue.name,
                rule=f"place_cues.yaml:{cue.pattern}",
                confidence=mention_confidence("place-cue"),
            )
            mentions.append(mention)
            places.append(mention)
    kept = sorted((m for m in mentions if m not in dropped), key=lambda m: (m.start, m.end))
    return MentionResult(tuple(kept), dict(sorted(new.items())), frozenset(new) - strong)


def _names_a_city(inside: Sequence[Mention], gazetteer: Gazetteer) -> bool:
    return bool(inside) and all(
        (e := gazetteer.get(m.entity_id)) is not None and e.cls in _PARENT_CLASSES for m in inside
    )


def _organisation_place(
    text: str, start: int, eid: str | None, gazetteer: Gazetteer, cues: PlaceCues
) -> bool:
    """A country or region that is part of an organisation's name ("al-Qaeda in Iraq"); a
    city after the same words is where the group is ("Islamic State in Mosul executed ...")."""
    entity = gazetteer.get(eid) if eid else None
    return (
        entity is not None
        and entity.kind == "place"
        and entity.cls in _ORGANISATION_SCOPES
        and in_organisation_name(text, start, cues)
    )


def _contains_gazetteer_places(
    cue: CuePlace, overlaps: Sequence[Mention], gazetteer: Gazetteer
) -> bool:
    """A cue-found name wins over the shorter gazetteer places it contains ("Tal Afar military
    airbase", "the Nineveh al-Sharqiya district"), never over other names or the same span."""
    if cue.tentative:
        return False
    return all(
        cue.start <= m.start
        and m.end <= cue.end
        and (m.end - m.start) < (cue.end - cue.start)
        and (e := gazetteer.get(m.entity_id)) is not None
        and e.kind == "place"
        for m in overlaps
    )


def _named_in(cue: CuePlace, inside: Sequence[Mention], gazetteer: Gazetteer) -> str | None:
    """The city or town a landmark's own name holds ("the Mosul bridge"): it stands near it."""
    if cue.cls != "Landmark":
        return None
    return next(
        (
            m.entity_id
            for m in inside
            if (e := gazetteer.get(m.entity_id)) is not None and e.cls in _PARENT_CLASSES
        ),
        None,
    )
