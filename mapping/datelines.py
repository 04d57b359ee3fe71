"""Read the dates documents state about themselves (datelines, meta tags) as ISO 8601.

Only whole, unambiguous dates are read: "November 1, 2016", "1 November 2016",
"Thu Mar 24, 2016 14:18:09", "2016-11-01T10:00:00Z", "2016/11/01", "01.11.2016" (day first,
as dotted dates are written), "22/06/2016" or "06/22/2016" (only when the day is over 12: a
slashed date that reads both ways is not read). A date-time comes back with seconds, as
xsd:dateTime needs.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAYS = frozenset(
    (
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
    )
)
_FILLERS = frozenset({"at", "on", "the", "of", "|", "-", "–", "—", "·", "•"})
_ZONES = re.compile(r"^(?:gmt|utc|z|[ecmp][sd]?t|bst|cet|cest|ast|[+-]\d{2}:?\d{2})$", re.I)
_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"(Z|[+-]\d{2}:?\d{2})?)?$"
)
_YMD = re.compile(r"^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
# "03/06/2016" is June or March by convention: read only when one reading is impossible.
_SLASHED = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?::(\d{2}))?(am|pm|a\.m\.|p\.m\.)?$", re.I)
_TOKEN = re.compile(r"[^\s,]+")
# A wire dateline opening a paragraph, with the date it states: "BAGHDAD, June 17, 2016 (AP) -",
# "BAGHDAD, June 17 (Reuters) -" (no year: it dates nothing, but is no event date either), and
# a state agency's "Aleppo, 17 June 2016 (SANA) -", "Aleppo, SANA, 11 December 2016 -",
# "Tehran, Dec 11, IRNA -" or "Kabul, Dec 11 (Pajhwok):". A place not in capitals counts only
# with an agency, in brackets or as an acronym between commas, which no sentence of prose has:
# "Mosul, 11 December 2016 - troops ..." may be a timeline's entry, whose date is the event's.
_AGENCY = r"[A-Z]{2,8}"
WIRE_DATELINE = re.compile(
    r"^(?:(?P<caps>[A-Z][A-Z .'’-]{2,})|[A-Z][\w'’-]+(?:[ -][\w'’-]+){0,2})"
    rf"(?:,\s*(?P<agency>{_AGENCY})(?=,))?"
    r"(?:,\s*[A-Z][\w .'’-]{1,30}?)?,\s*"
    r"(?P<date>[A-Z][\w .,]{4,30}?\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4}"
    r"|[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?!\d))"
    rf"(?:,\s*(?P<agency2>{_AGENCY})(?=\s*[-–—]))?"
    r"(?(caps)\s*(?:\([^)]{2,60}\))?"
    r"|(?(agency)\s*(?:\([^)]{2,60}\))?|(?(agency2)|\s*\([^)]{2,60}\))))"
    r"(?:\s*[-–—]|(?<=\)):)"
)


# A whole date inside a longer line: "By Jane Doe, Reuters, December 11, 2016".
_WHOLE_DATE = re.compile(
    r"(?<![\w.])(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4}"
    r"|[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{4}[/-]\d{1,2}[/-]\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{4})(?![\w.])"
)


# A header line saying where and when a statement was issued, and nothing else: "Baghdad - 14
# April 2016", "BAGHDAD, Dec. 11, 2016", "Erbil, Kurdistan Region - 2016/12/11". Unlike a wire
# dateline no prose follows it, so it cannot be a timeline's entry.
_PLACE_DATE = re.compile(
    r"^[A-Z][\w'’.]*(?:[ -][A-Z][\w'’.]*){0,2}(?:,\s*[A-Z][\w'’.]*(?:\s[A-Z][\w'’.]*)?)?"
    r"\s*(?:,|\s[-–—]|:)\s*(?P<date>\S.*)$"
)


def place_dateline(text: str) -> str | None:
    """The date of a line that is a place and a whole date ("Baghdad - 14 April 2016")."""
    found = _PLACE_DATE.match(text.strip())
    return parse_date(found["date"]) if found else None


def find_date(text: str) -> str | None:
    """The first whole date written inside ``text`` (a labelled line or a byline: "Posted by
    John Smith on December 2, 2016"), as ISO; a slashed date that reads both ways is skipped."""
    for found in _WHOLE_DATE.finditer(text):
        iso = parse_date(found.group())
        if iso:
            return iso
    return None


# A JSON feed's Unix time, in seconds or milliseconds, of the years 2000-2099; a bare number
# outside (20161101) is no date.
_EPOCH_SECONDS = (946_684_800, 4_102_444_800)


def to_iso(value: object) -> str | None:
    """An ISO date/date-time from a YAML/JSON value (date, datetime, string or Unix time), else
    None."""
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return parse_date(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        for seconds in (value, value / 1000):
            if _EPOCH_SECONDS[0] <= seconds < _EPOCH_SECONDS[1]:
                stamp = dt.datetime.fromtimestamp(int(seconds), tz=dt.UTC)
                return stamp.isoformat()
    return None


def parse_date(text: str) -> str | None:
    """Parse a string that is entirely a date (with optional weekday, time, zone)."""
    text = text.strip().strip(".")
    if not text or len(text) > 60:
        return None
    iso = _ISO.match(text)
    if iso:
        return _iso_match(iso)
    numeric = _numeric(text)
    if numeric is not None:
        return _date(*numeric) if numeric else None
    return _textual(text)


def _numeric(text: str) -> tuple[int, int, int] | tuple[()] | None:
    """(year, month, day) of an all-digit date ("2016/11/01", "01.11.2016", "22/06/2016"),
    () for a slashed one that reads both ways ("03/06/2016": never guessed), else None."""
    for pattern, order in ((_YMD, (0, 1, 2)), (_DMY, (2, 1, 0))):
        found = pattern.match(text)
        if found:
            parts = [int(found.group(i + 1)) for i in order]
            return parts[0], parts[1], parts[2]
    slashed = _SLASHED.match(text)
    if slashed:
        first, second, year = (int(g) for g in slashed.groups())
        if first > 12 >= second:
            return year, second, first
        if second > 12 >= first:
            return year, first, second
        return ()
    return None


def _iso_match(found: re.Match[str]) -> str | None:
    year, month, day, hour, minute, second, zone = found.groups()
    if hour is None:
        return _date(int(year), int(month), int(day))
    stamp = f"{year}-{month}-{day}T{hour}:{minute}:{second or '00'}"
    if zone:
        zone = "+00:00" if zone == "Z" else zone
        stamp += zone if ":" in zone else f"{zone[:3]}:{zone[3:]}"
    try:
        return dt.datetime.fromisoformat(stamp).isoformat()
    except ValueError:
        return None


def _textual(text: str) -> str | None:
    """ "November 1, 2016", "1st Nov 2016", "Thu Mar 24, 2016 14:18:09"."""
    month = day = year = None
    clock: tuple[int, int, int] | None = None
    for token in _TOKEN.findall(text.lower()):
        word = token.strip("().")
        if not word or word in _WEEKDAYS or word in _FILLERS or _ZONES.match(word):
            continue
        numeric = _numeric(word) if month is None and day is None and year is None else None
        if numeric is not None:
            if not numeric:
                return None  # "03/06/2016 10:00": ambiguous, never guessed
            year, month, day = numeric  # "2016/12/11 10:00", "11.12.2016 14:05"
            continue
        if word.rstrip(".") in _MONTHS and month is None:
            month = _MONTHS[word.rstrip(".")]
            continue
        ordinal = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", word)
        if ordinal and day is None and int(ordinal.group(1)) <= 31:
            day = int(ordinal.group(1))
            continue
        if re.fullmatch(r"\d{4}", word) and year is None:
            year = int(word)
            continue
        timed = _TIME.match(word)
        if timed and clock is None:
            hour = int(timed.group(1)) % 12 if timed.group(4) else int(timed.group(1))
            if (timed.group(4) or "").startswith("p"):
                hour += 12
            clock = (hour, int(timed.group(2)), int(timed.group(3) or 0))
            continue
        if word in ("am", "pm", "a.m", "p.m") and clock is not None:
            if word.startswith("p") and clock[0] < 12:
                clock = (clock[0] + 12, clock[1], clock[2])
            continue
        return None  # a word that is not part of a date: this is not a date line
    if month is None or day is None or year is None:
        return None
    day_iso = _date(year, month, day)
    if day_iso is None or clock is None:
        return day_iso
    try:
        return dt.datetime(year, month, day, *clock).isoformat()
    except ValueError:
        return day_iso


def _date(year: int, month: int, day: int) -> str | None:
    if not 1800 <= year <= 2200:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
