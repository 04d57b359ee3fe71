"""Which triggers a sentence asserts (``assertion.py``), on invented sentences."""

from __future__ import annotations

from collections.abc import Callable

from conflictkg.mapping.model import Extraction

Extract = Callable[[str], Extraction]  # the ``extract_text`` fixture (conftest.py)


def _found(extract_text: Extract, text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(e.type, e.locations) for e in extract_text(text).events]


def _types(extract_text: Extract, text: str) -> list[str]:
    return [e.type for e in extract_text(text).events]


def test_a_relative_clause_about_ground_reports_no_new_capture(extract_text: Extract) -> None:
    had = "The Peshmerga began clearing operations in the districts they had captured in Bashiqa."
    assert _types(extract_text, had) == []
    been = "ISIL cut the water supply to 30 districts that had been captured by the Peshmerga."
    assert _types(extract_text, been) == []
    reduced = "Reinforcements arrived in the Bashiqa neighborhoods retaken by the Peshmerga."
    assert _types(extract_text, reduced) == []
    to_be = "The station is the first building in Bashiqa to be retaken."
    assert _types(extract_text, to_be) == []
    # a ground noun before a finite verb with its own object is no relative clause
    finite = "Peshmerga forces in the area captured Bashiqa."
    assert _found(extract_text, finite) == [("Capture", ("place/bashiqa",))]


def test_the_operation_a_declaration_is_about_is_no_attack(extract_text: Extract) -> None:
    text = "The prime minister declared the beginning of the assault to recapture Bashiqa."
    assert _found(extract_text, text) == [("Declaration", ("place/bashiqa",))]
    launched = "The Peshmerga launched an assault on Bashiqa."
    assert _types(extract_text, launched) == ["Attack"]


def test_entering_a_time_or_a_state_is_no_advance(extract_text: Extract) -> None:
    assert _types(extract_text, "The Peshmerga entered a planned operational refit.") == []
    assert _types(extract_text, "The Peshmerga entered its third week of fighting.") == []
    assert _found(extract_text, "The Peshmerga entered Bashiqa.") == [
        ("Advance", ("place/bashiqa",))
    ]


def test_an_advance_that_is_the_manner_of_an_attack_is_that_attack(
    extract_text: Extract,
) -> None:
    text = "The Peshmerga launched the second phase of the battle, pushing into Bashiqa."
    assert _found(extract_text, text) == [("Attack", ("place/bashiqa",))]
    by = "The Peshmerga started the ground assault by advancing on Bashiqa."
    assert _found(extract_text, by) == [("Attack", ("place/bashiqa",))]
    # a result of another type stays an act of its own
    surrounding = _types(extract_text, "The Peshmerga resumed fighting, surrounding Bashiqa.")
    assert "Encirclement" in surrounding


def test_a_subordinate_clause_without_a_place_only_sets_the_scene(
    extract_text: Extract,
) -> None:
    rising = "Civilian casualties increased as the Peshmerga advanced in the city."
    assert _types(extract_text, rising) == []
    since = "Civilians have fled since the Peshmerga launched the operation in October."
    assert _types(extract_text, since) == []
    damaged = "ISIL damaged the bridge in Bashiqa as the Peshmerga advanced."
    assert _types(extract_text, damaged) == ["Destruction"]
    # with a place or a count of its own, the subordinate act is reported
    placed = "As the Peshmerga advanced on Bashiqa, a revolt broke out in the town."
    assert _found(extract_text, placed) == [("Advance", ("place/bashiqa",))]
    counted = "The Peshmerga took over Bashiqa after killing dozens of ISIL militants."
    assert sorted(_types(extract_text, counted)) == ["Capture", "Killing"]
    # "X did A, while Y did B" tells two acts
    parallel = "The Peshmerga entered Bashiqa, while ISIL fighters fired mortars at them."
    assert sorted(_types(extract_text, parallel)) == ["Advance", "Attack"]


def test_what_an_advance_moves_toward_is_its_aim_no_capture(extract_text: Extract) -> None:
    closer = "The Peshmerga moved closer to taking control of Bashiqa."
    assert _found(extract_text, closer) == [("Advance", ("place/bashiqa",))]


def test_an_act_fled_or_followed_is_background(extract_text: Extract) -> None:
    assert _types(extract_text, "Civilians fled the heavy fighting in Bashiqa.") == []
    following = "Following the overnight ISIL attack, the Peshmerga captured Bashiqa."
    assert _types(extract_text, following) == ["Capture"]


