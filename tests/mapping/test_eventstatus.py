"""Status rules of ``eventstatus.py`` on invented sentences."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conflictkg.mapping.model import Extraction

Extract = Callable[[str], Extraction]  # the ``extract_text`` fixture (conftest.py)


@pytest.mark.parametrize(
    "text",
    [
        "Officers said an assault on Bashiqa would be launched within hours.",
        "A commander said the attack on Bashiqa is to be launched at dawn.",
        "Civilians remain in Bashiqa, which the Peshmerga hope to storm in the coming weeks.",
        "Kurdish officials said an attack on Bashiqa will be carried out in the coming days.",
    ],
)
def test_an_operation_still_to_start_is_planned(extract_text: Extract, text: str) -> None:
    statuses = {(e.type, e.status) for e in extract_text(text).events}
    assert statuses == {("Attack", "planned")}


def test_an_operation_under_way_stays_occurred(extract_text: Extract) -> None:
    events = extract_text("The Peshmerga launched an assault on Bashiqa on Monday.").events
    assert [(e.type, e.status) for e in events] == [("Attack", "occurred")]


@pytest.mark.parametrize(
    "text",
    [
        "The operation has so far led to the killing of 500 ISIS fighters.",
        "The strikes are leading to the killing of dozens of ISIS fighters every day.",
    ],
)
def test_an_act_an_operation_led_to_is_no_plan(extract_text: Extract, text: str) -> None:
    statuses = [e.status for e in extract_text(text).events if e.type == "Killing"]
    assert statuses == ["occurred"]
