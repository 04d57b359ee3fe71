"""What a single block looks like: prose, headline, date, credit, link, debris ...

These are the per-block features the boilerplate filter scores; they are general shapes
of web chrome, with the vocabulary read from ``lexicons/boilerplate.yaml`` and
``data/agencies.yaml`` so that an editor can extend them without touching code.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

import yaml

from conflictkg.mapping.datelines import WIRE_DATELINE, find_date, parse_date, place_dateline
from conflictkg.mapping.markup import Block
from conflictkg.paths import mapping_data

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"')\]]+", re.I)
_LONE_URLS = re.compile(r"^(?:(?:https?://|www\.)\S+\s*)+$", re.I)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
_DUMP = re.compile(r"^(?:string|array|object|int|bool)\(\d+\)|^[\[{]\s*[\"'{\[]|^\{\s*\}$")
_JSON_KEYS = re.compile(r"[\"'][\w-]+[\"']\s*:")
_INITIALS = re.compile(r"^[A-Za-z]{1,5}(?:/[A-Za-z]{1,5})+(?:\s+\d{1,4})?\b")
_SUPPLIER_CREDIT = re.compile(
    r"^[A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,3}(?:/[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3}){1,2}$"
)
# A supplier credit closing a caption: "... November 17, 2016. Reuters/Goran Tomasevic".
_TRAILING_SUPPLIER = re.compile(
    r"(?:[.!?]\s+|\s[–—|-]\s*)[A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,2}"
    r"(?:/[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3}){1,2}$"
)
# Items of a date line: "October 17, 2016 / 4:45 AM", "Posted on June 3, 2016 by admin".
_REVISION = re.compile(r"(?:last\s+)?(?:updated|modified|edited)\b", re.IGNORECASE)
# "By Jane Doe", "By AFP"; not "By Sunday" or "By the end of ...", which are time phrases.
_BYLINE = re.compile(
    r"By\s+(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|(?:Jan|Febr)uary\b|March\b|"
    r"April\b|May\b|June\b|July\b|August\b|(?:Septem|Octo|Novem|Decem)ber\b)[A-Z]"
)
_DATE_PARTS = re.compile(r"\s+[/|·•]\s+|\s+by\s+", re.IGNORECASE)
_WORD_CHARS = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_NAME_JOINERS = frozenset({"and", "&", "de", "in", "van", "von", "al", "bin"})
_QUOTES = "\"'“”‘’«»"
_CLOSERS = "\"'”’»)]"


@dataclass(frozen=True)
class Lexicon:
    """Chrome vocabulary from ``lexicons/boilerplate.yaml`` (lower-cased)."""

    nav_lines: frozenset[str]
    nav_prefixes: tuple[str, ...]
    share_lines: frozenset[str]
    sidebar_cues: frozenset[str]
    sidebar_cue_prefixes: tuple[str, ...]
    teaser_prefixes: tuple[str, ...]
    comment_cues: frozenset[str]
    comment_patterns: tuple[re.Pattern[str], ...]
    donation_cues: re.Pattern[str]
    donation_line_prefixes: tuple[str, ...]
    end_matter_headings: frozenset[str]
    credit_prefixes: tuple[str, ...]
    caption_label: re.Pattern[str]
    glued_credit: re.Pattern[str]
    photo_suppliers: tuple[str, ...]
    title_labels: re.Pattern[str]
    date_labels: re.Pattern[str]
    breadcrumb_separators: re.Pattern[str]
    legal_notices: re.Pattern[str]
    inline_labels: re.Pattern[str]
    agencies: dict[str, str]


@cache
def lexicon() -> Lexicon:
    """Load the chrome vocabulary once per process."""
    with mapping_data("lexicons/boilerplate.yaml").open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    with mapping_data("data/agencies.yaml").open(encoding="utf-8") as handle:
        agency_rows = yaml.safe_load(handle)["agencies"]

    def words(key: str) -> list[str]:
        return [str(w).lower() for w in raw.get(key, [])]

    def alternation(items: list[str]) -> str:
        return "|".join(re.escape(i) for i in sorted(items, key=len, reverse=True))

    labels = alternation(words("caption_credit_labels"))
    agencies: dict[str, str] = {}
    for row in agency_rows:
        for alias in [row["name"], *row.get("aliases", [])]:
            alias = str(alias)
            # Capitalised abbreviations match exactly; longer names in any case.
            agencies[alias if alias.isupper() else alias.lower()] = str(row["name"])
    return Lexicon(
        nav_lines=frozenset(words("nav_lines")),
        nav_prefixes=tuple(words("nav_prefixes")),
        share_lines=frozenset(words("share_lines")),
        sidebar_cues=frozenset(words("sidebar_cues")),
        sidebar_cue_prefixes=tuple(words("sidebar_cue_prefixes")),
        teaser_prefixes=tuple(words("teaser_prefixes")),
        comment_cues=frozenset(words("comment_cues")),
        comment_patterns=tuple(re.compile(p, re.I) for p in raw.get("comment_patterns", [])),
        donation_cues=re.compile(rf"\b(?:{alternation(words('donation_cues'))})\b", re.I),
        donation_line_prefixes=tuple(words("donation_line_prefixes")),
        end_matter_headings=frozenset(words("end_matter_headings")),
        credit_prefixes=tuple(sorted(words("credit_prefixes"), key=len, reverse=True)),
        caption_label=re.compile(rf"^\(?(?:{labels})\s*[:|]\s*(.{{1,80}}?)\)?$", re.I),
        glued_credit=re.compile(rf"(?:{labels})\s*:\s*([^!?:]{{1,60}}?)\)?$", re.I),
        photo_suppliers=tuple(words("photo_suppliers")),
        title_labels=re.compile(rf"^(?:{alternation(words('title_labels'))})\s*[:|–—-]\s*", re.I),
        date_labels=re.compile(rf"^(?:{alternation(words('date_labels'))})\s*[:|–—-]?\s*", re.I),
        breadcrumb_separators=re.compile(
            "\\s[" + re.escape(str(raw.get("breadcrumb_separators", ""))) + "]\\s"
        ),
        legal_notices=re.compile(rf"(?:{alternation(words('legal_notices'))})", re.I),
        inline_labels=re.compile(
            rf"(?<=[.!?\"”’)])\s+(?:{alternation(words('inline_labels'))})\s*[.:]?\s*$"
            rf"|^\s*(?:{alternation(words('inline_labels'))})\s*[.:]?\s+(?=[\"“A-Z])",
            re.I,
        ),
        agencies=agencies,
    )


def key_text(text: str) -> str:
    """The line as a cue phrase: lower case, no list marker, no outer punctuation."""
    return text.lower().strip(" \t.:;,!?|-–—•·»›>()[]" + _QUOTES)


def word_list(text: str) -> list[str]:
    return _WORD_CHARS.findall(text)


def _is_lower_word(token: str) -> bool:
    core = token.strip(_QUOTES + ",.;:!?()[]…")
    return bool(core) and core[0].islower() and core.replace("-", "").replace("'", "").isalpha()


def lowercase_run(text: str) -> int:
    """Longest run of lowercase words: the verb-and-article texture of running prose."""
    best = run = 0
    for token in text.split():
        if _is_lower_word(token):
            run += 1
            best = max(best, run)
        else:
            run = 0
    return best


def lowercase_words(text: str) -> int:
    """Words in lowercase, wherever they stand (verbs and prepositions between names)."""
    return sum(_is_lower_word(token) for token in text.split())


def letter_ratio(text: str) -> float:
    visible = [c for c in text if not c.isspace()]
    return sum(c.isalpha() for c in visible) / len(visible) if visible else 0.0


def ends_sentence(text: str) -> bool:
    core = text.rstrip(_CLOSERS + " ")
    return bool(core) and core[-1] in ".!?…"


def is_prose(text: str) -> bool:
    """Running text: sentence-final punctuation and lowercase word runs, mostly letters."""
    words = text.split()
    if letter_ratio(text) < 0.6:
        return False
    run = lowercase_run(text)
    if ends_sentence(text):
        if len(words) >= 4 and run >= 2:
            return True
        # A short sentence thick with names: "ISIL captured Hit in October 2014."
        if len(words) >= 5 and lowercase_words(text) >= 2:
            return True
        # A short quote: "We will win."
        return len(words) >= 2 and text[0] in _QUOTES and run >= 1
    return len(words) >= 14 and run >= 4


def is_headline(text: str) -> bool:
    """A title-like line: a few words, capitalised, no sentence-final full stop."""
    words = text.split()
    if not 3 <= len(words) <= 30 or letter_ratio(text) < 0.6:
        return False
    first = text.lstrip(_QUOTES)[:1]
    return (first.isupper() or first.isdigit()) and not text.rstrip(_CLOSERS).endswith(".")


def strip_title_label(text: str) -> str:
    """'VIDEO: Army retakes X' -> 'Army retakes X'."""
    stripped = lexicon().title_labels.sub("", text, count=1)
    return stripped if len(stripped.split()) >= 2 else text


def dateline(text: str) -> str | None:
    """The ISO date when the line is a date ("Published: 1 Nov 2016 10:00"), possibly with
    further items after a separator ("October 17, 2016 / 4:45 AM / Updated 8 years ago")."""
    if len(text) > 80:
        return None
    line, text = text, lexicon().date_labels.sub("", text, count=1)
    parts = _DATE_PARTS.split(text)
    # "By John Smith | Mon Dec 28, 2015 3:12pm EST": the date may be any item of the line.
    for candidate in (text, " ".join(parts[:2]), *parts[:4]):
        found = parse_date(lexicon().date_labels.sub("", candidate, count=1))
        if found:
            return found
    # A labelled line or a byline with the date among other words: "Posted by John Smith on
    # December 2, 2016", "By Jane Doe, Reuters, December 11, 2016".
    if lexicon().date_labels.match(line) or _BYLINE.match(line):
        return find_date(line)
    return place_dateline(line)


def is_revision_line(text: str) -> bool:
    """A date line that tells a revision ("Updated: 12 Dec 2016", "Last modified on ...")."""
    return _REVISION.match(text.strip()) is not None


def wire_dateline_date(text: str) -> str | None:
    """The date a wire dateline opening a paragraph states: "BAGHDAD, June 17, 2016 (AP) -"."""
    found = WIRE_DATELINE.match(text)
    return parse_date(found["date"]) if found else None


def url_hosts(text: str) -> list[str]:
    hosts = []
    for url in _URL.findall(text):
        host = urlsplit(url if "://" in url else f"http://{url}").hostname
        if host and "." in host:
            hosts.append(host.lower())
    return hosts


def is_lone_url(text: str) -> bool:
    return bool(_LONE_URLS.match(text))


def is_dump(text: str) -> bool:
    """Serialised data printed into the page (JSON, PHP var_dump)."""
    if _DUMP.match(text):
        return True
    if text[:1] in "[{" and text[-1:] in "]}":
        try:
            json.loads(text)
            return True
        except ValueError:
            pass
    return len(_JSON_KEYS.findall(text)) >= 3 and text.count("{") >= 2


def agency_credit(text: str) -> tuple[str, ...] | None:
    """Agencies of a credit line such as "tj/msh (AFP, Reuters, AP)" or "Source: AFP"."""
    text = text.strip()
    initials = _INITIALS.match(text)
    candidates = [text, text[initials.end() :].strip()] if initials else [text]
    for candidate in candidates:
        names = _agency_list(candidate)
        if names:
            return names
    return None


def _agency_list(text: str) -> tuple[str, ...] | None:
    rest = re.sub(r"^(?:sources?|with|via|©)\s*:?\s*", "", text, flags=re.I)
    rest = rest.strip(" .").strip("()[] ")
    if not rest or len(rest) > 80:
        return None
    agencies = lexicon().agencies
    names: list[str] = []
    for part in re.split(r"\s*(?:[,/;&+]|\band\b|\bwith\b)\s*", rest):
        if not part:
            continue
        name = agencies.get(part) or (None if part.isupper() else agencies.get(part.lower()))
        if name is None:
            return None
        if name not in names:
            names.append(name)
    return tuple(names) or None


def dateline_agencies(text: str) -> tuple[str, ...]:
    """Agencies in a wire dateline opening a paragraph: "MOSUL, Iraq (Reuters) - ..."."""
    found = re.match(
        r"^[A-Z][A-Z .'’-]{2,}(?:,\s*[\w .'’-]{2,30})?\s*\(([^)]{2,60})\)\s*[-–—]", text
    )
    if not found:
        return ()
    return agency_credit(found.group(1)) or ()


def is_initials(text: str) -> bool:
    """An editor's initials line ("S/SH 11", "tj/msh")."""
    found = _INITIALS.match(text)
    return found is not None and found.end() == len(text.strip())


