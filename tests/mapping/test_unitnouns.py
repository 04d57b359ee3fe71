"""Bare nouns read as units (``unitnouns.py``, ``lexicons/units.yaml``), on invented text."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conflictkg.mapping.model import Extraction

Extract = Callable[[str], Extraction]  # the ``extract_text`` fixture (conftest.py)

SYRIA = "Fighting went on in Raqqa, Syria. "


def _units(extraction: Extraction) -> dict[str, str]:
    return {m.text: m.entity_id for m in extraction.mentions if m.rule.startswith("units.yaml:")}


def test_the_army_yields_to_a_foreign_army_the_document_names(extract_text: Extract) -> None:
    home = extract_text(SYRIA + "The army recaptured Tabqa.")
    assert _units(home) == {"army": "unit/syrian-arab-army"}
    foreign = extract_text(SYRIA + "The Turkish army attacked Tabqa. The army shelled Tabqa.")
    assert "army" not in _units(foreign)  # "the army" may be the Turkish one: left unread


def test_the_division_refers_back_to_the_division_named_before(extract_text: Extract) -> None:
    text = "The 9th Division entered Bartella. The division then captured Bashiqa."
    (capture,) = [e for e in extract_text(text).events if e.type == "Capture"]
    assert capture.actors == ("unit/iraqi-army-9th-division",)
    none = "The Peshmerga entered Bartella. The division then captured Bashiqa."
    (other,) = [e for e in extract_text(none).events if e.type == "Capture"]
    assert other.actors == ()  # no division named before


@pytest.mark.parametrize(
    "text",
    [
        "Iraqi forces entered Mosul. The previous day, troops had stormed the Mosul hospital.",
        "Iraqi forces reached Mosul. Officials said troops would advance on Tal Afar.",
        "Mosul was calm. The troops entered Bashiqa on Monday.",
    ],
)
def test_bare_troops_in_iraq_are_the_iraqi_forces(extract_text: Extract, text: str) -> None:
    acts = [e for e in extract_text(text).events if e.sentence_index == 1]
    assert acts and all(e.actors == ("unit/iraqi-security-forces",) for e in acts)


def test_soldiers_of_the_other_side_are_not_read_as_the_state(extract_text: Extract) -> None:
    text = "ISIL lost Mosul. Hundreds of its leaders and soldiers have been killed near Bashiqa."
    assert all("unit/iraqi-security-forces" not in e.opponents for e in extract_text(text).events)
