"""Dates of sentences: explicit dates, carried days, the dateline, and section headings.

A sentence's date is resolved by the first rule that applies, most specific first (the order
is documented in ``lexicons/README.md``, "Dates"):

1. ``sentence`` or ``dateline``: the first date the lead clause states, written ("On 16
   October 2016", "On 18 October", "In June 2014", a range "16 October 2016 – 20 July 2017")
   or relative to publication (``daterelative.py``: "on Tuesday", "yesterday", "last month").
   A missing year comes from the section heading; on a dated page, the year that puts the
   date on or before publication; on an undated one, the last year written earlier.
2. ``carried``: a phrase such as "later that day" or "two days later" takes the day of the
   previous dated sentence in the same section (shifted as ``dates.yaml`` says).
3. a "since" date of the lead clause ("surrounded since October"): from then to publication.
   It is written in the sentence, but names when a state began, so any other date wins.
4. ``heading``: the innermost section heading that names a month or year
   ("January 2017: Capturing east Mosul" -> 2017-01, precision 10), or a timeline's day or
   month ("22 May", "26–28 June") with the year of its enclosing heading.
5. ``published``: a sentence of a dated page with no time phrase tells the news of its
   publication day ("Iraqi forces have retaken X"), unless a word of ``as_of_publication``
   puts it earlier ("had", "ago", "previously", "during the battle").
6. ``narrative`` (an encyclopedia, no dated heading): the month the section's narrative
   has reached ("On 13 February, ... The attack was repelled" -> that February).

A written date is the most specific, so it comes first; carried and relative phrases are
stated in the sentence itself, so they beat the heading. A noun event takes the date of the
relative clause that says when it began ("a battle that began on May 31"). No anchor, no
date: a document without ``published`` gives ``None`` for "on Tuesday". ``metadata.revised``
(a snapshot date) is never an anchor. Precision: day 11, month 10, year 9.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from conflictkg.mapping.datelines import WIRE_DATELINE
from conflictkg.mapping.daterelative import filed_date, relative_span
from conflictkg.mapping.datewords import (
    DateLexicon,
    date_patterns,
    date_value,
    heading_date,
    iso_date,
    load_date_lexicon,
)
from conflictkg.mapping.metadata import ENCYCLOPEDIA
from conflictkg.mapping.model import CleanDocument, DateValue, Precision, Section, Sentence


@dataclass(frozen=True)
class DateSpan:
    """A date written in the text at ``[start, end)`` (offsets into the document)."""

    start: int
    end: int
    value: DateValue
    # "since October": the start of a state lasting to publication, dating an event only
    # when the text gives no other date for it.
    since: bool = False
    # "a battle that began on May 31": where the relative pronoun stands, so that the noun
    # just before it (the event it begins) takes the date though its clause ends there.
    onset_of: int | None = None
    # "two days after launching X": a day told in passing, which moves no narrative day.
    aside: bool = False


@dataclass(frozen=True)
class SentenceDates:
    """The dates a sentence states, and the date its events take by default."""

    spans: tuple[DateSpan, ...]
    default: DateValue | None

    def for_span(self, start: int, end: int, noun_end: int | None = None) -> DateValue | None:
        """The first date written inside ``[start, end)``, else the sentence's date; a
        "since" date only when neither is there. An event told by a noun ending at
        ``noun_end`` takes the date of a "that began on X" right after it."""
        if noun_end is not None:
            for d in self.spans:
                if d.onset_of is not None and 0 <= d.onset_of - noun_end <= _NOUN_REACH:
                    return d.value
        # an onset dates its noun only ("The operation, launched on 15 March, has killed 500")
        inside = [d for d in self.spans if start <= d.start and d.end <= end and d.onset_of is None]
        dated = [d.value for d in inside if not d.since]
        if dated or self.default is not None:
            return dated[0] if dated else self.default
        return next((d.value for d in inside), None)


class DateResolver:
    """Resolves sentence dates of one document; call ``resolve`` in sentence order."""

    def __init__(self, doc: CleanDocument, lex: DateLexicon | None = None) -> None:
        self.doc = doc
        self.lex = lex or load_date_lexicon()
        self.pats = date_patterns(self.lex)
        # Relative references count from the day the story was filed: its wire dateline's
        # date when it states one, else the publication date.
        self.months = dict(self.lex.months)
        self.published = filed_date(doc.text, iso_date(doc.metadata.published), self.months)
        self.sections = tuple(sorted(doc.sections, key=lambda s: (s.start, -s.end)))
        self.heading_dates: dict[Section, DateValue | None] = {}
        for section in self.sections:  # enclosing sections come first
            outer = [
                d
                for o, d in self.heading_dates.items()
                if d is not None and o.start <= section.start and section.end <= o.end
            ]
            year = int(outer[-1].value[:4]) if outer else None
            if year is None and self.published is not None:
                year = self.published.year
            self.heading_dates[section] = heading_date(section.heading, self.lex, year)
        self.last_year: int | None = None
        self.last_day: dict[Section | None, DateValue] = {}
        # The month the narrative of a section has reached (its last written month or day).
        self.last_month: dict[Section | None, str] = {}

    def _section(self, offset: int) -> Section | None:
        containing = [s for s in self.sections if s.start <= offset < s.end]
        return containing[-1] if containing else None

    def _heading(self, offset: int) -> DateValue | None:
        dated = [
            date
            for s in self.sections
            if s.start <= offset < s.end and (date := self.heading_dates[s]) is not None
        ]
        return dated[-1] if dated else None

    def _year_for(self, month: int, day: int | None, heading: DateValue | None) -> int | None:
        """The year of a date written without one: the heading's; on a dated page the year
        that puts it on or before publication ("on December 7" in a report of 11 December
        2016, even after "since June 2014"); else the last year the narrative wrote."""
        if heading is not None:
            # under "December 2016 – January 2017", January is of 2017
            years = range(int(heading.value[:4]), int((heading.end or heading.value)[:4]) + 1)
            inside = [y for y in years if _within(heading, f"{y:04d}-{month:02d}")]
            return inside[0] if inside else years[0]
        if self.published is None:
            return self.last_year
        year = self.published.year
        if (month, day or 1) > (self.published.month, self.published.day):
            year -= 1
        return year

    def _explicit(self, text: str, base: int, heading: DateValue | None) -> list[DateSpan]:
        spans: list[DateSpan] = []

        def add(m: re.Match[str], month: int | None, day: int | None, prec: Precision) -> None:
            start, end = base + m.start(), base + m.end()
            if any(s.start < end and start < s.end for s in spans):
                return
            since = bool(_SINCE.search(text[: m.start()]) or _SINCE_WORD.match(m.group()))
            written = m.groupdict().get("year")
            year = int(written) if written else self._year_for(month or 1, day, heading)
            value = date_value(year, month, day) if year is not None else None
            if value is not None:
                date = self._onset(value, prec) if since else DateValue(value, prec, "sentence")
                spans.append(DateSpan(start, end, date, since))

        pats, months = self.pats, self.months
        for m in pats.day_range.finditer(text):
            g = {k.rstrip("_"): v for k, v in m.groupdict().items() if v is not None}
            month, first, last = months[g["month"].lower()], int(g["day"]), int(g["day2"])
            year = int(g["year"]) if "year" in g else self._year_for(month, first, heading)
            start_value = date_value(year, month, first) if year is not None else None
            end_value = date_value(year, month, last) if year is not None else None
            if start_value and end_value and first < last and not _SINCE.search(text[: m.start()]):
                value = DateValue(start_value, 11, "sentence", end=end_value)
                spans.append(DateSpan(base + m.start(), base + m.end(), value))
        for m in pats.months_between.finditer(text):  # "between October and December"
            first, last = months[m["month"].lower()], months[m["month_"].lower()]
            start_year = self._year_for(first, None, heading)
            end_year = self._year_for(last, None, heading)
            if start_year is not None and end_year is not None:
                if (start_year, first) >= (end_year, last):
                    start_year = end_year - 1  # "between November and January": across a year
                start_value, end_value = date_value(start_year, first), date_value(end_year, last)
                if start_value and end_value:
                    value = DateValue(start_value, 10, "sentence", end=end_value)
                    spans.append(DateSpan(base + m.start(), base + m.end(), value))
        for m in pats.day_month.finditer(text):
            add(m, months[m["month"].lower()], int(m["day"]), 11)
        for m in pats.month_day.finditer(text):
            add(m, months[m["month"].lower()], int(m["day"]), 11)
        for m in pats.month_year.finditer(text):
            add(m, months[m["month"].lower()], None, 10)
        for m in pats.month_only.finditer(text):
            add(m, months[m["month"].lower()], None, 10)
        for m in pats.year_only.finditer(text):
            add(m, None, None, 9)
        return _merge_ranges(sorted(spans, key=lambda s: s.start), text, base)

    def _onset(self, value: str, precision: Precision) -> DateValue:
        """ "since October": from then to publication (a page without a publication date
        gives the start alone)."""
        end = self.published.isoformat() if self.published is not None else None
        return DateValue(value, precision, "sentence", end=end)

    def _relative(self, text: str, base: int) -> DateSpan | None:
        """A reference relative to publication, as a span (None without a publication date)."""
        if self.published is None:
            return None
        found = relative_span(self.published, self.lex, self.pats, text)
        if found is None:
            return None
        start, end, value = found
        return DateSpan(base + start, base + end, value)

    def _as_published(self, text: str) -> DateValue | None:
        """A sentence of a dated page with no time phrase ("Iraqi forces have retaken X",
        "troops entered the city, officers said") tells the news of its publication day,
        unless a word puts it earlier ("had", "ago", "previously": ``as_of_publication``)."""
        if self.published is None:
            return None
        if self.pats.anterior is not None and self.pats.anterior.search(text):
            return None
        return DateValue(self.published.isoformat(), 11, "published")

    def _narrative(self, section: Section | None) -> DateValue | None:
        """An undated sentence of an undated page (an encyclopedia's narrative) under no dated
        heading: the month its section's narrative has reached ("On 13 February, ... The attack
        was repelled" -> that February). The day is never carried without a phrase."""
        if self.doc.metadata.genre != ENCYCLOPEDIA or section not in self.last_month:
            return None
        return DateValue(self.last_month[section], 10, "narrative")

    def _carry_phrase(self, text: str) -> tuple[int, int, int] | None:
        """The first phrase carrying a day, (start, end, shift): a ``carried`` phrase ("later
        that day") or a count of days ("two days later", "a day earlier")."""
        found = []
        if (m := self.pats.carried.search(text)) is not None:
            found.append((m.start(), m.end(), dict(self.lex.carried)[m.group().lower()]))
        counted = self.pats.carried_count
        if counted is not None and (c := counted.search(text)) is not None:
            count = dict(self.lex.numbers).get(c["count"].lower()) or int(c["count"])
            count *= dict(self.lex.count_units)[c["unit"].lower()]
            sign = -1 if c["way"].lower() in ("earlier", "before") else 1
            found.append((c.start(), c.end(), sign * count))
        return min(found) if found else None

    def _carried(self, text: str, section: Section | None) -> DateValue | None:
        m = self._carry_phrase(text)
        previous = self.last_day.get(section)
        if m is None or previous is None:
            return None
        day = dt.date.fromisoformat(previous.value) + dt.timedelta(days=m[2])
        return DateValue(day.isoformat(), 11, "carried")

    def _carried_inside(
        self, text: str, base: int, spans: list[DateSpan], lead: DateValue
    ) -> list[DateSpan]:
        """ "On 6 November, ..., after taking Hamam al-Alil on the previous day": a carried
        phrase in a later clause counts from the sentence's own date."""
        m = self._carry_phrase(text)
        if m is None or not _LATER_CLAUSE.search(text[: m[0]]):
            return spans
        start, end = base + m[0], base + m[1]
        if any(s.start < end and start < s.end for s in spans):
            return spans
        day = dt.date.fromisoformat(lead.value) + dt.timedelta(days=m[2])
        span = DateSpan(start, end, DateValue(day.isoformat(), 11, "carried"))
        return sorted([*spans, span], key=lambda s: s.start)

    def _counted_after(
        self, text: str, base: int, spans: list[DateSpan], lead: DateValue
    ) -> list[DateSpan]:
        """ "Troops recaptured X on Thursday, two days after launching an offensive": the act
        after "after" in a later clause lies the count before the sentence's own date."""
        pattern = self.pats.count_after
        m = pattern.search(text) if pattern is not None else None
        if m is None or not _LATER_CLAUSE.search(text[: m.start()]):
            return spans
        start, end = base + m.start(), base + m.end()
        if any(s.start < end and start < s.end for s in spans):
            return spans
        count = dict(self.lex.numbers).get(m["count"].lower()) or int(m["count"])
        days = count * dict(self.lex.count_units)[m["unit"].lower()]
        day = dt.date.fromisoformat(lead.value) - dt.timedelta(days=days)
        span = DateSpan(start, end, DateValue(day.isoformat(), 11, "carried"), aside=True)
        return sorted([*spans, span], key=lambda s: s.start)

    def _onsets(self, text: str, base: int, spans: list[DateSpan]) -> list[DateSpan]:
        """Mark dates told as the start of the noun before them: "a ten-week battle that
        began on May 31", "the offensive, which started in October"."""
        if self.pats.onset is None:
            return spans
        out = []
        for span in spans:
            m = self.pats.onset.search(text[: span.start - base])
            if m is not None and not span.since:
                span = DateSpan(span.start, span.end, span.value, onset_of=base + m.start())
            out.append(span)
        return out

    def resolve(self, sentence: Sentence) -> SentenceDates:
        text = self.doc.text[sentence.start : sentence.end]
        # A wire dateline's date is when the story was filed, not when its events happened.
        if dateline := WIRE_DATELINE.match(text):
            text = " " * dateline.end() + text[dateline.end() :]
        heading = self._heading(sentence.start)
        section = self._section(sentence.start)
        spans = self._explicit(text, sentence.start, heading)
        relative = self._relative(text, sentence.start)
        # "on Friday, 2 December": the written date says which Friday
        if relative is not None and not any(
            s.start < relative.end + _WEEKDAY_GAP and relative.start < s.end for s in spans
        ):
            spans = sorted([*spans, relative], key=lambda s: s.start)
        spans = self._onsets(text, sentence.start, spans)
        # A date in the sentence's lead clause ("On 3 January, ...") dates the whole sentence;
        # one further on dates only its own clause (``SentenceDates.for_span``).
        leading = [
            s
            for s in spans
            if not _LATER_CLAUSE.search(text[: s.start - sentence.start].rstrip(" ,"))
        ]
        lead = [s.value for s in leading if not s.since]
        onset = next((s.value for s in leading if s.since), None)
        default = lead[0] if lead else None
        if default is not None and default.precision == 11 and default.end is None:
            spans = self._carried_inside(text, sentence.start, spans, default)
            spans = self._counted_after(text, sentence.start, spans, default)
        default = (
            default
            or self._carried(text, section)
            or onset
            or heading
            or self._as_published(text)
            or self._narrative(section)
        )
        for span in spans:
            if span.value.precision >= 10 and span.value.basis == "sentence" and not span.since:
                self.last_year = int(span.value.value[:4])
                self.last_month[section] = span.value.value[:7]
        days = [
            s.value
            for s in spans
            if s.value.precision == 11 and s.value.end is None and not s.aside
        ]
        if days:
            self.last_day[section] = days[-1]
        elif default is not None and default.basis == "carried":
            self.last_day[section] = default
        return SentenceDates(tuple(spans), default)


_SINCE = re.compile(
    r"\bsince\s+(?:last\s+|the\s+(?:start|beginning|end|middle|first\s+week)\s+)?$", re.I
)
_SINCE_WORD = re.compile(r"since\b", re.IGNORECASE)
# Text before a date that keeps it out of the sentence's lead clause.
# A written date this close after a weekday names that weekday's date ("Friday (Dec. 2)").
_WEEKDAY_GAP = 4
# How far (in characters) an onset's relative pronoun may stand after the noun it dates
# ("the battle in the old city that began on ...").
_NOUN_REACH = 30
_LATER_CLAUSE = re.compile(r"[;,]|\bthat\b|\bwhere\b|\bwhich\b|\bwho\b")
_RANGE_SEP = re.compile(r"\s*(?:[–—-]|to|until)\s*")
_BETWEEN = re.compile(r"\bbetween\b", re.IGNORECASE)


def _within(span: DateValue, month: str) -> bool:
    """Whether the month ``YYYY-MM`` lies within ``span`` (compared at the span's precision)."""
    start, end = span.value, span.end or span.value
    return start[:7] <= month[: len(start)] and month[: len(end)] <= end[:7]


def _merge_ranges(spans: list[DateSpan], text: str, base: int) -> list[DateSpan]:
    """Join "A – B" into one span whose value has ``end`` set."""
    out: list[DateSpan] = []
    for span in spans:
        if out:
            prev = out[-1]
            gap = text[prev.end - base : span.start - base]
            joined = (gap + text[span.start - base : span.end - base]).split()[:1] == ["and"]
            opened = text[max(0, prev.start - base - 8) : prev.end - base]
            between = bool(_BETWEEN.search(opened)) and joined
            if prev.value.end is None and (_RANGE_SEP.fullmatch(gap) or between):
                value = DateValue(
                    prev.value.value, prev.value.precision, prev.value.basis, end=span.value.value
                )
                out[-1] = DateSpan(prev.start, span.end, value)
                continue
        out.append(span)
    return out
