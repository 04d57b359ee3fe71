"""Events stated by one sentence, clause by clause.

Per clause: triggers from ``events.yaml``; the actor is the unit named as the clause subject
before the trigger (never a unit inside "from X"/"against X"; none for a passive without
"by X"); the opposing force comes from "from X"/"against X" or the object of the trigger;
locations are the place mentions of the clause, those after the trigger first. A repel verb
("the PMU repelled an ISIS attack") makes the attack the event, failed, with the repeller as
opposing force. Status cues come from ``status.yaml``. Nothing is assembled across sentences;
a pronoun subject ("They also stormed X") takes the actor of the previous sentence's last act.
How a sentence's events bear on each other, and on nearby sentences, is ``eventlinks.py``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from conflictkg.mapping.claimants import sentence_claimants
from conflictkg.mapping.dates import SentenceDates
from conflictkg.mapping.eventlinks import anaphora, one_act, sentence_places
from conflictkg.mapping.eventplaces import between_pair, place_before, place_groups
from conflictkg.mapping.eventstatus import clause_status
from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.lexicon import EventLexicon
from conflictkg.mapping.model import Event, EventStatus, Mention, Sentence
from conflictkg.mapping.triggers import Clause, Trigger, find_triggers, split_clauses

_WORD = re.compile(r"[\w'’-]+|[,;:()]")
# A pronoun subject just before the trigger ("They also stormed", "it later captured").
_PRONOUN = re.compile(r"\b(?:they|it)\s+(?:[a-z]+\s+){0,2}$", re.IGNORECASE)
# What may stand between "by" and the unit, and between the units of a "by X and Y" list.
_BY_FIRST = r"(?:the\s+)?(?:[\w.'’-]+\s+){0,2}"
_BY_NEXT = r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+as\s+well\s+as\s+)(?:the\s+)?(?:[\w.'’-]+\s+){0,1}"
# A name joined to a participle by a hyphen modifies a noun ("U.S.-led coalition").
_MODIFIER = re.compile(r"-(?:led|backed|based|held|controlled|run|allied|aligned|trained)\b")
# How much a place contains: "the Arbil province town of Makhmur" is in Makhmur.
_SETTLEMENTS = {"City": 1, "Town": 1, "Governorate": 2, "Country": 3}
# Acts done to a place: the place a passive or state names as its subject is the one acted on,
# whatever locative follows ("were engaged in battle in X" is done by the subject, not to it).
_DONE_TO_PLACES = frozenset({"Capture", "Destruction", "Encirclement"})


def _last_words(text: str, n: int) -> list[str]:
    # Only the tail can hold the last few words; scanning it alone keeps this O(1) per call.
    tail = text[-40 * n :] if len(text) > 40 * n else text
    return [w.lower() for w in _WORD.findall(tail)][-n:]


def _is_subject(text: str, mention: Mention, floor: int, lex: EventLexicon) -> bool:
    """A mention is a subject unless a preposition governs it ("from ISIL", "of the elite CTS").

    Looks back at most four words, stopping at punctuation or "and"; "of" after a count
    (``partitive_heads``: "hundreds of Iraqi soldiers") keeps it, a conjunction that opens a
    clause (``subject_openers``: "as Iraqi forces advanced") ends the look. The object of a
    participle is none either ("militias fighting Islamic State in Raqqa have breached").
    """
    words = [w for w in _last_words(text[floor : mention.start], 2) if w != "the"]
    if words and len(words[-1]) > 4 and words[-1].endswith("ing"):
        return False
    lead = _last_words(text[floor : mention.start], 4)
    for i in range(len(lead) - 1, -1, -1):
        word = lead[i]
        if word in (",", ";", ":", "(", ")", "and"):
            return True
        if word in lex.subject_openers:
            return True  # "damaged the bridge in Mosul as Iraqi forces advanced"
        if word == "of" and i > 0 and lead[i - 1] in lex.partitive_heads:
            return True  # "Hundreds of Iraqi soldiers deployed": the soldiers deployed
        if word in lex.prepositions:
            return False
    return True


def _coordinated(ctx: _Context, first: Trigger, second: Trigger) -> bool:
    """The second trigger is a non-finite verb joined to the first by "and"/"or", no verb
    between ("capturing X and reaching Y"; not "planned to take X and captured Y")."""
    gap = ctx.text[first.end : second.start]
    return (
        re.search(r"\b(?:and|or)\b", gap) is not None
        and not second.noun
        and not second.text.lower().endswith("ed")
        and not (ctx.lex.verb_hint is not None and ctx.lex.verb_hint.search(gap))
    )


def _bare_state(ctx: _Context, clause: Clause, trig: Trigger, status: EventStatus) -> bool:
    """A state trigger ("in control of", "under ... control") that reports no gain or loss.

    It is an event only with a change cue (``state_triggers.change_cues``: "came under",
    "was reported to be", "fully") or when a status cue denies it ("remained under").
    """
    lex = ctx.lex
    if trig.phrase not in lex.state_triggers or status != "occurred":
        return False
    around = ctx.text[clause.start : trig.end]
    return lex.state_change is None or not lex.state_change.search(around)


def _first_subject(ctx: _Context, clause: Clause) -> str | None:
    """The first unit of a clause that no preposition governs (its subject, if any)."""
    for u in ctx.units:
        if clause.start <= u.start < clause.end and _is_subject(ctx.text, u, clause.start, ctx.lex):
            return u.entity_id
    return None


def _participle_head(text: str, trig: Trigger, units: Sequence[Mention]) -> str | None:
    """The unit a participle directly follows, at most one noun between ("CTS troops advancing")."""
    for u in units:
        if u.end <= trig.start and re.fullmatch(
            r"(?:['’]s?)?\s+(?:[a-z]+\s+)?", text[u.end : trig.start]
        ):
            return u.entity_id
    return None


def _units(
    mentions: Sequence[Mention], gazetteer: Gazetteer, kinds: tuple[str, ...]
) -> list[Mention]:
    out = []
    for m in mentions:
        entity = gazetteer.get(m.entity_id)
        if entity is not None and entity.kind in kinds:
            out.append(m)
    return out


def _dedupe(ids: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


def _by_phrase(
    text: str,
    after: int,
    limit: int,
    units: Sequence[Mention],
    preps: str = "by",
    adjunct: re.Pattern[str] | None = None,
) -> list[str]:
    """Units in a "by X (and Y)" phrase right after ``after``; a place or time phrase may come
    first ("were killed in Mosul by Iraqi forces": the agent still names who acted)."""
    adj = rf"(?:{adjunct.pattern.replace('?P<cue>', '?:')})?" if adjunct is not None else ""
    m = re.match(rf"\s*(?:\w+\s+){{0,1}}{adj}(?:{preps})\s+", text[after:limit], re.IGNORECASE)
    if m is None:
        return []
    out: list[str] = []
    edge = after + m.end()
    for u in sorted(units, key=lambda u: u.start):
        if u.start < edge or u.start >= limit:
            continue
        gap = text[edge : u.start]
        # The first noun phrase ("by the anti-ISIL coalition"), then "and Y", ", Y".
        if not re.fullmatch(_BY_FIRST if not out else _BY_NEXT, gap, re.IGNORECASE):
            break
        out.append(u.entity_id)
        edge = u.end
    return out


@dataclass(frozen=True)
class _Context:
    text: str
    sentence: Sentence
    gazetteer: Gazetteer
    lex: EventLexicon
    units: tuple[Mention, ...]
    places: tuple[Mention, ...]
    claimants: tuple[str, ...]
    operations: tuple[str, ...]
    dates: SentenceDates
    # The actors of the previous sentence's last act: what "They also stormed X" refers to.
    antecedent: tuple[str, ...] = ()


# Words after a trigger that end its object: what follows is no opposing force.
_OBJECT_ENDS = frozenset(
    ("by", "with", ",", "and", "as", "when", "while", "after", "before", "since", "because")
)


def _opponents(ctx: _Context, trig: Trigger, limit: int, passive: bool = False) -> list[str]:
    """Units after "from"/"against"/"on", or the object of a trigger whose object is the
    opposing force ("attacked ISIL"); a passive has no object ("were killed as PMU forces ...")."""
    text = ctx.text
    out = []
    for u in ctx.units:
        if not (trig.end <= u.start < limit):
            continue
        gap = text[trig.end : u.start]
        words = _last_words(gap, 3)
        if any(w in ("from", "against", "on") for w in words) or (
            trig.object_is_opponent
            and not passive
            and len(_WORD.findall(gap)) <= 4
            and not any(w in _OBJECT_ENDS for w in _last_words(gap, 4))
        ):
            out.append(u.entity_id)
    return out


@dataclass(frozen=True)
class _Found:
    """What the clause rules decided for one trigger, with the rules that decided it."""

    actors: tuple[str, ...]
    opponents: tuple[str, ...]
    status: EventStatus
    status_rule: str
    actor_rule: str
    # The subject is what the act was done to ("X was captured", "X remained under ... control").
    patient_subject: bool = False


def _events(ctx: _Context, clause: Clause, trig: Trigger, found: _Found, limit: int) -> list[Event]:
    """One event per place the act concerns ("retook A, B and C": three Captures)."""
    after = [p for p in ctx.places if trig.end <= p.start < limit]
    rivers = frozenset(
        p.entity_id for p in after if (e := ctx.gazetteer.get(p.entity_id)) and e.cls == "River"
    )
    if pair := between_pair(ctx.text, trig.end, after):
        return [_event(ctx, clause, trig, found, pair, "after-trigger")]
    settlements = {
        p.entity_id: _SETTLEMENTS[e.cls]
        for p in after
        if (e := ctx.gazetteer.get(p.entity_id)) and e.cls in _SETTLEMENTS
    }
    parents = {
        p.entity_id: e.parent for p in after if (e := ctx.gazetteer.get(p.entity_id)) and e.parent
    }
    heads = place_groups(
        ctx.text, trig.end, after, landmarks=rivers, settlements=settlements, parents=parents
    )
    if (
        found.patient_subject
        and heads
        and trig.type in _DONE_TO_PLACES
        and (subjects := _subject_places(ctx, clause, trig))
    ):
        heads = list(subjects)  # "the X district was left under ISIL control in Mosul": X
    if len(heads) > 1:
        ends = {p.entity_id: p.end for p in reversed(after)}
        # Each event quotes the clause up to its own place, which keeps its identity distinct.
        return [
            replace(
                _event(ctx, clause, trig, found, (h,), "after-trigger"), end=max(ends[h], trig.end)
            )
            for h in heads
        ]
    if heads:
        return [_event(ctx, clause, trig, found, tuple(heads), "after-trigger")]
    inside = [p.entity_id for p in ctx.places if trig.start <= p.start < trig.end]
    if inside and not found.patient_subject:
        # "the operation to retake Fallujah began": the place stands inside the trigger's gap
        return [_event(ctx, clause, trig, found, tuple(inside[:1]), "in-trigger")]
    if found.patient_subject and (subjects := _subject_places(ctx, clause, trig)):
        return [_event(ctx, clause, trig, found, subjects, "subject")]
    before = place_before(ctx.text, ctx.places, clause.start, trig.start)
    return [_event(ctx, clause, trig, found, before, "before-trigger" if before else "")]


def _subject_places(ctx: _Context, clause: Clause, trig: Trigger) -> tuple[str, ...]:
    """The places a passive or state clause is about: those named as its subject."""
    subjects = [
        p
        for p in ctx.places
        if clause.start <= p.start < trig.start and _is_subject(ctx.text, p, clause.start, ctx.lex)
    ]
    if not subjects:
        return ()
    return tuple(place_groups(ctx.text, subjects[0].start, subjects))


def _event(
    ctx: _Context,
    clause: Clause,
    trig: Trigger,
    found: _Found,
    locations: tuple[str, ...],
    location_rule: str,
) -> Event:
    actors = _dedupe([a for a in found.actors if a not in found.opponents])
    weak = {m.entity_id for m in ctx.units if m.confidence < 1.0}
    actor_rule = found.actor_rule if actors else "none"
    if actors and all(a in weak for a in actors):
        actor_rule = "nationality"
    date = ctx.dates.for_span(clause.start, clause.end)
    return Event(
        type=trig.type,
        status=found.status,
        sentence_index=ctx.sentence.index,
        start=clause.start,
        end=clause.end,
        trigger=trig.text,
        actors=actors,
        opponents=_dedupe(found.opponents),
        locations=_dedupe(locations),
        date=date,
        claimed_by=ctx.claimants,
        part_of=ctx.operations[0] if len(ctx.operations) == 1 else None,
        rule=f"events.yaml:{trig.entry}",
        status_rule=found.status_rule,
        actor_rule=actor_rule,
        location_rule=location_rule or "none",
    )


def _clause_events(
    ctx: _Context, clause: Clause, inherited: tuple[str, ...]
) -> list[tuple[int, Event]]:
    """The clause's events, each with the offset of its trigger."""
    text, lex = ctx.text, ctx.lex
    triggers = find_triggers(text, clause, lex)
    units = [u for u in ctx.units if clause.start <= u.start < clause.end]
    repels = [m for m in lex.repel.finditer(text, clause.start, clause.end)]
    events: list[tuple[int, Event]] = []
    floor = clause.start
    # The last trigger, when a plan or a condition: a trigger coordinated with it shares it.
    prior: tuple[Trigger, EventStatus, str] | None = None
    previous: tuple[str, ...] = ()
    # The actors of a noun trigger just told: the subject of a verb right after it.
    noun_head: tuple[str, ...] = ()
    objects: set[str] = set()
    for i, trig in enumerate(triggers):
        limit = triggers[i + 1].start if i + 1 < len(triggers) else clause.end
        before_units = [u for u in units if floor <= u.start and u.end <= trig.start]
        patient = trig.phrase in lex.patient_subject
        status, status_rule = clause_status(ctx.text, ctx.sentence, lex, clause, trig, limit)
        if status == "occurred" and prior is not None and _coordinated(ctx, prior[0], trig):
            # "with the aim of capturing X and reaching Y": the reaching is planned too
            status, status_rule = prior[1], f"{prior[2]} + coordinated"
        if _bare_state(ctx, clause, trig, status):
            continue  # "ISF were in control of a third of Mosul": a state, no reported gain
        # "was captured" is passive; "have been struggling to" is a progressive, not passive
        passive = (
            " to " not in trig.text
            and not trig.text.split()[0].lower().endswith("ing")
            and bool(lex.passive.search(text[clause.start : trig.start]))
        )
        if (
            passive
            and trig.type == "Attack"
            and lex.by_air
            and lex.by_air.match(text, trig.end, clause.end)
        ):
            continue  # "bridges were struck by coalition airstrikes": the airstrike is the act
        opponents = _opponents(ctx, trig, limit, passive and not trig.noun)
        if trig.noun:
            modifier = [
                u.entity_id
                for u in before_units
                if re.fullmatch(r"(?:['’]s?)?\s+(?:[\w-]+\s+){0,1}", text[u.end : trig.start])
            ]
            by = _by_phrase(text, trig.end, limit, units, "by|from", lex.agent_adjunct)
            actors = modifier + by
            actor_rule = "noun-modifier" if modifier else "by-phrase"
            opponents = [o for o in opponents if o not in actors]
        elif trig.text.lower().endswith("ing") and (head := _participle_head(text, trig, units)):
            actors = [head]  # "CTS troops advancing towards X": the noun the participle qualifies
            actor_rule = "participle-head"
        elif trig.text.lower().endswith("ing") and (previous or inherited):
            actors = list(previous or inherited)  # "..., capturing X": the clause's subject
            actor_rule = "participle-subject"
        elif passive:
            actors = _by_phrase(text, trig.end, limit, units, adjunct=lex.agent_adjunct)
            actor_rule = "passive-by-phrase"
            patient = True
            if trig.object_is_opponent:
                # "200 ISIL fighters were killed": the passive's subject is the act's object
                opponents = opponents + [
                    u.entity_id
                    for u in before_units
                    if _is_subject(text, u, floor, lex) and u.entity_id not in actors
                ]
        else:
            subjects = [
                u.entity_id
                for u in before_units
                if _is_subject(text, u, floor, lex) and u.entity_id not in objects
            ]
            lead = _last_words(text[clause.start : trig.start], 4)
            carried = clause.continues and (
                not lead or lead[0] in lex.subject_carriers or len(lead) <= 2
            )
            # "Iraqi Air Force airstrikes destroyed X": the noun before is the verb's subject
            head = noun_head if noun_head and not text[floor : trig.start].strip() else ()
            actors = (
                subjects or list(head) or list(previous) or (list(inherited) if carried else [])
            )
            actor_rule = (
                "subject"
                if subjects
                else "noun-subject"
                if head
                else "previous-verb"
                if previous
                else "carried-subject"
            )
            if not actors and ctx.antecedent and _PRONOUN.search(text[clause.start : trig.start]):
                actors, actor_rule = list(ctx.antecedent), "pronoun"
        repel = next((r for r in repels if r.end() <= trig.start), None)
        if repel is not None and trig.type == "Attack":
            status, status_rule = "failed", f"status.yaml:failed/repel_verbs/{repel['cue'].lower()}"
            repellers = [
                u.entity_id
                for u in units
                if clause.start <= u.start < repel.start()
                and _is_subject(text, u, clause.start, lex)
            ]
            opponents = opponents + repellers
            previous = tuple(repellers)
        elif any(r.start() >= trig.end for r in repels) and trig.type == "Attack":
            late = next(r for r in repels if r.start() >= trig.end)
            status, status_rule = "failed", f"status.yaml:failed/repel_verbs/{late['cue'].lower()}"
            opponents = opponents + _by_phrase(text, late.end(), clause.end, units)
        if trig.phrase in lex.state_triggers:
            # "came under Peshmerga control": the controller gained it; "remained under ISIL
            # control": the holder is the opposing force of a capture that did not happen.
            inside = [u.entity_id for u in units if trig.start <= u.start < trig.end]
            if inside and status == "denied":
                actors, opponents = [a for a in actors if a not in inside], opponents + inside
            elif inside:
                actors, actor_rule = inside, "controller"
        found = _Found(tuple(actors), tuple(opponents), status, status_rule, actor_rule, patient)
        prior = (trig, status, status_rule) if status in ("planned", "hypothetical") else None
        events.extend((trig.start, e) for e in _events(ctx, clause, trig, found, limit))
        if not trig.noun and actors:
            previous = tuple(actors)
        noun_head = tuple(actors) if trig.noun else ()
        objects = set(opponents)
        floor = trig.end
    return events


