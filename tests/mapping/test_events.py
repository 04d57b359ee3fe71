"""Event lexicon and status rules of ``events.py`` on invented sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictkg.mapping.extract import extract
from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.model import CleanDocument, DocumentMetadata, Event, Extraction


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def _extract(gaz: Gazetteer, text: str) -> Extraction:
    return extract(CleanDocument("t", Path("t.txt"), "txt", text, DocumentMetadata(), ()), gaz)


def _events(gaz: Gazetteer, text: str) -> list[Event]:
    return list(_extract(gaz, text).events)


def _types(events: list[Event]) -> list[str]:
    return sorted(e.type for e in events)


def test_firing_and_clashing_are_attacks(gaz: Gazetteer) -> None:
    fired = _events(gaz, "The Peshmerga fired rockets at ISIL positions.")
    assert _types(fired) == ["Attack"] and fired[0].actors == ("unit/peshmerga",)
    clash = _events(gaz, "The Peshmerga clashed with ISIL near Bashiqa.")
    assert _types(clash) == ["Attack"]


def test_control_phrases_are_captures_and_remaining_under_control_is_denied(
    gaz: Gazetteer,
) -> None:
    taken = _events(gaz, "The town of Bashiqa was reported to be under Peshmerga control.")
    assert [(e.type, e.status) for e in taken] == [("Capture", "occurred")]
    held = _events(gaz, "Bashiqa still remained under ISIL control.")
    assert [(e.type, e.status) for e in held] == [("Capture", "denied")]


def test_setting_on_fire_and_damaging_are_destruction(gaz: Gazetteer) -> None:
    assert _types(_events(gaz, "ISIL set the oil wells on fire.")) == ["Destruction"]
    assert _types(_events(gaz, "ISIL damaged a bridge.")) == ["Destruction"]


def test_pausing_an_advance_is_a_withdrawal(gaz: Gazetteer) -> None:
    assert _types(_events(gaz, "The Peshmerga paused their advance.")) == ["Withdrawal"]


def test_noun_trigger_as_background_states_no_event(gaz: Gazetteer) -> None:
    assert _types(_events(gaz, "Heavy clashes broke out in Bashiqa.")) == ["Attack"]
    background = _events(gaz, "The advance slowed down due to heavy clashes.")
    assert "Attack" not in _types(background)


def test_with_the_aim_of_is_planned(gaz: Gazetteer) -> None:
    events = _events(gaz, "The Peshmerga moved north with the aim of capturing Bashiqa.")
    assert [(e.type, e.status) for e in events if e.type == "Capture"] == [("Capture", "planned")]


def _one(gaz: Gazetteer, text: str, type_: str) -> Event:
    found = [e for e in _events(gaz, text) if e.type == type_]
    assert len(found) == 1, found
    return found[0]


def test_comma_and_continues_a_list_unless_a_verb_follows(gaz: Gazetteer) -> None:
    listed = _events(gaz, "Iraqi forces captured the al-Jadida district, and the Jumhuri hospital.")
    assert [e.locations for e in listed] == [("place/jadida",), ("place/jumhuri-hospital",)]
    assert {e.actors for e in listed} == {("unit/iraqi-security-forces",)}
    two = _events(
        gaz, "Iraqi forces captured the al-Jadida district, and the Peshmerga entered Bashiqa."
    )
    assert [(e.type, e.actors) for e in two] == [
        ("Capture", ("unit/iraqi-security-forces",)),
        ("Advance", ("unit/peshmerga",)),
    ]


def test_the_subject_of_a_passive_is_where_the_act_happened(gaz: Gazetteer) -> None:
    event = _one(gaz, "Bashiqa was captured by the Peshmerga.", "Capture")
    assert event.locations == ("place/bashiqa",) and event.location_rule == "subject"
    assert event.actors == ("unit/peshmerga",)


def test_a_name_in_a_hyphenated_modifier_is_no_location(gaz: Gazetteer) -> None:
    event = _one(gaz, "Airstrikes by the U.S.-led coalition hit ISIL positions.", "Airstrike")
    assert event.locations == ()
    assert event.actors == ("unit/cjtf-oir",)  # the coalition, not ISIL further on


def test_a_landmark_phrase_wins_over_the_town_inside_it(gaz: Gazetteer) -> None:
    ex = _extract(gaz, "The PMF took control of the Tal Afar airport.")
    (event,) = ex.events
    assert event.locations == ("place/tal-afar-airport",)
    assert ex.new_entities["place/tal-afar-airport"].cls == "Landmark"


def test_a_name_after_a_locative_is_a_place_only_if_whos_on_first_knows_it(
    gaz: Gazetteer,
) -> None:
    text = "In Nineveh Governorate, the PMU advanced near Tal Abta in February."
    ex = _extract(gaz, text)
    assert _one(gaz, text, "Advance").locations == ("place/tal-abta",)
    assert ex.new_entities["place/tal-abta"].lat is not None
    assert not any("february" in eid for eid in ex.new_entities)


def test_a_state_is_an_event_only_when_it_reports_a_change(gaz: Gazetteer) -> None:
    assert _events(gaz, "ISIL was still in control of the water stations.") == []
    assert _events(gaz, "Iraqi forces were in control of a third of Mosul.") == []
    gained = _one(gaz, "Bashiqa came under Peshmerga control.", "Capture")
    assert (gained.status, gained.actors, gained.locations) == (
        "occurred",
        ("unit/peshmerga",),
        ("place/bashiqa",),
    )
    held = _one(gaz, "Bashiqa remained under ISIL control.", "Capture")
    assert (held.status, held.actors, held.opponents) == ("denied", (), ("unit/isil",))


def test_a_participle_after_a_unit_is_that_units_act(gaz: Gazetteer) -> None:
    text = "ISIL attacked CTS troops advancing towards Bashiqa."
    advance = _one(gaz, text, "Advance")
    assert advance.actors == ("unit/counter-terrorism-service",)
    assert advance.actor_rule == "participle-head"


def test_status_cues_of_plans_and_denials(gaz: Gazetteer) -> None:
    until = _one(gaz, "The operation will go on until we liberate Bashiqa.", "Capture")
    assert until.status == "planned"
    allowed = _one(gaz, "The advance allowed us to liberate four villages.", "Capture")
    assert allowed.status == "occurred"
    breached = _one(
        gaz, "The 16th Division had not yet breached the city limits of Mosul.", "Advance"
    )
    assert breached.status == "denied"
    text = "The remaining districts had been surrounded and would be stormed soon."
    assert _one(gaz, text, "Encirclement").status == "occurred"
    assert _one(gaz, text, "Attack").status == "planned"


def test_strikes_offensives_and_incursions(gaz: Gazetteer) -> None:
    strikes = _one(
        gaz, "On 1 August, coalition forces conducted 31 strikes near Raqqa.", "Airstrike"
    )
    assert strikes.date is None or strikes.date.value.endswith("08-01")
    assert _types(_events(gaz, "Coalition aircraft struck ISIL positions.")) == ["Airstrike"]
    assert _types(_events(gaz, "The offensive began on 23 May.")) == ["Attack"]
    incursion = "The 9th Division made an incursion into the eastern neighborhoods."
    assert _types(_events(gaz, incursion)) == ["Advance"]


def test_capturing_people_is_a_surrender_and_nearing_by_distance_an_advance(
    gaz: Gazetteer,
) -> None:
    people = "U.S. Special Forces captured four Islamic State commanders near Bashiqa."
    assert _types(_events(gaz, people)) == ["Surrender"]
    assert _types(_events(gaz, "The Peshmerga were 4 km from Bashiqa.")) == ["Advance"]
    assert _types(_events(gaz, "The Peshmerga carried out a sweeping operation in Bashiqa.")) == [
        "Attack"
    ]
    assert _types(_events(gaz, "The coalition disabled a bridge in Mosul.")) == ["Destruction"]


def test_a_possessive_before_a_landmark_names_its_city_not_the_landmark(gaz: Gazetteer) -> None:
    # (destroyed by ISIL, not by airstrikes: an airstrike would be the act told)
    ex = _extract(gaz, "Mosul's Fifth Bridge was destroyed by ISIL fighters.")
    destruction = next(e for e in ex.events if e.type == "Destruction")
    assert destruction.locations == ("place/fifth-bridge",)
    assert {m.entity_id for m in ex.mentions} >= {"place/mosul", "place/fifth-bridge"}
    area = _events(gaz, "The Peshmerga captured 500 square kilometres of territory.")
    assert all(not e.locations for e in area)


def test_a_pronoun_subject_refers_to_the_previous_sentences_actor(gaz: Gazetteer) -> None:
    stormed = _one(gaz, "The Peshmerga captured Bashiqa. They also stormed Bartella.", "Attack")
    assert (stormed.actors, stormed.actor_rule) == (("unit/peshmerga",), "pronoun")
    # Only the sentence just before gives a referent, and only through an act it states.
    later = "The Peshmerga captured Bashiqa. Bartella was quiet. They stormed Bartella."
    assert _one(gaz, later, "Attack").actors == ()


def test_an_act_coordinated_with_a_plan_is_planned_too(gaz: Gazetteer) -> None:
    text = "The PMF moved west with the aim of capturing Bashiqa and reaching Tal Afar."
    assert _one(gaz, text, "Advance").status == "planned"
    assert "coordinated" in _one(gaz, text, "Advance").status_rule
    done = "The PMF planned to capture Bashiqa and captured Tal Afar."
    assert [e.status for e in _events(gaz, done) if e.type == "Capture"] == ["planned", "occurred"]


def test_an_attack_by_aircraft_is_an_airstrike_by_their_force(gaz: Gazetteer) -> None:
    coalition = _one(gaz, "Coalition aircraft struck ISIL positions in Bashiqa.", "Airstrike")
    assert coalition.actors == ("unit/cjtf-oir",) and coalition.opponents == ("unit/isil",)
    assert "air_subjects" in coalition.rule
    russian = _one(gaz, "Russian warplanes bombed Aleppo.", "Airstrike")
    assert russian.actors == ("unit/russian-armed-forces",)
    assert _types(_events(gaz, "ISIL fighters struck Bashiqa.")) == ["Attack"]


def test_struck_by_airstrikes_is_the_airstrike_alone(gaz: Gazetteer) -> None:
    text = "Four of the five bridges in Mosul were struck by coalition airstrikes."
    assert _types(_events(gaz, text)) == ["Airstrike"]
    assert _types(_events(gaz, "The bridge was struck by ISIL fighters.")) == ["Attack"]


def test_battling_and_launching_a_counterattack_are_attacks_by_their_subject(
    gaz: Gazetteer,
) -> None:
    battle = _one(gaz, "The Peshmerga were battling ISIL near Bashiqa.", "Attack")
    assert battle.actors == ("unit/peshmerga",) and battle.opponents == ("unit/isil",)
    counter = _one(gaz, "ISIL launched a counter-attack on Bashiqa.", "Attack")
    assert counter.actors == ("unit/isil",) and counter.locations == ("place/bashiqa",)


def test_government_forces_and_militias_are_the_forces_of_the_documents_country(
    gaz: Gazetteer,
) -> None:
    text = "Mosul is in Iraq. Government forces captured Bashiqa. Shia militias entered Tal Afar."
    capture, advance = _one(gaz, text, "Capture"), _one(gaz, text, "Advance")
    assert capture.actors == ("unit/iraqi-security-forces",)
    assert advance.actors == ("unit/popular-mobilization-forces",)
    kurds = _one(gaz, "Mosul is in Iraq. Kurdish fighters captured Bashiqa.", "Capture")
    assert kurds.actors == ("unit/peshmerga",)


def test_conducting_airstrikes_is_an_airstrike_by_the_subject(gaz: Gazetteer) -> None:
    strike = _one(gaz, "The Peshmerga conducted 21 airstrikes near Bashiqa.", "Airstrike")
    assert strike.actors == ("unit/peshmerga",) and strike.locations == ("place/bashiqa",)


def test_strikes_in_a_military_release_are_airstrikes(gaz: Gazetteer) -> None:
    strike = _one(gaz, "Near Bashiqa, 10 strikes engaged an ISIL tactical unit.", "Airstrike")
    assert strike.locations == ("place/bashiqa",)


def test_a_failed_attempt_and_a_fended_off_attack_are_failed(gaz: Gazetteer) -> None:
    attempt = _one(gaz, "ISIL made a failed attempt to retake Bashiqa.", "Capture")
    assert attempt.status == "failed"
    fended = _one(gaz, "The Peshmerga fended off an ISIL attack on Bashiqa.", "Attack")
    assert (fended.status, fended.actors) == ("failed", ("unit/isil",))


def test_the_object_of_a_participle_is_no_subject(gaz: Gazetteer) -> None:
    breach = _one(gaz, "Militias fighting ISIL in Bashiqa have breached the wall.", "Advance")
    assert "unit/isil" not in breach.actors
    pounded = _one(gaz, "The Peshmerga pounded ISIL positions near Bashiqa.", "Attack")
    assert pounded.actors == ("unit/peshmerga",) and pounded.locations == ("place/bashiqa",)


def test_a_noun_trigger_subject_gives_the_verb_its_actor(gaz: Gazetteer) -> None:
    # (attacks, not airstrikes: an act whose means is an airstrike is told as the airstrike)
    text = "Peshmerga attacks destroyed two ISIL vehicles near Bashiqa."
    destroyed = _one(gaz, text, "Destruction")
    assert destroyed.actors == ("unit/peshmerga",) and destroyed.actor_rule == "noun-subject"


def test_possibility_denial_reports_and_an_expected_launch(gaz: Gazetteer) -> None:
    could = _one(gaz, "The Peshmerga could retake Bashiqa within weeks.", "Capture")
    assert could.status == "hypothetical"
    could_not = _one(gaz, "The Peshmerga could not retake Bashiqa.", "Capture")
    assert could_not.status == "denied"
    denial = _one(gaz, "Officials denied that ISIL had captured Bashiqa.", "Capture")
    assert denial.status == "denied"
    expected = _one(gaz, "The Peshmerga are expected to launch an offensive on Bashiqa.", "Attack")
    assert (expected.status, expected.locations) == ("planned", ("place/bashiqa",))
    assert _one(gaz, "On 5 May the Peshmerga captured Bashiqa.", "Capture").status == "occurred"


def test_a_place_or_time_phrase_may_stand_before_the_agent(gaz: Gazetteer) -> None:
    killing = _one(gaz, "Eight militants were killed in Mosul by the Peshmerga.", "Killing")
    assert killing.actors == ("unit/peshmerga",)
    assert killing.locations == ("place/mosul",)
    capture = _one(gaz, "Bashiqa was retaken on Sunday by the Peshmerga.", "Capture")
    assert capture.actors == ("unit/peshmerga",)
    # a comma ends the phrase: what follows is no agent of the act
    other = _one(gaz, "Eight militants were killed in Mosul, held by the Peshmerga.", "Killing")
    assert other.actors == ()


def test_a_unit_counted_before_the_verb_is_its_subject(gaz: Gazetteer) -> None:
    advance = _one(gaz, "Hundreds of Peshmerga fighters advanced on Bashiqa.", "Advance")
    assert advance.actors == ("unit/peshmerga",)
    # "of" after anything but a count or a force noun still governs the unit: no subject
    # (a convoy of fighters is the fighters: ``force_heads``)
    other = _one(gaz, "The families of Peshmerga fighters advanced on Bashiqa.", "Advance")
    assert other.actors == ()


def test_a_unit_after_a_clause_opening_conjunction_is_its_subject(gaz: Gazetteer) -> None:
    # (the advance names a place of its own: without one it would only set the scene)
    text = "ISIL damaged the bridge in Mosul as the Peshmerga advanced on Bashiqa."
    advances = [e for e in _events(gaz, text) if e.type == "Advance"]
    assert [e.actors for e in advances] == [("unit/peshmerga",)]


def test_the_subject_of_a_passive_act_on_a_force_is_the_opponent(gaz: Gazetteer) -> None:
    killing = _one(gaz, "Thirty ISIL fighters were killed by the Peshmerga.", "Killing")
    assert killing.actors == ("unit/peshmerga",)
    assert killing.opponents == ("unit/isil",)
    # an act whose object is ground, not a force: the subject is no opponent
    capture = _one(gaz, "ISIL positions were captured by the Peshmerga.", "Capture")
    assert "unit/isil" not in capture.opponents


@pytest.mark.parametrize(
    "text",
    [
        "The Peshmerga said at least 70 ISIL fighters were killed near Bashiqa.",
        "A Peshmerga commander said more than 40 ISIL militants were killed in Bashiqa.",
        "At least 70 ISIL fighters were killed near Bashiqa, the Peshmerga said.",
    ],
)
def test_the_reporter_of_a_passive_act_is_not_its_opponent(gaz: Gazetteer, text: str) -> None:
    """Who reports the dead is neither the killer named nor the side that lost them."""
    killing = _one(gaz, text, "Killing")
    assert killing.opponents == ("unit/isil",)
    assert killing.actors == ()


def test_an_act_located_by_a_list_before_it_is_one_event_per_place(gaz: Gazetteer) -> None:
    text = "The Peshmerga advanced in the Bashiqa and Bartella districts, capturing both districts."
    captures = [e for e in _events(gaz, text) if e.type == "Capture"]
    assert sorted(e.locations for e in captures) == [("place/bartella",), ("place/bashiqa",)]
    # each keeps an identity of its own (its evidence span)
    assert len({(e.start, e.end) for e in captures}) == 2
    assert all(e.actors == ("unit/peshmerga",) for e in captures)


def test_an_operation_named_with_its_agent_is_an_attack_by_it(gaz: Gazetteer) -> None:
    text = (
        "The second offensive carried out by Iraqi troops against ISIS in Bashiqa was launched "
        "on Thursday."
    )
    attack = _one(gaz, text, "Attack")
    assert attack.actors == ("unit/iraqi-security-forces",)
    assert attack.opponents == ("unit/isil",) and attack.locations == ("place/bashiqa",)
    # the background of another statement is no attack
    during = "During the offensive launched by Iraqi forces, a bridge in Bashiqa was destroyed."
    assert _types(_events(gaz, during)) == ["Destruction"]


def test_a_ground_force_targeting_ground_attacks_it(gaz: Gazetteer) -> None:
    text = "It was reported that the Badr militia was targeting villages around Bashiqa."
    attack = _one(gaz, text, "Attack")
    assert attack.actors == ("unit/badr-organization",)
    assert attack.locations == ("place/bashiqa",)
    aircraft = "Coalition warplanes were targeting ISIL positions near Bashiqa."
    assert _types(_events(gaz, aircraft)) == ["Airstrike"]


def test_casualties_inflicted_on_a_side_are_a_killing(gaz: Gazetteer) -> None:
    killing = _one(gaz, "The Peshmerga inflicted heavy casualties on ISIL near Bashiqa.", "Killing")
    assert killing.actors == ("unit/peshmerga",) and killing.opponents == ("unit/isil",)
    reported = "Officials reported inflicting severe casualties on ISIL forces in Bashiqa."
    assert _one(gaz, reported, "Killing").locations == ("place/bashiqa",)


@pytest.mark.parametrize(
    "text",
    [
        "The militants counterattacked several times near Bashiqa.",
        "ISIS fighters counter-attacked on Tuesday.",
        "Islamic State counterattacked Kurdish positions overnight.",
    ],
)
def test_a_counterattack_told_by_its_verb_is_an_attack(gaz: Gazetteer, text: str) -> None:
    assert _types(_events(gaz, text)) == ["Attack"]


@pytest.mark.parametrize(
    "text",
    [
        "Iraqi forces completed today the liberation of the centre of Bashiqa.",
        "Officials hailed the complete liberation of Bashiqa on Monday.",
        "The Peshmerga celebrated the completion of the liberation of Bashiqa.",
    ],
)
def test_a_completed_liberation_noun_is_a_capture(gaz: Gazetteer, text: str) -> None:
    events = _events(gaz, text)
    assert [(e.type, e.locations) for e in events] == [("Capture", ("place/bashiqa",))]


@pytest.mark.parametrize(
    "text",
    [
        "The Peshmerga drove ISIS fighters from Bashiqa on Monday.",
        "Kurdish forces have driven the militants from the town of Bashiqa.",
        "The Peshmerga are driving Islamic State from Bashiqa.",
    ],
)
def test_driving_fighters_from_a_place_is_a_capture(gaz: Gazetteer, text: str) -> None:
    events = _events(gaz, text)
    assert [(e.type, e.locations) for e in events] == [("Capture", ("place/bashiqa",))]
