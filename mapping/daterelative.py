"""Dates relative to publication: "on Tuesday", "yesterday", "last week", "three days ago".

A news report counts these from its publication date (the dateline), so they are anchors
even in a past-perfect sentence ("On Saturday, the army had repelled ..." is the Saturday on
or before publication). A page without a publication date has no anchor for them: nothing
is guessed. Precision follows the phrase: a day for a weekday, "yesterday" or "three days
ago"; a month for "last month" or "this week" (two months, as a range, when the week spans
them); a year for "last year".
"""

from __future__ import annotations

import datetime as dt
import re

from conflictkg.mapping.datelines import WIRE_DATELINE, parse_date
from conflictkg.mapping.datewords import DateLexicon, DatePatterns, iso_date
from conflictkg.mapping.model import DateValue

# How far into a document a wire dateline is looked for (a headline and a byline may precede).
_DATELINE_PARAGRAPHS = 4
_MONTH_DAY = re.compile(r"(?P<month>[A-Z][a-z]{2,8}\.?)\s+(?P<day>\d{1,2})")
_SINCE = re.compile(r"\bsince\s+(?:last\s+)?$", re.IGNORECASE)
# "on Monday and Tuesday", "between Monday and Wednesday", "from Friday to Sunday"
_WEEKDAY_PAIR = re.compile(r"\s*(?:and|to|through|until|[-–])\s+(?P<weekday>[A-Z][a-z]+day)\b")


def relative_span(
    published: dt.date, lex: DateLexicon, pats: DatePatterns, text: str
) -> tuple[int, int, DateValue] | None:
    """The first reference relative to ``published`` in ``text``: (start, end, date)."""
    m = pats.weekday.search(text)
    if m is not None:
        back = (published.weekday() - lex.weekdays.index(m["weekday"].lower())) % 7
        last = m["last"] and "last" in m["last"].lower()
        if back == 0 and last:
            back = 7
        if m["lastweek"]:
            back += 7  # "on Tuesday last week": the Tuesday of the week before
        day = published - dt.timedelta(days=back)
        end = None
        if _SINCE.search(text[: m.start("weekday")]) or (m["last"] or "").lower().startswith(
            "since"
        ):
            end = published.isoformat()  # "since (last) Tuesday": that day to publication
        elif not m["lastweek"] and (pair := _second_weekday(text[m.end() :], lex, day)):
            last_day, length = pair  # "on Monday and Tuesday": the two days and those between
            if last_day <= published:
                return (
                    m.start(),
                    m.end() + length,
                    DateValue(day.isoformat(), 11, "dateline", end=last_day.isoformat()),
                )
        return m.start(), m.end(), DateValue(day.isoformat(), 11, "dateline", end=end)
    found: list[tuple[int, int, DateValue]] = []
    r = pats.relative.search(text)
    if r is not None:
        phrase = r.group().lower()
        shift = dict(lex.relative_days).get(phrase)
        if shift is not None:
            day = published + dt.timedelta(days=shift)
            found.append((r.start(), r.end(), DateValue(day.isoformat(), 11, "dateline")))
        else:
            unit, count = dict(lex.relative_periods)[phrase]
            found.append((r.start(), r.end(), period(published, unit, count)))
    a = pats.ago.search(text) if pats.ago is not None else None
    if a is not None:
        count = dict(lex.numbers).get(a["count"].lower()) or int(a["count"])
        unit = a["unit"].lower().rstrip("s")
        found.append((a.start(), a.end(), period(published, unit, -count)))
    return min(found, key=lambda f: f[0]) if found else None


def _second_weekday(after: str, lex: DateLexicon, first: dt.date) -> tuple[dt.date, int] | None:
    """The later weekday of a pair ("Monday and Tuesday") and the length of its words."""
    m = _WEEKDAY_PAIR.match(after)
    if m is None or m["weekday"].lower() not in lex.weekdays:
        return None
    ahead = (lex.weekdays.index(m["weekday"].lower()) - first.weekday()) % 7
    return (first + dt.timedelta(days=ahead), m.end()) if ahead else None


def filed_date(text: str, published: dt.date | None, months: dict[str, int]) -> dt.date | None:
    """The date a wire dateline opening one of the first paragraphs states ("BAGHDAD, Dec. 11
    (Xinhua) --"; a syndicated copy's page may be dated a day or more later), else
    ``published``. A dateline without its year takes the publication year, moved back one
    when that would put it more than a week after publication; without a publication date
    it dates nothing."""
    for paragraph in text.split("\n\n")[:_DATELINE_PARAGRAPHS]:
        found = WIRE_DATELINE.match(paragraph.strip())
        if found is None:
            continue
        full = iso_date(parse_date(found["date"]))
        if full is not None:
            return full
        month_day = _MONTH_DAY.fullmatch(found["date"].strip())
        if month_day is None or published is None:
            return published
        month = months.get(month_day["month"].lower().rstrip("."))
        for year in (published.year, published.year - 1):
            try:
                day = dt.date(year, month or 0, int(month_day["day"]))
            except ValueError:
                return published
            if day <= published + dt.timedelta(days=7):
                return day
        return published
    return published


def period(published: dt.date, unit: str, shift: int) -> DateValue:
    """The day, week, month or year ``shift`` units from the one holding ``published``."""
    if unit == "day":
        return DateValue((published + dt.timedelta(days=shift)).isoformat(), 11, "dateline")
    if unit == "year":
        return DateValue(f"{published.year + shift:04d}", 9, "dateline")
    if unit == "weekend":
        # the Saturday and Sunday on or before publication ("over the weekend")
        saturday = published - dt.timedelta(days=(published.weekday() - 5) % 7)
        sunday = min(saturday + dt.timedelta(days=1), published)
        end = sunday.isoformat() if sunday > saturday else None
        return DateValue(saturday.isoformat(), 11, "dateline", end=end)
    if unit == "month":
        index = published.year * 12 + published.month - 1 + shift
        return DateValue(f"{index // 12:04d}-{index % 12 + 1:02d}", 10, "dateline")
    # a week: Monday to Sunday, the current one cut at publication
    monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=shift)
    last = min(monday + dt.timedelta(days=6), published)
    first_month, last_month = monday.isoformat()[:7], last.isoformat()[:7]
    end = last_month if last_month != first_month else None
    return DateValue(first_month, 10, "dateline", end=end)