def sentence_events(
    text: str,
    sentence: Sentence,
    mentions: Sequence[Mention],
    gazetteer: Gazetteer,
    dates: SentenceDates,
    lex: EventLexicon,
    antecedent: tuple[str, ...] = (),
) -> list[Event]:
    """All events one sentence states (several clauses may give several events).

    ``antecedent``: the actors of the previous sentence's last act, for a clause whose subject
    is a pronoun ("They also stormed the Al-Sada district").
    """
    in_sentence = [m for m in mentions if sentence.start <= m.start < sentence.end]
    units = _units(in_sentence, gazetteer, ("unit",))
    claimants = sentence_claimants(text, sentence, in_sentence, gazetteer, lex)
    ctx = _Context(
        text=text,
        sentence=sentence,
        gazetteer=gazetteer,
        lex=lex,
        units=tuple(units),
        places=tuple(
            p
            for p in _units(in_sentence, gazetteer, ("place",))
            if not _MODIFIER.match(text, p.end)  # "U.S.-led", "Mosul-based": no location
        ),
        claimants=claimants,
        operations=tuple(
            sorted({m.entity_id for m in _units(in_sentence, gazetteer, ("operation",))})
        ),
        dates=dates,
        antecedent=antecedent,
    )
    events: list[tuple[int, Event]] = []
    inherited: tuple[str, ...] = ()
    for clause in split_clauses(text, sentence, lex):
        found = _clause_events(ctx, clause, inherited)
        events.extend(found)
        verbs = [e for _, e in found if e.actors]
        if verbs:
            inherited = verbs[-1].actors
        elif subject := _first_subject(ctx, clause):
            inherited = (subject,)  # "X announced that they had captured Y": X captured it
    return sentence_places(one_act(text, anaphora(text, events), lex.verb_hint))
