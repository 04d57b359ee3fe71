"""Block features and the chrome filter on small, general cases (no corpus strings)."""

from __future__ import annotations

import pytest

from conflictkg.mapping import blockfeatures as bf
from conflictkg.mapping.boilerplate import filter_blocks
from conflictkg.mapping.markup import to_blocks


@pytest.mark.parametrize(
    ("line", "agencies"),
    [
        ("xy/abc (AFP, Reuters, AP)", ("AFP", "Reuters", "AP")),
        ("(dpa, epd)", ("dpa", "epd")),
        ("Source: Associated Press", ("AP",)),
        ("AFP/AP", ("AFP", "AP")),
        ("ap", None),
        ("Reuters/Goran Tomasevic", None),
        ("Image: Reuters", None),
        ("The army said (AFP)", None),
    ],
)
def test_agency_credit(line: str, agencies: tuple[str, ...] | None) -> None:
    assert bf.agency_credit(line) == agencies


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Image: Reuters", True),
        ("Photo: AFP/Getty Images", True),
        ("Reuters/S. Kalin", True),
        ("© EPA", True),
        ("The photo was taken by a soldier near the front.", False),
    ],
)
def test_photo_credit(line: str, expected: bool) -> None:
    assert bf.is_photo_credit(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Tanks enter the town at dawnPhoto: AP/J. Doe", True),
        ("Soldiers rest in a courtyard, May 2, 2017. Reuters/Ahmed Jadallah", True),
        ("FILE PHOTO: A convoy near Erbil, Iraq, March 1, 2017. REUTERS/Jane Roe/File Photo", True),
        ("The army said it had taken the bridge, a major advance.", False),
    ],
)
def test_glued_credit(line: str, expected: bool) -> None:
    assert bf.has_glued_credit(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('"We will win."', True),
        ('"We are staying," he said.', True),
        ("Troops advanced on Monday, officials said.", True),
        ("Militants seized Hit in October 2014.", True),  # short, thick with names
        ("Iraq Syria Mosul Raqqa Deir.", False),
        ("Battle Enters Final Phase", False),
        ("2,500 $", False),
        ("Home", False),
    ],
)
def test_prose(line: str, expected: bool) -> None:
    assert bf.is_prose(line) is expected


def test_shapes_of_chrome() -> None:
    assert bf.is_breadcrumb("Syria › War › Idlib")
    assert not bf.is_breadcrumb("Forces advanced – and then retreated – near the river.")
    assert bf.is_dump('string(40) "[{"id":"1","title":"x"}]"')
    assert bf.is_dump('{"a": 1, "b": [1, 2]}')
    assert not bf.is_dump("{Note} the army said so.")
    assert bf.is_initials("AB/CD 12") and bf.is_initials("xy/zz")
    assert bf.is_byline_credit("Voiceover by Jane Roe")
    assert bf.is_byline_credit("(Reporting by Ann Lee in Erbil; Editing by Tom Fox)")
    assert bf.is_nav("Follow us on Telegram for live updates")
    assert not bf.is_byline_credit("By Tuesday the army had taken the town and moved on.")
    assert bf.is_comment_cue("37 Comments") and bf.is_comment_cue("Leave a Reply")
    assert bf.dateline("Published: 3 July 2017 10:15 GMT") == "2017-07-03T10:15:00"
    assert bf.is_legal_notice(
        "Copyright 2017 The Example Press. All rights reserved. This material may not be"
        " published, broadcast, rewritten or redistributed."
    )
    assert bf.is_legal_notice(
        "© 2016 Example Media. Reproduction in whole or in part is forbidden."
    )
    assert not bf.is_legal_notice("The militants reserved their heaviest fire for the bridge.")


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        (
            "Troops advanced towards the town from the south, television reported. Advertisement",
            "Troops advanced towards the town from the south, television reported.",
        ),
        ("ADVERTISEMENT The army said it retook the town.", "The army said it retook the town."),
        ("The ad was shown on television.", "The ad was shown on television."),
    ],
)
def test_a_label_glued_to_a_paragraph_is_removed(line: str, kept: str) -> None:
    text = "\n\n".join(["Militants fled the village on Monday, residents said.", line])
    blocks = filter_blocks(to_blocks(text, join_paragraphs=False)).blocks
    assert [b.text for b in blocks][-1] == kept


def test_legal_notice_at_the_foot_is_dropped() -> None:
    text = "\n\n".join(
        [
            "Troops retook the village on Monday after a week of fighting, officers said.",
            "The army said 12 soldiers were wounded in the assault on the village.",
            "Copyright 2017 The Example Press. All rights reserved. This material may not be"
            " published, broadcast, rewritten or redistributed.",
        ]
    )
    kept = [b.text for b in filter_blocks(to_blocks(text, join_paragraphs=False)).blocks]
    assert len(kept) == 2 and not any("reserved" in k for k in kept)


def test_filter_keeps_article_and_reads_chrome() -> None:
    text = "\n".join(
        [
            "Menu",
            "Search",
            "",
            "Army Reaches Outskirts Of Tal Afar",
            "",
            "August 21, 2017",
            "",
            "Iraqi troops reached the outskirts of Tal Afar on Monday, the army said.",
            "",
            "https://short.example-news.com/x1",
            "Armoured vehicles on a road",
            "Photo: Someone",
            "",
            "The advance was slowed by roadside bombs, a police officer said.",
            "",
            "Related stories",
            "",
            "• Chef wins award",
            "",
            "A celebrated chef won a prize for a new dish on Sunday evening, the jury said.",
        ]
    )
    result = filter_blocks(to_blocks(text, join_paragraphs=False))
    kept = [b.text for b in result.blocks]
    assert kept == [
        "Army Reaches Outskirts Of Tal Afar",
        "August 21, 2017",
        "Iraqi troops reached the outskirts of Tal Afar on Monday, the army said.",
        "The advance was slowed by roadside bombs, a police officer said.",
    ]
    assert result.title == "Army Reaches Outskirts Of Tal Afar"
    assert result.published == "2017-08-21"
    assert result.site_clues == ("short.example-news.com",)


def test_article_resumes_after_an_inline_sidebar() -> None:
    text = "\n\n".join(
        [
            "Troops entered the old city on Monday, the army said in a statement.",
            "Read more",
            "• Other story title here",
            "Fighting continued near the mosque on Tuesday, witnesses said by phone.",
            "Officials said the operation would take several more weeks to finish.",
        ]
    )
    kept = [b.text for b in filter_blocks(to_blocks(text, join_paragraphs=False)).blocks]
    assert kept[0].startswith("Troops entered") and kept[-1].startswith("Officials said")
    assert "Fighting continued near the mosque on Tuesday, witnesses said by phone." in kept
    assert not any("Other story" in k for k in kept)
