"""Turn decoded text (plain, scraped or markdown-ish) into a list of typed blocks.

A block is one line of scraped text, one markdown paragraph, heading or list item, with
inline markup removed. Blocks keep the blank-line group they came from, because lines
printed together without a blank line (a picture's alt text and its credit) belong together.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

import yaml

from conflictkg.paths import mapping_data

BlockKind = Literal["heading", "para", "item"]

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
# A wiki heading ("== The battle ==", "=== March 2016 ==="): its level is its count of "=".
_WIKI_HEADING = re.compile(r"^(={2,6})\s*([^=].*?)\s*\1$")
_IMAGE_LINE = re.compile(r"^\s*(?:\[?!\[[^\]]*\]\([^)]*\)\]?(?:\([^)]*\))?\s*)+$")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\((?:[^()\s]|\([^()]*\))*\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_BULLET = re.compile(r"^\s*(?:[*+\-•·▪►‣–—]|\d{1,3}[.)])\s+")
_EMPHASIS = re.compile(
    r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\3(?![\w*])"
)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
_CODE = re.compile(r"`([^`]*)`")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]{0,200}>")
_DEBRIS = re.compile(r"\[object Object\]|\bundefined\b(?=\s*$)|&nbsp;")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_TERMINAL = ".!?…:;\"'”’)]"


@dataclass(frozen=True)
class Block:
    """One unit of text with its markup removed.

    ``link_ratio`` is the share of characters that were link text before links were
    flattened; ``group`` numbers the blank-line separated groups in reading order.
    """

    text: str
    kind: BlockKind
    level: int = 0
    group: int = 0
    link_ratio: float = 0.0
    ordered: bool = False


def normalise_space(text: str) -> str:
    """NFC, no invisible characters, single spaces, no space before closing punctuation."""
    text = unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    return _SPACES.sub(" ", text).strip()


@cache
def _editorial_markers() -> re.Pattern[str]:
    """Bracketed footnote calls and maintenance tags (``editorial_markers`` in
    ``lexicons/boilerplate.yaml``): an encyclopedia's apparatus, never the prose."""
    with mapping_data("lexicons/boilerplate.yaml").open(encoding="utf-8") as handle:
        spec = yaml.safe_load(handle).get("editorial_markers") or {}
    words = sorted((str(w) for w in spec.get("words", [])), key=len, reverse=True)
    tags = "|".join(re.escape(w) for w in words)
    calls = "|".join(str(f) for f in spec.get("footnotes", []))
    # Case matters for calls: "[T]he army" in a quotation is an editor's capital, kept.
    return re.compile(rf"\s*\[(?:(?i:{tags})|{calls})\](?![^\W\d_])")


def strip_inline(text: str) -> tuple[str, float]:
    """Remove inline markdown; return the text and the share of it that was link text."""
    text = _DEBRIS.sub(" ", _ESCAPE.sub(r"\1", text))
    text = _IMAGE.sub(" ", text)
    text = _AUTOLINK.sub(r"\1", text)
    linked = 0

    def _link_text(match: re.Match[str]) -> str:
        nonlocal linked
        linked += len(match.group(1).strip())
        return match.group(1)

    text = _LINK.sub(_link_text, text)
    # After the links: "[[1]](#cite_note-1)" and "[[edit](url)]" are marks once unlinked.
    text = _editorial_markers().sub("", text)
    text = _CODE.sub(r"\1", text)
    text = _HTML_TAG.sub(" ", text)
    for _ in range(2):  # nested **"*x*"**
        text = _EMPHASIS.sub(lambda m: m.group(2) or m.group(4) or "", text)
    text = normalise_space(text)
    ratio = min(1.0, linked / len(text)) if text else 0.0
    return text, ratio


def to_blocks(text: str, *, join_paragraphs: bool) -> list[Block]:
    """Split text into blocks.

    ``join_paragraphs`` follows markdown: consecutive plain lines form one paragraph. For
    scraped text each line is a block, but a long line cut mid-sentence is joined with its
    lowercase continuation (hard-wrapped text).
    """
    blocks: list[Block] = []
    group = 0
    pending: list[str] = []

    def flush() -> None:
        if pending:
            _emit(blocks, " ".join(pending), "para", 0, group)
            pending.clear()

    lines = text.split("\n")
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            flush()
            group += 1
            continue
        if _IMAGE_LINE.match(stripped):
            continue
        heading = _HEADING.match(stripped) or _WIKI_HEADING.match(stripped)
        if heading:
            flush()
            _emit(blocks, heading.group(2), "heading", len(heading.group(1)), group)
            continue
        if _SETEXT.match(stripped) and pending and len(pending) == 1:
            level = 1 if stripped.startswith("=") else 2
            _emit(blocks, pending.pop(), "heading", level, group)
            continue
        bullet = _BULLET.match(line)
        if bullet and len(stripped) > len(bullet.group(0).strip()):
            flush()
            ordered = bullet.group(0).strip()[0].isdigit()
            _emit(blocks, line[bullet.end() :], "item", 0, group, ordered=ordered)
            continue
        if join_paragraphs:
            pending.append(stripped)
            continue
        if pending and _continues(pending[-1], stripped):
            pending.append(stripped)
        else:
            flush()
            pending.append(stripped)
        if index + 1 < len(lines) and not _continues(stripped, lines[index + 1].strip()):
            flush()
    flush()
    return blocks


def _continues(previous: str, line: str) -> bool:
    """A hard-wrapped line: a long line not ending a sentence, followed by lowercase."""
    return (
        len(previous) >= 50 and previous[-1] not in _TERMINAL and bool(line) and line[0].islower()
    )


def _emit(
    blocks: list[Block], raw: str, kind: BlockKind, level: int, group: int, ordered: bool = False
) -> None:
    text, ratio = strip_inline(raw)
    if text:
        blocks.append(Block(text, kind, level, group, ratio, ordered))
