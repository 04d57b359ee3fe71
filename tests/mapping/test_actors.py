"""Who acted and against whom (``events.py`` actor and opposing-force rules), on invented text."""

from __future__ import annotations

from collections.abc import Callable

import pytest

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


def test_a_possessor_unit_is_not_the_actor_unless_its_fighters_follow(
    extract_text: Extract,
) -> None:
    text = "The Iraqi Army's 9th Division captured Bartella."
    (capture,) = _events(extract_text, text, "Capture")
    assert capture.actors == ("unit/iraqi-army-9th-division",)  # not also the Iraqi Army
    leader = "ISIS' leader, Abu Bakr al-Baghdadi, declared a caliphate in Mosul."
    (declared,) = _events(extract_text, leader, "Declaration")
    assert declared.actors == ()  # the leader declared it, not ISIS
    fighters = "ISIL's fighters attacked Bashiqa."
    (attack,) = _events(extract_text, fighters, "Attack")
    assert attack.actors == ("unit/isil",)


def test_the_side_fought_with_is_the_opposing_force(extract_text: Extract) -> None:
    text = "The PMU captured Tal Afar after fierce fighting with ISIL."
    (capture,) = _events(extract_text, text, "Capture")
    assert capture.opponents == ("unit/isil",)
    entered = "The Peshmerga entered Bashiqa that afternoon, engaging in street fights with ISIL."
    (advance,) = _events(extract_text, entered, "Advance")  # "that afternoon" opens no clause
    assert (advance.actors, advance.opponents) == (("unit/peshmerga",), ("unit/isil",))


def test_a_purpose_infinitive_ends_the_object(extract_text: Extract) -> None:
    text = "ISIL blew up two bridges to prevent Iraqi forces from attacking Mosul."
    (destroyed,) = _events(extract_text, text, "Destruction")
    assert destroyed.opponents == ()
    gave_up = "ISIL fighters surrendered to the Peshmerga near Bashiqa."
    (surrender,) = _events(extract_text, gave_up, "Surrender")
    assert surrender.opponents == ("unit/peshmerga",)


def test_the_subject_of_a_light_verb_acts_its_noun(extract_text: Extract) -> None:
    (assault,) = _events(extract_text, "The Iraqi Army continued its assault on Bashiqa.", "Attack")
    assert (assault.actors, assault.actor_rule) == (("unit/iraqi-army",), "light-verb-subject")
    long = "ISIL launched a suicide car bomb attack on the Peshmerga near Bashiqa."
    (attack,) = _events(extract_text, long, "Attack")
    assert (attack.actors, attack.opponents) == (("unit/isil",), ("unit/peshmerga",))


def test_a_subject_keeps_its_verb_across_an_aside(extract_text: Extract) -> None:
    text = "The Peshmerga, backed by Turkish warplanes, launched an offensive on Bashiqa."
    (attack,) = _events(extract_text, text, "Attack")
    assert attack.actors == ("unit/peshmerga",)
    passive = "An ISIL base in Bashiqa was destroyed in Turkish airstrikes, killing 12 militants."
    (killing,) = _events(extract_text, passive, "Killing")
    assert "unit/isil" not in killing.actors  # the base's owner did not kill


# General readings the rules above must keep: (text, type, actors, opponents, status).
KEPT = [
    (
        "The Peshmerga captured Bashiqa, killing scores of ISIL fighters.",
        "Killing",
        ("unit/peshmerga",),
        ("unit/isil",),
        "occurred",
    ),
    (
        "The Peshmerga captured Bashiqa and advanced on Bartella.",
        "Advance",
        ("unit/peshmerga",),
        (),
        "occurred",
    ),
    (
        "The Peshmerga captured Bashiqa, while Iraqi forces entered Bartella.",
        "Advance",
        ("unit/iraqi-security-forces",),
        (),
        "occurred",
    ),
    (
        "An attack by ISIL on Peshmerga positions in Bashiqa was repelled.",
        "Attack",
        ("unit/isil",),
        ("unit/peshmerga",),
        "failed",
    ),
    ("ISIL's attack on Kirkuk began at dawn.", "Attack", ("unit/isil",), (), "occurred"),
    (
        "The Peshmerga repelled an ISIL attack on Bashiqa.",
        "Attack",
        ("unit/isil",),
        ("unit/peshmerga",),
        "failed",
    ),
    ("Bashiqa remained under ISIL control.", "Capture", (), ("unit/isil",), "denied"),
    (
        "ISIL fighters attacked the 15th Division near Bashiqa.",
        "Attack",
        ("unit/isil",),
        ("unit/15th-division",),
        "occurred",
    ),
]


