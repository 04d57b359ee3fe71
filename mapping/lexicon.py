"""The event and status lexicons (``lexicons/events.yaml``, ``lexicons/status.yaml``) compiled.

Loaded once per process (cached); every phrase becomes a word-bounded, case-insensitive
regular expression, "..." standing for up to three words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from conflictkg.mapping.lexicon_background import Background, background
from conflictkg.paths import mapping_data

_GAP = r"(?:\s+[\w'’-]+){0,3}\s+"


def _phrase_body(phrase: str) -> str:
    words = [re.escape(w) for w in phrase.split()]
    return r"\s+".join(words).replace(r"\s+\.\.\.\s+", _GAP)


def alternation(phrases: Iterable[object]) -> str:
    """A regex alternation of lexicon phrases, longest first, words joined by any whitespace;
    no groups or anchors (callers add their own context)."""
    items = sorted({str(p) for p in phrases}, key=lambda p: (-len(p), p))
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in items)


def phrase_regex(phrases: Iterable[str], anchor: str = "") -> re.Pattern[str]:
    """One alternation of phrases, longest first; ``anchor`` is appended (e.g. ``\\s*$``).

    The phrase itself is the group ``cue``, so ``m["cue"]`` is the words that matched it.
    """
    parts = [_phrase_body(p) for p in sorted(set(phrases), key=lambda p: (-len(p), p))]
    return re.compile(rf"(?<![\w-])(?P<cue>{'|'.join(parts)})(?![\w-]){anchor}", re.IGNORECASE)


@cache
def _single(phrase: str) -> re.Pattern[str]:
    return re.compile(_phrase_body(phrase), re.IGNORECASE)


def which_phrase(phrases: Iterable[str], matched: str) -> str:
    """The lexicon entry that ``matched`` (text a ``phrase_regex`` matched) is an instance of.

    Longest entry first, as the alternation tries them; falls back to the lowered text.
    """
    for phrase in sorted(set(phrases), key=lambda p: (-len(p), p)):
        if _single(phrase).fullmatch(matched.strip()):
            return phrase
    return " ".join(matched.lower().split())


@dataclass(frozen=True)
class TriggerSet:
    type: str
    verbs: re.Pattern[str] | None
    nouns: re.Pattern[str] | None
    object_is_opponent: bool
    verb_entries: tuple[str, ...] = ()
    noun_entries: tuple[str, ...] = ()
    # Matched right after a trigger: the trigger reports a statement and is no event.
    reporting: re.Pattern[str] | None = None
    # Base forms that are also nouns ("advance into"): verbs only after ``base_context``.
    base_verbs: re.Pattern[str] | None = None
    base_entries: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventLexicon:
    triggers: tuple[TriggerSet, ...]
    clause_break: re.Pattern[str]
    subject_carriers: frozenset[str]
    prepositions: frozenset[str]
    passive: re.Pattern[str]
    hypothetical: re.Pattern[str]
    denied_before: re.Pattern[str]
    denied_clause: re.Pattern[str]
    failed_before: re.Pattern[str]
    briefly: re.Pattern[str]
    reversal: re.Pattern[str]
    repel: re.Pattern[str]
    planned_before: re.Pattern[str]
    planned_not_after: re.Pattern[str]
    planned_clause: re.Pattern[str]
    perfect: re.Pattern[str]
    attribution_after: re.Pattern[str]
    attribution_before: re.Pattern[str]
    # Before a noun trigger: the noun is background ("after heavy clashes"), no event.
    noun_circumstance: re.Pattern[str] | None = None
    # Break words that start a clause only when a verb follows (``conditional_breaks``).
    conditional_breaks: frozenset[str] = frozenset()
    verb_hint: re.Pattern[str] | None = None
    # Trigger entries whose subject is what the act was done to, like a passive's.
    patient_subject: frozenset[str] = frozenset()
    # Triggers that name a state; an event only with a change cue (``state_change``).
    state_triggers: frozenset[str] = frozenset()
    state_change: re.Pattern[str] | None = None
    # An attack whose subject ends in an air noun is an airstrike (``air_subjects``).
    air_subject: re.Pattern[str] | None = None
    # "by (coalition) airstrikes" after a passive attack verb: the airstrike is the act.
    by_air: re.Pattern[str] | None = None
    # An operation noun and the connector of its purpose, just before a trigger ("the
    # offensive to retake"): the trigger is the operation's aim (``operation_purpose``).
    operation_purpose: re.Pattern[str] | None = None
    # Just before a noun trigger ("preparing an offensive", "the planned assault"): a plan.
    planned_noun: re.Pattern[str] | None = None
    # A modal or "to" just before a base-form verb trigger ("would advance into").
    base_context: re.Pattern[str] | None = None
    # A modal of possibility just before a trigger ("could retake", "may attack").
    hypothetical_before: re.Pattern[str] | None = None
    # Later in the sentence: "but were pushed back" (a reversal after an opener): failed.
    reversed_after: re.Pattern[str] | None = None
    # After a noun trigger: "The attack on X failed", "the offensive stalled": failed.
    failed_after_noun: re.Pattern[str] | None = None
    # A modal just before a trigger that a later "if" makes a condition ("would target ... if").
    conditional_modal: re.Pattern[str] | None = None
    # A denial verb before the "that" clause holding a trigger ("denied that ISIS had ...").
    denied_report: re.Pattern[str] | None = None
    # A determiner just before a participle trigger that makes it an adjective.
    participle_determiner: re.Pattern[str] | None = None
    # Before a trigger: the act is asked for or prevented, not reported (``unasserted``).
    unasserted: re.Pattern[str] | None = None
    # A place or time phrase between a trigger and its "by X" agent ("were killed in Mosul by
    # Iraqi forces"): ``agent_adjuncts``, the preposition then up to three words.
    agent_adjunct: re.Pattern[str] | None = None
    # Counts and force nouns whose "of" still leaves the unit the subject ("hundreds of").
    partitive_heads: frozenset[str] = frozenset()
    # Force nouns heading a clause whose "of"/"from" names their unit ("Fighters from X").
    force_heads: frozenset[str] = frozenset()
    # Before a noun trigger: its subject was attacked ("came under attack"; ``under_attack``).
    under_attack: re.Pattern[str] | None = None
    # An open aside of support before a unit ("the SAA, backed by Hezbollah, ..."): no subject
    # (only an aside set off by a comma: "X backed by Y and Z advanced" may name co-actors).
    support_aside: re.Pattern[str] | None = None
    # Conjunctions that open a clause: the unit after them is its subject ("as X advanced").
    # Reporting verbs with no "that": the unit after them is the reported clause's subject.
    reporting_openers: frozenset[str] = frozenset()
    subject_openers: frozenset[str] = frozenset()
    # Nouns after "X's" that are X's own fighters, so X still acts ("ISIL's fighters").
    possessed_forces: frozenset[str] = frozenset()
    # A fight "with" a unit, just before it: that unit is the opposing force.
    combat_with: re.Pattern[str] | None = None
    # A verb whose object is a noun trigger, ending just before it ("continued its assault").
    light_verb: re.Pattern[str] | None = None
    # Words before a unit that make it share the subject's act ("alongside Kurdish peshmerga").
    co_actor: re.Pattern[str] | None = None
    # What a sentence tells without asserting a new act (``background`` in events.yaml).
    background: Background | None = None


def _reporting(complements: Iterable[str] | None) -> re.Pattern[str] | None:
    """Complements after a trigger, up to three non-article words away ("said on Monday that")."""
    if not complements:
        return None
    gap = r"(?:(?!(?:the|a|an)\b)[\w'’-]+\s+){0,3}?"
    body = phrase_regex(complements).pattern
    return re.compile(rf"\s*,?\s*{gap}{body}", re.IGNORECASE)


def _purpose(spec: dict[str, list[str]] | None) -> re.Pattern[str] | None:
    """An operation noun, then a purpose connector, at the end of the text before a trigger."""
    if not spec:
        return None
    connectors = "|".join(_phrase_body(c) for c in spec["connectors"])
    return phrase_regex(spec["nouns"], rf"\s+(?:{connectors})\s+(?:\w+ly\s+)?$")


def _unasserted(spec: dict[str, list[str]] | None) -> re.Pattern[str] | None:
    """An appeal ("urged X to"), a prevention ("prevent X from"), a locator ("which lies
    four kilometres from") or a generic subject ("Those who refused were") just before a
    trigger."""
    if not spec:
        return None
    words = r"(?:[\w'’.-]+\s+){0,6}?"
    appeals = phrase_regex(spec.get("appeals", ())).pattern
    preventions = phrase_regex(spec.get("preventions", ())).pattern.replace("?P<cue>", "?:")
    forms = [rf"{appeals}\s+{words}to", rf"{preventions}\s+{words}from"]
    if spec.get("locators"):
        locators = phrase_regex(spec["locators"]).pattern.replace("?P<cue>", "?:")
        forms.append(rf"{locators}(?:\s+[\w'’.-]+){{0,3}}")
    if spec.get("generic_subjects"):
        generic = phrase_regex(spec["generic_subjects"]).pattern.replace("?P<cue>", "?:")
        forms.append(rf"(?:^|[,;:])\s*{generic}(?:\s+[\w'’.-]+){{0,8}}")
    return re.compile(rf"(?:{'|'.join(forms)})\s+$", re.IGNORECASE)


def _break_regex(word: str, non_breaks: Sequence[str]) -> str:
    """A clause break, unless it opens one of ``non_breaks`` (", as" in ", as well as")."""
    tails = [n[len(word) :] for n in non_breaks if n.lower().startswith(word.lower())]
    guard = "|".join(re.escape(t) for t in tails if t)
    return re.escape(word) + (f"(?!{guard})" if guard else "")


@cache
def load_event_lexicon(events: Path | None = None, status: Path | None = None) -> EventLexicon:
    ev = yaml.safe_load((events or mapping_data("lexicons/events.yaml")).read_text("utf-8"))
    st = yaml.safe_load((status or mapping_data("lexicons/status.yaml")).read_text("utf-8"))
    triggers = tuple(
        TriggerSet(
            type=name,
            verbs=phrase_regex(spec["verbs"]) if spec.get("verbs") else None,
            nouns=phrase_regex(spec["nouns"]) if spec.get("nouns") else None,
            object_is_opponent=bool(spec.get("object_is_opponent", False)),
            verb_entries=tuple(spec.get("verbs") or ()),
            noun_entries=tuple(spec.get("nouns") or ()),
            reporting=_reporting(spec.get("reporting_complements")),
            base_verbs=phrase_regex(spec["base_verbs"]) if spec.get("base_verbs") else None,
            base_entries=tuple(spec.get("base_verbs") or ()),
        )
        for name, spec in sorted(ev["types"].items())
    )
    breaks = sorted(ev["clause_breaks"], key=lambda b: (-len(b), b))
    # " that day", " that afternoon": a demonstrative before a time noun opens no clause.
    that_time = "|".join(re.escape(w) for w in ev.get("that_time_nouns", ()))
    aux = "|".join(re.escape(a) for a in ev["passive_auxiliaries"])
    return EventLexicon(
        triggers=triggers,
        clause_break=re.compile(
            "|".join(
                _break_regex(b, ev.get("non_breaks", ()))
                + (rf"(?!(?:{that_time})\b)" if that_time and b == " that " else "")
                for b in breaks
            ),
            re.IGNORECASE,
        ),
        subject_carriers=frozenset(w.lower() for w in ev["subject_carriers"]),
        prepositions=frozenset(str(w).lower() for w in ev["non_subject_prepositions"]),
        passive=re.compile(rf"\b(?:{aux})\s+(?:\w+ly\s+|not\s+|also\s+|then\s+)*$", re.I),
        hypothetical=phrase_regex(st["hypothetical"]["in_clause"]),
        denied_before=phrase_regex(st["denied"]["before_trigger"], r"(?:\s+\w+){0,2}\s*$"),
        denied_clause=phrase_regex(st["denied"]["in_clause"]),
        failed_before=phrase_regex(st["failed"]["before_trigger"], r"(?:\s+\w+){0,1}\s*$"),
        briefly=phrase_regex(st["failed"]["briefly"], r"\s*$"),
        reversal=phrase_regex(st["failed"]["reversal"]),
        repel=phrase_regex(st["failed"]["repel_verbs"]),
        planned_before=phrase_regex(st["planned"]["before_trigger"], r"(?:\s+\w+){0,1}\s*$"),
        planned_not_after=phrase_regex(
            st["planned"]["not_after"], r"(?:\s+\w+)?\s+to(?:\s+\w+){0,1}\s*$"
        ),
        planned_clause=phrase_regex(st["planned"]["in_clause"]),
        perfect=phrase_regex(st["planned"].get("perfect", ["to have"]), r"(?:\s+\w+){0,1}\s*$"),
        attribution_after=phrase_regex(st["attribution"]["verbs_after_source"]),
        attribution_before=phrase_regex(st["attribution"]["before_source"]),
        noun_circumstance=(
            phrase_regex(ev["noun_circumstances"], r"\s+(?:[\w'’-]+\s+){0,3}$")
            if ev.get("noun_circumstances")
            else None
        ),
        conditional_breaks=frozenset(b.lower() for b in ev.get("conditional_breaks", ())),
        verb_hint=phrase_regex(ev["verb_hints"]) if ev.get("verb_hints") else None,
        patient_subject=frozenset(ev.get("patient_subject", ())),
        air_subject=(
            phrase_regex(ev["air_subjects"], r"\s+(?:[\w-]+\s+){0,1}$")
            if ev.get("air_subjects")
            else None
        ),
        by_air=(
            re.compile(
                r"\s*(?:\w+\s+)?by\s+(?:[\w.'’-]+\s+){0,3}?"
                + phrase_regex(
                    [*ev["air_subjects"], *ev["types"]["Airstrike"].get("nouns", ())]
                ).pattern,
                re.IGNORECASE,
            )
            if ev.get("air_subjects")
            else None
        ),
        operation_purpose=_purpose(ev.get("operation_purpose")),
        unasserted=_unasserted(ev.get("unasserted")),
        base_context=(
            phrase_regex(ev["base_verb_context"], r"(?:\s+not)?\s+$")
            if ev.get("base_verb_context")
            else None
        ),
        participle_determiner=(
            phrase_regex(ev["participle_determiners"], r"\s+$")
            if ev.get("participle_determiners")
            else None
        ),
        reversed_after=(
            re.compile(
                r"^[^.;]*?"
                + phrase_regex(st["failed"]["reversal_openers"]).pattern.replace("?P<cue>", "?:")
                + r"\s+(?:[\w'’-]+\s+){0,2}?"
                + phrase_regex(st["failed"]["reversal"]).pattern,
                re.IGNORECASE,
            )
            if st["failed"].get("reversal_openers")
            else None
        ),
        failed_after_noun=(
            re.compile(
                r"\s*(?:[\w'’-]+\s+){0,4}?" + phrase_regex(st["failed"]["after_noun"]).pattern,
                re.IGNORECASE,
            )
            if st["failed"].get("after_noun")
            else None
        ),
        conditional_modal=(
            phrase_regex(st["hypothetical"]["modal_with_condition"], r"(?:\s+\w+){0,1}\s*$")
            if st["hypothetical"].get("modal_with_condition")
            else None
        ),
        hypothetical_before=(
            phrase_regex(st["hypothetical"]["before_trigger"], r"(?:\s+\w+){0,1}\s*$")
            if st["hypothetical"].get("before_trigger")
            else None
        ),
        denied_report=(
            phrase_regex(st["denied"]["reported"], r"(?:\s+[\w'’-]+){0,3}\s*$")
            if st["denied"].get("reported")
            else None
        ),
        planned_noun=(
            phrase_regex(st["planned"]["before_noun"], r"(?:\s+[\w'’-]+){0,2}\s+$")
            if st["planned"].get("before_noun")
            else None
        ),
        agent_adjunct=(
            phrase_regex(ev["agent_adjuncts"], r"\s+(?:[\w'’.-]+\s+){1,3}?")
            if ev.get("agent_adjuncts")
            else None
        ),
        background=background(
            ev.get("background"), ev["types"].get("Declaration", {}).get("verbs", ())
        ),
        partitive_heads=frozenset(str(w).lower() for w in ev.get("partitive_heads", ())),
        force_heads=frozenset(str(w).lower() for w in ev.get("force_heads", ())),
        under_attack=(
            phrase_regex(ev["under_attack"], r"\s+(?:[\w'’-]+\s+){0,2}$")
            if ev.get("under_attack")
            else None
        ),
        support_aside=(
            re.compile(
                r"[,(]\s*" + phrase_regex(ev["support_markers"], r"(?:(?!\.\s)[^,;:()])*$").pattern,
                re.IGNORECASE,
            )
            if ev.get("support_markers")
            else None
        ),
        subject_openers=frozenset(str(w).lower() for w in ev.get("subject_openers", ())),
        reporting_openers=frozenset(str(w).lower() for w in ev.get("reporting_openers", ())),
        possessed_forces=frozenset(str(w).lower() for w in ev.get("possessed_forces", ())),
        co_actor=(
            phrase_regex(ev["co_actor_markers"], r"\s+(?:the\s+)?(?:[\w'’-]+\s+)?$")
            if ev.get("co_actor_markers")
            else None
        ),
        light_verb=(
            phrase_regex(
                ev["light_verbs"],
                r"\s+(?:(?!(?:by|from|against|on|in|at|with|after|before|during)\b)[\w'’-]+\s+){0,5}$",
            )
            if ev.get("light_verbs")
            else None
        ),
        combat_with=(
            re.compile(
                rf"\b(?:{'|'.join(re.escape(w) for w in ev['combat_with'])})\s+"
                r"(?:[\w-]+\s+){0,2}?with\s+(?:the\s+)?(?:[\w-]+\s+)?$",
                re.IGNORECASE,
            )
            if ev.get("combat_with")
            else None
        ),
        state_triggers=frozenset(ev.get("state_triggers", {}).get("triggers", ())),
        state_change=(
            phrase_regex(ev["state_triggers"]["change_cues"])
            if ev.get("state_triggers", {}).get("change_cues")
            else None
        ),
    )
