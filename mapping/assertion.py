"""Which triggers a sentence asserts as new acts (``events.yaml`` ``background``).

A trigger can name an act without reporting it: a relative clause or participle that
describes ground ("the districts they had captured", "the neighborhoods retaken by Iraqi
forces"), the operation a declaration is about ("declared the beginning of the assault": the
declaration is the event), a movement into no ground ("entered a planned operational refit"),
the manner of the main verb ("launched the second phase, pushing into X": one Attack at X),
and a subordinate clause with no place of its own that only sets the scene ("casualties rose
as Iraqi forces advanced in the city"). Supporting acts with a place of their own stay events.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from conflictkg.mapping.lexicon import EventLexicon
from conflictkg.mapping.lexicon_background import Background
from conflictkg.mapping.model import Event, Mention

if TYPE_CHECKING:
    from conflictkg.mapping.triggers import Clause, Trigger

# How far back a relative clause or a declaration is looked for before a trigger.
_LOOKBACK = 100
# Between a main verb and its manner participle: its object, then a comma or "by".
_MANNER_GAP = re.compile(r"[^;:()]*?(?:,\s*|\bby\s+)", re.IGNORECASE)
# A determiner that makes a noun trigger name an act already told ("the attack", "its assault").
_DEFINITE = re.compile(r"\b(?:the|this|that|its|their)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
# A participle of a past act ("retaken", "captured", "taken over"), not an -ing form.
_PAST_PARTICIPLE = re.compile(r"[a-z]+(?:ed|en|ook|ept|ught)\b", re.IGNORECASE)


def asserted(
    text: str, clause: Clause, triggers: list[Trigger], lex: EventLexicon
) -> list[Trigger]:
    """The clause's triggers without those that only describe, declare or qualify."""
    bg = lex.background
    if bg is None:
        return triggers
    out: list[Trigger] = []
    for trig in triggers:
        before = text[max(0, trig.start - _LOOKBACK) : trig.start]
        if _describes_ground(text, trig, before, bg):
            continue  # "the districts they had captured": the ground, not a new act
        if bg.approximation.search(before):
            continue  # "were almost in complete control of": not done
        if trig.noun and bg.declared.search(text[clause.start : trig.start]):
            continue  # "declared the beginning of the assault": the declaration is the act
        if trig.noun and _ended(text, trig, before, lex):
            continue  # "The attack on Kirkuk was brought to an end": an act told before is over
        if trig.type == "Advance" and not trig.noun and bg.non_ground.match(text, trig.end):
            continue  # "entered a planned operational refit": no ground entered
        if trig.type == "Advance" and bg.origin_only and bg.origin_only.match(text, trig.end):
            continue  # "Iraqi forces advanced from the south": a direction, no ground
        if _unchanged_distance(trig, before, bg):
            continue  # "was still several kilometres away from X": no closer
        if out and _manner(text, out[-1], trig, bg, lex):
            continue  # "launched the second phase, pushing into X": the attack's manner
        if out and _aim(text, out[-1], trig):
            continue  # "moved closer to taking control of X": the advance's aim, no act
        if out and _casualty_setting(text, out[-1], trig, bg, lex):
            continue  # "50 fighters were killed in clashes": where they died, no new act
        out.append(trig)
    return out


def _describes_ground(text: str, trig: Trigger, before: str, bg: Background) -> bool:
    """A relative clause or reduced participle about a ground noun ("the neighborhoods
    retaken by Iraqi forces", "30 districts that had been captured")."""
    if trig.noun or trig.text.lower().endswith("ing"):
        return False
    if bg.relative.search(before):
        return True
    first = trig.text.split()[0]
    return (
        _PAST_PARTICIPLE.fullmatch(first) is not None
        and bg.reduced.search(before) is not None
        and bg.reduced_after.match(text, trig.end) is not None
    )


def _aim(text: str, main: Trigger, trig: Trigger) -> bool:
    """``trig`` right after a trigger that ends in "to" ("moved closer to", "came within
    reach of"... "to"): what the act moves toward, not an act of its own."""
    return (
        not main.noun
        and main.text.lower().endswith(" to")
        and re.fullmatch(r"\s*(?:\w+ly\s+)?", text[main.end : trig.start]) is not None
    )


# A distance trigger: "km from", "kilometres away from", "miles from".
_DISTANCE = re.compile(r"\b(?:km|kilomet\w+|miles?|mi)\b", re.IGNORECASE)


def _unchanged_distance(trig: Trigger, before: str, bg: Background) -> bool:
    """A distance told as unchanged ("was still several kilometres away from X")."""
    return (
        trig.type == "Advance"
        and bg.unchanged is not None
        and _DISTANCE.search(trig.text) is not None
        and bg.unchanged.search(before) is not None
    )