@pytest.mark.parametrize(("text", "type_", "actors", "opponents", "status"), KEPT)
def test_general_readings_of_actors_and_opponents(
    extract_text: Extract,
    text: str,
    type_: str,
    actors: tuple[str, ...],
    opponents: tuple[str, ...],
    status: str,
) -> None:
    (event,) = _events(extract_text, text, type_)
    assert (event.actors, event.opponents, event.status) == (actors, opponents, status)


def test_a_unit_alongside_the_subject_shares_its_act(extract_text: Extract) -> None:
    text = "Iraqi forces, alongside the Peshmerga, advanced on Bashiqa."
    (advance,) = _events(extract_text, text, "Advance")
    assert advance.actors == ("unit/iraqi-security-forces", "unit/peshmerga")
    backed = "The Peshmerga, backed by Turkish warplanes, advanced on Bashiqa."
    (supported,) = _events(extract_text, backed, "Advance")
    assert supported.actors == ("unit/peshmerga",)  # air support is no share of the act


def test_the_owner_of_a_passives_means_is_its_actor(extract_text: Extract) -> None:
    text = (
        "Fighting went on in Mosul, Iraq. An ISIL headquarters in Bashiqa was destroyed in "
        "coalition airstrikes, killing 12 militants."
    )
    # the act told with its means is that airstrike (events.yaml background.means_of)
    assert _events(extract_text, text, "Destruction") == []
    (strike,) = _events(extract_text, text, "Airstrike")
    (killing,) = _events(extract_text, text, "Killing")
    assert strike.actors == killing.actors == ("unit/cjtf-oir",)
    plain = "Fighting went on in Mosul, Iraq. Bashiqa was destroyed in the fighting."
    (unknown,) = _events(extract_text, plain, "Destruction")
    assert unknown.actors == ()


def test_the_holder_in_a_control_state_is_its_subject_not_a_passive(extract_text: Extract) -> None:
    text = "The CTS was in complete control of Bashiqa by the evening."
    (capture,) = _events(extract_text, text, "Capture")
    assert (capture.actors, capture.actor_rule) == (("unit/counter-terrorism-service",), "subject")


HELD = [
    ("The Great Mosque in Mosul remained in ISIL hands.", "denied", (), ("unit/isil",)),
    ("Bashiqa was still in the hands of ISIL.", "denied", (), ("unit/isil",)),
    ("Bashiqa remained under the control of ISIL.", "denied", (), ("unit/isil",)),
    ("Bashiqa fell into ISIL hands in 2014.", "occurred", ("unit/isil",), ()),
    ("Bashiqa came under the control of the Peshmerga.", "occurred", ("unit/peshmerga",), ()),
]


@pytest.mark.parametrize(("text", "status", "actors", "opponents"), HELD)
def test_the_holder_of_a_place_gains_it_or_is_the_side_that_kept_it(
    extract_text: Extract,
    text: str,
    status: str,
    actors: tuple[str, ...],
    opponents: tuple[str, ...],
) -> None:
    (capture,) = _events(extract_text, text, "Capture")
    assert (capture.status, capture.actors, capture.opponents) == (status, actors, opponents)
    assert capture.locations  # the place held is the subject


def test_a_place_in_hands_without_a_change_is_no_event(extract_text: Extract) -> None:
    assert _events(extract_text, "Bashiqa was in ISIL hands.", "Capture") == []


def test_the_side_a_capture_phrase_holds_inside_is_the_opposing_force(
    extract_text: Extract,
) -> None:
    (driven,) = _events(extract_text, "The Peshmerga drove ISIL out of Bashiqa.", "Capture")
    assert (driven.actors, driven.opponents) == (("unit/peshmerga",), ("unit/isil",))
    text = "U.S. Special Forces captured four Islamic State commanders near Bashiqa."
    (taken,) = _events(extract_text, text, "Surrender")
    assert taken.opponents == ("unit/isil",)


def test_the_holder_named_in_the_object_is_the_side_it_was_taken_from(
    extract_text: Extract,
) -> None:
    text = "The Peshmerga captured the ISIL-held village of Bashiqa."
    (capture,) = _events(extract_text, text, "Capture")
    assert (capture.actors, capture.opponents) == (("unit/peshmerga",), ("unit/isil",))


def test_a_unit_after_following_or_despite_is_no_subject(extract_text: Extract) -> None:
    for opener in ("Following", "Despite"):
        text = f"{opener} the overnight ISIL attack, Iraqi forces captured Bashiqa."
        (capture,) = _events(extract_text, text, "Capture")
        assert capture.actors == ("unit/iraqi-security-forces",), opener


