"""Sentence dates: written dates, carried days, datelines, headings, and no guessing."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictkg.mapping.dates import DateResolver, heading_date
from conflictkg.mapping.model import CleanDocument, DateValue, DocumentMetadata, Section
from conflictkg.mapping.segment import segment


def _doc(
    text: str,
    published: str | None = None,
    sections: tuple[Section, ...] = (),
    revised: str | None = None,
) -> CleanDocument:
    meta = DocumentMetadata(published=published, revised=revised)
    return CleanDocument("t", Path("t.txt"), "txt", text, meta, sections)


def _dates(doc: CleanDocument) -> list[DateValue | None]:
    resolver = DateResolver(doc)
    return [resolver.resolve(s).default for s in segment(doc.text)]


def _value(d: DateValue | None) -> tuple[str, int, str] | None:
    return None if d is None else (d.value, d.precision, d.basis)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("On 16 October 2016, the assault began.", ("2016-10-16", 11, "sentence")),
        ("The city fell in June 2014.", ("2014-06", 10, "sentence")),
        ("On March 20th 2017, units pushed.", ("2017-03-20", 11, "sentence")),
        ("Published November 1, 2016 here.", ("2016-11-01", 11, "sentence")),
        ("The group may attack again.", None),
        ("Fighting went on in 2016.", ("2016", 9, "sentence")),
    ],
)
def test_written_dates(sentence: str, expected: tuple[str, int, str] | None) -> None:
    assert _value(_dates(_doc(sentence))[0]) == expected


def test_range() -> None:
    doc = _doc("The battle lasted 16 October 2016 – 20 July 2017.")
    span = DateResolver(doc).resolve(segment(doc.text)[0]).spans[0]
    assert (span.value.value, span.value.end) == ("2016-10-16", "2017-07-20")


def test_missing_year_from_heading_and_carried_day() -> None:
    heading = "January 2017: Capturing east Mosul"
    body = (
        "On 3 January, forces stormed three districts. Later that day, the CTS captured a "
        "silo. The next day, they advanced. Other units held."
    )
    text = f"{heading}\n\n{body}"
    section = Section(heading, 0, len(text), 3)
    assert [_value(d) for d in _dates(_doc(text, sections=(section,)))] == [
        ("2017-01", 10, "sentence"),  # the heading line itself states its month
        ("2017-01-03", 11, "sentence"),
        ("2017-01-03", 11, "carried"),
        ("2017-01-04", 11, "carried"),
        ("2017-01", 10, "heading"),
    ]


def test_carried_day_does_not_cross_sections() -> None:
    first = "On 3 January 2017, they moved."
    second = "Later that day, they stopped."
    text = f"{first}\n\n{second}"
    sections = (Section("A", 0, len(first), 2), Section("B", len(first) + 2, len(text), 2))
    assert _dates(_doc(text, sections=sections))[1] is None


def test_weekday_resolves_against_publication() -> None:
    text = "Troops on Tuesday were poised to advance. On Thursday they moved."
    dates = _dates(_doc(text, published="2016-11-01"))  # a Tuesday
    assert [_value(d) for d in dates] == [
        ("2016-11-01", 11, "dateline"),
        ("2016-10-27", 11, "dateline"),
    ]
    assert _value(_dates(_doc("They struck on Thursday.", "2016-03-24T14:18:09"))[0]) == (
        "2016-03-24",
        11,
        "dateline",
    )


def test_no_anchor_no_date() -> None:
    assert _dates(_doc("Troops attacked on Tuesday."))[0] is None
    assert _dates(_doc("On March 20th, units pushed."))[0] is None
    # a revision date is never an anchor
    assert _dates(_doc("Troops attacked on Tuesday.", revised="2023-10-18"))[0] is None


def test_since_is_not_an_event_date() -> None:
    doc = _doc(
        "Militants who have held it since June 2014 were attacked on Thursday.",
        published="2016-03-24",
    )
    sentence = segment(doc.text)[0]
    dates = DateResolver(doc).resolve(sentence)
    assert _value(dates.for_span(sentence.start, sentence.end)) == ("2016-03-24", 11, "dateline")


def test_a_later_clause_date_does_not_date_the_whole_sentence() -> None:
    doc = _doc("On March 20th, units pushed to the mosque where Baghdadi spoke in 2014.")
    sentence = segment(doc.text)[0]
    dates = DateResolver(doc).resolve(sentence)
    assert dates.default is None
    assert _value(dates.for_span(sentence.start, sentence.end)) == ("2014", 9, "sentence")


def test_year_inferred_from_publication() -> None:
    doc = _doc("Soldiers deployed in February to the region.", published="2016-03-24")
    assert _value(_dates(doc)[0]) == ("2016-02", 10, "sentence")


def test_heading_date() -> None:
    assert heading_date("November 2016: Entering East Mosul") == DateValue("2016-11", 10, "heading")
    assert heading_date("Background") is None


@pytest.mark.parametrize(
    "phrase",
    ["that afternoon", "later that day", "during the day", "by the evening", "shortly afterward"],
)
def test_time_of_day_phrases_carry_the_previous_day(phrase: str) -> None:
    doc = _doc(f"On 1 November 2016, troops advanced. The CTS entered the city {phrase}.")
    assert _value(_dates(doc)[1]) == ("2016-11-01", 11, "carried")


def test_a_sentence_without_a_carry_phrase_keeps_its_own_precision() -> None:
    doc = _doc("November 2016\n\nOn 1 November, troops advanced.\n\nMeanwhile, the CTS entered.")
    assert _value(_dates(doc)[2]) is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Troops retook the town on June 12-13, 2016.", ("2016-06-12", "2016-06-13")),
        ("Troops retook the town on 12–13 June 2016.", ("2016-06-12", "2016-06-13")),
        ("Between 19 and 21 January 2017, jets hit boats.", ("2017-01-19", "2017-01-21")),
    ],
)
def test_two_days_of_one_month_are_a_range(sentence: str, expected: tuple[str, str]) -> None:
    (value,) = _dates(_doc(sentence))
    assert value is not None and (value.value, value.end, value.precision) == (*expected, 11)


def test_a_wire_datelines_date_is_no_event_date() -> None:
    doc = _doc(
        "BAGHDAD, Iraq, Dec. 28, 2015 (Reuters) - Iraqi forces entered Ramadi on Sunday.",
        published="2015-12-28",
    )
    assert _value(_dates(doc)[0]) == ("2015-12-27", 11, "dateline")


def test_season_of_a_year_since_last_weekday_and_a_carried_day_inside_a_dated_sentence() -> None:
    season = _doc("IS captured Mosul in the summer of 2014.")
    assert _value(_dates(season)[0]) == ("2014", 9, "sentence")
    since = _doc("IS has killed 40 officers since last Tuesday.", published="2016-11-01")
    (value,) = _dates(since)
    assert value is not None and (value.value, value.end) == ("2016-10-25", "2016-11-01")
    bare = _doc("Jets struck 21 targets since Saturday.", published="2016-11-01")
    (value,) = _dates(bare)
    assert value is not None and (value.value, value.end) == ("2016-10-29", "2016-11-01")
    text = "On 6 November 2016, troops neared Bashiqa, after taking Bartella on the previous day."
    doc = _doc(text)
    dates = DateResolver(doc).resolve(segment(doc.text)[0])
    after = text.index("after")
    assert _value(dates.for_span(0, after)) == ("2016-11-06", 11, "sentence")
    assert _value(dates.for_span(after, len(text))) == ("2016-11-05", 11, "carried")


def test_an_undated_sentence_of_a_dated_page_takes_the_publication_date() -> None:
    text = (
        "Iraqi forces have already retaken the Jolan district. Troops captured the bridge. "
        "Troops had captured the bridge. IS seized the city years ago."
    )
    dates = _dates(_doc(text, published="2016-06-17"))
    assert [_value(d) for d in dates] == [
        ("2016-06-17", 11, "published"),
        ("2016-06-17", 11, "published"),
        None,  # the past perfect puts it before publication
        None,
    ]
    assert _dates(_doc("Iraqi forces have retaken the Jolan district."))[0] is None


def test_a_timeline_day_heading_takes_the_year_of_its_enclosing_heading() -> None:
    text = "2016\n\n22 May\n\nTroops advanced.\n\n26–28 June\n\nTroops captured the town."
    year = Section("2016", 0, len(text), 2)
    may = Section("22 May", text.index("22 May"), text.index("26–28"), 3)
    june = Section("26–28 June", text.index("26–28"), len(text), 3)
    dates = _dates(_doc(text, sections=(year, may, june)))
    assert _value(dates[2]) == ("2016-05-22", 11, "heading")
    assert dates[4] is not None and (dates[4].value, dates[4].end) == ("2016-06-26", "2016-06-28")
    assert heading_date("22 May") is None  # no year anywhere: nothing is guessed
    assert heading_date("June", year=2016) == DateValue("2016-06", 10, "heading")


def test_a_state_agency_dateline_is_no_event_date() -> None:
    doc = _doc(
        "Aleppo, 17 June 2016 (SANA) – Army units liberated three villages on Tuesday.",
        published="2016-06-17",
    )
    assert _value(_dates(doc)[0]) == ("2016-06-14", 11, "dateline")


def test_an_encyclopedias_undated_sentence_takes_the_month_its_narrative_reached() -> None:
    text = "On 13 February 2017, ISIL attacked three villages. The attack was repelled."
    meta = DocumentMetadata(genre="encyclopedia")
    doc = CleanDocument("t", Path("t.txt"), "txt", text, meta, ())
    assert [_value(d) for d in _dates(doc)] == [
        ("2017-02-13", 11, "sentence"),
        ("2017-02", 10, "narrative"),
    ]
    assert _dates(_doc(text))[1] is None  # a news page without a date: nothing is guessed


def test_a_capitalised_preposition_still_introduces_a_month_or_a_year() -> None:
    text = "In May, the forces began an offensive. During 2015, jets struck the town."
    assert [_value(d) for d in _dates(_doc(text, published="2016-12-02"))] == [
        ("2016-05", 10, "sentence"),
        ("2015", 9, "sentence"),
    ]


def test_since_a_month_is_a_range_to_publication_used_only_without_another_date() -> None:
    text = "The town had been surrounded since October."
    (value,) = _dates(_doc(text, published="2016-12-02"))
    assert value is not None and (value.value, value.end) == ("2016-10", "2016-12-02")
    # a page without a publication date keeps the start alone
    (value,) = _dates(_doc("The town had been surrounded since October 2016."))
    assert value is not None and (value.value, value.end) == ("2016-10", None)
    # another date of the sentence wins, and "since" moves no narrative month
    text = "On 9 May 2016, troops stormed the town held by IS since June 2014. It fell."
    meta = DocumentMetadata(genre="encyclopedia")
    doc = CleanDocument("t", Path("t.txt"), "txt", text, meta, ())
    assert [_value(d) for d in _dates(doc)] == [
        ("2016-05-09", 11, "sentence"),
        ("2016-05", 10, "narrative"),
    ]


def test_a_day_without_a_year_on_a_dated_page_falls_on_or_before_publication() -> None:
    text = "IS has held the district since June 2014. The army retook it on December 7."
    dates = _dates(_doc(text, published="2016-12-11"))
    assert _value(dates[1]) == ("2016-12-07", 11, "sentence")
    text = "IS seized the town in June 2014. The army retook it on December 17."
    assert _value(_dates(_doc(text, published="2016-12-11"))[1]) == ("2015-12-17", 11, "sentence")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a weekday is an anchor even in the past perfect; 11 December 2016 is a Sunday
        ("On Saturday, the army had repelled an attack.", ("2016-12-10", None)),
        ("Terrorists yesterday killed three civilians.", ("2016-12-10", None)),
        ("On Tuesday last week, jets struck the bridge.", ("2016-11-29", None)),
        ("Earlier this month, the army captured the town.", ("2016-12", None)),
        ("Last month, troops seized the base.", ("2016-11", None)),
        ("Troops stormed the village last week.", ("2016-11", "2016-12")),  # 28 Nov - 4 Dec
        ("Troops took the bridge three days ago.", ("2016-12-08", None)),
        ("IS seized the city two years ago.", ("2014", None)),
        ("The city fell last year.", ("2015", None)),
        ("In the last month of the siege, jets struck.", None),
    ],
)
def test_references_relative_to_publication(
    sentence: str, expected: tuple[str, str | None] | None
) -> None:
    (value,) = _dates(_doc(sentence, published="2016-12-11"))
    assert (value and (value.value, value.end)) == expected
    assert _dates(_doc(sentence))[0] is None  # no publication date, no anchor


def test_an_agency_datelines_date_is_the_publication_date_not_an_event_date() -> None:
    text = "Aleppo, SANA, 11 December 2016 - On Saturday, the army had repelled an attack."
    assert _value(_dates(_doc(text, published="2016-12-11"))[0]) == ("2016-12-10", 11, "dateline")


def test_a_noun_takes_the_date_its_relative_clause_says_it_began() -> None:
    text = "Fighters cleared the pocket, ending a ten-week battle that began on May 31."
    doc = _doc(text, published="2016-08-13")
    dates = DateResolver(doc).resolve(segment(doc.text)[0])
    clause_end = text.index(" that")
    battle = text.index("battle") + len("battle")
    assert _value(dates.for_span(0, clause_end, noun_end=battle)) == ("2016-05-31", 11, "sentence")
    # the verb of the clause is not what began then
    assert _value(dates.for_span(0, clause_end)) == ("2016-08-13", 11, "published")
    assert _value(dates.for_span(0, clause_end, noun_end=text.index(" the pocket"))) == (
        "2016-08-13",
        11,
        "published",
    )


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The army retook it on the 7th of December.", ("2016-12-07", 11, "sentence")),
        ("IS lost the town in late 2015.", ("2015", 9, "sentence")),
        ("Jets struck the bridge at the end of November.", ("2016-11", 10, "sentence")),
        ("Troops advanced last October.", ("2016-10", 10, "sentence")),
        ("The group may attack the town again.", ("2016-12-11", 11, "published")),
    ],
)
def test_more_ways_of_writing_a_day_a_month_or_a_year(
    sentence: str, expected: tuple[str, int, str]
) -> None:
    assert _value(_dates(_doc(sentence, published="2016-12-11"))[0]) == expected


def test_a_span_of_the_whole_campaign_is_no_news_of_the_publication_day() -> None:
    text = "At least 400 civilians were killed during the battle. Troops captured the bridge."
    assert [_value(d) for d in _dates(_doc(text, published="2016-08-13"))] == [
        None,
        ("2016-08-13", 11, "published"),
    ]


@pytest.mark.parametrize(
    ("phrase", "day"),
    [
        ("Two days later", "2016-11-03"),
        ("A day earlier", "2016-10-31"),
        ("That same day", "2016-11-01"),
        ("The following morning", "2016-11-02"),
        ("Hours later", "2016-11-01"),
        ("A week earlier", "2016-10-25"),
        ("In the overnight hours", "2016-11-01"),
        ("Two weeks later", "2016-11-15"),
    ],
)
def test_counted_and_more_carried_days(phrase: str, day: str) -> None:
    doc = _doc(f"On 1 November 2016, troops advanced. {phrase}, the CTS entered the city.")
    assert _value(_dates(doc)[1]) == (day, 11, "carried")


def test_a_count_of_days_before_another_event_carries_nothing() -> None:
    doc = _doc("On 1 November 2016, troops advanced. Two days before the attack, jets struck.")
    assert _dates(doc)[1] is None


def test_relative_references_count_from_the_wire_datelines_day() -> None:
    # a syndicated copy published two days after the story was filed
    text = "BAGHDAD, Dec. 11 (Xinhua) -- Iraqi forces on Saturday recaptured the district."
    assert _value(_dates(_doc(text, published="2016-12-13"))[0]) == ("2016-12-10", 11, "dateline")
    full = "Aleppo, SANA, 11 December 2016 - Terrorists yesterday shelled the district."
    assert _value(_dates(_doc(full, published="2017-01-20"))[0]) == ("2016-12-10", 11, "dateline")
    # a year-less dateline dates nothing without a publication date
    assert _dates(_doc(text))[0] is None
    # a dateline of late December read in a January page belongs to the year before
    late = "BAGHDAD, Dec. 30 (Xinhua) -- Iraqi forces on Friday recaptured the district."
    assert _value(_dates(_doc(late, published="2017-01-02"))[0]) == ("2016-12-30", 11, "dateline")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Jets struck the bridge between October and December.", ("2016-10", "2016-12")),
        ("Jets struck between 3 October and 5 November.", ("2016-10-03", "2016-11-05")),
        ("In October and November, jets struck.", ("2016-10", None)),
        ("Troops took the town on Friday, 2 December.", ("2016-12-02", None)),
        ("Troops took the town on Friday (Dec. 2).", ("2016-12-02", None)),
        ("Last night, jets struck the bridge.", ("2016-12-10", None)),
        ("Over the weekend, jets struck the bridge.", ("2016-12-10", "2016-12-11")),
        ("Since the start of December, jets have struck it.", ("2016-12", "2016-12-11")),
    ],
)
def test_ranges_weekdays_with_their_date_and_weekends(
    sentence: str, expected: tuple[str, str | None]
) -> None:
    (value,) = _dates(_doc(sentence, published="2016-12-11"))
    assert value is not None and (value.value, value.end) == expected


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("October–December 2016: the first phase", ("2016-10", "2016-12", 10)),
        ("The push east (November 2016 – January 2017)", ("2016-11", "2017-01", 10)),
        ("17 October – 1 November 2016", ("2016-10-17", "2016-11-01", 11)),
        ("2016–2017", ("2016", "2017", 9)),
        ("November 2016: Entering East Mosul", ("2016-11", None, 10)),
    ],
)
def test_a_heading_naming_a_span_is_a_range(
    heading: str, expected: tuple[str, str | None, int]
) -> None:
    value = heading_date(heading)
    assert value is not None and (value.value, value.end, value.precision) == expected


def test_a_month_without_a_year_under_a_range_heading_takes_the_year_inside_it() -> None:
    heading = "December 2016 – January 2017"
    text = f"{heading}\n\nOn 5 January, troops advanced. In December, jets struck."
    doc = _doc(text, sections=(Section(heading, 0, len(text), 2),))
    assert [_value(d) for d in _dates(doc)[1:]] == [
        ("2017-01-05", 11, "sentence"),
        ("2016-12", 10, "sentence"),
    ]


def test_months_between_are_a_range_and_a_name_after_and_is_no_month() -> None:
    text = (
        "Between November and January, jets struck. Trump and May discussed the offensive. "
        "Jets struck the bridge between October and December."
    )
    dates = _dates(_doc(text, published="2016-12-11"))
    assert dates[0] is not None and (dates[0].value, dates[0].end) == ("2015-11", "2016-01")
    assert _value(dates[1]) == ("2016-12-11", 11, "published")
    assert dates[2] is not None and (dates[2].value, dates[2].end) == ("2016-10", "2016-12")


def test_an_act_a_count_of_days_after_which_the_sentence_is_dated() -> None:
    text = "Troops on Thursday recaptured the town, two days after launching an offensive."
    doc = _doc(text, published="2016-09-22")  # a Thursday
    dates = DateResolver(doc).resolve(segment(doc.text)[0])
    assert dates.default is not None and dates.default.value == "2016-09-22"
    clause = text.index(", two days")
    launched = dates.for_span(clause, len(text))
    assert launched is not None and launched.value == "2016-09-20"
    # a day told in passing moves no narrative: "later that day" is still Thursday
    doc = _doc(f"{text} Later that day, jets struck.", published="2016-09-22")
    assert _value(_dates(doc)[1]) == ("2016-09-22", 11, "carried")
    # in the lead clause, with nothing dated before it, it counts from nothing
    lead = _doc("Two days after the offensive began, troops entered the town.", "2016-09-22")
    assert _value(_dates(lead)[0]) == ("2016-09-22", 11, "published")


@pytest.mark.parametrize(
    ("sentence", "dates"),
    [
        ("Jets struck on Monday and Tuesday.", ("2017-09-04", "2017-09-05")),
        ("Clashes went on between Monday and Wednesday.", ("2017-09-04", "2017-09-06")),
        ("Jets struck from Friday to Sunday.", ("2017-09-01", "2017-09-03")),
        ("Jets struck this past weekend.", ("2017-09-02", "2017-09-03")),
        # a day after publication is no part of the range: the first day alone
        ("Jets struck on Thursday and Friday.", ("2017-09-07", None)),
    ],
)
def test_two_weekdays_and_the_past_weekend_are_ranges(
    sentence: str, dates: tuple[str, str | None]
) -> None:
    found = _dates(_doc(sentence, published="2017-09-07"))[0]  # a Thursday
    assert found is not None and (found.value, found.end) == dates


def test_a_participle_after_a_comma_dates_its_noun_only() -> None:
    text = "The operation, launched on 15 March, has so far killed 500 militants."
    doc = _doc(text, published="2016-04-14")
    dates = DateResolver(doc).resolve(segment(doc.text)[0])
    noun_end = text.index("operation") + len("operation")
    operation = dates.for_span(0, len(text), noun_end)
    assert operation is not None and operation.value == "2016-03-15"
    killed = dates.for_span(0, len(text))
    assert killed is not None and killed.value == "2016-04-14"  # the news of the day


@pytest.mark.parametrize(
    ("sentence", "month"),
    [
        ("Jets struck at the beginning of the month.", "2017-09"),
        ("Clashes broke out at the start of the week.", "2017-09"),
        ("Troops will attack next month.", "2017-10"),
    ],
)
def test_the_start_of_this_month_or_week_and_next_month(sentence: str, month: str) -> None:
    assert _value(_dates(_doc(sentence, published="2017-09-07"))[0]) == (month, 10, "dateline")
