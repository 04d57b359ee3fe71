"""Where an act happened: the places after a trigger, one group per place the act concerns.

A sentence lists places ("retook al-Sirt, Bajwaniya and al-Hud, as well as the al-Shura
District") and situates them ("Bashiqa, northeast of Mosul"; "Ar-Rutbah in Anbar Province";
"Mosul's Zahra district"). The gold standard and analysts count one event per place acted on,
so listed places each head their own event while situating places are dropped (the gazetteer
already knows what contains what). The words used live in ``events.yaml`` ``place_lists``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from conflictkg.mapping.lexicon import alternation
from conflictkg.mapping.model import Mention
from conflictkg.paths import mapping_data


@dataclass(frozen=True)
class PlaceLists:
    coordination: re.Pattern[str]
    reference_end: re.Pattern[str]
    possessive: re.Pattern[str]
    # "the east Mosul districts of Saha and Adel": the place before it contains the list.
    container: re.Pattern[str] | None = None
    # Words after which the places named belong to the report's source (``attribution_stops``).
    attribution: re.Pattern[str] | None = None
    # ", including the neighborhoods of": the places after it are parts of the one before.
    inclusion: re.Pattern[str] | None = None
    # "..., as well as the": the next place continues the list whatever stood between.
    continuation: re.Pattern[str] | None = None
    # ", setting up base in": what follows goes on telling where the act took place.
    elaboration: re.Pattern[str] | None = None
    # "three districts of eastern Mosul: A, B and C": the list the plural noun's phrase opens.
    enumeration_before: re.Pattern[str] | None = None
    # "announced a large-scale operation to the north of Mosul, to retake X": an operation
    # situated by a reference point, then its purpose (``declared_aim``).
    declared_aim: re.Pattern[str] | None = None
    # "The southern neighborhoods of": a clause opening with a place noun and "of".
    noun_of: re.Pattern[str] | None = None
    # "six districts in Mosul": a count of parts of the place that then follows.
    counted: re.Pattern[str] | None = None
    # "four on the A front line and two on the B front": items of one list, a count each.
    parallel_before: re.Pattern[str] | None = None
    parallel_gap: re.Pattern[str] | None = None


@cache
def load_place_lists(path: Path | None = None) -> PlaceLists:
    data = yaml.safe_load((path or mapping_data("lexicons/events.yaml")).read_text("utf-8"))
    spec = data["place_lists"]
    words = [
        w
        for w in (*spec["coordinators"], *spec["place_nouns"], *spec.get("modifiers", []))
        if w != ","
    ]
    coord = alternation(words)
    positions = alternation(spec["positions"])
    refs = alternation(spec["reference_prepositions"])
    nouns = alternation(n for n in spec["place_nouns"] if n != "of")
    plurals = alternation(n for n in spec["place_nouns"] if n.endswith("s"))
    share = rf"\d+(?:\.\d+)?\s?(?:%|per\s?cent)\s+of|{alternation(spec.get('portions', []))}"
    count = rf"(?:\d+|{alternation(spec.get('counts', ['two']))})"
    # "four on the", "two in the northern": the count of one item of a distributed list
    item = (
        rf"(?<![\w-]){count}\s+(?:more\s+)?(?:(?-i:[a-z][\w-]*)\s+)?(?:more\s+)?"
        rf"(?:on|in|at|along|around|near)\s+(?:the\s+)?"
    )
    operations = (data.get("operation_purpose") or {}).get("nouns", [])
    return PlaceLists(
        declared_aim=(
            re.compile(
                rf"\W+(?:[\w-]+\W+){{0,4}}?(?:{alternation(operations)})\W+(?:[\w-]+\s+){{0,3}}?"
                rf"(?:(?:to\s+the\s+)?(?:{positions})(?:\s+and\s+(?:{positions}))?\s+of|{refs})"
                rf"\s+[^.;]*?,?\s*(?:to|in\s+order\s+to|aimed\s+at|aiming\s+to)\s+",
                re.IGNORECASE,
            )
            if operations
            else None
        ),
        coordination=re.compile(rf"(?:\s*(?:,|(?<![\w-])(?:{coord})(?![\w-])))+\s*", re.IGNORECASE),
        reference_end=re.compile(
            rf"(?<![\w-])(?:{refs})\s+(?:(?:{positions})\s+)*$", re.IGNORECASE
        ),
        # "Mosul's Zahra district", 'Mosul's "Freedom Bridge"': the place after is in it.
        possessive=re.compile(r"^['’]s?\s+[\"“]?(?:[\w-]+\s+){0,2}[\"“]?$"),
        # "the east Mosul districts of Saha", "two Mosul districts, Saha and Adel"
        container=re.compile(
            rf"\s+(?:(?:{nouns})\s+of\s+(?:the\s+)?|(?:{plurals})\s*(?:[,:]|\s[-–—])\s+)",
            re.IGNORECASE,
        ),
        attribution=(
            re.compile(rf"(?<![\w-])(?:{alternation(spec['attribution_stops'])})(?![\w-])", re.I)
            if spec.get("attribution_stops")
            else None
        ),
        inclusion=(
            re.compile(
                rf"\s*,?\s*(?<![\w-])(?:{alternation(spec['inclusions'])})"
                rf"(?:\s+(?:the|{nouns}|of|{share}|{positions}))*\s+",
                re.IGNORECASE,
            )
            if spec.get("inclusions")
            else None
        ),
        continuation=(
            re.compile(
                rf"(?<![\w-])(?:{alternation(spec['continuations'])})"
                rf"(?:\s+(?:the|{nouns}|of))*(?:\s+(?-i:[a-z][\w-]*)){{0,2}}\s+$",
                re.IGNORECASE,  # "as well as the adjacent Tal Nirgal area"
            )
            if spec.get("continuations")
            else None
        ),
        elaboration=(
            re.compile(rf",\s+(?:{alternation(spec['elaborations'])})(?![\w-])", re.IGNORECASE)
            if spec.get("elaborations")
            else None
        ),
        enumeration_before=re.compile(
            rf"(?<![\w-])(?:{plurals})\s+(?:of|in|around|near)\s+(?:the\s+)?(?:(?:{positions})\s+)*$",
            re.IGNORECASE,
        ),
        noun_of=re.compile(
            rf"[\s,;:]*(?:(?:and|while|but|whereas|as)\s+)?(?:the\s+)?(?:(?:{positions}|"
            rf"(?-i:[a-z][\w-]*))\s+){{0,2}}(?:{nouns})\s+of\s+(?:the\s+)?",
            re.IGNORECASE,
        ),
        counted=re.compile(
            rf"(?<![\w-]){count}\s+(?:[\w-]+\s+)?(?:{plurals})\s+(?:in|of|across)\s+(?:the\s+)?"
            rf"(?:(?:{positions})\s+)*$",
            re.IGNORECASE,
        ),
        parallel_before=re.compile(rf"{item}(?:(?:{positions})\s+)*$", re.IGNORECASE),
        parallel_gap=re.compile(
            rf"(?:\s+(?-i:[a-z][\w-]*)){{0,2}}\s*,?\s+(?:and|as\s+well\s+as|with)\s+{item}"
            rf"(?:(?:{positions})\s+)*",
            re.IGNORECASE,
        ),
    )


# A capitalised word right after a place name (or its "'s") that is no place noun continues a
# longer name: "Mosul Police Academy", "Iraq's Joint Operations Command".
_EMBEDDED = re.compile(
    r"(?:['’]s)?\s+(?!(?:District|Districts|Governorate|Province|City|Plain|Plains|Region|Area|Valley|"
    r"Old|Front|Axis|Operations)\b)(?-i:[A-Z])[\w'’-]+"
)
_FROM = re.compile(r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)
_TOWARD = re.compile(r"\b(?:toward|towards|to|into)\s+(?:the\s+)?$", re.IGNORECASE)
_LOCATED_NEAR = re.compile(r",?\s+(?:near|in|at|inside)\s+(?:the\s+)?$", re.IGNORECASE)
_BARE_OF = re.compile(r"\s+of\s+(?:the\s+)?", re.IGNORECASE)
_BARE_AND = re.compile(r"\s+(?:and|or)\s+(?:the\s+)?", re.IGNORECASE)
_ENUMERATION = re.compile(r"\s*(?::|\s[-–—])\s*")
_LOCATED_AT = re.compile(r"\b(?:in|at|inside)\s+(?:the\s+)?$", re.IGNORECASE)


def place_groups(
    text: str,
    trigger_end: int,
    places: Sequence[Mention],
    lists: PlaceLists | None = None,
    landmarks: frozenset[str] = frozenset(),
    settlements: Mapping[str, int] | None = None,
    parents: Mapping[str, str] | None = None,
) -> list[str]:
    """The places an act concerns (entity ids, in text order), qualifiers dropped.

    ``places`` are the place mentions after the trigger, in text order; ``landmarks`` are
    places that only orient a move ("up the bank of the Tigris toward the airport": a river),
    the place a direction then names wins over them; ``settlements`` rank cities and towns (1)
    and larger places (2, 3): the larger contains the part a singular place noun names ("the
    Zalbiya neighbourhood of Ramadi": Zalbiya; "the Arbil province town of Makhmur": Makhmur);
    ``parents`` maps places to the city they are part of.
    """
    lists = lists or load_place_lists()
    heads: list[Mention] = []
    reference: Mention | None = None
    # The first place only names part of a longer name ("the Mosul Police Academy
    # headquarters in Al-Qahira district"): a place a locative then gives is where it is.
    embedded = False
    previous_end = trigger_end
    for m in places:
        gap = text[previous_end : m.start]
        if lists.attribution is not None and lists.attribution.search(gap):
            break  # "..., according to Iraq's Joint Operations Command": the source's place
        if not heads and reference is None:
            embedded = _EMBEDDED.match(text, m.end) is not None
            if lists.reference_end.search(gap) or embedded or m.entity_id in landmarks:
                reference = m
            else:
                heads.append(m)
        elif not heads and reference.end == previous_end and _ENUMERATION.fullmatch(gap):
            heads.append(m)  # "four villages near Bashiqa - A and B": the villages are A, B
        elif not heads and reference.entity_id in landmarks and _TOWARD.search(gap):
            heads.append(m)  # "up the Tigris toward the airport": the airport
        elif not heads and embedded and (_LOCATED_AT.search(gap) or lists.possessive.match(gap)):
            heads.append(m)  # "in Al-Qahira district"; "Mosul's Zahra district": Zahra
        elif (
            (lists.possessive.match(gap) or _contains(lists, gap, heads[-1:], m, settlements or {}))
            and heads[-1:]
            and heads[-1].end == previous_end
        ):
            heads[-1] = m  # "Mosul's Zahra district", "Mosul districts of Saha": not Mosul
        elif (
            heads[-1:]
            and heads[-1].end == previous_end
            and _FROM.search(text, 0, heads[-1].start)
            and _TOWARD.fullmatch(gap.lstrip(", "))
        ):
            heads[-1] = m  # "advanced from Bashiqa toward Mosul": the move went to Mosul
        elif (
            heads[-1:]
            and heads[-1].end == previous_end
            and (parents or {}).get(m.entity_id) == heads[-1].entity_id
            and _LOCATED_NEAR.fullmatch(gap)
        ):
            heads[-1] = m  # "in the southeastern area of Mosul, near al-Salam": al-Salam
        elif heads[-1:] and heads[-1].end == previous_end and _BARE_OF.fullmatch(gap):
            pass  # "the Old Bridge of Mosul", "the Grand Mosque of the city": Mosul situates
        elif (
            heads[-1:]
            and heads[-1].end == previous_end
            and lists.container
            and lists.container.fullmatch(gap)
        ):
            pass  # "the Zalbiya neighbourhood of Ramadi": Ramadi only situates Zalbiya
        elif (
            lists.inclusion is not None
            and lists.inclusion.fullmatch(gap)
            and heads[-1:]
            and heads[-1].end == previous_end
        ):
            if lists.counted is not None and lists.counted.search(text, 0, heads[-1].start):
                heads.append(m)  # "six districts in Mosul, including al-Zahra": both told
            else:
                heads[-1] = m  # "areas in Mosul, including the neighborhoods of A, B": A and B
        elif (
            heads[-1:]
            and heads[-1].end == previous_end
            and _ENUMERATION.fullmatch(gap)
            and lists.enumeration_before is not None
            and lists.enumeration_before.search(text, 0, heads[-1].start)
        ):
            heads[-1] = m  # "three districts of eastern Mosul: A, B and C": A, B and C
        elif (
            heads[-1:]
            and heads[-1].end == previous_end
            and lists.parallel_gap is not None
            and lists.parallel_before is not None
            and lists.parallel_gap.fullmatch(gap)
            and lists.parallel_before.search(text, 0, heads[-1].start)
        ):
            heads.append(m)  # "four on the A front line and two on the B front": A and B
        elif (
            not heads
            and reference is not None
            and reference.end == previous_end
            and not embedded
            and reference.entity_id not in landmarks
            and lists.coordination.fullmatch(gap)
            and not (lists.inclusion is not None and lists.inclusion.fullmatch(gap))
        ):
            # "a plant north of Mosul, as well as the Arabi district": the reference places
            # the object the act took, and the list goes on from it
            heads.extend((reference, m))
        elif lists.coordination.fullmatch(gap) and (
            (heads[-1:] and heads[-1].end == previous_end)
            or not _BARE_AND.fullmatch(gap)
            or _parallel_situated(text, heads, m, places)
        ):
            # the list goes on from the place just listed, or past the place that situated it
            # ("struck Ar-Rutbah in Anbar, as well as Sinjar"); a bare "and" after a situating
            # place joins that place ("west of Tal Afar, ... between Mosul and Raqqa")
            heads.append(m)
        elif heads and lists.continuation is not None and lists.continuation.search(gap):
            heads.append(m)  # "the X district on the eastern front, as well as Y": Y too
        # anything else situates the place before it ("in Anbar Province", "south of Mosul")
        previous_end = m.end
    heads = _nearer(text, heads, places, settlements or {}, lists)
    if not heads and reference is not None:
        # "a counter-attack in the southeastern area of Mosul, near al-Salam": the part of the
        # reference the sentence then names is nearer to the act; else the reference itself
        parts = [
            m
            for m in places
            if m.start >= reference.end
            and (parents or {}).get(m.entity_id) == reference.entity_id
            and _LOCATED_NEAR.search(text, reference.end, m.start)
        ]
        heads.append(parts[0] if parts else reference)
    return list(dict.fromkeys(h.entity_id for h in heads))


def _nearer(
    text: str,
    heads: Sequence[Mention],
    places: Sequence[Mention],
    settlements: Mapping[str, int],
    lists: PlaceLists,
) -> list[Mention]:
    """A province, region or country the act concerns yields to a smaller place that an
    elaboration (``place_lists.elaborations``) then names for the same act ("deployed to the
    Kurdish region ..., setting up base in the Arbil province town of Makhmur": Makhmur;
    "struck targets in Iraq, hitting positions near Mosul": Mosul)."""
    large = [h for h in heads if settlements.get(h.entity_id, 0) >= 2]
    if not large:
        return list(heads)
    first = large[0]
    if lists.elaboration is None:
        return list(heads)
    match = lists.elaboration.search(text, first.end, places[-1].start if places else first.end)
    if match is None or any(first.end <= h.start < match.start() for h in heads if h is not first):
        return list(heads)
    gap_stop = lists.attribution
    for p in places:
        if p.start < match.end():
            continue
        if gap_stop is not None and gap_stop.search(text, match.end(), p.start):
            break
        if settlements.get(p.entity_id, 0) < settlements[first.entity_id]:
            return [p if h is first else h for h in heads if h is first or h.start < p.start]
    return list(heads)


_SITUATED_IN = re.compile(
    r"\s*,?\s+(?:in|near|outside|inside|around)\s+(?:the\s+)?"
    r"(?:(?:north|south|east|west|central)(?:ern)?\s+)?$",
    re.IGNORECASE,
)


def _parallel_situated(
    text: str, heads: Sequence[Mention], m: Mention, places: Sequence[Mention]
) -> bool:
    """Two items each situated by a place of its own ("struck Ar-Rutbah in western Anbar and
    Sinjar in Nineveh"): the "and" joins the items, not the first one's situating place."""
    if not heads:
        return False
    after = [p for p in places if p.start >= m.end]
    following = [p for p in places if p.start >= heads[-1].end]
    return bool(
        after
        and following
        and _SITUATED_IN.fullmatch(text, m.end, after[0].start)
        and _SITUATED_IN.fullmatch(text, heads[-1].end, following[0].start)
    )


def _contains(
    lists: PlaceLists,
    gap: str,
    before: Sequence[Mention],
    after: Mention,
    settlements: Mapping[str, int],
) -> bool:
    """Whether the place before a "<place noun> of" contains the place after it.

    A plural noun heads a list of parts ("the three east Mosul districts of Saha, Adel"); a
    singular one names a part of the place after it unless the place before is the settlement
    ("the Zalbiya neighbourhood of Ramadi" happened in Zalbiya).
    """
    if lists.container is None or not before or not lists.container.fullmatch(gap):
        return False
    noun = gap.split()[0].lower()
    if noun.endswith("s"):
        return True
    return settlements.get(before[0].entity_id, 0) >= settlements.get(after.entity_id, 0)


def named_by_place_noun(text: str, place: Mention, floor: int) -> bool:
    """A place that a place noun's "of" opening its clause names ("The southern neighborhoods
    of Qudes and Karama remained under ISIL control"): the head of the clause's subject."""
    spec = load_place_lists()
    return spec.noun_of is not None and spec.noun_of.fullmatch(text, floor, place.start) is not None


# "the highway between Mosul and Kirkuk", "the area between Tal Afar and western Mosul".
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.IGNORECASE)
_AND = re.compile(r"\s+and\s+(?:the\s+)?(?:[\w-]+\s+)?", re.IGNORECASE)


def between_pair(text: str, trigger_end: int, places: Sequence[Mention]) -> tuple[str, str] | None:
    """The two places of a "between A and B" right after the trigger: one thing lying between
    them (a road, an area), so one act at both, not one act at each."""
    if len(places) < 2:
        return None
    first, second = places[0], places[1]
    if _BETWEEN.search(text[trigger_end : first.start]) and _AND.fullmatch(
        text[first.end : second.start]
    ):
        return first.entity_id, second.entity_id
    return None


# A place before the trigger locates the event only after a locative preposition.
_LOCATIVE = re.compile(
    r"\b(?:in|at|near|around|outside|inside|into|on|of)\s+(?:the\s+)?"
    r"(?:(?:north|south|east|west|central|old)(?:ern)?\s+)?(?:[\w'’]+\s+)?$",
    re.IGNORECASE,  # "In Karama, troops advanced", "In eastern Mosul's Zahra district, ..."
)
# The words between a place and one that situates it ("al-Zerai area in Mosul").
_SITUATES = re.compile(
    r"(?:\s+(?:area|district|neighbou?rhood|region|village|town|quarter))?,?\s+(?:in|of)\s+"
    r"(?:the\s+)?(?:(?:north|south|east|west|central|old)(?:ern)?\s+)?",
    re.IGNORECASE,
)


def place_before(
    text: str, places: Sequence[Mention], start: int, trigger_start: int
) -> tuple[str, ...]:
    """The place a locative puts before the trigger ("In Karama, troops advanced").

    A place that only situates another ("in the Khazir region, east of Mosul"; "an airstrike
    in al-Zerai area in Mosul") yields to it.
    """
    reference = load_place_lists().reference_end
    ends = {p.end for p in places}
    before = [
        (
            p.entity_id,
            bool(reference.search(text[max(start, p.start - 30) : p.start]))
            or any(_SITUATES.fullmatch(text, e, p.start) for e in ends if start <= e <= p.start),
        )
        for p in places
        if start <= p.start < trigger_start
        and _LOCATIVE.search(text[max(start, p.start - 30) : p.start])
    ]
    located = [eid for eid, situates in before if not situates] or [eid for eid, _ in before]
    if not located:
        return ()
    # "advanced in the Sumer and Sahiroun districts, capturing those districts": the places
    # listed with the locative one are located too
    last = next(
        p for p in reversed(places) if p.entity_id == located[-1] and p.start < trigger_start
    )
    listed = [last]
    lists = load_place_lists()
    for p in places:
        if last.end <= p.start < trigger_start and lists.coordination.fullmatch(
            text, listed[-1].end, p.start
        ):
            listed.append(p)
    return tuple(dict.fromkeys(p.entity_id for p in listed))
