"""Units found in text (``units.py``, ``lexicons/units.yaml``), on invented sentences."""

from __future__ import annotations

from collections.abc import Callable

from conflictkg.mapping.model import Extraction

Extract = Callable[[str], Extraction]  # the ``extract_text`` fixture (conftest.py)

# Places that make a document Syrian or Iraqi for the country-dependent rules.
SYRIA = "Fighting went on in Raqqa, Syria. "
IRAQ = "Fighting went on in Mosul, Iraq. "


def _units(extraction: Extraction) -> dict[str, str]:
    """Mention text -> entity id, for the units found by units.yaml."""
    return {m.text: m.entity_id for m in extraction.mentions if m.rule.startswith("units.yaml:")}


def test_a_unit_named_after_a_place_is_a_unit_not_the_place(extract_text: Extract) -> None:
    found = extract_text(SYRIA + "The Raqqa Hawks Brigade advanced into Tabqa.")
    assert _units(found)["Raqqa Hawks Brigade"] == "unit/raqqa-hawks-brigade"
    (advance,) = [e for e in found.events if e.type == "Advance"]
    assert advance.actors == ("unit/raqqa-hawks-brigade",)
    unit = next(m for m in found.mentions if m.text == "Raqqa Hawks Brigade")
    inside = [m for m in found.mentions if unit.start <= m.start < unit.end and m != unit]
    assert inside == []  # "Raqqa" there names the brigade, not the city
    misrata = extract_text("The Misrata brigades stormed the Jiza neighbourhood.")
    assert _units(misrata) == {"Misrata brigades": "unit/misrata-brigades"}


def test_a_military_council_belongs_to_the_sdf_in_syria(extract_text: Extract) -> None:
    found = extract_text(SYRIA + "The Manbij Military Council entered the town.")
    eid = _units(found)["Manbij Military Council"]
    entity = found.new_entities[eid]
    assert (entity.kind, entity.parent) == ("unit", "unit/syrian-democratic-forces")
    assert entity.rule.startswith("units.yaml:") and entity.confidence < 1.0


def test_an_unknown_acronym_with_a_force_noun_is_a_unit(extract_text: Extract) -> None:
    found = extract_text("GNA forces captured the Jiza neighbourhood, and SDF units entered Tabqa.")
    units = _units(found)
    assert units == {"GNA forces": "unit/gna-forces"}  # "SDF" is the gazetteer's
    actors = [e.actors for e in found.events]
    assert actors == [("unit/gna-forces",), ("unit/syrian-democratic-forces",)]


def test_leading_stop_words_and_nationalities(extract_text: Extract) -> None:
    units = _units(extract_text(IRAQ + "The Imam Ali Brigades and Shiite militias took Bashiqa."))
    assert units == {
        "Imam Ali Brigades": "unit/imam-ali-brigades",
        "Shiite militias": "unit/popular-mobilization-forces",
    }
    command = _units(extract_text(IRAQ + "Iraqi Joint Operations Command announced it."))
    assert list(command) == ["Iraqi Joint Operations Command"]


def test_a_country_name_as_adjective_is_that_states_force(extract_text: Extract) -> None:
    found = extract_text("U.S. Special Forces captured four Islamic State commanders.")
    (surrender,) = [e for e in found.events if e.type == "Surrender"]
    assert surrender.actors == ("unit/united-states-armed-forces",)
    assert surrender.actor_rule == "nationality"
    government = extract_text("The Iraqi government declared to have captured 20 villages.")
    (capture,) = [e for e in government.events if e.type == "Capture"]
    assert capture.actors == ("unit/iraqi-security-forces",)  # the state that fights
    owned = extract_text("Turkey's army shelled Afrin.")
    assert _units(owned) == {"Turkey's army": "unit/turkish-armed-forces"}
    assert not [m for m in owned.mentions if m.entity_id == "place/turkey"]
    iraq = extract_text("Iraq forces in Makhmur have begun their advance towards Qayyarah.")
    (advance,) = [e for e in iraq.events if e.type == "Advance"]
    assert advance.actors == ("unit/iraqi-security-forces",)


def test_bare_force_nouns_by_the_documents_country(extract_text: Extract) -> None:
    syria = extract_text(SYRIA + "Army units advanced in the al-Sukkari neighborhood.")
    assert _units(syria) == {"Army units": "unit/syrian-arab-army"}
    iraq = extract_text(IRAQ + "Bridges were struck by coalition airstrikes.")
    assert _units(iraq) == {"coalition": "unit/cjtf-oir"}
    (strike,) = [e for e in iraq.events if e.type == "Airstrike"]
    assert strike.actors == ("unit/cjtf-oir",)
    named = extract_text(IRAQ + "The Mahdi Army joined the government coalition.")
    assert _units(named) == {}
    nowhere = _units(extract_text("Army units advanced."))  # no country: no force
    assert nowhere == {}
    bare = extract_text(SYRIA + "The army recaptured Tabqa, a military source said.")
    assert _units(bare) == {"army": "unit/syrian-arab-army"}
    iraqi = extract_text(IRAQ + "The army and the PMF began the operation.")
    assert _units(iraqi) == {"army": "unit/iraqi-army"}
    whose = extract_text(SYRIA + "The Turkish army shelled Tabqa. The Army of Islam withdrew.")
    assert "army" not in _units(whose) and "Army" not in _units(whose)