def test_an_act_almost_done_is_not_reported(extract_text: Extract) -> None:
    almost = "The Peshmerga were almost in complete control of Bashiqa."
    assert _types(extract_text, almost) == []
    assert _types(extract_text, "The Peshmerga were in complete control of Bashiqa.") == ["Capture"]
    # "nearly" before a figure qualifies the figure, not the act
    assert _types(extract_text, "Nearly 800 ISIL fighters were killed in Bashiqa.") == ["Killing"]


def test_an_act_whose_means_is_an_airstrike_is_that_airstrike(extract_text: Extract) -> None:
    passive = extract_text("A bridge in Bashiqa was destroyed in coalition airstrikes.").events
    assert [(e.type, e.locations) for e in passive] == [("Airstrike", ("place/bashiqa",))]
    subject = extract_text("Peshmerga airstrikes destroyed a bridge in Bashiqa.").events
    assert [(e.type, e.actors) for e in subject] == [("Airstrike", ("unit/peshmerga",))]
    # an act of its own, told beside the airstrike, stays
    apart = "Coalition airstrikes hit Bashiqa, and ISIL fighters destroyed a bridge."
    assert sorted(_types(extract_text, apart)) == ["Airstrike", "Destruction"]


def test_an_advance_told_only_by_its_origin_is_no_event(extract_text: Extract) -> None:
    for text in (
        "The Peshmerga attacked Bashiqa, while Iraqi forces advanced from the south.",
        "The 9th Division, advancing from the southwest, shelled ISIL positions.",
        "Kurdish units were advancing from three fronts.",
        "Iraqi troops entered from the north, meeting little resistance.",
    ):
        assert "Advance" not in _types(extract_text, text), text
    # a destination or a place after the origin is ground gained
    toward = "Iraqi forces advanced from the south towards Bashiqa."
    assert _found(extract_text, toward) == [("Advance", ("place/bashiqa",))]
    entered = "Iraqi forces entered Bashiqa from the north."
    assert _found(extract_text, entered) == [("Advance", ("place/bashiqa",))]


def test_a_groundless_advance_beside_a_gain_of_its_side_is_that_gain(
    extract_text: Extract,
) -> None:
    for text in (
        "The Peshmerga captured two villages and advanced ten kilometres.",
        "The PMU retook Bashiqa while entering another four villages.",
        "Iraqi forces secured the road to Bashiqa, coming within 9 km of the city.",
        "The Peshmerga surrounded Bashiqa after advancing overnight.",
    ):
        assert "Advance" not in _types(extract_text, text), text
    # an advance into ground it names is an act of its own
    named = "Iraqi forces cleared the Bashiqa district and advanced in Bartella."
    assert _types(extract_text, named) == ["Capture", "Advance"]
    # another side's advance, or a gain that did not happen, leaves the advance
    other = "The Peshmerga captured Bashiqa, and Iraqi troops advanced ten kilometres."
    assert sorted(_types(extract_text, other)) == ["Advance", "Capture"]
    planned = "Iraqi troops advanced ten kilometres in order to retake Bashiqa."
    assert "Advance" in _types(extract_text, planned)


def test_the_fighting_casualties_happened_in_is_no_attack_of_its_own(
    extract_text: Extract,
) -> None:
    for text in (
        "Over 50 ISIL members were killed and 20 car bombs were destroyed in clashes in Bashiqa.",
        "Iraqi forces killed 15 militants in heavy fighting near Bashiqa.",
        "Three Peshmerga fighters died and two vehicles were damaged amid fierce clashes.",
    ):
        assert "Attack" not in _types(extract_text, text), text
    # an attack told with its attacker is reported, and so is one with its own verb
    told = "Ten civilians were killed in an ISIL attack on Bashiqa."
    assert sorted(_types(extract_text, told)) == ["Attack", "Killing"]
    verb = "Ten soldiers were killed when ISIL attacked Bashiqa."
    assert sorted(_types(extract_text, verb)) == ["Attack", "Killing"]


def test_the_end_of_an_attack_already_told_is_no_new_attack(extract_text: Extract) -> None:
    for text in (
        "The attack on Kirkuk was also brought to an end on the same day.",
        "The assault on Bashiqa ended on Sunday.",
        "Its attack on Bashiqa had come to an end by the evening.",
    ):
        assert "Attack" not in _types(extract_text, text), text
    # an attack told for the first time, or its start, is reported; one that failed is failed
    failed = extract_text("An attack on Bashiqa ended in failure.").events
    assert [(e.type, e.status) for e in failed] == [("Attack", "failed")]
    assert _types(extract_text, "The assault on Bashiqa began on Sunday.") == ["Attack"]


