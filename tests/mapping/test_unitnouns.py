"""Bare nouns read as units (``unitnouns.py``, ``lexicons/units.yaml``), on invented text."""

from __future__ import annotations

from collections.abc import Callable

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
