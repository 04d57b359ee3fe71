"""Mentions: gazetteer names and cue-found places, minus names that are no place."""

from __future__ import annotations

import pytest

from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.mentions import find_mentions
from conflictkg.mapping.model import Sentence


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def _places(gaz: Gazetteer, text: str) -> list[str]:
    found = find_mentions(text, [Sentence(0, 0, len(text))], gaz)
    # tentative names (after a bare locative) are places only if geocoding places them
    return [
        m.text
        for m in found.mentions
        if m.entity_id.startswith("place/") and m.entity_id not in found.tentative
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a place inside an organisation's name is no place of the story
        ("Strikes killed a former member of al-Qaeda in Iraq who led cells in Mosul.", ["Mosul"]),
        ("A commander of Al Qaeda in Iraq was arrested near Mosul.", ["Mosul"]),
        ("Fighters of Ansar al-Sharia in Libya withdrew from Sirte.", ["Sirte"]),
        # the same place after an ordinary "in" stays a place
        ("Airstrikes in Iraq killed a commander in Mosul.", ["Iraq", "Mosul"]),
        # a group named with a city is where the group is
        ("The Islamic State in Mosul executed 40 civilians.", ["Mosul"]),
    ],
)
def test_a_place_in_an_organisation_name_is_no_mention(
    gaz: Gazetteer, text: str, expected: list[str]
) -> None:
    assert _places(gaz, text) == expected


def test_old_before_a_city_names_its_historic_quarter(gaz: Gazetteer) -> None:
    assert _places(gaz, "Fighting raged in Old Mosul.") == ["Old Mosul"]
    assert _places(gaz, "Fighting raged in the Old City.") == []