def test_a_share_retaken_by_no_one_named_of_an_unnamed_place_is_a_tally(
    extract_text: Extract,
) -> None:
    for text in (
        "The governor declared that 40% of the province had been retaken from ISIL.",
        "About 60 percent of the city has now been liberated, officials said.",
        "Officials said a third of the territory had been recaptured.",
    ):
        assert "Capture" not in _types(extract_text, text), text
    # a named place or a named actor makes it an act
    for text in (
        "A third of Bashiqa was retaken on Sunday.",
        "Iraqi forces have already taken back a quarter of the city.",
        "Iraqi forces were now in control of about 85% of eastern Bashiqa.",
    ):
        assert _types(extract_text, text) == ["Capture"], text


def test_a_distance_told_as_unchanged_is_no_advance(extract_text: Extract) -> None:
    for text in (
        "The 15th Division was still several kilometres away from Bashiqa.",
        "The Peshmerga remained about 5 km from Bashiqa.",
        "Iraqi troops are still 10 miles from Bashiqa.",
    ):
        assert _types(extract_text, text) == [], text
    assert _types(extract_text, "The Peshmerga were 5 km from Bashiqa.") == ["Advance"]
    assert _types(extract_text, "Iraqi forces came within 2 km of Bashiqa.") == ["Advance"]


def test_an_entry_told_only_by_its_manner_names_no_ground(extract_text: Extract) -> None:
    text = "A commander said that the attackers had entered by posing as displaced civilians."
    assert _types(extract_text, text) == []
    assert _types(extract_text, "The attackers entered Bashiqa by posing as civilians.") == [
        "Advance"
    ]


def test_fighting_in_an_absolute_phrase_is_the_circumstances(extract_text: Extract) -> None:
    ongoing = "Iraqi forces had captured 27 districts of Bashiqa, with clashes ongoing in 4."
    assert _types(extract_text, ongoing) == ["Capture"]
    raging = "The Peshmerga retook the airport, with heavy fighting still raging in Bashiqa."
    assert _found(extract_text, raging) == [("Capture", ())]
    # fighting told with its own verb, or an act after "with", is reported
    assert _types(extract_text, "Heavy clashes were ongoing in Bashiqa.") == ["Attack"]
    assert _types(extract_text, "ISIL responded with a counter-attack on Bashiqa.") == ["Attack"]


def test_more_or_fewer_attacks_with_no_place_tell_a_trend(extract_text: Extract) -> None:
    for text in (
        "ISIL increased its counter-attacks.",
        "The Peshmerga stepped up their attacks.",
        "ISIL fighters have escalated their counterattacks in recent weeks.",
    ):
        assert _types(extract_text, text) == [], text
    # with a place of their own the attacks are reported
    assert _types(extract_text, "ISIL intensified its attacks on Bashiqa.") == ["Attack"]


def test_a_declared_operation_is_located_where_its_purpose_takes_ground(
    extract_text: Extract,
) -> None:
    text = (
        "The Peshmerga announced a large-scale operation to the north of Mosul, to retake "
        "the towns of Bashiqa and Bartella."
    )
    declared = [e for e in extract_text(text).events if e.type == "Declaration"]
    assert [e.locations for e in declared] == [("place/bashiqa",), ("place/bartella",)]
    assert len({(e.start, e.end) for e in declared}) == 2  # identities of their own
    # a declaration of something else keeps its own place
    curfew = "The army announced a curfew in Bashiqa to protect civilians."
    assert _found(extract_text, curfew) == [("Declaration", ("place/bashiqa",))]


def test_groundless_fighting_beside_a_gain_of_its_side_is_that_gain(
    extract_text: Extract,
) -> None:
    for text in (
        "The Iraqi Army resumed fighting on 19 October, surrounding Bashiqa.",
        "Kurdish fighters battled for hours and captured Bashiqa.",
    ):
        assert "Attack" not in _types(extract_text, text), text
    # fighting at a place of its own, or by another side, is reported
    placed = "The Iraqi Army fought ISIL in Bartella and captured Bashiqa."
    assert sorted(_types(extract_text, placed)) == ["Attack", "Capture"]
    other = "ISIL fighters were fighting fiercely, while the Peshmerga captured Bashiqa."
    assert sorted(_types(extract_text, other)) == ["Attack", "Capture"]
