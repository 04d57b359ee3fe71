"""The links between events (``eventlinks.py``), through ``extract`` on invented sentences."""

from __future__ import annotations

from collections.abc import Callable

from conflictkg.mapping.model import Event, Extraction

Extract = Callable[[str], Extraction]  # the ``extract_text`` fixture (conftest.py)


def _one(extract_text: Extract, text: str, type_: str) -> Event:
    found = [e for e in extract_text(text).events if e.type == type_]
    assert len(found) == 1, found
    return found[0]


def test_a_placeless_act_takes_the_place_of_its_sentence(extract_text: Extract) -> None:
    text = "The Peshmerga captured Bashiqa, and twenty ISIL fighters were killed."
    capture, killing = _one(extract_text, text, "Capture"), _one(extract_text, text, "Killing")
    assert killing.locations == ("place/bashiqa",) and killing.location_rule == "sentence"
    assert killing.actors == () and killing.confidence < capture.confidence
    alone = _one(extract_text, "Twenty ISIL fighters were killed.", "Killing")
    assert alone.locations == () and alone.location_rule == "none"


def test_a_placeless_act_takes_the_place_of_the_act_told_before_it(
    extract_text: Extract,
) -> None:
    # the fighting went on where the storming was, not where the next clause moves to
    text = (
        "Iraqi troops stormed Bashiqa, once the largest Assyrian town of the plain, and killed "
        "two fighters, while also nearing Qaraqosh."
    )
    assert _one(extract_text, text, "Killing").locations == ("place/bashiqa",)
    # with nothing told before it, the act after it places it
    text = "Twenty ISIL fighters were killed as the Peshmerga captured Bashiqa."
    assert _one(extract_text, text, "Killing").locations == ("place/bashiqa",)


def test_more_ground_is_another_act_with_a_place_of_its_own(extract_text: Extract) -> None:
    for text in (
        "The PMU captured Bashiqa; the PMU also captured two more villages.",
        "The Peshmerga captured Bashiqa, and seized another four villages on Monday.",
    ):
        captures = [e for e in extract_text(text).events if e.type == "Capture"]
        assert [e.locations for e in captures] == [("place/bashiqa",), ()], text
    # the same ground told again is one act
    text = "The Peshmerga captured Bashiqa, and they seized control of several roads."
    assert len([e for e in extract_text(text).events if e.type == "Capture"]) == 1


def test_another_forces_act_in_a_clause_of_its_own_places_no_act(extract_text: Extract) -> None:
    text = (
        "Iraqi soldiers entered about half a dozen southeastern districts, while the Peshmerga "
        "advanced in Bashiqa."
    )
    advances = [e for e in extract_text(text).events if e.type == "Advance"]
    assert [e.locations for e in advances] == [(), ("place/bashiqa",)]
    # the same force's act, or an act with no force of its own, still takes the place
    text = "ISIL attacked Peshmerga troops advancing towards Bashiqa."
    assert _one(extract_text, text, "Attack").locations == ("place/bashiqa",)


def test_an_act_placed_by_a_list_of_places_is_one_event_at_each(extract_text: Extract) -> None:
    text = "ISIL attacked Peshmerga troops advancing towards Bashiqa and Bartella."
    attacks = [e for e in extract_text(text).events if e.type == "Attack"]
    assert [e.locations for e in attacks] == [("place/bashiqa",), ("place/bartella",)]
    assert len({(e.start, e.end) for e in attacks}) == 2  # distinct identities
    # a count is one figure: one event wherever it fell
    text = "The Peshmerga captured Bashiqa and Bartella, killing 40 militants."
    killing = _one(extract_text, text, "Killing")
    assert killing.locations == ("place/bashiqa", "place/bartella")


def test_a_declared_operation_situated_by_a_reference_is_where_it_aims(
    extract_text: Extract,
) -> None:
    for text in (
        "The Peshmerga announced a large-scale operation to the north and northeast of Mosul, "
        "to retake the towns of Bashiqa and Bartella.",
        "The Peshmerga announced an offensive east of Mosul to retake Bashiqa and Bartella.",
    ):
        declared = [e for e in extract_text(text).events if e.type == "Declaration"]
        assert [e.locations for e in declared] == [("place/bashiqa",), ("place/bartella",)]
        assert len({(e.start, e.end) for e in declared}) == 2  # distinct identities
    # an operation in a place is there
    text = "The army announced an operation in Nineveh province to retake Bashiqa."
    declared = _one(extract_text, text, "Declaration")
    assert declared.locations == ("place/nineveh-governorate",)


