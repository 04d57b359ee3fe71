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
from typing import TYPE_CHECKING

from conflictkg.mapping.lexicon import Background, EventLexicon
from conflictkg.mapping.model import Event, Mention

if TYPE_CHECKING:
    from conflictkg.mapping.triggers import Clause, Trigger

# How far back a relative clause or a declaration is looked for before a trigger.
_LOOKBACK = 100
# Between a main verb and its manner participle: its object, then a comma or "by".
_MANNER_GAP = re.compile(r"[^;:()]*?(?:,\s*|\bby\s+)", re.IGNORECASE)
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
        if trig.type == "Advance" and not trig.noun and bg.non_ground.match(text, trig.end):
            continue  # "entered a planned operational refit": no ground entered
        if out and _manner(text, out[-1], trig, bg, lex):
            continue  # "launched the second phase, pushing into X": the attack's manner
        if out and _aim(text, out[-1], trig):
            continue  # "moved closer to taking control of X": the advance's aim, no act
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
