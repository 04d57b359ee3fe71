"""Sentence segmentation keeps offsets exact and never crosses a paragraph."""

from __future__ import annotations

import pytest

from conflictkg.mapping.segment import segment


def test_offsets_point_into_the_text() -> None:
    text = "  Lt. Gen. Stephen J. Townsend spoke. ISIL fled!\n\nNew paragraph here. Another one."
    sentences = segment(text)
    assert [text[s.start : s.end] for s in sentences] == [
        "Lt. Gen. Stephen J. Townsend spoke.",
        "ISIL fled!",
        "New paragraph here.",
        "Another one.",
    ]
    assert [s.index for s in sentences] == [0, 1, 2, 3]


def test_never_crosses_a_paragraph_break() -> None:
    text = "A heading without a stop\n\nThe text that follows it. And more"
    sentences = segment(text)
    assert [text[s.start : s.end] for s in sentences] == [
        "A heading without a stop",
        "The text that follows it.",
        "And more",
    ]
    for s in sentences:
        assert "\n\n" not in text[s.start : s.end]


def test_code_points_not_bytes() -> None:
    text = "Şeriy Mûsil was named. Then “We Are Coming” began."
    sentences = segment(text)
    assert text[sentences[1].start : sentences[1].end] == "Then “We Are Coming” began."


def test_empty_text() -> None:
    assert segment("") == ()
    assert segment("\n\n  \n") == ()


@pytest.mark.parametrize(
    "text",
    [
        "On 5 January, Lt. Gen. Talib Shaghati stated that the CTS advanced.",
        "On 5 January, Lt.-Gen. Talib Shaghati spoke.",
        "The assault began at approximately 6a.m., local time, with shelling.",
        "U.S. Special Forces captured four commanders near the town.",
        "Police captured the strategic No. 60 Street to the southeast.",
        'He said: "Mosul is liberated. Homage to all." ',
    ],
)
def test_abbreviations_and_quotes_do_not_end_a_sentence(text: str) -> None:
    assert [text[s.start : s.end] for s in segment(text)] == [text.strip()]


def test_a_stop_after_an_acronym_word_still_ends_a_sentence() -> None:
    text = "Troops faced ISIL. Iraqi Army forces stormed Qaraqosh."
    assert len(segment(text)) == 2
