"""Clauses of a sentence and the event triggers of a clause (``events.yaml``).

A sentence splits at ``clause_breaks`` (the conditional ones only when a verb follows). A
clause's triggers are the lexicon phrases found in it, longest first and never overlapping;
repel verbs are no triggers (they fail the attack they take as object); an act asked
for or prevented ("called on X to surrender", "prevent X from attacking") is none either.
An attack verb whose subject is aircraft is an airstrike. An operation told by its purpose
("the offensive to retake X") is one attack at X, not a capture (``fold_purposes``).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from conflictkg.mapping.assertion import asserted
from conflictkg.mapping.lexicon import EventLexicon, which_phrase
from conflictkg.mapping.model import Sentence


@dataclass(frozen=True)
class Clause:
    start: int
    end: int
    # The clause began with a break word and may continue the previous clause's subject.
    continues: bool


@dataclass(frozen=True)
class Trigger:
    type: str
    start: int
    end: int
    text: str
    noun: bool
    object_is_opponent: bool
    # The events.yaml entry that matched: "Capture/verbs/captured".
    entry: str = ""

    @property
    def phrase(self) -> str:
        """The lexicon phrase of the entry ("captured", "under ... control")."""
        return self.entry.rsplit("/", 1)[-1]


def split_clauses(text: str, sentence: Sentence, lex: EventLexicon) -> list[Clause]:
    """Clauses of a sentence in document offsets; a break word starts the next clause."""
    local = text[sentence.start : sentence.end]
    found = list(lex.clause_break.finditer(local))
    cuts = []
    for i, m in enumerate(found):
        if m.group().lower() in lex.conditional_breaks:
            segment = local[m.end() : found[i + 1].start() if i + 1 < len(found) else len(local)]
            if not _has_verb(segment, lex):
                continue  # ", and the Hadbaa complex": the list goes on, the clause too
        cuts.append(m.start() + (1 if m.group().startswith((",", ";")) else 0))
    bounds = [0, *cuts, len(local)]
    clauses = []
    for i, (a, b) in enumerate(itertools.pairwise(bounds)):
        if local[a:b].strip():
            clauses.append(Clause(sentence.start + a, sentence.start + b, i > 0))
    return clauses


def _has_verb(segment: str, lex: EventLexicon) -> bool:
    """Whether a stretch of text holds a verb: a trigger or one of ``verb_hints``."""
    if lex.verb_hint is not None and lex.verb_hint.search(segment):
        return True
    return any(ts.verbs is not None and ts.verbs.search(segment) for ts in lex.triggers)


def find_triggers(text: str, clause: Clause, lex: EventLexicon) -> list[Trigger]:
    """Non-overlapping triggers of a clause, longest first; repel verbs are not triggers."""
    local = text[clause.start : clause.end]
    found: list[Trigger] = []
    for ts in lex.triggers:
        kinds = (("verbs", ts.verbs), ("nouns", ts.nouns), ("base_verbs", ts.base_verbs))
        for kind, pattern in kinds:
            if pattern is None:
                continue
            noun = kind == "nouns"
            entries = {"verbs": ts.verb_entries, "nouns": ts.noun_entries}.get(
                kind, ts.base_entries
            )
            for m in pattern.finditer(local):
                if kind == "base_verbs" and not (
                    lex.base_context is not None and lex.base_context.search(local[: m.start()])
                ):
                    continue  # "their advance on Mosul": the noun, not the verb
                if ts.reporting is not None and ts.reporting.match(text, clause.start + m.end()):
                    continue  # "declared that ...": a reported statement, the act is the event
                if lex.unasserted is not None and lex.unasserted.search(local[: m.start()]):
                    continue  # "called on ISIL fighters to surrender": asked for, not reported
                if not noun and _adjective(local, m, lex):
                    continue  # "in the surrounding area": an adjective, no act
                if (
                    (noun or _gerund(local, m, lex))
                    and lex.noun_circumstance is not None
                    and lex.noun_circumstance.search(local[: m.start()])
                ):
                    continue  # "after heavy clashes", "a video of the bombing": background
                found.append(
                    Trigger(
                        ts.type,
                        clause.start + m.start(),
                        clause.start + m.end(),
                        m.group(),
                        noun,
                        ts.object_is_opponent,
                        f"{ts.type}/{kind}/{which_phrase(entries, m.group())}",
                    )
                )
    repels = [(clause.start + m.start(), clause.start + m.end()) for m in lex.repel.finditer(local)]
    chosen: list[Trigger] = []
    for t in sorted(found, key=lambda t: (-(t.end - t.start), t.start, t.type)):
        spans = [(c.start, c.end) for c in chosen] + repels
        if all(t.end <= s or t.start >= e for s, e in spans):
            chosen.append(t)
    aired = sorted((_by_air(text, clause, t, lex) for t in chosen), key=lambda t: t.start)
    return asserted(text, clause, fold_purposes(text, clause, aired, lex), lex)


# What follows a participle used as an adjective: a noun, not a preposition or article.
_NOUN_AFTER = re.compile(
    r"\s+(?!(?:of|on|in|at|by|to|from|for|with|and|or|the|a|an)\b)[a-z][\w-]*", re.IGNORECASE
)


def _gerund(local: str, m: re.Match[str], lex: EventLexicon) -> bool:
    """An -ing trigger after a determiner is a noun ("the bombing of a bridge")."""
    return (
        lex.participle_determiner is not None
        and m.group().lower().endswith("ing")
        and lex.participle_determiner.search(local[: m.start()]) is not None
    )


def _adjective(local: str, m: re.Match[str], lex: EventLexicon) -> bool:
    """A participle between a determiner and a noun ("the surrounding villages", "the
    encircled western part of Mosul")."""
    return (
        lex.participle_determiner is not None
        and m.group().lower().endswith(("ing", "ed"))
        and " " not in m.group().strip()
        and lex.participle_determiner.search(local[: m.start()]) is not None
        and _NOUN_AFTER.match(local, m.end()) is not None
    )


def _by_air(text: str, clause: Clause, trig: Trigger, lex: EventLexicon) -> Trigger:
    """ "Coalition aircraft struck X": an attack verb whose subject is aircraft is an airstrike."""
    if trig.type != "Attack" or trig.noun or lex.air_subject is None:
        return trig
    if not lex.air_subject.search(text[clause.start : trig.start]):
        return trig
    return replace(trig, type="Airstrike", entry=f"Airstrike/air_subjects/{trig.entry}")


# An attack verb and its aim: "fighting to retake", "launched an assault in order to seize".
_ATTACK_AIM = re.compile(r".*?(?:\bto|\s+(?:in\s+order\s+)?to)\s+(?:\w+ly\s+)?", re.IGNORECASE)


def fold_purposes(
    text: str, clause: Clause, triggers: list[Trigger], lex: EventLexicon
) -> list[Trigger]:
    """Each trigger that is the purpose of an operation noun folded into that operation.

    "launched a new offensive to regain X": the launch takes X; "The offensive to retake X
    was delayed": the noun is the attack; the infinitive only says what the operation is for
    and is no event of its own. After a circumstance word ("during the offensive to retake
    Mosul") the phrase is background and states nothing.
    """
    if lex.operation_purpose is None:
        return triggers
    purposes: dict[Trigger, tuple[int, int]] = {}
    for before, trig in zip([None, *triggers], triggers, strict=False):
        if (
            before is not None
            and before.type == "Attack"
            and _ATTACK_AIM.fullmatch(before.text[-3:] + text[before.end : trig.start])
        ):
            # "have been struggling to retake the Old City": the fighting takes its aim's place
            purposes[trig] = (before.start, before.end)
            continue
        m = lex.operation_purpose.search(text[clause.start : trig.start])
        if m is not None:
            purposes[trig] = (clause.start + m.start("cue"), clause.start + m.end("cue"))
    out = [t for t in triggers if t not in purposes]
    for start, end in purposes.values():
        if any(t.start <= start < t.end for t in out):
            continue
        background = lex.noun_circumstance
        if background is not None and background.search(text[clause.start : start]):
            continue
        noun = text[start:end]
        entry = f"Attack/operation_purpose/{' '.join(noun.lower().split())}"
        out.append(Trigger("Attack", start, end, noun, True, True, entry))
    return sorted(out, key=lambda t: t.start)