def test_the_militants_are_the_one_armed_group_the_document_names(extract_text: Extract) -> None:
    one = extract_text("ISIL held Bashiqa. The militants withdrew from Bashiqa on Monday.")
    (withdrawal,) = [e for e in one.events if e.type == "Withdrawal"]
    assert withdrawal.actors == ("unit/isil",)
    assert _units(one) == {"militants": "unit/isil"}
    two = extract_text("ISIL and the PKK held Bashiqa. The militants withdrew from Bashiqa.")
    assert _units(two) == {}  # either group: no actor
    named = extract_text("ISIL militants withdrew from Bashiqa.")
    assert _units(named) == {}  # "ISIL" already says who
    kurdish = extract_text("ISIS attacked Tabqa. YPG fighters killed 14 mercenaries in Tabqa.")
    assert _units(kurdish) == {"mercenaries": "unit/isil"}


def test_a_unit_is_named_with_the_owner_it_belongs_to(extract_text: Extract) -> None:
    found = extract_text("The Iraqi Army's 9th Division and the 3rd Brigade captured Bartella.")
    units = [(m.text, m.entity_id) for m in found.mentions if m.entity_id.startswith("unit/")]
    assert units == [
        ("Iraqi Army's 9th Division", "unit/iraqi-army-9th-division"),
        ("3rd Brigade", "unit/3rd-brigade"),
    ]
    other = extract_text("The Peshmerga's 9th Division captured Bartella.")
    texts = [m.text for m in other.mentions if m.entity_id.startswith("unit/")]
    assert texts == ["Peshmerga", "9th Division"]  # not the Peshmerga's own: two names


def test_a_nationality_before_an_act_noun_names_who_acted(extract_text: Extract) -> None:
    found = extract_text("Turkish air strikes killed 20 PKK fighters near Sinjar.")
    assert _units(found) == {"Turkish": "unit/turkish-armed-forces"}  # not the place Turkey
    (strike,) = [e for e in found.events if e.type == "Airstrike"]
    (killing,) = [e for e in found.events if e.type == "Killing"]
    assert strike.actors == killing.actors == ("unit/turkish-armed-forces",)
    assert killing.opponents == ("unit/kurdistan-workers-party",)


def test_regime_forces_are_the_syrian_army_in_a_syrian_document(extract_text: Extract) -> None:
    found = extract_text(SYRIA + "Regime forces and pro-regime militias advanced on Tabqa.")
    assert _units(found) == {
        "Regime forces": "unit/syrian-arab-army",
        "pro-regime militias": "unit/syrian-arab-army",
    }
    assert _units(extract_text(IRAQ + "Regime forces advanced on Bashiqa.")) == {}


def test_the_group_refers_back_to_the_one_armed_group_named(extract_text: Extract) -> None:
    text = "Iraqi forces retook Ramadi from ISIL. The group withdrew to Hit."
    (withdrawal,) = [e for e in extract_text(text).events if e.type == "Withdrawal"]
    assert withdrawal.actors == ("unit/isil",)
    other = extract_text("ISIL held Hit. The group of villages near Hit was shelled.")
    assert _units(other) == {}  # "the group of villages" refers to nothing


def test_bare_militias_in_iraq_are_the_popular_mobilization(extract_text: Extract) -> None:
    found = extract_text(IRAQ + "Iraqi troops and militia launched an offensive on Bashiqa.")
    (attack,) = [e for e in found.events if e.type == "Attack" and e.sentence_index == 1]
    assert attack.actors == ("unit/iraqi-security-forces", "unit/popular-mobilization-forces")
    syria = extract_text(SYRIA + "The militias withdrew from Tabqa.")
    assert _units(syria) == {}  # in Syria the word names too many sides


def test_a_force_named_by_who_leads_or_backs_it(extract_text: Extract) -> None:
    found = extract_text(
        SYRIA + "Kurdish-led forces captured Tabqa. US-backed fighters entered Tabqa."
    )
    assert _units(found) == {
        "Kurdish-led forces": "unit/syrian-democratic-forces",
        "US-backed fighters": "unit/syrian-democratic-forces",  # the backed, not the backer
    }
    assert not [m for m in found.mentions if m.entity_id == "place/united-states"]
    iraq = extract_text(IRAQ + "Iranian-backed militias entered Tal Afar.")
    assert _units(iraq) == {"Iranian-backed militias": "unit/popular-mobilization-forces"}


