"""The clean stage: chrome is dropped by general means, article text and metadata kept."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from conflictkg.mapping.clean import clean
from conflictkg.mapping.model import CleanDocument, RawDocument
from conflictkg.mapping.read import iter_inputs

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
PAGE_FILES = sorted(p for p in PAGES.iterdir() if p.suffix in (".html", ".txt"))


def _clean_file(path: Path) -> CleanDocument:
    (raw,) = iter_inputs([path])
    assert isinstance(raw, RawDocument)
    return clean(raw)


def _raw(text: str, fmt: str = "txt", **fields: Any) -> RawDocument:
    return RawDocument(key="k", path=Path("k"), fmt=fmt, text=text, fields=fields)  # type: ignore[arg-type]


def _check_shape(doc: CleanDocument) -> None:
    """Paragraphs separated by exactly one blank line; sections point at their headings."""
    assert doc.text == doc.text.strip()
    assert "\n\n\n" not in doc.text
    assert all(p.strip() == p and p for p in doc.text.split("\n\n"))
    for n, section in enumerate(doc.sections):
        assert doc.text[section.start :].startswith(section.heading + "\n\n") or (
            doc.text[section.start :] == section.heading
        )
        following = [s.start for s in doc.sections[n + 1 :] if s.level <= section.level]
        assert section.end == (following[0] if following else len(doc.text))


@pytest.fixture(scope="module")
def corpus() -> dict[str, CleanDocument]:
    root = Path(__file__).resolve().parents[2] / "corpus"
    docs = [clean(r) for r in iter_inputs([root]) if isinstance(r, RawDocument)]
    return {d.key[:3]: d for d in docs}


# -- pages of our own making: each has an .expect.yaml beside it ---------------------------


@pytest.mark.parametrize("page", PAGE_FILES, ids=lambda p: p.name)
def test_page_keeps_article_drops_chrome_reads_metadata(page: Path) -> None:
    expect = yaml.safe_load(page.with_suffix(".expect.yaml").read_text(encoding="utf-8"))
    doc = _clean_file(page)
    _check_shape(doc)
    paragraphs = doc.text.split("\n\n")
    for sentence in expect["keep"]:
        assert sentence in paragraphs, f"article paragraph lost or altered: {sentence!r}"
    for piece in expect["drop"]:
        assert piece not in doc.text, f"chrome survived: {piece!r}"
    if "sections" in expect:
        assert [s.heading for s in doc.sections] == expect["sections"]
    for field, value in expect["metadata"].items():
        actual = getattr(doc.metadata, field)
        assert (list(actual) if isinstance(actual, tuple) else actual) == value, field


def test_pages_exist() -> None:
    assert len([p for p in PAGE_FILES if p.suffix == ".html"]) >= 2
    assert len([p for p in PAGE_FILES if p.suffix == ".txt"]) >= 2


# -- the bundled corpus ------------------------------------------------------------------


def test_corpus_texts_are_well_formed(corpus: dict[str, CleanDocument]) -> None:
    assert sorted(corpus) == ["000", "001", "002", "003", "004"]
    for doc in corpus.values():
        _check_shape(doc)
        assert len(doc.content_hash) == 64


def test_000_encyclopedia_snapshot(corpus: dict[str, CleanDocument]) -> None:
    doc = corpus["000"]
    assert "معركة الموصل" in doc.text and "Mawṣil" in doc.text
    assert "â€" not in doc.text and "Ã" not in doc.text
    assert "[object Object]" not in doc.text and "object Object" not in doc.text
    assert "![" not in doc.text and "Special:Redirect" not in doc.text
    assert "**" not in doc.text
    meta = doc.metadata
    assert meta.title == "Battle of Mosul (2016–2017)"
    assert meta.published is None
    assert meta.revised is not None and meta.revised.startswith("2023-10-18")
    assert (meta.genre, meta.publisher) == ("encyclopedia", "Wikipedia")
    headings = [s.heading for s in doc.sections]
    assert "October 2016: Phase One and initial advances" in headings
    assert "References" not in headings and "See also" not in headings
    levels = {s.heading: s.level for s in doc.sections}
    assert levels["The battle"] == 2 and levels["January 2017: Capturing east Mosul"] == 3
    assert doc.text.startswith("The Battle of Mosul (")


def test_001_dw_report(corpus: dict[str, CleanDocument]) -> None:
    doc = corpus["001"]
    meta = doc.metadata
    assert meta.agencies == ("AFP", "Reuters", "AP")
    assert meta.title == "Iraqi Mosul offensive gains ground"
    assert meta.published == "2016-11-01"
    assert meta.publisher == "Deutsche Welle"
    assert "p.dw.com" in meta.site_clues
    for chrome in (
        "Image: Reuters",
        "Skip to content",
        "Image:",
        "p.dw.com",
        "tj/msh",
        "Panzer Irak",
        "Karte Irak",
        "Conflicts",
    ):
        assert chrome not in doc.text
    assert "Smoke rises over the Karama district" not in doc.text
    assert "\xa0" not in doc.text
    assert "November 1, 2016" in doc.text.split("\n\n")  # the dateline stays
    assert any(
        p.startswith('"Now is the beginning of the true liberation') for p in doc.text.split("\n\n")
    )


def test_002_most_popular_sidebar_is_gone(corpus: dict[str, CleanDocument]) -> None:
    doc = corpus["002"]
    for chrome in (
        "Most Popular",
        "The Last Supper",
        "Newsboys",
        "The Chosen",
        "Kim Sae-ron",
        "Massacres in Syria",
        "Goran Tomasevic",
        "Civilians in Mosul",
    ):
        assert chrome not in doc.text
    assert doc.text.rstrip().endswith("within the next couple of months.")
    assert doc.metadata.title == "Iraqi Forces Conduct Second Massive Operations To Retake Mosul"


def test_003_comments_and_donations_are_gone(corpus: dict[str, CleanDocument]) -> None:
    doc = corpus["003"]
    for chrome in (
        "resisting like lions",
        "PayPal",
        "2,500 $",
        "Support SouthFront",
        "Notify of",
        "Voiceover",
        "Trustin Judeau",
        "patreon",
        "comment",
    ):
        assert chrome not in doc.text
    assert any(
        p.startswith("On March 21st, the Popular Mobilization Units (PMU) announced")
        for p in doc.text.split("\n\n")
    )
    assert doc.metadata.publisher == "SouthFront"
    assert doc.metadata.title == "Battle For Mosul Enters Its Final Stage"


def test_004_json_dump_is_gone_and_quotes_stay(corpus: dict[str, CleanDocument]) -> None:
    doc = corpus["004"]
    for chrome in ("contenttypeid", "string(", "S/SH", "Iraq – Conflict – Mosul"):
        assert chrome not in doc.text
    assert doc.metadata.published is not None
    assert doc.metadata.published.startswith("2016-03-24")
    assert doc.metadata.title is not None and not doc.metadata.title.startswith("VIDEO")
    paragraphs = doc.text.split("\n\n")
    assert any(
        p.startswith("“Iraq forces in Makhmur have begun their advance")
        or p.startswith('"Iraq forces in Makhmur have begun their advance')
        for p in paragraphs
    )
    assert any("liberate four or five villages" in p for p in paragraphs)


# -- markup, metadata sources, hashing ---------------------------------------------------


def test_markdown_markup_is_removed_and_headings_become_sections() -> None:
    text = (
        "Intro with **bold** and *italic* and a [link](https://example.org/x) here.\n"
        "This line continues the paragraph.\n\n"
        "## Fighting in the north\n"
        "![A map](https://example.org/map.png)\n\n"
        "* Troops advanced on the northern road, officials said.\n"
        "* Two villages were taken before noon, the army said.\n\n"
        "### Late news\n\n"
        "The advance stopped at nightfall, according to a spokesman.\n"
    )
    doc = clean(_raw(text, fmt="md", front_matter={"title": "Front title", "date": "2017-03-01"}))
    _check_shape(doc)
    assert doc.text.split("\n\n") == [
        "Intro with bold and italic and a link here. This line continues the paragraph.",
        "Fighting in the north",
        "Troops advanced on the northern road, officials said.",
        "Two villages were taken before noon, the army said.",
        "Late news",
        "The advance stopped at nightfall, according to a spokesman.",
    ]
    assert [(s.heading, s.level) for s in doc.sections] == [
        ("Fighting in the north", 2),
        ("Late news", 3),
    ]
    assert doc.sections[0].end == len(doc.text)
    assert doc.metadata.title == "Front title" and doc.metadata.published == "2017-03-01"


def test_jsonl_fields_are_metadata_and_sidecar_only_fills_gaps() -> None:
    raw = _raw(
        "The army said it had entered the town on Monday after a week of fighting.",
        fmt="jsonl",
        url="https://www.reuters.com/article/x",
        title="Army enters town",
        published="2017-05-02",
        sidecar={"publisher": "Sidecar Name", "title": "Ignored", "language": "en"},
    )
    meta = clean(raw).metadata
    assert meta.title == "Army enters town"  # the document's own field wins
    assert meta.publisher == "Sidecar Name"  # the gap is filled by the sidecar
    assert meta.language == "en" and meta.published == "2017-05-02"
    assert meta.url == "https://www.reuters.com/article/x"


def test_publisher_from_url_host_by_registrable_domain() -> None:
    raw = _raw(
        "Troops moved in overnight, the ministry said in a statement.",
        sidecar={"url": "https://amp.dw.com/en/story/a-1"},
    )
    assert clean(raw).metadata.publisher == "Deutsche Welle"


def test_wikipedia_url_makes_an_encyclopedia_snapshot() -> None:
    raw = _raw(
        "The battle began in October and lasted nine months, historians say.",
        front_matter={"url": "https://en.wikipedia.org/wiki/X", "date": "2020-01-05"},
    )
    meta = clean(raw).metadata
    assert (meta.genre, meta.published, meta.revised) == ("encyclopedia", None, "2020-01-05")


def test_content_hash_covers_text_and_fields() -> None:
    raw = _raw("Some text here, said the source.", title="A")
    expected = hashlib.sha256(
        (raw.text + json.dumps({"title": "A"}, sort_keys=True)).encode()
    ).hexdigest()
    assert clean(raw).content_hash == expected
    assert clean(_raw("Some text here, said the source.", title="B")).content_hash != expected


def test_mojibake_and_whitespace_are_repaired() -> None:
    doc = clean(_raw("The offensive (2016â€“2017)  began\u00a0on Monday, officials said."))
    assert doc.text == "The offensive (2016–2017) began on Monday, officials said."


def test_clean_is_deterministic(corpus: dict[str, CleanDocument]) -> None:
    again = _clean_file(Path(__file__).resolve().parents[2] / "corpus" / corpus["003"].key)
    assert again == corpus["003"]


def test_publication_date_from_a_byline_item_or_a_wire_dateline() -> None:
    byline = clean(
        _raw(
            "Troops seize Ramadi\nBy John Smith | Mon Dec 28, 2015 3:12pm EST\n\n"
            "RAMADI, Iraq (Reuters) - Iraqi forces entered Ramadi on Sunday, officers said."
        )
    )
    assert byline.metadata.published == "2015-12-28T15:12:00"
    wire = clean(
        _raw(
            "BAGHDAD, June 17, 2016 (AP) - Iraqi forces entered Fallujah on Thursday, "
            "officers said."
        )
    )
    assert wire.metadata.published == "2016-06-17"
    undated = clean(_raw("RAMADI, Iraq, Dec 28 (Reuters) - Iraqi forces entered Ramadi."))
    assert undated.metadata.published is None  # no year stated: nothing is guessed


def test_a_statement_dated_in_its_header_line() -> None:
    doc = clean(
        _raw(
            "Ministry of Defence\nPress release\nBaghdad - 14 April 2016\n\n"
            "The army completed today the liberation of the town centre and raised the flag."
        )
    )
    assert doc.metadata.published == "2016-04-14"


def test_timeline_headings_stay_sections_and_an_agency_dateline_dates_the_page() -> None:
    text = "# Battle\n\n## 2016\n\n### 26–28 June\n\nIraqi forces captured the Jolan district.\n"
    doc = clean(_raw(text, fmt="md"))
    assert [s.heading for s in doc.sections][-2:] == ["2016", "26–28 June"]
    agency = clean(
        _raw("Aleppo, 17 June 2016 (SANA) – Army units liberated three villages on Tuesday.")
    )
    assert agency.metadata.published == "2016-06-17"


_DATED_PAGE = """<html><head><title>Army retakes district</title></head><body>
<nav><a href="/">Home</a></nav>
<article><h1>Army retakes district in eastern Aleppo</h1>
<p class="byline">By Jane Doe {stamp}</p>
<p>Syrian army units restored control on Saturday to the Sheikh Saeed neighborhood in eastern
Aleppo, a military source said, after days of heavy clashes with rebel groups there.</p>
<p>The army retook the al-Shaar neighborhood on December 7, after heavy clashes with rebel
groups in the area, the source added in a statement to reporters.</p></article>
<aside><ul><li><time datetime="2016-11-02">2 Nov</time> An older story</li></ul></aside>
</body></html>"""


@pytest.mark.parametrize(
    ("stamp", "published"),
    [
        ('<time datetime="2016-12-11T09:00:00Z">11 Dec</time>', "2016-12-11T09:00:00+00:00"),
        ('<span class="date">December 11, 2016</span>', "2016-12-11"),
        ("", None),  # the related story's date is not the page's
    ],
)
def test_an_html_pages_visible_byline_date_is_its_publication_date(
    stamp: str, published: str | None
) -> None:
    doc = clean(_raw(_DATED_PAGE.format(stamp=stamp), fmt="html"))
    assert doc.metadata.published == published


_META_PAGE = """<html><head><title>Army retakes town</title></head><body>
<div class="post"><h1>Army retakes the town</h1>
<span class="{meta}">Posted on October 3, 2016 by admin</span>
<div class="entry-content"><p>Iraqi troops on Monday recaptured the town after a week of
fighting, an army officer said, and the militants withdrew towards the desert.</p></div>
<div class="related-posts"><div class="rp"><span class="post-meta">May 1, 2016</span>
<a href="/a">Jets strike a convoy</a></div></div></div></body></html>"""


def test_a_wordpress_entry_meta_line_dates_the_page_not_a_related_post() -> None:
    page = clean(_raw(_META_PAGE.format(meta="entry-meta"), fmt="html"))
    assert page.metadata.published == "2016-10-03"
    related_only = clean(_raw(_META_PAGE.format(meta="author-box"), fmt="html"))
    assert related_only.metadata.published is None  # the related post's date is not its own


@pytest.mark.parametrize("field", ["date_publish", "publish_date", "publishedAt", "pub_date"])
def test_a_scrapers_name_for_the_publication_date(field: str) -> None:
    raw = _raw("Troops entered the town on Monday.", fmt="jsonl", **{field: "2017-05-02"})
    assert clean(raw).metadata.published == "2017-05-02"
    crawled = _raw("Troops entered the town on Monday.", fmt="jsonl", date_download="2017-05-09")
    assert clean(crawled).metadata.published is None  # a crawl date is never one


def test_a_published_line_wins_over_an_updated_line_before_it() -> None:
    text = (
        "Army retakes district in eastern Aleppo\n\nUpdated: 13 December 2016\n\n"
        "Published: 11 December 2016\n\n"
        "Syrian army units restored control to the Sheikh Saeed neighborhood, a source said."
    )
    assert clean(_raw(text)).metadata.published == "2016-12-11"
    only = text.replace("Published: 11 December 2016\n\n", "")
    assert clean(_raw(only)).metadata.published == "2016-12-13"  # better than none


def test_a_lead_byte_that_lost_its_continuation_is_dropped_only_in_mojibake() -> None:
    from conflictkg.mapping.clean import drop_orphan_lead_bytes

    broken = "Fighters of the â€œPMUâ€\u009d took the villages of ÙArab Leith and Ãœbeda."
    assert drop_orphan_lead_bytes(broken) == (
        "Fighters of the â€œPMUâ€\u009d took the villages of Arab Leith and Ãœbeda."
    )
    latin = "Über alles: Ørsted and Ùbeda are real names in a text that is no mojibake."
    assert drop_orphan_lead_bytes(latin) == latin
