"""Event lexicon and status rules of ``events.py`` on invented sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictkg.mapping.extract import extract
from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.model import CleanDocument, DocumentMetadata, Event


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def _events(gaz: Gazetteer, text: str) -> list[Event]:
    doc = CleanDocument("t", Path("t.txt"), "txt", text, DocumentMetadata(), ())
    return list(extract(doc, gaz).events)


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
