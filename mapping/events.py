"""Events stated by one sentence, clause by clause.

Per clause: triggers from ``events.yaml``; the actor is the unit named as the clause subject
before the trigger (never a unit inside "from X"/"against X"; none for a passive without
"by X"); the opposing force comes from "from X"/"against X" or the object of the trigger;
locations are the place mentions of the clause, those after the trigger first. A repel verb
("the PMU repelled an ISIS attack") makes the attack the event, failed, with the repeller as
opposing force. Status cues come from ``status.yaml``. Nothing is assembled across sentences;
a pronoun subject ("They also stormed X") takes the actor of the previous sentence's last act.
How a sentence's events bear on each other, and on nearby sentences, is ``eventlinks.py``;
the word-level reading of subjects, agents and objects is ``actors.py``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from conflictkg.mapping.actors import (
    PRONOUN,
    actor_subject,
    attacked_subject,
    between_sides,
    by_phrase,
    co_actors,
    is_subject,
    last_words,
    light_verb_subject,
    means_agent,
    object_opponents,
    parenthetical_subject,
    participle_head,
    passive_before,
    reduced_passive_agent,
    reported_by_name,
    reported_clause,
)
from conflictkg.mapping.assertion import asserted_events
from conflictkg.mapping.claimants import sentence_claimants
from conflictkg.mapping.dates import SentenceDates
from conflictkg.mapping.eventlinks import anaphora, one_act, sentence_places
from conflictkg.mapping.eventplaces import (
    between_pair,
    named_by_place_noun,
    place_before,
    place_groups,
)
from conflictkg.mapping.eventstatus import clause_status
from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.lexicon import EventLexicon
from conflictkg.mapping.model import Event, EventStatus, Mention, Sentence
from conflictkg.mapping.triggers import Clause, Trigger, find_triggers, split_clauses

# A name joined to a participle by a hyphen modifies a noun ("U.S.-led coalition").
_MODIFIER = re.compile(r"-(?:led|backed|based|held|controlled|run|allied|aligned|trained)\b")
# How much a place contains: "the Arbil province town of Makhmur" is in Makhmur.
_SETTLEMENTS = {"City": 1, "Town": 1, "Governorate": 2, "Region": 2, "Country": 3}
# Acts done to a place: the place a passive or state names as its subject is the one acted on,
# whatever locative follows ("were engaged in battle in X" is done by the subject, not to it).
_DONE_TO_PLACES = frozenset({"Capture", "Destruction", "Encirclement"})


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
        if clause.start <= u.start < clause.end and actor_subject(
            ctx.text, u, clause.start, ctx.lex
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
        # "the X district was left under ISIL control in Mosul": X
        return _each_place(ctx, clause, trig, found, subjects)
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
        return _each_place(ctx, clause, trig, found, subjects)
    before = place_before(ctx.text, ctx.places, clause.start, trig.start)
    return _each_place(ctx, clause, trig, found, before, "before-trigger" if before else "")


def _each_place(
    ctx: _Context,
    clause: Clause,
    trig: Trigger,
    found: _Found,
    places: tuple[str, ...],
    rule: str = "subject",
) -> list[Event]:
    """Places before the trigger, one event each ("Qudes and Karama remained under ISIL
    control"; "advanced in the Sumer and Sahiroun districts, capturing those districts"),
    each quoting the clause from its own place (which keeps its identity distinct)."""
    if len(places) <= 1:
        return [_event(ctx, clause, trig, found, places, rule)]
    starts = {p.entity_id: p.start for p in reversed(ctx.places) if p.start >= clause.start}
    return [replace(_event(ctx, clause, trig, found, (p,), rule), start=starts[p]) for p in places]


def _subject_places(ctx: _Context, clause: Clause, trig: Trigger) -> tuple[str, ...]:
    """The places a passive or state clause is about: those named as its subject."""
    subjects = [
        p
        for p in ctx.places
        if clause.start <= p.start < trig.start
        and (
            is_subject(ctx.text, p, clause.start, ctx.lex)
            or named_by_place_noun(ctx.text, p, clause.start)
        )
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
    # Forces read from a nationality or a bare noun ("Iraqi troops", "the army").
    weak = {
        m.entity_id
        for m in ctx.units
        if m.rule.startswith(
            ("units.yaml:nationality/", "units.yaml:generic/", "units.yaml:group/")
        )
    }
    actor_rule = found.actor_rule if actors else "none"
    if actors and all(a in weak for a in actors):
        actor_rule = "nationality"
    date = ctx.dates.for_span(clause.start, clause.end, trig.end if trig.noun else None)
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
        # "The CTS was in complete control of X" states who holds X: its subject, no passive
        passive = (
            " to " not in trig.text
            and not trig.text.lower().endswith(" with")  # "were engaged in battle with ISIL"
            and not trig.text.split()[0].lower().endswith("ing")
            and trig.phrase not in lex.state_triggers
            and passive_before(lex, text, clause.start, trig.start, ctx.units)
        )
        if (
            passive
            and trig.type == "Attack"
            and lex.by_air
            and lex.by_air.match(text, trig.end, clause.end)
        ):
            continue  # "bridges were struck by coalition airstrikes": the airstrike is the act
        opponents = object_opponents(
            ctx.text, ctx.units, trig, limit, passive and not trig.noun, lex
        )
        if trig.noun:
            modifier = [
                u.entity_id
                for u in before_units
                if re.fullmatch(r"(?:['’]s?)?\s+(?:[\w-]+\s+){0,1}", text[u.end : trig.start])
            ]
            by = by_phrase(text, trig.end, limit, units, "by|from", lex.agent_adjunct)
            if not (modifier or by) and (sides := between_sides(text, trig, limit, units)):
                by, opponents = sides  # "clashes between the SDF and IS fighters"
            actors = modifier + by
            actor_rule = "noun-modifier" if modifier else "by-phrase"
            if target := attacked_subject(text, floor, trig, units, lex):
                opponents = opponents + target  # "Iraqi forces came under attack from ISIL"
            elif not actors and (verb := light_verb_subject(text, floor, trig, units, lex)):
                actors, actor_rule = verb, "light-verb-subject"  # "X continued its assault"
            opponents = [o for o in opponents if o not in actors]
        elif trig.text.lower().endswith("ing") and (head := participle_head(text, trig, units)):
            actors = [head]  # "CTS troops advancing towards X": the noun the participle qualifies
            actor_rule = "participle-head"
        elif trig.text.lower().endswith("ing") and (previous or inherited):
            actors = list(previous or inherited)  # "..., capturing X": the clause's subject
            actor_rule = "participle-subject"
        elif passive:
            actors = by_phrase(text, trig.end, limit, units, adjunct=lex.agent_adjunct)
            actor_rule = "passive-by-phrase"
            if not actors and i + 1 < len(triggers) and triggers[i + 1].noun:
                # "was destroyed in coalition airstrikes": the strikes' owner did it
                actors = means_agent(text, trig, triggers[i + 1], units)
            patient = True
            if trig.object_is_opponent:
                # "200 ISIL fighters were killed": the passive's subject is the act's object
                opponents = opponents + [  # not the reporter: "The army said 70 ... were"
                    u.entity_id
                    for u in reported_clause(text, trig, before_units, lex)
                    if is_subject(text, u, floor, lex) and u.entity_id not in actors
                ]
        else:
            subjects = [
                u.entity_id
                for u in reported_clause(text, trig, before_units, lex)
                if actor_subject(text, u, floor, lex) and u.entity_id not in objects
            ]
            # Adverbs do not hide the verb's missing subject ("and also completely captured")
            lead = [
                w
                for w in last_words(text[clause.start : trig.start], 5)
                if not (len(w) > 4 and w.endswith("ly"))
            ][-4:]
            carried = clause.continues and (
                not lead or lead[0] in lex.subject_carriers or len(lead) <= 2
            )
            # "Iraqi Air Force airstrikes destroyed X": the noun before is the verb's subject
            head = noun_head if noun_head and not text[floor : trig.start].strip() else ()
            # "the Peshmerga, backed by coalition airstrikes, launched X": the clause's subject
            subjects = subjects or parenthetical_subject(
                text, clause.start, floor, trig, units, lex
            )
            subjects += co_actors(text, floor, before_units, subjects, lex)
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
            if agent := reduced_passive_agent(text, trig, limit, units, lex):
                # No auxiliary, still passive: "civilians killed by ISIL", "Bashiqa, retaken by
                # the Peshmerga"; "ISIL fighters killed by Iraqi forces": ISIL is the object.
                if trig.object_is_opponent:
                    opponents = opponents + [a for a in subjects if a not in agent]
                actors, actor_rule = agent, "passive-by-phrase"
            # "X arrived at Y, and they also captured Z": the subject of the sentence so far
            referent = (inherited if clause.continues else ()) or ctx.antecedent
            if (
                not actors
                and referent
                and PRONOUN.search(text[clause.start : trig.start])
                and not reported_by_name(text, ctx.sentence.start, clause.start)
            ):
                # Not in a reported clause: "the commander declared that they had captured X"
                # speaks of the commander's side, not the previous sentence's actor.
                actors, actor_rule = list(referent), "pronoun"
        repel = next((r for r in repels if r.end() <= trig.start), None)
        if repel is not None and trig.type == "Attack":
            status, status_rule = "failed", f"status.yaml:failed/repel_verbs/{repel['cue'].lower()}"
            repellers = [
                u.entity_id
                for u in units
                if clause.start <= u.start < repel.start()
                and actor_subject(text, u, clause.start, lex)
            ]
            opponents = opponents + repellers
            previous = tuple(repellers)
        elif any(r.start() >= trig.end for r in repels) and trig.type == "Attack":
            late = next(r for r in repels if r.start() >= trig.end)
            status, status_rule = "failed", f"status.yaml:failed/repel_verbs/{late['cue'].lower()}"
            opponents = opponents + by_phrase(text, late.end(), clause.end, units)
        if trig.type in ("Capture", "Surrender") and trig.phrase not in lex.state_triggers:
            # "drove ISIL out of X", "captured four Islamic State commanders": the side taken
            opponents = opponents + [
                u.entity_id for u in units if trig.start <= u.start < trig.end and " " in trig.text
            ]
        if trig.phrase in lex.state_triggers:
            # "came under Peshmerga control": the controller gained it; "remained under ISIL
            # control": the holder is the opposing force of a capture that did not happen.
            # "under the control of X", "in the hands of X": the holder follows the phrase
            inside = [
                u.entity_id
                for u in units
                if trig.start <= u.start < trig.end
                or (
                    trig.phrase.endswith(" of")
                    and re.fullmatch(r"\s+(?:the\s+)?", text[trig.end : u.start])
                )
            ]
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
    events = asserted_events(text, events, ctx.places, lex)  # "as troops advanced in the city"
    return sentence_places(one_act(text, anaphora(text, events), lex.verb_hint), text)
