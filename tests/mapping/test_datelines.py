"""Datelines and meta dates as ISO 8601."""

from __future__ import annotations

import datetime as dt

import pytest

from conflictkg.mapping.datelines import parse_date, to_iso


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("November 1, 2016", "2016-11-01"),
        ("1 November 2016", "2016-11-01"),
        ("Nov. 1st, 2016", "2016-11-01"),
        ("Tuesday, 1 November 2016", "2016-11-01"),
        ("Thu Mar 24, 2016 14:18:09", "2016-03-24T14:18:09"),
        ("June 6, 2017 3:05 pm", "2017-06-06T15:05:00"),
        ("2016-11-01", "2016-11-01"),
        ("2023-10-18 01:10", "2023-10-18T01:10:00"),
        ("2017-07-04T08:30:00Z", "2017-07-04T08:30:00+00:00"),
        ("2017/07/04", "2017-07-04"),
        ("04.07.2017", "2017-07-04"),
        ("November 2016", None),
        ("February 30, 2016", None),
        ("The army said on November 1, 2016", None),
        ("", None),
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_to_iso_accepts_yaml_values() -> None:
    assert to_iso(dt.date(2016, 11, 1)) == "2016-11-01"
    assert to_iso(dt.datetime(2016, 11, 1, 10, 0, 0, 5)) == "2016-11-01T10:00:00"
    assert to_iso(["16 October 2016 – 20 July 2017"]) is None
    assert to_iso(20161101) is None
    # a feed's Unix time, in seconds or milliseconds
    assert to_iso(1463674800) == "2016-05-19T16:20:00+00:00"
    assert to_iso(1463674800000) == "2016-05-19T16:20:00+00:00"
    assert to_iso(True) is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("22/06/2016", "2016-06-22"),
        ("06/22/2016", "2016-06-22"),
        ("03/06/2016", None),  # March or June: not guessed
        ("Wednesday 22 June 2016 09.30 BST", "2016-06-22T09:30:00"),
    ],
)
def test_slashed_dates_only_when_unambiguous_and_dotted_times(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Baghdad - 14 April 2016", "2016-04-14"),
        ("BAGHDAD, Dec. 11, 2016", "2016-12-11"),
        ("Erbil, Kurdistan Region - 2016/12/11", "2016-12-11"),
        ("Baghdad - 14 April 2016 - troops entered the town", None),  # prose follows
        ("Troops retake the town - 14 April 2016", None),  # a headline, not a place
    ],
)
def test_a_header_line_of_place_and_date(line: str, iso: str | None) -> None:
    from conflictkg.mapping.blockfeatures import dateline

    assert dateline(line) == iso


def test_a_date_line_with_a_byline_after_it() -> None:
    from conflictkg.mapping.blockfeatures import dateline

    assert dateline("Posted on June 3, 2016 by admin") == "2016-06-03"
    assert dateline("By John Smith | Mon Dec 28, 2015 3:12pm EST") == "2015-12-28T15:12:00"


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Posted by John Smith on December 2, 2016", "2016-12-02"),
        ("By Jane Doe, Reuters, December 11, 2016", "2016-12-11"),
        ("Published 11 Dec 2016 Updated 12 Dec 2016", "2016-12-11"),
        ("Published 11.12.2016", "2016-12-11"),
        ("Date: 11/12/2016", None),  # November or December: not guessed
        ("By Sunday, 11 December 2016, troops", None),  # a time phrase, not a byline
        ("By the end of 11 December 2016, IS lost it", None),
    ],
)
def test_a_date_among_the_words_of_a_labelled_line_or_a_byline(line: str, iso: str | None) -> None:
    from conflictkg.mapping.blockfeatures import dateline

    assert dateline(line) == iso


@pytest.mark.parametrize(
    ("paragraph", "date"),
    [
        ("Aleppo, SANA, 11 December 2016 - Army units restored security.", "11 December 2016"),
        ("Tehran, Dec 11, IRNA - Syrian forces retook the town.", "Dec 11"),
        ("Kabul, Dec 11 (Pajhwok): Forces captured the district.", "Dec 11"),
        ("BAGHDAD, Dec. 11 (Xinhua) -- Iraqi forces recaptured the district.", "Dec. 11"),
        # a timeline's entry: the place is not in capitals and no agency is named
        ("Mosul, Iraq, 11 December 2016 - Iraqi forces captured the bridge.", None),
        ("In Mosul, 11 December 2016 - forces captured the bridge.", None),
    ],
)
def test_wire_dateline_variants(paragraph: str, date: str | None) -> None:
    from conflictkg.mapping.datelines import WIRE_DATELINE

    found = WIRE_DATELINE.match(paragraph)
    assert (found and found["date"]) == date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2016/12/11 10:00", "2016-12-11T10:00:00"),
        ("11.12.2016 14:05", "2016-12-11T14:05:00"),
        ("2016-12-11 10:00:00 +0300", "2016-12-11T10:00:00"),
        ("22-12-2016", "2016-12-22"),
        ("11-12-2016", None),  # November or December: not guessed
        ("03/06/2016 10:00", None),
    ],
)
def test_all_digit_dates_with_a_time_or_dashes(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso
