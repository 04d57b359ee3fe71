"""Inline markup removal (``mapping/markup.py``)."""

from __future__ import annotations

import pytest

from conflictkg.mapping.markup import strip_inline


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (
            "Iraqi forces captured the district.[2] On 22 December",
            "Iraqi forces captured the district. On 22 December",
        ),
        ("the complex [12][13], and declared", "the complex, and declared"),
        ("The battle[edit]", "The battle"),
        (
            "December 2015[[edit](https://en.wikipedia.org/w/index.php?action=edit)]",
            "December 2015",
        ),
        ("was liberated[citation needed] on Friday", "was liberated on Friday"),
        ("offensive.[[1]](https://en.wikipedia.org/wiki/X#cite_note-1)", "offensive."),
        ("an estimate[note 3] of 300", "an estimate of 300"),
        ("killed 40 people.[a]", "killed 40 people."),
    ],
)
def test_footnote_calls_and_maintenance_tags_are_removed(raw: str, text: str) -> None:
    assert strip_inline(raw)[0] == text


@pytest.mark.parametrize(
    "raw",
    [
        '"[T]he militants fled," he said.',
        "the [Iraqi] army took the bridge",
        "a list [1, 2] of figures",
    ],
)
def test_brackets_that_are_prose_stay(raw: str) -> None:
    assert strip_inline(raw)[0] == raw