def test_a_force_noun_heading_the_clause_makes_its_unit_the_subject(
    extract_text: Extract,
) -> None:
    (attack,) = _events(extract_text, "Fighters from the Free Syrian Army attacked Azaz.", "Attack")
    assert attack.actors == ("unit/free-syrian-army",)
    heroes = "Heroes of the Counter-Terrorism Service liberated Bartella."
    (capture,) = _events(extract_text, heroes, "Capture")
    assert capture.actors == ("unit/counter-terrorism-service",)
    text = "On Monday, troops of the Peshmerga entered Bashiqa."
    (advance,) = _events(extract_text, text, "Advance")
    assert advance.actors == ("unit/peshmerga",)
    # Not the head of its clause: the unit only names whose troops were met.
    after = "After ambushing troops of the Peshmerga, ISIL captured Bashiqa."
    (capture,) = _events(extract_text, after, "Capture")
    assert capture.actors == ("unit/isil",)


def test_the_holder_of_the_place_acted_on_is_the_opposing_force(extract_text: Extract) -> None:
    text = "The Peshmerga launched an offensive on Bashiqa, which was still held by ISIL."
    (attack,) = _events(extract_text, text, "Attack")
    assert (attack.actors, attack.opponents) == (("unit/peshmerga",), ("unit/isil",))
    (capture,) = _events(extract_text, "The SDF captured villages held by ISIL.", "Capture")
    assert capture.opponents == ("unit/isil",)
    # The holder of the object of another act named after the trigger is not its opponent.
    other = "Coalition airstrikes hit Mosul, following an assault on a bridge held by ISIL."
    (strike,) = _events(extract_text, other, "Airstrike")
    assert strike.opponents == ()


def test_an_attempts_subject_is_the_actor_of_the_act_attempted(extract_text: Extract) -> None:
    text = "ISIL tried to attack the Peshmerga in Bashiqa."
    (attack,) = _events(extract_text, text, "Attack")
    assert (attack.actors, attack.actor_rule) == (("unit/isil",), "light-verb-subject")
    assert attack.opponents == ("unit/peshmerga",)


def test_a_by_phrase_after_a_verb_without_auxiliary_names_its_agent(
    extract_text: Extract,
) -> None:
    text = "The UN counted the civilians killed by ISIL in Mosul."
    (killing,) = _events(extract_text, text, "Killing")
    assert (killing.actors, killing.actor_rule) == (("unit/isil",), "passive-by-phrase")
    headline = "Forty ISIL fighters killed by Iraqi forces in Mosul."
    (killed,) = _events(extract_text, headline, "Killing")
    assert (killed.actors, killed.opponents) == (("unit/iraqi-security-forces",), ("unit/isil",))
    means = "The Peshmerga captured Bashiqa by outflanking ISIL fighters."
    (capture,) = _events(extract_text, means, "Capture")
    assert capture.actors == ("unit/peshmerga",)  # a means told with a gerund


def test_a_fight_between_two_sides_has_the_first_as_actor(extract_text: Extract) -> None:
    text = "Clashes erupted between the SDF and IS fighters in Raqqa."
    (attack,) = _events(extract_text, text, "Attack")
    assert (attack.actors, attack.opponents) == (
        ("unit/syrian-democratic-forces",),
        ("unit/isil",),
    )


def test_a_unit_right_after_a_reporting_verb_is_the_reported_subject(
    extract_text: Extract,
) -> None:
    text = "The Observatory for Human Rights said SDF fighters advanced in Raqqa."
    (advance,) = _events(extract_text, text, "Advance")
    assert advance.actors == ("unit/syrian-democratic-forces",)


def test_a_word_before_a_figure_is_part_of_the_count(extract_text: Extract) -> None:
    text = "Officials said that over 50 ISIS members were killed in Mosul."
    (killing,) = _events(extract_text, text, "Killing")
    assert killing.opponents == ("unit/isil",)  # "over" is no preposition here


def test_a_pronoun_after_a_clause_with_no_act_is_that_clauses_subject(
    extract_text: Extract,
) -> None:
    text = "A large convoy of the Peshmerga arrived near Mosul, and they also captured Bartella."
    (capture,) = _events(extract_text, text, "Capture")
    assert (capture.actors, capture.actor_rule) == (("unit/peshmerga",), "pronoun")


def test_units_inside_an_aside_of_support_are_no_subject(extract_text: Extract) -> None:
    text = "The SAA, supported by Russian airstrikes and Hezbollah, launched an offensive."
    (attack,) = _events(extract_text, text, "Attack")
    assert attack.actors == ("unit/syrian-arab-army",)
    plain = "The SAA, backed by Hezbollah and the PMF, captured Tadmur."
    (capture,) = _events(extract_text, plain, "Capture")
    assert capture.actors == ("unit/syrian-arab-army",)


def test_the_force_leading_or_inside_the_subject_acts_too(extract_text: Extract) -> None:
    led = "Syrian troops led by the Tiger Forces captured Palmyra."
    (capture,) = _events(extract_text, led, "Capture")
    assert capture.actors == ("unit/syrian-arab-army", "unit/tiger-forces")
    part = "Iraqi forces, including the CTS, entered Bartella."
    (advance,) = _events(extract_text, part, "Advance")
    assert advance.actors == ("unit/iraqi-security-forces", "unit/counter-terrorism-service")


