"""Claims: who a figure is attributed to, and which numbers are no counts (small documents)."""

from __future__ import annotations

import pytest

from conflictkg.mapping.claims import _next_to_month, load_claim_lexicon, sentence_claims
from conflictkg.mapping.claimsources import MAX_CUES, sentence_sources, source_words
from conflictkg.mapping.dates import SentenceDates
from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.model import Sentence


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("At least 40 fighters were killed, according to the UN.", "UN"),
        (
            "Some 900 people fled, according to Maj. Gen. Ali Hassan of the 5th Division.",
            "Maj. Gen. Ali Hassan of the 5th Division",
        ),
        (
            "About 800 fighters are in the town, according to U.S. military estimates.",
            "U.S. military estimates",
        ),
        ("The World Health Organization said 12 civilians died.", "World Health Organization"),
        ("On Monday the Interior Ministry said 30 gunmen were killed.", "Interior Ministry"),
        ("9 civilians were killed, a medical source told Reuters.", "medical source"),
        ("Local sources report that over 20 militants were killed.", "Local sources"),
        (
            "5 soldiers died, an official at the Ministry of Defence said.",
            "official at the Ministry of Defence",
        ),
        ("Government forces killed 40 militants in the town.", ""),
        ("The army said 70 militants were killed.", "army"),
        ("The SOHR documented the death of 106 civilians.", "SOHR"),
        (
            "Some 500 gunmen were killed, according to the statistics of the Media Cell.",
            "statistics of the Media Cell",
        ),
        ("The council's spokesman, Eid Ammash, said 110 fighters were killed.", "Eid Ammash"),
        ("Nofal Hammadi, governor of the Anbar Province, said 110 were killed.", ""),
        ("The news comes amid reports from the UN that 40 members were killed.", "UN"),
        ("About 30 militants were killed, according to local sources.", "local sources"),
        ("Kurdish forces said they killed 25 militants.", "Kurdish forces"),
        ("The chief, Ali Hassan, said in a statement that 47 members were killed.", "Ali Hassan"),
    ],
)
def test_source_words_name_the_figures_source(sentence: str, source: str) -> None:
    figure = next(i for i, ch in enumerate(sentence) if ch.isdigit())
    assert source_words(sentence, figure) == source


def test_the_source_nearest_the_figure_wins() -> None:
    text = (
        "The Defence Ministry said 300 fighters were killed, while 40 civilians died, "
        "according to the UN."
    )
    assert source_words(text, text.index("300")) == "Defence Ministry"
    assert source_words(text, text.index("40")) == "UN"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def _claims(gaz: Gazetteer, text: str) -> list[tuple[str, int | None, int | None]]:
    sentence = Sentence(index=0, start=0, end=len(text))
    found = sentence_claims(text, sentence, [], gaz, SentenceDates((), None), ())
    return [(c.counted, c.value, c.low) for c in found]


def test_a_day_next_to_a_month_is_no_count(gaz: Gazetteer) -> None:
    text = "The police said on 30 July that three ISIL leaders were killed."
    assert _claims(gaz, text) == [("fighters_killed", 3, None)]
    text = "On July 12 militants killed 8 civilians."
    assert _claims(gaz, text) == [("civilians_killed", 8, None)]
    text = "Officials said 20 may have been killed."  # the modal, not the month
    assert not _next_to_month(text, text.index("20"), text.index("20") + 2, load_claim_lexicon())


def test_a_name_between_figure_and_noun_and_killing(gaz: Gazetteer) -> None:
    text = "Islamic State had killed 40 more former Iraqi Security Force (ISF) members."
    assert _claims(gaz, text) == [("fighters_killed", 40, None)]
    text = "The brigade repelled the attack, killing 78 ISIS fighters."
    assert _claims(gaz, text) == [("fighters_killed", 78, None)]


def test_a_source_opened_by_a_conjunction_states_what_follows() -> None:
    text = "Around 200 people fled, and officials said few would return soon."
    assert source_words(text, text.index("200")) == ""
    text = "A spokesman, Ali Hassan, said 110 were killed, but a source said 50 were killed."
    assert source_words(text, text.index("110")) == "Ali Hassan"
    assert source_words(text, text.index("50")) == "source"


def test_a_huge_line_reads_a_bounded_number_of_cues() -> None:
    line = " ".join(["The Ministry said"] * 5000) + " 5 fighters were killed."
    assert len(sentence_sources(line)) == 2 * MAX_CUES  # "X said", and "said X"
