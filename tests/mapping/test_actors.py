"""Who acted and against whom (``events.py`` actor and opposing-force rules), on invented text."""

from __future__ import annotations

from collections.abc import Callable

from conflictkg.mapping.model import Event, Extraction

Extract = Callable[[str], Extraction]  # the ``extract_text`` fixture (conftest.py)


def _events(extract_text: Extract, text: str, type_: str) -> list[Event]:
    return [e for e in extract_text(text).events if e.type == type_]


def test_the_acronym_is_is_a_subject_not_a_passive_auxiliary(extract_text: Extract) -> None:
    (capture,) = _events(extract_text, "IS captured Mosul in a lightning offensive.", "Capture")
    assert (capture.actors, capture.actor_rule) == (("unit/isil",), "subject")
    (passive,) = _events(extract_text, "Mosul is captured by the Peshmerga.", "Capture")
    assert passive.actor_rule == "passive-by-phrase"


def test_adverbs_do_not_hide_a_coordinated_verbs_carried_subject(extract_text: Extract) -> None:
    text = "Iraqi forces captured Bashiqa, and also completely captured Bartella."
    captures = _events(extract_text, text, "Capture")
    assert [(e.locations, e.actors) for e in captures] == [
        (("place/bashiqa",), ("unit/iraqi-security-forces",)),
        (("place/bartella",), ("unit/iraqi-security-forces",)),
    ]
    assert captures[1].actor_rule == "carried-subject"


def test_a_pronoun_in_a_named_reporters_clause_is_not_the_previous_actor(
    extract_text: Extract,
) -> None:
    text = "The Peshmerga captured Bashiqa. The commander declared that they had captured Bartella."
    (later,) = [e for e in _events(extract_text, text, "Capture") if e.sentence_index == 1]
    assert later.actors == ()  # "they" is the commander's side, which the text does not name
    own = "The Peshmerga captured Bashiqa. They also claimed that they had reached Bartella."
    (reached,) = _events(extract_text, own, "Advance")
    assert (reached.actors, reached.actor_rule) == (("unit/peshmerga",), "pronoun")
