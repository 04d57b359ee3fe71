"""One event per place acted on; situating places and reference points are not event places."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictkg.mapping.eventplaces import place_groups
from conflictkg.mapping.extract import extract
from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.model import CleanDocument, DocumentMetadata, Event, Mention


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def _events(gaz: Gazetteer, text: str) -> list[Event]:
    doc = CleanDocument("t", Path("t.txt"), "txt", text, DocumentMetadata(), ())
    return list(extract(doc, gaz).events)


def _mentions(text: str, *names: str) -> list[Mention]:
    out = []
    for name in names:
        start = text.index(name)
        out.append(Mention(f"place/{name.lower()}", 0, start, start + len(name), name))
    return out


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("retook Abad, Bakr and Cara", ("Abad", "Bakr", "Cara"), ["abad", "bakr", "cara"]),
        ("struck Abad in Bakr, as well as Cara", ("Abad", "Bakr", "Cara"), ["abad", "cara"]),
        ("took Abad, northeast of Bakr", ("Abad", "Bakr"), ["abad"]),
        ("took Abad's Bakr district", ("Abad", "Bakr"), ["bakr"]),
        (
            "took villages near Abad, including Bakr and Cara",
            ("Abad", "Bakr", "Cara"),
            ["bakr", "cara"],
        ),
        ("took villages near Abad", ("Abad",), ["abad"]),
        ("took Abad and the villages of Bakr", ("Abad", "Bakr"), ["abad", "bakr"]),
        # "Abad" only names part of a longer name: the place it stands in is where it happened
        ("took the Abad Police Academy in Bakr", ("Abad", "Bakr"), ["bakr"]),
        ("took the Abad Police Academy", ("Abad",), ["abad"]),
        ("took Abad District and Bakr", ("Abad", "Bakr"), ["abad", "bakr"]),
        # places after "including" are parts of the place before: they, not it, were acted on
        (
            "stormed areas in Abad, including the neighborhoods of Bakr and Cara",
            ("Abad", "Bakr", "Cara"),
            ["bakr", "cara"],
        ),
        # a bare "and" after a situating place joins that place, not the list acted on
        (
            "attacked three villages west of Abad, to cut the road between Bakr and Cara",
            ("Abad", "Bakr", "Cara"),
            ["abad"],
        ),
        # the reference places an object that is no place; the list goes on from it
        (
            "took a plant north of Abad, as well as the Bakr district",
            ("Abad", "Bakr"),
            ["abad", "bakr"],
        ),
        # "as well as" carries the list past a phrase situating its last place
        (
            "took the Abad district on the eastern front, as well as the Bakr district",
            ("Abad", "Bakr"),
            ["abad", "bakr"],
        ),
        ("took Abad on the eastern front and Bakr", ("Abad", "Bakr"), ["abad"]),
        # a singular place noun names a part of the larger place after it
        ("took the Abad neighbourhood of Bakr", ("Abad", "Bakr"), ["abad"]),
        # a plural one heads a list of the parts of the place before it
        ("took the Bakr districts of Abad and Cara", ("Bakr", "Abad", "Cara"), ["abad", "cara"]),
        # a part of the place acted on, named after a locative, is nearer to the act
        ("attacked the southeastern area of Abad, near Cara", ("Abad", "Cara"), ["cara"]),
        ("attacked the southeastern area of Abad, near Bakr", ("Abad", "Bakr"), ["abad"]),
        # a move from one place to another went to the second
        ("advanced from Abad toward Bakr", ("Abad", "Bakr"), ["bakr"]),
        # a bare "of" after a place names what it stands in, no place acted on
        ("reached the Abad Bridge of Bakr", ("Abad Bridge", "Bakr"), ["abad bridge"]),
        # "as well as" may take adjectives before the next place
        ("took Abad, as well as the adjacent Bakr area", ("Abad", "Bakr"), ["abad", "bakr"]),
        # a quoted name after a possessive is the place
        ('destroyed Abad\'s "Bakr Bridge"', ("Abad", "Bakr Bridge"), ["bakr bridge"]),
    ],
)
def test_place_groups(text: str, names: tuple[str, ...], expected: list[str]) -> None:
    trigger_end = text.index(" ")
    found = place_groups(
        text,
        trigger_end,
        _mentions(text, *names),
        settlements={"place/bakr": 1},
        parents={"place/cara": "place/abad"},
    )
    assert found == [f"place/{e}" for e in expected]


def test_a_coordinated_list_gives_one_event_per_place(gaz: Gazetteer) -> None:
    events = _events(gaz, "The CTS captured the Sukkar and al-Dhubbat districts.")
    captures = [e for e in events if e.type == "Capture"]
    assert [e.locations for e in captures] == [("place/sukar",), ("place/dhubat",)]
    assert all(e.actors == ("unit/counter-terrorism-service",) for e in captures)
    assert len({(e.start, e.end) for e in captures}) == 2  # distinct identities


def test_an_including_list_names_the_places(gaz: Gazetteer) -> None:
    events = _events(
        gaz, "Iraqi troops retook several villages near Qayyarah, including al-Sirt and Bajwaniya."
    )
    assert sorted(e.locations for e in events if e.type == "Capture") == [
        ("place/bajwaniya",),
        ("place/sirt",),
    ]


def test_a_bare_name_taken_is_a_place(gaz: Gazetteer) -> None:
    events = _events(gaz, "The Federal Police captured Wahdaville after heavy clashes.")
    assert [e.locations for e in events if e.type == "Capture"] == [("place/wahdavile",)]


def test_a_sentence_initial_locative_places_the_act(gaz: Gazetteer) -> None:
    (advance,) = _events(gaz, "In Bashiqa, the Peshmerga advanced.")
    assert advance.locations == ("place/bashiqa",) and advance.location_rule == "before-trigger"
    (destroyed,) = _events(gaz, "Near Bashiqa, the Peshmerga destroyed two vehicles.")
    assert destroyed.locations == ("place/bashiqa",)
    # after a possessive, the part of the city is where it happened
    (clash,) = _events(gaz, "In Mosul's Zorbanaya district, troops clashed with ISIS.")
    assert clash.locations == ("place/zorbanaya",)


def test_places_of_the_reports_source_do_not_place_the_act(gaz: Gazetteer) -> None:
    (capture,) = _events(
        gaz, "The Peshmerga retook 12 villages, according to Iraq's Joint Operations Command."
    )
    assert capture.locations == ()


def test_a_river_only_orients_a_move_toward_a_place() -> None:
    text = "advanced up the bank of the Tigris toward Abad"
    tigris, abad = _mentions(text, "Tigris", "Abad")
    found = place_groups(
        text, text.index(" "), [tigris, abad], landmarks=frozenset({"place/tigris"})
    )
    assert found == ["place/abad"]
    assert place_groups(text, text.index(" "), [tigris, abad]) == ["place/tigris"]


def test_a_described_neighbourhood_names_its_place(gaz: Gazetteer) -> None:
    (capture,) = _events(gaz, "In Mosul, the CTS captured the Zuhur residential neighborhood.")
    assert capture.locations == ("place/zuhur",)


def test_a_road_between_two_places_is_one_act_at_both(gaz: Gazetteer) -> None:
    (capture,) = _events(gaz, "The Peshmerga captured the road between Bashiqa and Bartella.")
    assert capture.locations == ("place/bashiqa", "place/bartella")


def test_a_state_names_its_subject_not_the_place_after(gaz: Gazetteer) -> None:
    (denied,) = _events(
        gaz,
        "By this point, only the Zorbanaya district was left under ISIL control in eastern Mosul.",
    )
    assert denied.status == "denied" and denied.locations == ("place/zorbanaya",)


def test_a_place_situating_the_locative_place_before_the_act_yields(gaz: Gazetteer) -> None:
    events = _events(
        gaz,
        "The Iraqi Air Force carried out an airstrike in Zorbanaya area in Mosul, killing five.",
    )
    assert [e.locations for e in events if e.type == "Killing"] == [("place/zorbanaya",)]


def test_a_name_the_sentence_situates_is_a_place(gaz: Gazetteer) -> None:
    (attack,) = _events(
        gaz, "The PMU repelled an ISIL attack near Zorbanaya, located west of Mosul."
    )
    assert attack.locations == ("place/zorbanaya",)
    (withdrawal,) = _events(gaz, "The militants were retreating to Qasr Zorbanaya.")
    assert withdrawal.locations == ("place/qasr-zorbanaya",)


def test_a_date_is_no_situated_place(gaz: Gazetteer) -> None:
    (advance,) = _events(gaz, "On 23 November, to the west of Tal Afar, the PMF advanced.")
    assert advance.locations == ("place/tal-afar",)


def test_names_after_as_well_as_continue_a_list_of_districts(gaz: Gazetteer) -> None:
    events = _events(
        gaz,
        "The CTS captured the Zorbanaya district on the eastern front as well as Qubbaya and "
        "Nurkaya in the central part of the city.",
    )
    assert [e.locations for e in events if e.type == "Capture"] == [
        ("place/zorbanaya",),
        ("place/qubaya",),
        ("place/nurkaya",),
    ]


def test_as_well_as_continues_the_objects_not_a_new_clause(gaz: Gazetteer) -> None:
    events = _events(
        gaz,
        "The Iraqi Army captured the Zorbanaya district, as well as Qubbaya village, "
        "killing 40 militants.",
    )
    assert [e.locations for e in events if e.type == "Capture"] == [
        ("place/zorbanaya",),
        ("place/qubaya",),
    ]
    (killing,) = [e for e in events if e.type == "Killing"]
    assert "place/qubaya" in killing.locations


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a list in apposition to a count noun: one event per listed village
        (
            "Forces captured three villages, Zorbanaya, Qubbaya and Nurkaya, west of Mosul.",
            [("place/zorbanaya",), ("place/qubaya",), ("place/nurkaya",)],
        ),
        # a count of a city's districts, then their names: the districts, not the city
        (
            "Troops retook two Mosul districts, Zorbanaya and Qubbaya.",
            [("place/zorbanaya",), ("place/qubaya",)],
        ),
        (
            "The Peshmerga liberated the villages Zorbanaya, Qubbaya and Nurkaya.",
            [("place/zorbanaya",), ("place/qubaya",), ("place/nurkaya",)],
        ),
        (
            "Forces captured Zorbanaya and Qubbaya villages east of Mosul.",
            [("place/zorbanaya",), ("place/qubaya",)],
        ),
        # one bare name after a comma is too often a source: no place
        ("Forces captured five villages, Zorbanaya reported.", [()]),
        ("Government forces entered the southern outskirts of Zorbanaya.", [("place/zorbanaya",)]),
        ("Kurdish forces seized the strategic Zorbanaya Hill.", [("place/zorbanaya-hil",)]),
        ("Troops pushed into the Zorbanaya neighbourhood of Ramadi.", [("place/zorbanaya",)]),
        ("The army captured the northern part of Zorbanaya.", [("place/zorbanaya",)]),
        # the object of an act that names a place with no record keeps it, not the city after
        ("ISIL attacked Zorbanaya, a village near Mosul.", [("place/zorbanaya",)]),
        (
            "Kurdish forces advanced on Zorbanaya, a small town east of Mosul.",
            [("place/zorbanaya",)],
        ),
        ("Militants shelled Zorbanaya on Monday.", [("place/zorbanaya",)]),
        ("The army stormed the Zorbanaya quarter of Mosul.", [("place/zorbanaya",)]),
        ("Troops advanced toward the Zorbanaya crossroads.", [("place/zorbanaya-crosroads",)]),
        (
            "The army regained control of Zorbanaya after a week of fighting.",
            [("place/zorbanaya",)],
        ),
        ("ISIS was driven out of Zorbanaya on Monday.", [("place/zorbanaya",)]),
        (
            "Troops reached the edge of Zorbanaya, which lies 20 km south of Mosul.",
            [("place/zorbanaya",)],
        ),
        # a possessive ends a name: the place after it is the part of the place before
        ("Iraqi troops retook al-Ramadi's al-Zorbanaya district.", [("place/zorbanaya",)]),
        ("SDF fighters stormed Raqqa's Old City on Tuesday.", [("place/raqqa",)]),
        # numbered parts of a city are named by noun and number
        (
            "Forces captured District 1 and Neighbourhood No. 3 in Sirte.",
            [("place/district-1",), ("place/neighbourhod-no-3",)],
        ),
        # a name listed with a place is a place too, though no record places it
        (
            "Iraqi forces pushed into Zorbanaya and Qubbaya north of Mosul.",
            [("place/zorbanaya",), ("place/qubaya",)],
        ),
        # "a Mosul bridge" is a bridge in Mosul, no landmark of that name
        ("The coalition destroyed a Mosul bridge.", [("place/mosul",)]),
        ("The coalition destroyed the Mosul bridge.", [("place/mosul-bridge",)]),
    ],
)
def test_places_the_gazetteer_lacks_place_the_act(
    gaz: Gazetteer, text: str, expected: list[tuple[str, ...]]
) -> None:
    assert [e.locations for e in _events(gaz, text)] == expected


def test_places_listed_with_the_locative_place_before_the_act_locate_it(gaz: Gazetteer) -> None:
    events = _events(
        gaz,
        "The division advanced in the Zorbanaya and Qubbaya districts, capturing those "
        "districts later in the day.",
    )
    # one event per place (events.py splits a list located before the trigger)
    captures = [e for e in events if e.type == "Capture"]
    assert [c.locations for c in captures] == [("place/zorbanaya",), ("place/qubaya",)]
    assert {c.location_rule for c in captures} == {"before-trigger"}


def test_a_short_parenthesis_may_stand_before_the_district_noun(gaz: Gazetteer) -> None:
    (capture,) = _events(gaz, "The army captured al-Zorbanaya Thani (Second) district.")
    assert capture.locations == ("place/zorbanaya-thani",)
