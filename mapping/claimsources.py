"""Who a figure is attributed to, in the sentence's own words.

Sources the gazetteer knows (persons, publishers) are cited as entities by ``claimants``;
most sources of figures are not entities ("the United Nations said", "a military source told
SANA", "according to U.S. military estimates", "pro-ISF sources report"), so the claim also
keeps the words naming its source (``ck:claimantText``). Three shapes, all read from the
lexicons (``claims.yaml`` ``sources``, ``status.yaml`` ``attribution``): the words after
"according to"; capitalised words just before an attribution verb; a source noun (with a few
words before it and "at/of/from Name" after it) just before one. With several in a sentence,
the one nearest the figure is its source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import islice
from pathlib import Path
from typing import NamedTuple

import yaml

from conflictkg.mapping.lexicon import phrase_regex
from conflictkg.paths import mapping_data

_NAME = r"(?:al-|el-)?[A-Z][\w.’'&-]*"
_STOP = re.compile(r"\s*[,;:(]|\s+(?:on|in|at|who|which|that|said|says|told)\b")
_FULL_STOP = re.compile(r"([\w.’'-]+)\.(?=\s|$)")
# "X said A, but Y said B": a source opened by a conjunction states what follows it.
_OPENER = re.compile(r"\b(?:and|but|while|whereas|although|though)\s+$", re.I)
_OPENER_WORD = re.compile(r"(?:and|but|while|whereas|although|though)\s", re.I)
# "according to the statistics of the Media Cell": the words naming what X counted.
_COUNTED_BY = r"(?:[a-z][\w-]*\s+){1,3}(?:of|from|by)\s+(?:the\s+)?"


LOOKBACK = 120
"""How far before an attribution verb a source is looked for: bounds the work on a sentence
of any length (a run of names cannot be matched from every word of a huge line)."""
MAX_CUES = 64
"""Attribution cues read per sentence: prose names a few sources; a line with thousands of
"said" is no prose, and reading them all would cost time for nothing."""


@dataclass(frozen=True)
class SourceLexicon:
    according: re.Pattern[str]
    verb: re.Pattern[str]
    named: re.Pattern[str]
    """Capitalised words at the end of the text before a verb."""
    described: re.Pattern[str]
    """A source noun phrase at the end of the text before a verb."""
    not_names: frozenset[str]
    abbreviations: frozenset[str]
    """Words after which a full stop ends nothing ("Maj. Gen."; ``abbreviations.yaml``)."""


@cache
def load_source_lexicon(claims: Path | None = None, status: Path | None = None) -> SourceLexicon:
    cl = yaml.safe_load((claims or mapping_data("lexicons/claims.yaml")).read_text("utf-8"))
    st = yaml.safe_load((status or mapping_data("lexicons/status.yaml")).read_text("utf-8"))
    ab = yaml.safe_load(mapping_data("lexicons/abbreviations.yaml").read_text("utf-8"))
    before = phrase_regex([*st["attribution"]["before_source"], *cl["sources"].get("before", ())])
    before = before.pattern.replace("?P<cue>", "?:")
    verbs = [*st["attribution"]["verbs_after_source"], *cl["sources"].get("verbs", ())]
    nouns = phrase_regex(cl["sources"]["nouns"]).pattern.replace("?P<cue>", "?:")
    name_run = rf"{_NAME}(?:\s+(?:of|for|and|the)?\s*{_NAME})*"
    return SourceLexicon(
        # "according to the UN", "... to the statistics of the Media Cell", "... to local sources"
        according=re.compile(
            rf"(?i:{before})\s+(?P<src>(?:the\s+)?(?:{_COUNTED_BY})?{_NAME}[^,;:()]{{0,80}}"
            rf"|(?i:(?!(?:in|on|at|to|by|with|after|during)\b)(?:(?:a|an|the)\s+)?"
            rf"(?:[\w’'-]+\s+){{0,2}}?{nouns})\b[^,;:()]{{0,80}})"
        ),
        verb=phrase_regex(verbs),
        # "Eid Ammash said", and an appositive name "the council's spokesman, Eid Ammash, said"
        # (not "X, governor of the Nineveh Governorate, said": the name is X)
        named=re.compile(rf"(?:(?P<lead>,\s+)|(?<!,\s))(?P<src>{name_run})(?P<comma>,)?\s+$"),
        described=re.compile(
            rf"(?P<src>(?:(?:a|an|the)\s+)?(?:[\w’'-]+\s+){{0,3}}?{nouns}"
            rf"(?:\s+(?:at|of|from|for|in)\s+(?:the\s+)?{name_run})?),?\s+$",
            re.IGNORECASE,
        ),
        not_names=frozenset(str(w).casefold() for w in cl["sources"]["not_names"]),
        abbreviations=frozenset(str(w).casefold() for w in (*ab["titles"], *ab["other"])),
    )


class Source(NamedTuple):
    """Where in the sentence a source is named, its words, and whether a conjunction opens
    it ("..., but a source said"): such a source states what follows, not a figure before."""

    at: int
    words: str
    opens: bool = False


def sentence_sources(sentence: str, lex: SourceLexicon | None = None) -> tuple[Source, ...]:
    """Every source the sentence names, in any of the three shapes."""
    lex = lex or load_source_lexicon()
    found: list[Source] = []
    for m in islice(lex.according.finditer(sentence), MAX_CUES):
        if words := _trim(_clause(m["src"], lex), lex.not_names):
            found.append(Source(m.start("src"), words))
    for verb in islice(lex.verb.finditer(sentence), MAX_CUES):
        start = max(0, verb.start() - LOOKBACK)
        while 0 < start < verb.start() and not sentence[start - 1].isspace():
            start += 1  # never start inside a word
        window = sentence[start : verb.start()]
        for pattern in (lex.described, lex.named):
            m = pattern.search(window)
            if m and m.groupdict().get("comma") and not m.groupdict().get("lead"):
                continue
            if m and (words := _trim(m["src"], lex.not_names)):
                at = start + m.start("src")
                opens = bool(
                    _OPENER.search(sentence[max(0, at - 12) : at]) or _OPENER_WORD.match(m["src"])
                )
                found.append(Source(at, words, opens))
                break
    return tuple(found)


def nearest_source(sources: tuple[Source, ...], figure_at: int) -> str:
    """The source named nearest the figure at ``figure_at`` ("" when none is named); one
    opened by a conjunction after the figure names the source of what follows instead."""
    eligible = [s for s in sources if not (s.opens and s.at > figure_at)]
    return min(((abs(s.at - figure_at), s.words) for s in eligible), default=(0, ""))[1]


def source_words(sentence: str, figure_at: int, lex: SourceLexicon | None = None) -> str:
    """The words naming the source of the figure at offset ``figure_at`` of ``sentence``."""
    return nearest_source(sentence_sources(sentence, lex), figure_at)


def _clause(text: str, lex: SourceLexicon) -> str:
    """The name after "according to": up to a comma, a clause word or a full stop that is
    not an abbreviation's or an initial's ("Maj. Gen. X", "U.S. military estimates")."""
    stop = _STOP.search(text)
    text = text[: stop.start()] if stop else text
    for m in _FULL_STOP.finditer(text):
        word = m[1].casefold()
        if word not in lex.abbreviations and len(word) > 1 and "." not in word:
            return text[: m.end() - 1]
    return text


def _trim(text: str, not_names: frozenset[str]) -> str:
    """Drop leading words that are no part of a name ("The", "On Sunday"), and articles."""
    words = text.split()
    while words and words[0].casefold().strip(",") in not_names:
        words = words[1:]
    if words and words[0].casefold() in ("a", "an"):
        words = words[1:]
    return " ".join(words).rstrip(".")