def is_photo_credit(text: str) -> bool:
    """A credit on its own line: "Image: Reuters", "Reuters/Goran Tomasevic", "© AFP"."""
    lex = lexicon()
    labelled = lex.caption_label.match(text)
    if labelled and len(labelled.group(1).split()) <= 8:
        return True
    if text.startswith("©") and len(text.split()) <= 8:
        return True
    return bool(_SUPPLIER_CREDIT.match(text)) and len(text.split()) <= 6


def has_glued_credit(text: str) -> bool:
    """A caption ending in a credit: "...into MosulImage: Reuters/S. Kalin"."""
    lex = lexicon()
    glued = lex.glued_credit.search(text)
    if glued and len(text.split()) <= 60:
        credit = glued.group(1)
        if len(credit.split()) <= 8 and not credit.endswith("."):
            return True
    tail = re.search(r"[–—|-]\s*([^–—|-]{3,60})$", text)
    if tail and (_SUPPLIER_CREDIT.match(tail.group(1).strip()) or is_photo_credit(tail.group(1))):
        return True
    if _TRAILING_SUPPLIER.search(text):
        return True
    lowered = text.lower()
    return any(lowered.endswith(s) or lowered.endswith(s + ")") for s in lex.photo_suppliers)


def is_byline_credit(text: str) -> bool:
    """'Voiceover by Harold Roe', '(Reporting by A B; Editing by C D)', 'By Jane Doe'."""
    parts = [p.strip() for p in text.strip("() ").split(";")]
    return all(_credit_part(p) for p in parts if p) and any(parts)