def _absolute(text: str, at: int, e: Event, lex: EventLexicon) -> bool:
    """A noun trigger in an absolute phrase, "with" before it (up to two words between) and a
    state after it ("..., with heavy clashes still ongoing in 4 districts"): the circumstances
    of the main statement. Dropped as an event, not as a trigger, so that the act before it
    keeps its own places."""
    bg = lex.background
    if bg is None or bg.ongoing is None or "/nouns/" not in e.rule:
        return False
    before = text[max(e.start, at - 40) : at]
    if re.search(r"\bwith\s+(?:[\w-]+\s+){0,2}$", before, re.IGNORECASE) is None:
        return False
    gap = re.compile(r"\s*").match(text, at + len(e.trigger))
    return gap is not None and bg.ongoing.match(text, gap.end()) is not None


def _ended(text: str, trig: Trigger, before: str, lex: EventLexicon) -> bool:
    """A definite noun trigger whose act is over ("The attack on X was brought to an end"),
    unless it failed ("ended in failure": a status of the act told before)."""
    bg = lex.background
    if bg is None or bg.ended is None or not _DEFINITE.search(before):
        return False
    failed = lex.failed_after_noun
    return bg.ended.match(text, trig.end) is not None and not (
        failed is not None and failed.match(text, trig.end)
    )


def _casualty_setting(
    text: str, act: Trigger, trig: Trigger, bg: Background, lex: EventLexicon
) -> bool:
    """``trig`` is an attack noun right after a killing or destruction and "in"/"during" (no
    article, no verb between): the fighting the casualties happened in."""
    if not trig.noun or trig.type != "Attack" or act.type not in bg.casualty_acts:
        return False
    gap = text[act.end : trig.start]
    if bg.casualty_setting is None or not bg.casualty_setting.search(gap):
        return False
    return re.search(r"[;:]", gap) is None and not (
        lex.verb_hint is not None and lex.verb_hint.search(gap)
    )


def _manner(text: str, main: Trigger, trig: Trigger, bg: Background, lex: EventLexicon) -> bool:
    """``trig`` is an -ing participle of a type ``main``'s type takes as manner, joined to it
    by its object and a comma or "by", with no other verb between."""
    if main.noun or trig.noun or trig.type not in bg.manner_of.get(main.type, frozenset()):
        return False
    if not trig.text.split()[0].lower().endswith("ing"):
        return False
    gap = text[main.end : trig.start]
    if not _MANNER_GAP.fullmatch(gap):
        return False
    return lex.verb_hint is None or not lex.verb_hint.search(gap)


def asserted_events(
    text: str,
    events: Sequence[tuple[int, Event]],
    places: Sequence[Mention],
    lex: EventLexicon,
) -> list[tuple[int, Event]]:
    """The clause events a sentence asserts: scene-setting clauses dropped, an act and its
    means told as one."""
    told = gains_told(by_means(text, scene_setting(text, events, places, lex), lex), lex)
    return [
        (at, e)
        for at, e in told
        if not (_tally(text, at, e, lex) or _absolute(text, at, e, lex) or _trend(text, at, e, lex))
    ]


def _trend(text: str, at: int, e: Event, lex: EventLexicon) -> bool:
    """A plural act noun after a verb of change in how often ("ISIL increased its
    counter-attacks"), naming no place of its own: a trend, no particular act."""
    bg = lex.background
    if bg is None or bg.trend is None or "/nouns/" not in e.rule or e.location_rule != "none":
        return False
    return e.trigger.lower().endswith("s") and bg.trend.search(text[e.start : at]) is not None


_AUX = r"(?:(?:had|has|have|was|were|is|are|been|being|now|already|reportedly)\s+){1,3}$"
_ABOUT = r"\s+(?:(?:about|around|nearly|almost|some|over|roughly|approximately)\s+)?"


def _tally(text: str, at: int, e: Event, lex: EventLexicon) -> bool:
    """An act by no one named whose ground is a share of a place it does not name, as the
    passive's subject ("40% of the province had been retaken") or the object ("a third of
    the city was reported retaken"): a tally of control, no act. "Iraqi forces have taken
    back a quarter of the city" tells who did it: an act."""
    bg = lex.background
    if bg is None or bg.share is None or e.type not in bg.share_tallies:
        return False
    if e.location_rule != "none" or e.actors:
        return False
    share = bg.share.pattern
    after = text[at + len(e.trigger) : e.end]
    if re.match(_ABOUT + share, after, re.IGNORECASE):
        return True
    subject = rf"{share}\s+(?:[\w'’-]+\s+){{0,4}}?{_AUX}"
    return re.search(subject, text[e.start : at], re.IGNORECASE) is not None


