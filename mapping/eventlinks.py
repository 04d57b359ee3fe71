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


def sentence_places(events: Sequence[tuple[int, Event]]) -> list[Event]:
    """Events that name no place take the places of the nearest act of the sentence that does.

    "PMU forces captured al-Abbas, and thirty fighters were killed": the killing was at
    al-Abbas; "launched an offensive to recapture Hamam al-Alil": the offensive was there.
    """
    placed: dict[int, list[str]] = {}
    for at, e in events:
        if e.location_rule not in ("none", "sentence"):
            placed.setdefault(at, []).extend(e.locations)
    out: list[Event] = []
    for at, e in events:
        if not e.locations and placed:
            donor = min(placed, key=lambda p: (abs(p - at), p < at))
            e = replace(e, locations=tuple(dict.fromkeys(placed[donor])), location_rule="sentence")
        twin = next((o for o in out if _same_report(o, e)), None)
        if twin is not None:
            # "captured six villages ..., and seized control of several roads": one capture
            # the sentence tells twice, the second only placed by the first.
            merged = replace(twin, actors=tuple(dict.fromkeys((*twin.actors, *e.actors))))
            out[out.index(twin)] = merged
            continue
        out.append(score(e))
    return out


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
