"""Sentence segmentation with offsets into the original text, paragraph by paragraph.

A sentence ends at ``.``, ``!``, ``?`` or ``…`` (plus closing quotes or brackets) followed by
whitespace, unless what precedes the stop is an abbreviation that never ends a sentence
(``lexicons/abbreviations.yaml``: ranks before a name, "Jan.", dotted acronyms such as "U.S.",
single initials) or what follows cannot open one (a lowercase word, a comma: "at 6a.m., local
time"). A rule-based splitter with a data-file lexicon replaces pysbd here: pysbd compiles
hundreds of regular expressions per call (Python's regex cache cannot hold them), which made
segmentation the slowest step of extraction, and it still broke after "Lt.".

No sentence crosses a paragraph break (``"\\n\\n"``). Offsets are code points into ``text``;
each sentence span is stripped of surrounding whitespace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from conflictkg.mapping.model import Sentence
from conflictkg.paths import mapping_data

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# A possible sentence end: terminal punctuation, closing quotes/brackets, whitespace.
_STOP = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+\S)")
# The word a full stop ends (letters, dots, hyphens, apostrophes).
_LAST_WORD = re.compile(r"[\w.'’-]+$")
# A dotted acronym ("U.S.", "a.m.") or a single initial ("J."), as a whole word.
_DOTTED = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Z]\.")


@dataclass(frozen=True)
class _Abbreviations:
    """Words that never end a sentence before more text, and how a continuation starts."""

    words: frozenset[str]
    continuation: re.Pattern[str]


@cache
def _abbreviations(path: Path | None = None) -> _Abbreviations:
    data = yaml.safe_load((path or mapping_data("lexicons/abbreviations.yaml")).read_text("utf-8"))
    words = {str(w).rstrip(".").lower() for w in (*data["titles"], *data.get("other", []))}
    return _Abbreviations(frozenset(words), re.compile(data["continuation_start"]))


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-blank paragraph, whitespace-trimmed."""
    spans = []
    start = 0
    for brk in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        chunk = text[start:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            spans.append((start + lead, start + len(chunk.rstrip())))
        if brk:
            start = brk.end()
    return spans


def _ends_sentence(paragraph: str, stop: re.Match[str], abbr: _Abbreviations) -> bool:
    """Whether the stop matched at ``stop`` ends a sentence."""
    nxt = len(paragraph) - len(paragraph[stop.end() :].lstrip())
    if abbr.continuation.match(paragraph, nxt):
        return False
    if _inside_quote(paragraph, stop.end()):
        return False  # a quotation of several sentences is quoted as one sentence
    if stop.group() != ".":
        return True  # "!", "?", "...", or a stop inside quotes/brackets
    word = _LAST_WORD.search(paragraph, 0, stop.end())
    if word is None:
        return True
    token = word.group()
    if token.rstrip(".").lower() in abbr.words or _DOTTED.fullmatch(token):
        return False
    # A hyphenated rank ("Lt.-Gen."): the part after the last hyphen decides too.
    return token.rsplit("-", 1)[-1].rstrip(".").lower() not in abbr.words


def _inside_quote(paragraph: str, at: int) -> bool:
    """An opened double quote before ``at`` is closed after it, in the same paragraph."""
    before, after = paragraph[:at], paragraph[at:]
    straight = before.count('"') % 2 == 1 and '"' in after
    curly = before.count("“") > before.count("”") and "”" in after
    return straight or curly


def _sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph, stripped of surrounding whitespace."""
    abbr = _abbreviations()
    cuts = [m.end() for m in _STOP.finditer(paragraph) if _ends_sentence(paragraph, m, abbr)]
    spans = []
    for a, b in zip([0, *cuts], [*cuts, len(paragraph)], strict=True):
        piece = paragraph[a:b]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            spans.append((a + lead, a + len(piece.rstrip())))
    return spans


def segment(text: str) -> tuple[Sentence, ...]:
    """Sentences of ``text`` in order; none crosses a paragraph break."""
    sentences: list[Sentence] = []
    for p_start, p_end in paragraphs(text):
        for s_start, s_end in _sentence_spans(text[p_start:p_end]):
            sentences.append(Sentence(len(sentences), p_start + s_start, p_start + s_end))
    return tuple(sentences)
