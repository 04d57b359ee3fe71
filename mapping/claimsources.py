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
from pathlib import Path

import yaml

from conflictkg.mapping.lexicon import phrase_regex
from conflictkg.paths import mapping_data

_NAME = r"(?:al-|el-)?[A-Z][\w.’'&-]*"
_STOP = re.compile(r"\s*[,;:(]|\s+(?:on|in|at|who|which|that|said|says|told)\b")
_FULL_STOP = re.compile(r"([\w.’'-]+)\.(?=\s|$)")


@dataclass(frozen=True)
class SourceLexicon:
    according: re.Pattern[str]
    named: re.Pattern[str]
    described: re.Pattern[str]
    not_names: frozenset[str]
    abbreviations: frozenset[str]
    """Words after which a full stop ends nothing ("Maj. Gen."; ``abbreviations.yaml``)."""


@cache
def load_source_lexicon(claims: Path | None = None, status: Path | None = None) -> SourceLexicon:
    cl = yaml.safe_load((claims or mapping_data("lexicons/claims.yaml")).read_text("utf-8"))
    st = yaml.safe_load((status or mapping_data("lexicons/status.yaml")).read_text("utf-8"))
    ab = yaml.safe_load(mapping_data("lexicons/abbreviations.yaml").read_text("utf-8"))
    verbs = phrase_regex(st["attribution"]["verbs_after_source"]).pattern
    before = phrase_regex(st["attribution"]["before_source"]).pattern.replace("?P<cue>", "?:")
    verbs = verbs.replace("?P<cue>", "?:")
    nouns = phrase_regex(cl["sources"]["nouns"]).pattern.replace("?P<cue>", "?:")
    name_run = rf"{_NAME}(?:\s+(?:of|for|and|the)?\s*{_NAME})*"
    return SourceLexicon(
        according=re.compile(rf"(?i:{before})\s+(?P<src>(?:the\s+)?{_NAME}[^,;:()]{{0,80}})"),
        named=re.compile(rf"(?P<src>{name_run})\s+{verbs}"),
        described=re.compile(
            rf"(?P<src>(?:(?:a|an|the)\s+)?(?:[\w’'-]+\s+){{0,3}}?{nouns}"
            rf"(?:\s+(?:at|of|from|for|in)\s+(?:the\s+)?{name_run})?)\s+{verbs}",
            re.IGNORECASE,
        ),
        not_names=frozenset(str(w).casefold() for w in cl["sources"]["not_names"]),
        abbreviations=frozenset(str(w).casefold() for w in (*ab["titles"], *ab["other"])),
    )


def source_words(sentence: str, figure_at: int, lex: SourceLexicon | None = None) -> str:
    """The words naming the source of the figure at offset ``figure_at`` of ``sentence``
    ("" when the sentence names none)."""
    lex = lex or load_source_lexicon()
    found: list[tuple[int, str]] = []
    for pattern in (lex.according, lex.described, lex.named):
        for m in pattern.finditer(sentence):
            src = _clause(m["src"], lex) if pattern is lex.according else m["src"]
            words = _trim(src, lex.not_names)
            if words:
                found.append((abs(m.start("src") - figure_at), words))
    return min(found)[1] if found else ""


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
