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