def test_a_force_with_a_name_of_its_own(extract_text: Extract) -> None:
    found = extract_text(SYRIA + "The Tiger Forces captured Tabqa. The Special Forces entered it.")
    assert _units(found) == {"Tiger Forces": "unit/tiger-forces"}  # "Special" names no force
    (capture,) = [e for e in found.events if e.type == "Capture"]
    assert capture.actors == ("unit/tiger-forces",)


def test_advisers_and_commandos_of_a_state_are_its_force(extract_text: Extract) -> None:
    text = "The coalition stated that American advisers had entered Mosul with Iraqi forces."
    (advance,) = [e for e in extract_text(text).events if e.type == "Advance"]
    assert advance.actors == ("unit/united-states-armed-forces",)  # not the reporting coalition


def test_a_group_named_with_an_arabic_word_for_a_force(extract_text: Extract) -> None:
    found = extract_text(SYRIA + "Ahrar al-Sham and Liwa al-Quds fighters attacked Tabqa.")
    assert _units(found) == {
        "Ahrar al-Sham": "unit/ahrar-al-sham",
        "Liwa al-Quds": "unit/liwa-al-quds",
    }


def test_rebels_in_syria_and_counter_terrorism_forces_in_iraq(extract_text: Extract) -> None:
    syria = extract_text(SYRIA + "Rebels advanced on Tabqa. Opposition fighters withdrew.")
    assert set(_units(syria).values()) == {"unit/free-syrian-army"}
    assert _units(extract_text(IRAQ + "Rebels advanced on Bashiqa.")) == {}
    iraq = extract_text(IRAQ + "Counter-terrorism forces stormed the Karama district.")
    assert _units(iraq) == {"Counter-terrorism forces": "unit/counter-terrorism-service"}
    elite = extract_text(IRAQ + "The elite force has captured the television building.")
    assert _units(elite) == {"elite force": "unit/counter-terrorism-service"}


def test_a_known_unit_spelled_another_way_is_that_unit(extract_text: Extract) -> None:
    found = extract_text(IRAQ + "The Popular Mobilisation Forces entered Tal Afar.")
    assert _units(found) == {"Popular Mobilisation Forces": "unit/popular-mobilization-forces"}
    assert "unit/popular-mobilisation-forces" not in found.new_entities


def test_a_backer_that_names_no_force_leaves_the_nationality_after_it(
    extract_text: Extract,
) -> None:
    found = extract_text(IRAQ + "US-backed Iraqi troops recaptured Bashiqa.")
    assert _units(found) == {"Iraqi troops": "unit/iraqi-security-forces"}


def test_a_force_named_after_its_commander(extract_text: Extract) -> None:
    found = extract_text("Suheil al-Hassan's troops entered Palmyra.")
    assert _units(found) == {"Suheil al-Hassan's troops": "unit/suheil-al-hassans-troops"}
    own = extract_text("ISIL's fighters attacked Bashiqa.")
    assert _units(own) == {}  # a named unit's own fighters are that unit


def test_two_nationalities_sharing_a_force_noun_are_two_forces(extract_text: Extract) -> None:
    found = extract_text(IRAQ + "Iraqi and Kurdish forces captured Bashiqa.")
    assert _units(found) == {
        "Iraqi": "unit/iraqi-security-forces",
        "Kurdish forces": "unit/peshmerga",
    }


def test_forces_named_after_the_syrian_president_are_the_syrian_army(
    extract_text: Extract,
) -> None:
    found = extract_text("Pro-Assad forces entered Tabqa. Assad's forces shelled Tabqa.")
    assert set(_units(found).values()) == {"unit/syrian-arab-army"}
    loyal = extract_text("Troops loyal to Khalifa Haftar captured the port.")
    assert _units(loyal) == {
        "Troops loyal to Khalifa Haftar": "unit/troops-loyal-to-khalifa-haftar"
    }


def test_an_air_force_the_gazetteer_lacks_is_a_unit_of_its_own(extract_text: Extract) -> None:
    for text, unit in [
        ("The Libyan Air Force carried out strikes on positions in Sirte.", "libyan-air-force"),
        ("The Syrian Arab Air Force struck Raqqa on Monday.", "syrian-arab-air-force"),
        ("The Iraqi Air Force struck Mosul.", "iraqi-air-force"),
    ]:
        (strike,) = [e for e in extract_text(text).events if e.type == "Airstrike"]
        assert strike.actors == (f"unit/{unit}",)
