"""The status of an event from ``status.yaml`` cues in its clause.

Checked in order: hypothetical ("if"), a reported denial ("denied that ..."), denied ("had
not yet", "remained under"), possible ("could retake": hypothetical), failed ("failed to",
"briefly ... forced to withdraw", "but were pushed back", "the attack on X failed"),
planned ("to", "would", "preparing an offensive",
"soon"). The rule records the cue that decided it (``ck:statusRule``).
"""

from __future__ import annotations

import re

from conflictkg.mapping.lexicon import EventLexicon
from conflictkg.mapping.model import EventStatus, Sentence
from conflictkg.mapping.triggers import Clause, Trigger


def _cue(name: str, m: re.Match[str]) -> str:
    return f"status.yaml:{name}/{' '.join(m['cue'].lower().split())}"


def clause_status(
    text: str, sentence: Sentence, lex: EventLexicon, clause: Clause, trig: Trigger, limit: int
) -> tuple[EventStatus, str]:
    """The status the clause's cues give the trigger, and the cue (``""``: none, occurred).

    Cues after the trigger count only up to the next trigger ("had been surrounded and would
    be stormed soon": the soon is the storming's).
    """
    before = text[clause.start : trig.start]
    if m := lex.hypothetical.search(before):
        return "hypothetical", _cue("hypothetical/in_clause", m)
    if (
        lex.conditional_modal
        and (m := lex.conditional_modal.search(before))
        and (c := lex.hypothetical.search(text, trig.end, clause.end))
    ):
        # "would target militants from the air if they attempted to flee"
        cue = _cue("hypothetical/modal_with_condition", m)
        return "hypothetical", f"{cue} + {_cue('hypothetical/in_clause', c)}"
    lead = text[sentence.start : clause.start]
    if (
        lex.denied_report
        and re.match(r"\s*that\b", text[clause.start : trig.start], re.IGNORECASE)
        and (m := lex.denied_report.search(lead))
    ):
        return "denied", _cue("denied/reported", m)  # "officials denied that ISIS had ..."
    if m := lex.denied_before.search(before):
        return "denied", _cue("denied/before_trigger", m)
    # The trigger itself may hold the cue ("remained under ISIL control").
    if m := lex.denied_clause.search(text[clause.start : trig.end]):
        return "denied", _cue("denied/in_clause", m)
    # After the denials: "could not retake" is denied, "could retake" only possible.
    if lex.hypothetical_before and (m := lex.hypothetical_before.search(before)):
        return "hypothetical", _cue("hypothetical/before_trigger", m)
    if m := lex.failed_before.search(before):
        return "failed", _cue("failed/before_trigger", m)
    rest = text[trig.end : sentence.end]
    if (m := lex.briefly.search(before)) and (r := lex.reversal.search(rest)):
        return "failed", _cue("failed/briefly", m) + " + " + _cue("failed/reversal", r)
    if lex.reversed_after and (r := lex.reversed_after.match(rest)):
        return "failed", _cue("failed/reversal", r)  # "attacked X but were pushed back"
    if (
        trig.noun
        and lex.failed_after_noun
        and (r := lex.failed_after_noun.match(text, trig.end, limit))
    ):
        return "failed", _cue("failed/after_noun", r)  # "The attack on X failed"
    if (
        (m := lex.planned_before.search(before))
        and not lex.planned_not_after.search(before)
        and not lex.perfect.search(before)
    ):
        return "planned", _cue("planned/before_trigger", m)
    if trig.noun and lex.planned_noun and (m := lex.planned_noun.search(before)):
        return "planned", _cue("planned/before_noun", m)
    if m := lex.planned_clause.search(text[clause.start : limit]):
        return "planned", _cue("planned/in_clause", m)
    return "occurred", ""
