"""Clause triggers of ``triggers.py``: an operation told by its purpose, on invented sentences."""

from __future__ import annotations

from collections.abc import Callable

from conflictkg.mapping.model import Extraction

Extract = Callable[[str], Extraction]  # the ``extract_text`` fixture (conftest.py)


def _found(extract_text: Extract, text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(e.type, e.status, e.locations) for e in extract_text(text).events]


def test_an_operation_told_by_its_purpose_is_an_attack_at_the_purpose_place(
    extract_text: Extract,
) -> None:
    delayed = _found(extract_text, "The offensive to retake Bashiqa was delayed.")
    assert delayed == [("Attack", "planned", ("place/bashiqa",))]
    launched = extract_text("The Peshmerga launched an offensive to retake Bashiqa.").events
    assert [(e.type, e.status, e.locations, e.actors) for e in launched] == [
        ("Attack", "occurred", ("place/bashiqa",), ("unit/peshmerga",))
    ]
    started = _found(extract_text, "The Peshmerga started the operation to capture Bashiqa.")
    assert started == [("Attack", "occurred", ("place/bashiqa",))]


def test_an_operation_after_a_circumstance_word_is_background(extract_text: Extract) -> None:
    assert _found(extract_text, "Civilians fled during the offensive to retake Bashiqa.") == []


def test_a_place_inside_the_trigger_locates_it(extract_text: Extract) -> None:
    began = _found(extract_text, "The operation to retake Bashiqa began.")
    assert began == [("Attack", "occurred", ("place/bashiqa",))]


def test_a_prepared_or_planned_operation_is_planned(extract_text: Extract) -> None:
    preparing = _found(extract_text, "The Peshmerga are preparing an assault on Bashiqa.")
    assert preparing == [("Attack", "planned", ("place/bashiqa",))]


def test_an_act_asked_for_or_prevented_is_no_event(extract_text: Extract) -> None:
    assert _found(extract_text, "The prime minister called on ISIL fighters to surrender.") == []
    prevented = _found(
        extract_text, "ISIL blew up a bridge to prevent the Peshmerga from attacking Bashiqa."
    )
    assert [t for t, _, _ in prevented] == ["Destruction"]
    assert [t for t, _, _ in _found(extract_text, "The Peshmerga attacked Bashiqa.")] == ["Attack"]


def test_a_depicted_or_causing_act_is_background(extract_text: Extract) -> None:
    assert _found(extract_text, "ISIL released videos of attacks near Bashiqa.") == []
    assert _found(extract_text, "Losses grew as a result of airstrikes near Bashiqa.") == []


def test_a_distance_that_locates_a_place_is_no_advance(extract_text: Extract) -> None:
    text = "The Peshmerga captured Bashiqa, which lies just four kilometres from Mosul."
    assert [t for t, _, _ in _found(extract_text, text)] == ["Capture"]
    near = _found(extract_text, "The Peshmerga were four kilometres from Mosul.")
    assert [t for t, _, _ in near] == ["Advance"]


def test_a_task_is_a_plan(extract_text: Extract) -> None:
    tasked = _found(extract_text, "The Peshmerga were tasked with recapturing Bashiqa.")
    assert tasked == [("Capture", "planned", ("place/bashiqa",))]


def test_a_participle_between_a_determiner_and_a_noun_is_an_adjective(
    extract_text: Extract,
) -> None:
    surrounding = _found(extract_text, "The Peshmerga resumed fighting, surrounding Bashiqa.")
    assert ("Encirclement", "occurred", ("place/bashiqa",)) in surrounding
    area = _found(extract_text, "The Peshmerga captured 16 villages in the surrounding area.")
    assert [t for t, _, _ in area] == ["Capture"]
    encircled = _found(extract_text, "ISIL fighters remain in the encircled western part.")
    assert encircled == []
    shelling = _found(extract_text, "The shelling of Bashiqa continued.")
    assert [t for t, _, _ in shelling] == ["Attack"]


def test_taking_named_ground_is_a_capture(extract_text: Extract) -> None:
    took = extract_text("The Peshmerga took one neighborhood in Bashiqa.").events
    assert [(e.type, e.actors) for e in took] == [("Capture", ("unit/peshmerga",))]
    assert _found(extract_text, "The Peshmerga took two hours to regroup.") == []


