"""How the events of one sentence, and of nearby sentences, bear on each other.

Run after ``events`` has read each clause: "the attacks were repelled" is the attack already
told, not another; two adjacent triggers of one type that tell one act ("destroyed or
disabled", "Airstrikes by X targeted") are one event; an act that names no place takes the
place of the nearest act of its sentence that does (and is one event with a same-type act
it would only repeat); a later sentence that tells "the attack" repelled fails the attack
reported before. Nothing here adds an event or joins facts from unrelated sentences.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from conflictkg.mapping.confidence import event_confidence
from conflictkg.mapping.eventplaces import load_place_lists
from conflictkg.mapping.model import Event

# A noun trigger that names an act already told: "the attack", "ISIL's attack", "this assault".
_DEFINITE_NOUN = re.compile(
    r"(?:\b(?:the|this|that|these|those|its|their)\s+|['’]s\s+)(?:[\w-]+\s+)?$", re.IGNORECASE
)


def score(event: Event) -> Event:
    """The event with the confidence its rules give it (``lexicons/confidence.yaml``)."""
    return replace(
        event,
        confidence=event_confidence(
            noun="/nouns/" in event.rule,
            actor_rule=event.actor_rule,
            location_rule=event.location_rule,
            date_basis=event.date.basis if event.date else None,
            status=event.status,
        ),
    )


def anaphora(text: str, events: Sequence[tuple[int, Event]]) -> list[tuple[int, Event]]:
    """ "ISIL attacked X, though the attacks were repelled": "the attacks" is the attack
    already told, not another; its status and opposing force go to that event."""
    out: list[tuple[int, Event]] = []
    for at, e in events:
        earlier = [i for i, (a, prior) in enumerate(out) if prior.type == e.type and a < at]
        if "/nouns/" in e.rule and earlier and _DEFINITE_NOUN.search(text[max(0, at - 30) : at]):
            for i in earlier:
                a, prior = out[i]
                if e.status != "occurred":
                    prior = replace(prior, status=e.status, status_rule=e.status_rule)
                opponents = tuple(dict.fromkeys((*prior.opponents, *e.opponents)))
                out[i] = (a, replace(prior, opponents=opponents))
            continue
        out.append((at, e))
    return out


# Between two same-type triggers, what makes the second the same act told again:
# "destroyed or disabled 20 vehicles" (bare coordination), "began ..., with shelling" (means).
_BARE_COORDINATION = re.compile(r"\s*,?\s*(?:(?:and|or|and/or)\s+)?(?:then\s+)?", re.IGNORECASE)
_MEANS = re.compile(r"\bwith\s+(?:[\w-]+\s+){0,1}$", re.IGNORECASE)
# Words that open another statement between a noun and a verb ("Clashes broke out as ...").
_SUBORDINATE = re.compile(
    r"\b(?:as|while|when|after|before|because|since|and|but|or|which|that|who)\b|[;:]",
    re.IGNORECASE,
)


def one_act(
    text: str, events: Sequence[tuple[int, Event]], verb_hint: re.Pattern[str] | None
) -> list[tuple[int, Event]]:
    """Two adjacent triggers of one type, status and clause that tell one act are one event.

    "destroyed or disabled 20 vehicles" (coordinated with nothing between), "Airstrikes by the
    coalition targeted ISIL positions" (the noun is the subject of the verb), "the assault
    began ..., with shelling" (the second is the means of the first). The actors, opposing
    forces and places of both are kept.
    """
    groups: list[list[tuple[int, Event]]] = []
    for at, e in events:
        if groups and groups[-1][0][0] == at:
            groups[-1].append((at, e))
        else:
            groups.append([(at, e)])
    out: list[list[tuple[int, Event]]] = []
    for group in groups:
        if out and _tells_again(text, out[-1][0], group[0], verb_hint):
            out[-1] = _joined(out[-1], group)
        else:
            out.append(group)
    return [pair for group in out for pair in group]


def _tells_again(
    text: str,
    first: tuple[int, Event],
    second: tuple[int, Event],
    verb_hint: re.Pattern[str] | None,
) -> bool:
    (a, e), (b, f) = first, second
    if (e.type, e.status, e.start) != (f.type, f.status, f.start) or "/nouns/" in f.rule:
        return False
    gap = text[a + len(e.trigger) : b]
    if _BARE_COORDINATION.fullmatch(gap) or _MEANS.search(gap):
        return True
    # A noun subject of the verb: "Airstrikes by the U.S.-led coalition targeted".
    return (
        "/nouns/" in e.rule
        and len(gap.split()) <= 6
        and not _SUBORDINATE.search(gap)
        and not (verb_hint is not None and verb_hint.search(gap))
    )


def _joined(
    first: list[tuple[int, Event]], second: list[tuple[int, Event]]
) -> list[tuple[int, Event]]:
    """One act from two tellings: the placed one keeps its events, the other adds its parties."""
    keep, other = first, second
    if all(not e.locations for _, e in first) and any(e.locations for _, e in second):
        keep, other = second, first
    actors = tuple(a for _, e in other for a in e.actors)
    opponents = tuple(o for _, e in other for o in e.opponents)
    rule = next((e.actor_rule for _, e in other if e.actors), "none")
    joined = []
    for at, e in keep:
        both = tuple(dict.fromkeys((*e.actors, *actors)))
        opposing = tuple(dict.fromkeys((*e.opponents, *opponents)))
        e = replace(
            e,
            actors=tuple(a for a in both if a not in opposing),
            opponents=opposing,
            actor_rule=e.actor_rule if e.actors else rule,
        )
        joined.append((at, e))
    return joined


# After a trigger, an object counted as more ground than already told ("the PMU also captured
# two more villages", "seized another four villages") is another act, not the same told again.
_MORE_GROUND = re.compile(
    r"\W*(?:[\w-]+\s+){0,2}?(?:(?:\d+|[a-z]+)\s+(?:more|other|additional|further)|another|"
    r"more)\b",
    re.IGNORECASE,
)


# What opens a clause telling another force's act ("..., while the CTS advanced in X").
_OWN_CLAUSE = re.compile(r",\s*(?:while|whereas|as|and)\s|;", re.IGNORECASE)


# Acts told by a count ("killing 40 militants"): one figure, so one event wherever it falls.
_COUNTED = frozenset({"Killing", "Destruction", "Surrender"})


def sentence_places(events: Sequence[tuple[int, Event]], text: str = "") -> list[Event]:
    """Events that name no place take the places of the act before them that names one, else
    of the nearest after.

    "PMU forces captured al-Abbas, and thirty fighters were killed": the killing was at
    al-Abbas; "stormed Qaraqosh ... and fought with ISIL fighters who remained holed up, while
    also nearing Hammam al-'Alil": the fighting was at Qaraqosh, though the later clause is
    nearer; "thirty fighters were killed as PMU forces captured al-Abbas": nothing before.
    """
    placed: dict[int, list[str]] = {}
    sides: dict[int, set[str]] = {}
    ends: dict[str, int] = {}  # the end of the quote of the act at each place
    for at, e in events:
        if e.location_rule not in ("none", "sentence"):
            placed.setdefault(at, []).extend(e.locations)
            sides.setdefault(at, set()).update(e.actors)
            ends.update((p, e.end) for p in e.locations if len(e.locations) == 1)
    out: list[Event] = []
    for at, e in events:
        # "the PMU also captured two more villages": other ground than the act before, so
        # neither its place nor the same act told again
        more = (
            bool(text)
            and not e.locations
            and _MORE_GROUND.match(text, at + len(e.trigger), e.end) is not None
        )
        # "X entered half a dozen districts, while the CTS advanced in A and B": another
        # force's act, told in a clause of its own, is no donor
        donors = [
            p
            for p in placed
            if not (
                e.actors
                and sides[p]
                and not sides[p] & set(e.actors)
                and _OWN_CLAUSE.search(text, min(p, at), max(p, at))
            )
        ]
        if not e.locations and donors and not more:
            # "stormed Qaraqosh, and fought with ISIL fighters ..., while also nearing X": the
            # fighting is the storming told again, placed by it first
            kin = [p for p in donors if any(a == p and _kin(o, e) for a, o in events)]
            donor = min(kin or donors, key=lambda p: (p > at, abs(p - at)))
            given = tuple(dict.fromkeys(placed[donor]))
            if e.type not in _COUNTED and len(given) > 1 and all(p in ends for p in given):
                # "ISIL attacked CTS troops advancing towards A and B": an attack at each, like
                # the advance (a count, "killing 40 militants", stays one event)
                out.extend(
                    score(replace(e, locations=(p,), location_rule="sentence", end=ends[p]))
                    for p in given
                )
                continue
            e = replace(e, locations=given, location_rule="sentence")
        twin = None if more else next((o for o in out if _same_report(o, e)), None)
        if twin is not None:
            # "captured six villages ..., and seized control of several roads": one capture
            # the sentence tells twice, the second only placed by the first.
            merged = replace(twin, actors=tuple(dict.fromkeys((*twin.actors, *e.actors))))
            out[out.index(twin)] = merged
            continue
        out.append(score(e))
    return _declared_aims(text, out, ends)


def _declared_aims(text: str, events: list[Event], ends: dict[str, int]) -> list[Event]:
    """A declared operation situated only by a reference point is where its purpose aims ("The
    Peshmerga announced a large-scale operation to the north and northeast of Mosul, to retake
    the towns of Tesqopa and Bashiqa": a declaration at each town, not at Mosul)."""
    aim = load_place_lists().declared_aim
    out: list[Event] = []
    for e in events:
        purpose = _purpose(text, e, events, aim) if aim is not None and text else None
        if purpose is None:
            out.append(e)
            continue
        places = [p for f in events if (f.trigger, f.status) == purpose for p in f.locations]
        out.extend(
            score(replace(e, locations=(p,), end=ends.get(p, e.end), location_rule="purpose"))
            for p in dict.fromkeys(places)
        )
    return out


def _purpose(
    text: str, e: Event, events: Sequence[Event], aim: re.Pattern[str]
) -> tuple[str, str] | None:
    """The planned act (trigger, status) a declaration's operation is for, if any."""
    at = text.find(e.trigger, e.start, e.end)
    if e.type != "Declaration" or e.location_rule != "after-trigger" or at < 0:
        return None
    for f in events:
        f_at = text.find(f.trigger, at + len(e.trigger), e.end)
        if (
            f.status == "planned"
            and f.locations
            and f_at > at
            and aim.fullmatch(text, at + len(e.trigger), f_at)
        ):
            return f.trigger, f.status
    return None


def _kin(placed: Event, other: Event) -> bool:
    """A placed act that a placeless one of its sentence may tell again: same type and
    status, and actors that do not differ."""
    return (
        placed.type == other.type
        and placed.status == other.status
        and (not placed.actors or not other.actors or bool(set(placed.actors) & set(other.actors)))
    )


def _same_report(a: Event, b: Event) -> bool:
    """Two events of one sentence that say the same: same type, status and places, one of
    them placed only by the other (or neither placed), and actors that do not differ."""
    return (
        a.type == b.type
        and a.status == b.status
        and a.locations == b.locations
        # placed only by the other, or neither placed at all ("the first phase of retaking
        # the eastern shores ..., with CTS forces capturing 40 districts": one capture)
        and ("sentence" in (a.location_rule, b.location_rule) or not a.locations)
        and (not a.actors or not b.actors or bool(set(a.actors) & set(b.actors)))
    )


def revise_statuses(text: str, events: Sequence[Event], window: int = 3) -> list[Event]:
    """A later sentence that tells an attack already reported failed ("The attack was
    repelled by the PMU"; "ISIL's attack on Kirkuk had been repelled") fails that attack: the
    nearest earlier occurred Attack within ``window`` sentences, at the same place (or the
    later one names none) and by actors that do not differ. No event is added or joined; a
    telling that names no place of its own ("The attack was repelled by the PMU") is that
    attack told again, no new one, and is dropped."""
    out = list(events)
    told: list[Event] = []
    for e in events:
        if e.type != "Attack" or e.status != "failed" or "/nouns/" not in e.rule:
            continue
        at = text.find(e.trigger, e.start, e.end)
        if at < 0 or not _DEFINITE_NOUN.search(text[max(0, at - 30) : at]):
            continue
        for j in range(len(out) - 1, -1, -1):
            prior = out[j]
            gap = e.sentence_index - prior.sentence_index
            if gap <= 0:
                continue
            if gap > window:
                break
            same_place = not e.locations or bool(set(e.locations) & set(prior.locations))
            same_side = not e.actors or not prior.actors or bool(set(e.actors) & set(prior.actors))
            if prior.type == "Attack" and prior.status == "occurred" and same_place and same_side:
                rule = f"{e.status_rule} (told in sentence {e.sentence_index})"
                # the side that repelled it is the attack's opposing force
                against = [o for o in e.opponents if o not in prior.actors]
                opponents = tuple(dict.fromkeys([*prior.opponents, *against]))
                out[j] = score(
                    replace(prior, status="failed", status_rule=rule, opponents=opponents)
                )
                if e.location_rule in ("none", "sentence"):
                    told.append(e)
                break
    return [e for e in out if not any(e is t for t in told)]