def test_a_reporter_before_a_reporting_verb_is_no_actor(extract_text: Extract) -> None:
    text = "The SDF said regime forces captured Tabqa near Raqqa."
    (capture,) = _events(extract_text, text, "Capture")
    assert capture.actors == ("unit/syrian-arab-army",)


def test_the_side_a_place_was_taken_from_may_stand_before_the_agent(
    extract_text: Extract,
) -> None:
    text = "Bashiqa was retaken from ISIL by Iraqi troops on Monday."
    (capture,) = _events(extract_text, text, "Capture")
    assert (capture.actors, capture.opponents) == (
        ("unit/iraqi-security-forces",),
        ("unit/isil",),
    )


def test_the_side_that_came_under_attack_is_the_opposing_force(extract_text: Extract) -> None:
    text = "Iraqi forces came under attack from ISIL near Bashiqa."
    (attack,) = _events(extract_text, text, "Attack")
    assert (attack.actors, attack.opponents) == (
        ("unit/isil",),
        ("unit/iraqi-security-forces",),
    )


def test_a_possessive_pronoun_with_a_force_noun_is_the_previous_actor(
    extract_text: Extract,
) -> None:
    text = "The CTS recaptured Bashiqa. Its commander said his troops had killed dozens of ISIL."
    (killing,) = _events(extract_text, text, "Killing")
    assert (killing.actors, killing.actor_rule) == (("unit/counter-terrorism-service",), "pronoun")


def test_a_fight_with_the_other_side_after_be_is_no_passive(extract_text: Extract) -> None:
    text = "The Peshmerga were engaged in battle with ISIL in Bashiqa."
    (attack,) = _events(extract_text, text, "Attack")
    assert (attack.actors, attack.opponents) == (("unit/peshmerga",), ("unit/isil",))


def test_the_holder_of_a_passives_subject_is_the_opposing_force(extract_text: Extract) -> None:
    text = "The ISIS-held town of Bashiqa was captured by the Peshmerga on Sunday."
    (capture,) = _events(extract_text, text, "Capture")
    assert (capture.actors, capture.opponents) == (("unit/peshmerga",), ("unit/isil",))


@pytest.mark.parametrize(
    "text",
    [
        "The Nineveh Operations Command said army units and tribal fighters entered Bashiqa.",
        "The Peshmerga said troops had entered Bashiqa.",
    ],
)
def test_a_reporter_followed_by_another_subject_is_not_the_actor(
    extract_text: Extract, text: str
) -> None:
    events = [e for e in extract_text(text).events if e.type in ("Advance", "Capture")]
    assert events and all("unit/peshmerga" not in e.actors for e in events)
    assert all("operations-command" not in a for e in events for a in e.actors)


@pytest.mark.parametrize(
    "text",
    [
        "The Peshmerga said it would not enter Bashiqa.",
        "The Peshmerga said on Monday they had captured Bashiqa.",
        "The Peshmerga were reported to have entered Bashiqa.",
    ],
)
def test_a_reporter_speaking_of_its_own_side_stays_the_actor(
    extract_text: Extract, text: str
) -> None:
    events = [e for e in extract_text(text).events if e.type in ("Advance", "Capture")]
    assert [e.actors for e in events] == [("unit/peshmerga",)]


@pytest.mark.parametrize(
    ("text", "opponents"),
    [
        ("Army units reached the positions of the 137th Brigade near Raqqa.", ()),
        ("The Peshmerga advanced towards the positions of the 5th Division near Bashiqa.", ()),
        ("Iraqi forces advanced on ISIL positions near Bashiqa.", ("unit/isil",)),
    ],
)
def test_a_numbered_formation_an_advance_reaches_is_no_opponent(
    extract_text: Extract, text: str, opponents: tuple[str, ...]
) -> None:
    advances = [e for e in extract_text(text).events if e.type == "Advance"]
    assert advances and all(e.opponents == opponents for e in advances)


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        (
            "The YPG and the YPJ, backed by coalition air strikes, had retaken Kobani.",
            ("unit/peoples-protection-units", "unit/womens-protection-units"),
        ),
        (
            "The Peshmerga, supported by coalition airstrikes, have captured Bashiqa.",
            ("unit/peshmerga",),
        ),
    ],
)
def test_the_subject_before_an_aside_with_an_act_and_an_auxiliary(
    extract_text: Extract, text: str, actors: tuple[str, ...]
) -> None:
    (capture,) = [e for e in extract_text(text).events if e.type == "Capture"]
    assert capture.actors == actors