def test_a_base_form_that_is_also_a_noun_is_a_verb_only_after_to_or_a_modal(
    extract_text: Extract,
) -> None:
    planned = _found(extract_text, "The Peshmerga were preparing to advance into Bashiqa.")
    assert planned == [("Advance", "planned", ("place/bashiqa",))]
    assert _found(extract_text, "ISIL slowed their advance into Bashiqa.") == []


def test_fighting_toward_an_aim_is_an_attack_at_the_aims_place(extract_text: Extract) -> None:
    events = extract_text("The Peshmerga have been struggling to retake Bashiqa.").events
    assert [(e.type, e.status, e.locations, e.actors) for e in events] == [
        ("Attack", "occurred", ("place/bashiqa",), ("unit/peshmerga",))
    ]


def test_a_gerund_after_a_circumstance_is_background(extract_text: Extract) -> None:
    assert _found(extract_text, "Civilians fled during the shelling of Bashiqa.") == []
    assert _found(extract_text, "ISIL showed a video of the bombing of Bashiqa.") == []
    shelling = _found(extract_text, "The shelling of Bashiqa continued.")
    assert shelling == [("Attack", "occurred", ("place/bashiqa",))]


def test_a_modal_act_under_a_later_condition_is_hypothetical(extract_text: Extract) -> None:
    text = "The Peshmerga would target ISIL fighters from the air if they attempted to flee."
    assert _found(extract_text, text) == [("Airstrike", "hypothetical", ())]
    plain = _found(extract_text, "The Peshmerga would target ISIL fighters near Bashiqa.")
    assert plain == [("Airstrike", "planned", ("place/bashiqa",))]


def test_ground_lost_to_the_actor_is_a_capture_of_the_subject_place(extract_text: Extract) -> None:
    fell = extract_text("Bashiqa fell to ISIL fighters in 2014.").events
    assert [(e.type, e.locations) for e in fell] == [("Capture", ("place/bashiqa",))]
    overran = extract_text("ISIL fighters overran Bashiqa.").events
    assert [(e.type, e.locations, e.actors) for e in overran] == [
        ("Capture", ("place/bashiqa",), ("unit/isil",))
    ]


def test_an_inability_or_an_act_held_back_from_is_denied(extract_text: Extract) -> None:
    unable = _found(extract_text, "The Peshmerga have not been able to retake Bashiqa.")
    assert unable == [("Capture", "denied", ("place/bashiqa",))]
    short = _found(extract_text, "The Peshmerga stopped short of entering Bashiqa.")
    assert short == [("Advance", "denied", ("place/bashiqa",))]


def test_a_reversal_after_but_or_a_failing_operation_fails_the_act(extract_text: Extract) -> None:
    pushed = _found(extract_text, "ISIL fighters attacked Bashiqa but were pushed back.")
    assert pushed == [("Attack", "failed", ("place/bashiqa",))]
    retreat = _found(extract_text, "The Peshmerga entered Bashiqa before being forced to retreat.")
    assert ("Advance", "failed", ("place/bashiqa",)) in retreat
    stalled = _found(extract_text, "An offensive to retake Bashiqa stalled.")
    assert stalled == [("Attack", "failed", ("place/bashiqa",))]
    # another side's reversal in a later clause fails nothing
    other = "The Peshmerga captured Bashiqa, but ISIL fighters were pushed back from Bartella."
    assert ("Capture", "occurred", ("place/bashiqa",)) in _found(extract_text, other)


def test_a_subject_a_relative_clause_defines_tells_no_act(extract_text: Extract) -> None:
    for text in (
        "Those who refused to go were executed.",
        "Anyone who tried to flee the city was shot dead by ISIL.",
        "In Bashiqa, those who resisted were killed.",
    ):
        assert _found(extract_text, text) == [], text
    # a named subject or a generic object leaves the act
    assert [t for t, _, _ in _found(extract_text, "ISIL executed 20 men in Bashiqa.")] == [
        "Killing"
    ]
    named = "Those fighters who stayed behind were killed by airstrikes."
    assert "Killing" in [t for t, _, _ in _found(extract_text, named)]
