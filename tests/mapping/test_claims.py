"""Claims: figures that refer back to a count, bounds and count words (small documents)."""

from __future__ import annotations

import pytest

from conflictkg.mapping.claims import sentence_claims
from conflictkg.mapping.dates import SentenceDates
from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.model import Sentence


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def _claims(gaz: Gazetteer, text: str) -> list[tuple[str, int | None, int | None, int | None]]:
    sentence = Sentence(index=0, start=0, end=len(text))
    found = sentence_claims(text, sentence, [], gaz, SentenceDates((), None), ())
    return [(c.counted, c.value, c.low, c.high) for c in found]


def test_a_figure_put_as_the_toll_counts_what_the_claim_before_it_counts(gaz: Gazetteer) -> None:
    text = "The army said 70 militants were killed, while a doctor put the toll at over 120."
    assert _claims(gaz, text) == [
        ("fighters_killed", 70, None, None),
        ("fighters_killed", None, 120, None),
    ]
    text = "Officials said 300 families fled, but aid groups said the figure was about 500."
    assert _claims(gaz, text)[1] == ("civilians_displaced", 500, None, None)


def test_a_reference_naming_what_it_counts(gaz: Gazetteer) -> None:
    text = "The command put the number of gunmen killed at 280."
    assert _claims(gaz, text) == [("fighters_killed", 280, None, None)]
    text = "Meanwhile the number of soldiers killed rose to 67."
    assert _claims(gaz, text) == [("fighters_killed", 67, None, None)]
    # a reference alone, with no claim before it and no noun, counts nothing
    assert _claims(gaz, "The figure was put at 400.") == []


def test_losses_lost_and_more_count_words(gaz: Gazetteer) -> None:
    text = "The group's losses are estimated at between 180 and 250 members."
    assert _claims(gaz, text) == [("fighters_killed", None, 180, 250)]
    assert _claims(gaz, "The army lost six soldiers near the border.") == [
        ("fighters_killed", 6, None, None)
    ]
    # "lost" counts only right before the figure, its noun attached
    assert _claims(gaz, "The army lost two tanks and 12 soldiers were wounded.") == []
    assert _claims(gaz, "Scores of militiamen were killed.")[0][0] == "fighters_killed"
    text = "Some 30,000 troops took part in the operation."
    assert _claims(gaz, text) == [("troops_deployed", 30000, None, None)]


def test_not_less_than_is_a_lower_bound(gaz: Gazetteer) -> None:
    text = "Not less than 40,000 citizens fled the city."
    assert _claims(gaz, text) == [("civilians_displaced", None, 40000, None)]


def test_vague_counts_and_a_force_defending_or_holed_up(gaz: Gazetteer) -> None:
    text = "Tens of thousands of people fled the city."
    assert _claims(gaz, text) == [("civilians_displaced", 20000, None, None)]
    text = "The refinery was defended by a few hundred soldiers."
    assert _claims(gaz, text) == [("troops_deployed", 300, None, None)]
    text = "About 30 militants were holed up near the palace."
    assert _claims(gaz, text) == [("troops_deployed", 30, None, None)]