def test_the_attacks_were_repelled_fails_the_attack_already_told(extract_text: Extract) -> None:
    text = "ISIL attacked Peshmerga positions near Bashiqa, though the attacks were repelled."
    attack = _one(extract_text, text, "Attack")
    assert (attack.status, attack.actors) == ("failed", ("unit/isil",))
    assert attack.status_rule.startswith("status.yaml:failed/")


def test_an_act_placed_only_by_its_sentence_and_repeating_another_is_one_event(
    extract_text: Extract,
) -> None:
    text = "The Peshmerga captured Bashiqa, and they seized control of several roads."
    assert [(e.type, e.locations) for e in extract_text(text).events] == [
        ("Capture", ("place/bashiqa",))
    ]


def test_a_later_sentence_that_tells_the_attack_repelled_fails_it(extract_text: Extract) -> None:
    text = (
        "On 13 February, ISIL fighters launched an attack on Bashiqa. "
        "The attack was repelled by the Peshmerga."
    )
    first = min((e for e in extract_text(text).events if e.type == "Attack"), key=lambda e: e.start)
    assert first.status == "failed" and "told in sentence 1" in first.status_rule
    # the later telling names no place of its own: the same attack told again, no new one
    assert [e.type for e in extract_text(text).events] == ["Attack"]
    placed = text.replace("The attack was", "The attack on Bashiqa was")
    assert [e.type for e in extract_text(placed).events] == ["Attack", "Attack"]
    unrelated = "ISIL fighters attacked Bashiqa. The attack on Tal Afar was repelled."
    first = min(
        (e for e in extract_text(unrelated).events if e.type == "Attack"), key=lambda e: e.start
    )
    assert first.status == "occurred"  # another place: another attack


def test_two_triggers_telling_one_act_are_one_event(extract_text: Extract) -> None:
    coordinated = _one(extract_text, "ISIL destroyed or disabled 20 vehicles.", "Destruction")
    assert coordinated.actors == ("unit/isil",)
    noun_subject = _one(
        extract_text,
        "Airstrikes by the Peshmerga targeted ISIL positions near Bashiqa.",
        "Airstrike",
    )
    assert noun_subject.actors == ("unit/peshmerga",)
    assert noun_subject.opponents == ("unit/isil",)
    assert noun_subject.locations == ("place/bashiqa",)
    means = "The Peshmerga attacked Bashiqa on Monday, with shelling from the hills."
    assert _one(extract_text, means, "Attack").locations == ("place/bashiqa",)
    two = extract_text("The Peshmerga attacked Bashiqa, and ISIL attacked Bartella.").events
    assert [e.actors for e in two] == [("unit/peshmerga",), ("unit/isil",)]


def test_one_act_told_twice_without_a_place_is_one_event(extract_text: Extract) -> None:
    text = (
        "The Peshmerga announced that the first phase of retaking the plain was completed, "
        "with Peshmerga forces capturing 40 villages."
    )
    assert [e.type for e in extract_text(text).events] == ["Capture"]
    # two sides, two acts
    two = "The Peshmerga captured 40 villages, while ISIL fighters captured two villages."
    assert [e.type for e in extract_text(two).events] == ["Capture", "Capture"]


def test_a_placeless_act_that_repeats_a_placed_one_of_its_kind_is_that_act(
    extract_text: Extract,
) -> None:
    text = (
        "Iraqi Army forces stormed Bashiqa and fought with ISIL fighters who remained holed up, "
        "while also nearing Bartella."
    )
    attack = _one(extract_text, text, "Attack")
    assert attack.locations == ("place/bashiqa",)
    assert _one(extract_text, text, "Advance").locations == ("place/bartella",)
    # an act of another kind still takes the nearest place
    other = "Iraqi forces stormed Bashiqa, and entered Bartella, where 20 fighters were killed."
    assert _one(extract_text, other, "Killing").locations == ("place/bartella",)


def test_the_side_that_repelled_an_earlier_attack_is_its_opposing_force(
    extract_text: Extract,
) -> None:
    text = "ISIL fighters launched an attack on Bashiqa. The attack was repelled by the Peshmerga."
    (attack,) = [e for e in extract_text(text).events if e.type == "Attack"]
    assert (attack.status, attack.actors, attack.opponents) == (
        "failed",
        ("unit/isil",),
        ("unit/peshmerga",),
    )
