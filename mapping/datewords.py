"""Date words and patterns: the ``dates.yaml`` lexicon, the regular expressions built from
it, and the dates a section heading names.

Kept apart from the resolver (``dates.py``) so that the rules of resolution read on their own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from conflictkg.mapping.lexicon import alternation
from conflictkg.mapping.model import DateValue
from conflictkg.paths import mapping_data


@dataclass(frozen=True)
class DateLexicon:
    months: tuple[tuple[str, int], ...]
    weekdays: tuple[str, ...]
    carried: tuple[tuple[str, int], ...]
    relative_days: tuple[tuple[str, int], ...]
    # "last month": (unit, shift) from the publication date.
    relative_periods: tuple[tuple[str, tuple[str, int]], ...] = ()
    # Number words of "three days ago", and the units such a count may take.
    numbers: tuple[tuple[str, int], ...] = ()
    ago_units: tuple[str, ...] = ()
    # Units of a carried count ("two days later", "a week earlier"), in days.
    count_units: tuple[tuple[str, int], ...] = (("day", 1), ("days", 1))
    # Words that put an undated sentence of a dated page before its publication day.
    anterior: tuple[str, ...] = ()
    # Verbs of a relative clause telling when the noun before it began ("that began on").
    onset_verbs: tuple[str, ...] = ()
    # Participles after a comma telling the same ("The operation, launched on 15 March, ...").
    onset_participles: tuple[str, ...] = ()
    # Words after which a month alone ("in May") or a year alone ("in 2014") is a date.
    month_prepositions: tuple[str, ...] = ("in",)
    year_prepositions: tuple[str, ...] = ("in",)


def _pairs(mapping: dict[object, object]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted((str(k), int(str(v))) for k, v in mapping.items()))


@cache
def load_date_lexicon(path: Path | None = None) -> DateLexicon:
    data = yaml.safe_load((path or mapping_data("lexicons/dates.yaml")).read_text("utf-8"))
    return DateLexicon(
        months=_pairs(data["months"]),
        weekdays=tuple(data["weekdays"]),
        carried=_pairs(data["carried"]),
        relative_days=_pairs(data["relative_days"]),
        relative_periods=tuple(
            sorted((str(k), (str(v[0]), int(v[1]))) for k, v in data["relative_periods"].items())
        ),
        numbers=_pairs(data.get("numbers", {})),
        ago_units=tuple(data.get("ago_units", ())),
        count_units=_pairs(data.get("count_units", {"day": 1, "days": 1})),
        anterior=tuple(data.get("as_of_publication", {}).get("anterior", ())),
        onset_verbs=tuple(data.get("onset_verbs", ())),
        onset_participles=tuple(data.get("onset_participles", ())),
        month_prepositions=tuple(data["alone_after"]["month"]),
        year_prepositions=tuple(data["alone_after"]["year"]),
    )


@dataclass(frozen=True)
class DatePatterns:
    # Two days of one month: "June 12-13", "12–13 June", "between 19 and 21 January".
    day_range: re.Pattern[str]
    day_month: re.Pattern[str]
    month_day: re.Pattern[str]
    month_year: re.Pattern[str]
    month_only: re.Pattern[str]
    months_between: re.Pattern[str]
    month_name: re.Pattern[str]
    year_only: re.Pattern[str]
    weekday: re.Pattern[str]
    carried: re.Pattern[str]
    relative: re.Pattern[str]
    ago: re.Pattern[str] | None
    carried_count: re.Pattern[str] | None
    count_after: re.Pattern[str] | None
    onset: re.Pattern[str] | None
    anterior: re.Pattern[str] | None


@cache
def date_patterns(lex: DateLexicon) -> DatePatterns:
    # Month names must be capitalised so that the verb "may" is never a month.
    names = sorted((m for m, _ in lex.months), key=len, reverse=True)
    month = "(?P<month>" + "|".join(f"{m.capitalize()}(?![a-z])" for m in names) + r")\.?"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
    of = r"(?:\s+of)?"  # "the 7th of December"
    year = r"(?P<year>(?:1[89]|20)\d\d)(?!\d)"
    # A month or year alone is a date only after one of these ("In May", "since October").
    prepositions = rf"(?i:{alternation(lex.month_prepositions)})"
    year_prepositions = rf"(?i:{alternation(lex.year_prepositions)})"
    day2 = r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
    to = r"(?:\s*[-–]\s*|\s+(?:to|and)\s+)"
    relative = (*lex.relative_days, *lex.relative_periods)
    return DatePatterns(
        day_range=re.compile(
            rf"(?<!\d)(?:between\s+)?{day}{to}{day2}{of}\s+{month}(?:,?\s+{year})?"
            rf"|{month.replace('month', 'month_')}\s+{day.replace('day', 'day_')}{to}"
            rf"{day2.replace('day2', 'day2_')}(?:,?\s+{year.replace('year', 'year_')})?"
        ),
        day_month=re.compile(rf"(?<!\d){day}{of}\s+{month}(?:,?\s+{year})?"),
        month_day=re.compile(rf"{month}\s+{day}(?:,?\s+{year})?"),
        month_year=re.compile(rf"{month},?\s+{year}"),
        month_name=re.compile(month),
        months_between=re.compile(
            rf"\b(?i:between)\s+{month}\s+and\s+{month.replace('month', 'month_')}(?!\s*\d)"
        ),
        month_only=re.compile(rf"\b(?:{prepositions})[\s-]+{month}(?!\s*\d)"),
        # "in 2014", "the summer of 2014", "the end of 2015"
        year_only=re.compile(rf"\b{year_prepositions}[\s-]+{year}"),
        weekday=re.compile(
            r"\b(?P<last>(?:since\s+)?last\s+|on\s+)?(?P<weekday>"
            + "|".join(w.capitalize() for w in lex.weekdays)
            + r")\b(?P<lastweek>,?\s+(?:of\s+)?last\s+week\b)?"
        ),
        carried=re.compile(rf"\b(?:{alternation(k for k, _ in lex.carried)})\b", re.I),
        anterior=(
            re.compile(rf"\b(?:{alternation(lex.anterior)})(?![\w'’])", re.IGNORECASE)
            if lex.anterior
            else None
        ),
        relative=re.compile(
            rf"(?<!\bthe )\b(?:{alternation(k for k, _ in relative)})\b",
            re.I,
        ),
        # "that began on", "which started in": the text just before a date
        onset=(
            re.compile(
                rf"(?:,?\s*\b(?:that|which)\s+(?:{alternation(lex.onset_verbs)})"
                r"(?:\s+(?:on|in|at))?"
                + (
                    rf"|,\s*(?:{alternation(lex.onset_participles)})\s+(?:on|in)"
                    if lex.onset_participles
                    else ""
                )
                + r")\s*$",
                re.I,
            )
            if lex.onset_verbs
            else None
        ),
        # "two days later", "a day earlier": a count of days from the previous dated sentence
        carried_count=(
            re.compile(
                rf"\b(?P<count>\d{{1,2}}|{alternation(n for n, _ in lex.numbers)})\s+"
                rf"(?P<unit>{alternation(u for u, _ in lex.count_units)})\s+"
                r"(?P<way>later|earlier|afterwards?|before)\b(?!\s+(?:the|a|an|its|their)\b)",
                re.I,
            )
            if lex.numbers
            else None
        ),
        # "two days after launching X": in a later clause, that act is the count earlier
        count_after=(
            re.compile(
                rf"\b(?P<count>\d{{1,2}}|{alternation(n for n, _ in lex.numbers)})\s+"
                rf"(?P<unit>{alternation(u for u, _ in lex.count_units)})\s+after\b",
                re.I,
            )
            if lex.numbers
            else None
        ),
        ago=(
            re.compile(
                rf"\b(?P<count>\d{{1,2}}|{alternation(n for n, _ in lex.numbers)})\s+"
                rf"(?P<unit>{alternation(lex.ago_units)})\s+ago\b",
                re.I,
            )
            if lex.ago_units
            else None
        ),
    )


def iso_date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def date_value(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if day is not None and month is not None:
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            return None
    if month is not None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}"


def heading_date(
    heading: str, lex: DateLexicon | None = None, year: int | None = None
) -> DateValue | None:
    """The day, month or year a heading names ("November 2016: ..." -> 2016-11).

    A timeline's heading may name a day or a month without its year ("22 May", "26–28 June",
    "June"): ``year`` (from the enclosing heading) completes it; without one it names nothing.
    """
    lex = lex or load_date_lexicon()
    pats, months = date_patterns(lex), dict(lex.months)
    if (spanned := _heading_span(heading, lex)) is not None:
        return spanned
    m = pats.month_year.search(heading)
    if m and not day_first(pats, heading):
        value = date_value(int(m["year"]), months[m["month"].lower()])
        return DateValue(value, 10, "heading") if value else None
    if (day := day_first(pats, heading)) is not None:
        written = day.groupdict().get("year") or day.groupdict().get("year_")
        full = int(written) if written else year
        if full is None:
            return None
        g = {k.rstrip("_"): v for k, v in day.groupdict().items() if v is not None}
        value = date_value(full, months[g["month"].lower()], int(g["day"]))
        end = date_value(full, months[g["month"].lower()], int(g["day2"])) if "day2" in g else None
        return DateValue(value, 11, "heading", end=end) if value else None
    y = re.search(r"(?<!\d)((?:19|20)\d\d)(?:\s*[–—-]\s*((?:19|20)\d\d))?(?!\d)", heading)
    if y:
        end = y.group(2) if y.group(2) and y.group(2) > y.group(1) else None  # "2016–2017"
        return DateValue(y.group(1), 9, "heading", end=end)
    bare = pats.month_name.fullmatch(heading.strip(" #*:"))
    if bare and year is not None:
        return DateValue(f"{year:04d}-{months[bare['month'].lower()]:02d}", 10, "heading")
    return None


@cache
def _span_pattern(lex: DateLexicon) -> re.Pattern[str]:
    names = sorted((m for m, _ in lex.months), key=len, reverse=True)
    month = "|".join(f"{m.capitalize()}(?![a-z])" for m in names)
    return re.compile(
        rf"(?<!\d)(?:(?P<d1>[0-3]?\d)\s+)?(?P<m1>{month})\.?(?:,?\s+(?P<y1>(?:19|20)\d\d))?"
        rf"\s*[–—-]\s*(?:(?P<d2>[0-3]?\d)\s+)?(?P<m2>{month})\.?,?\s+(?P<y2>(?:19|20)\d\d)(?!\d)"
    )


def _heading_span(heading: str, lex: DateLexicon) -> DateValue | None:
    """A heading naming a span of months or days ("October–December 2016", "November 2016 –
    January 2017", "17 October – 1 November 2016"): a range, days only when both are written."""
    m = _span_pattern(lex).search(heading)
    if m is None:
        return None
    months = dict(lex.months)
    first, last = months[m["m1"].lower()], months[m["m2"].lower()]
    end_year = int(m["y2"])
    start_year = int(m["y1"]) if m["y1"] else end_year - (first > last)
    days = (int(m["d1"]), int(m["d2"])) if m["d1"] and m["d2"] else (None, None)
    start = date_value(start_year, first, days[0])
    end = date_value(end_year, last, days[1])
    if start is None or end is None or start >= end:
        return None
    return DateValue(start, 11 if days[0] else 10, "heading", end=end)


def day_first(pats: DatePatterns, heading: str) -> re.Match[str] | None:
    """A heading that opens with a day ("22 May", "May 22", "26–28 June"), else None."""
    for pattern in (pats.day_range, pats.day_month, pats.month_day):
        m = pattern.match(heading.strip(" #*"))
        if m is not None:
            return m
    return None