def _credit_part(text: str) -> bool:
    lowered = text.lower()
    for prefix in lexicon().credit_prefixes:
        if lowered.startswith(prefix + " ") or lowered.startswith(prefix + ":"):
            names = text[len(prefix) :].strip(" :").split()
            if not 1 <= len(names) <= 8 or ends_sentence(text):
                return False
            capitalised = sum(1 for n in names if n[:1].isupper() or n in _NAME_JOINERS)
            return capitalised / len(names) >= 0.6
    return False


def is_breadcrumb(text: str) -> bool:
    """'Iraq – Conflict – Mosul': three or more short items joined by a separator."""
    parts = lexicon().breadcrumb_separators.split(f" {text} ")
    parts = [p.strip() for p in parts if p.strip()]
    return len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts) and not ends_sentence(text)


def is_donation(block: Block) -> bool:
    lex = lexicon()
    key = key_text(block.text)
    words = block.text.split()
    if len(words) <= 4 and any(key.startswith(p + " ") for p in lex.donation_line_prefixes):
        return not ends_sentence(block.text)
    if not lex.donation_cues.search(block.text):
        return False
    return len(words) < 12 or bool(_URL.search(block.text) or _EMAIL.search(block.text))


def is_comment_cue(text: str) -> bool:
    lex = lexicon()
    key = key_text(text)
    return key in lex.comment_cues or any(p.match(key) for p in lex.comment_patterns)


