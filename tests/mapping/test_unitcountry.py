"""Which country a document is about (``unitcountry.py``), on invented sentences."""

from __future__ import annotations

from collections.abc import Callable

from conflictkg.mapping.model import Extraction

Extract = Callable[[str], Extraction]  # the ``extract_text`` fixture (conftest.py)


def test_a_place_the_gazetteer_lacks_still_tells_the_documents_country(
    extract_text: Extract,
) -> None:
    # Palmyra is found by its locative and geocoded to a Syrian Who's On First record.
    found = extract_text("Government forces advanced on Palmyra from the west.")
    (advance,) = [e for e in found.events if e.type == "Advance"]
    assert advance.actors == ("unit/syrian-arab-army",)


def test_the_forces_named_tell_the_country_when_no_place_does(extract_text: Extract) -> None:
    found = extract_text("The SDF said government forces captured the citadel.")
    (capture,) = [e for e in found.events if e.type == "Capture"]
    assert capture.actors == ("unit/syrian-arab-army",)