# Where an event's place comes from when the trigger's own words name it.
_OWN_GROUND = frozenset({"after-trigger", "in-trigger", "subject"})


def gains_told(events: Sequence[tuple[int, Event]], lex: EventLexicon) -> list[tuple[int, Event]]:
    """Events without the advances (and the fighting) that name no ground of their own in a
    sentence whose same side captures or surrounds: "captured two villages and advanced ten
    kilometres" and "resumed fighting, surrounding Qaraqosh" tell one gain, and the movement
    or fighting that made it is no event of its own."""
    bg = lex.background
    if bg is None or not bg.gains_subsume_advance:
        return list(events)
    gains = [e for _, e in events if e.type in bg.gains_subsume_advance and e.status == "occurred"]

    def subsumed(e: Event) -> bool:
        fighting = e.type == "Attack" and bool(
            bg.gains_subsume_fighting & set(e.trigger.lower().split())
        )
        return (
            (e.type == "Advance" or fighting)
            and e.status == "occurred"
            and "/nouns/" not in e.rule
            and e.location_rule not in _OWN_GROUND
            and any(not g.actors or not e.actors or set(g.actors) & set(e.actors) for g in gains)
        )

    return [(at, e) for at, e in events if not subsumed(e)]


def scene_setting(
    text: str,
    events: Sequence[tuple[int, Event]],
    places: Sequence[Mention],
    lex: EventLexicon,
) -> list[tuple[int, Event]]:
    """Events without those whose trigger sits in a subordinate clause ("as Iraqi forces
    advanced in the city", "since ISF launched the operation in October") that names no
    place of its own: the clause sets the scene of another statement."""
    bg = lex.background
    if bg is None:
        return list(events)
    out = []
    for at, e in events:
        m = bg.scene.search(text[e.start : at])
        if m is not None and not _own(text, e.start + m.start(), at, e.end, places, bg):
            continue
        out.append((at, e))
    return out


def _own(
    text: str, opener: int, at: int, end: int, places: Sequence[Mention], bg: Background
) -> bool:
    """A place or a count named between a subordinate clause's opener and its end (a comma,
    a semicolon or the end of the clause)."""
    stop = re.search(r"[,;]", text[at:end])
    close = at + stop.start() if stop else end
    if bg.count.search(text[at:close]):
        return True
    return any(opener <= p.start < close for p in places)


# Before a means noun that follows its act: "in", "by" or "with", then up to three words.
_MEANS_AFTER = re.compile(r"\b(?:in|by|with)\s+(?:[\w.'’-]+\s+){0,3}$", re.IGNORECASE)


def by_means(
    text: str, events: Sequence[tuple[int, Event]], lex: EventLexicon
) -> list[tuple[int, Event]]:
    """An act whose means is a noun trigger of the clause ("destroyed in coalition
    airstrikes", "Iraqi Air Force airstrikes destroyed X") is told as that means: one event
    of the means' type, with the parties and places of both."""
    bg = lex.background
    if bg is None or not bg.means_of:
        return list(events)
    out = list(events)
    for b, means in events:
        kinds = bg.means_of.get(means.type, frozenset())
        if not kinds or "/nouns/" not in means.rule:
            continue
        acts = [(a, e) for a, e in out if e.type in kinds and e.start == means.start]
        acts = [(a, e) for a, e in acts if _is_means(text, a, e, b, means, lex)]
        if not acts:
            continue
        out = [pair for pair in out if all(pair[1] is not e for _, e in acts)]
        parties = [e for _, e in acts]
        opponents = _union(means.opponents, *(e.opponents for e in parties))
        actors = _union(means.actors, *(e.actors for e in parties))
        joined = replace(
            means,
            actors=tuple(a for a in actors if a not in opponents),
            opponents=opponents,
            actor_rule=means.actor_rule if means.actors else parties[0].actor_rule,
        )
        if not means.locations:
            joined = replace(
                joined,
                locations=_union(*(e.locations for e in parties)),
                location_rule=parties[0].location_rule,
            )
        out = [(a, joined if e is means else e) for a, e in out]
    return out


def _is_means(text: str, a: int, act: Event, b: int, means: Event, lex: EventLexicon) -> bool:
    """The means noun is the act's subject (right before it) or follows it after in/by/with."""
    if b < a:
        return not text[b + len(means.trigger) : a].strip()
    gap = text[a + len(act.trigger) : b]
    if lex.verb_hint is not None and lex.verb_hint.search(gap):
        return False
    return re.search(r"[;:]", gap) is None and _MEANS_AFTER.search(gap) is not None


def _union(*groups: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(x for g in groups for x in g))