def strip_inline_labels(text: str) -> str:
    """A paragraph without the label a scraper glued after its last sentence or before its
    first ("... state television reported. Advertisement")."""
    return lexicon().inline_labels.sub("", text).strip() or text


LEGAL_NOTICE_WORDS = 80


def is_legal_notice(text: str) -> bool:
    """A copyright or reuse notice ("All rights reserved."), however long its sentences."""
    return len(text.split()) <= LEGAL_NOTICE_WORDS and bool(lexicon().legal_notices.search(text))


def is_nav(text: str) -> bool:
    lex = lexicon()
    key = key_text(text)
    return key in lex.nav_lines or key in lex.share_lines or key.startswith(lex.nav_prefixes)


def is_sidebar_cue(text: str) -> bool:
    """'Most Popular', 'Related Coverage': a short line opening a list of other stories."""
    lex = lexicon()
    key = key_text(text)
    if len(key.split()) > 6:
        return False
    if key in lex.sidebar_cues:
        return True
    return len(key.split()) <= 3 and any(
        key == p or key.startswith(p + " ") for p in lex.sidebar_cue_prefixes
    )


def is_teaser_line(text: str) -> bool:
    lowered = text.lower()
    return lowered.startswith(lexicon().teaser_prefixes) and len(text.split()) <= 25
