"""Clean stage: raw document -> article text with sections and metadata.

    repair (ftfy, NFC) -> blocks (markup.py; HTML main text via htmlpage.py)
    -> drop chrome (boilerplate.py) -> text + sections -> metadata (metadata.py)

The cleaned text is the article's paragraphs separated by one blank line; headings are
paragraphs of their own, recorded as ``Section`` spans. All later offsets point into it.
"""

from __future__ import annotations

import hashlib
import json
import re

import ftfy

from conflictkg.mapping.boilerplate import filter_blocks
from conflictkg.mapping.htmlpage import PageMeta, read_page
from conflictkg.mapping.markup import Block, to_blocks
from conflictkg.mapping.metadata import build_metadata
from conflictkg.mapping.model import CleanDocument, RawDocument, Section

PARAGRAPH_BREAK = "\n\n"


def clean(raw: RawDocument) -> CleanDocument:
    """Repair, de-chrome and describe one document."""
    text = ftfy.fix_text(drop_orphan_lead_bytes(raw.text), normalization="NFC")
    page = PageMeta()
    if raw.fmt == "html":
        text, page = read_page(text)
    blocks = to_blocks(text, join_paragraphs=raw.fmt == "md")
    filtered = filter_blocks(blocks)
    body, sections = assemble(filtered.blocks)
    return CleanDocument(
        key=raw.key,
        path=raw.path,
        fmt=raw.fmt,
        text=body,
        metadata=build_metadata(raw.fields, page, filtered),
        sections=sections,
        content_hash=content_hash(raw),
    )


# Mojibake: UTF-8 read as cp1252. A character's lead byte (U+00C2-U+00DF as cp1252; three-byte
# leads U+00E0-U+00EF too, when counting whole pairs) is followed by a continuation
# (U+0080-U+00BF, or the cp1252 punctuation those bytes map to). When the continuation was a
# byte cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D), it was lost and the lead stands
# alone before a plain letter ("ÙArab Leith"). Unrecoverable: dropped, but only in a text that
# is mojibake (it holds whole pairs too), where a real "Ù" would itself have been doubled.
_PAIR = re.compile(
    "[\u00c2-\u00ef][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d"
    "\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)
_ORPHAN = re.compile(r"[\u00c2-\u00df](?=[A-Za-z])")
MOJIBAKE_PAIRS = 3
"""Whole mojibake pairs a text must hold before an orphan lead is taken for one."""


def drop_orphan_lead_bytes(text: str) -> str:
    """``text`` without the lone lead bytes of UTF-8 characters that lost their continuation."""
    if len(_PAIR.findall(text, 0, 1 << 20)) < MOJIBAKE_PAIRS:
        return text
    return _ORPHAN.sub("", text)


def assemble(blocks: tuple[Block, ...]) -> tuple[str, tuple[Section, ...]]:
    """Join blocks into text; a heading's section runs to the next heading of its rank."""
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for block in blocks:
        starts.append(offset)
        parts.append(block.text)
        offset += len(block.text) + len(PARAGRAPH_BREAK)
    text = PARAGRAPH_BREAK.join(parts)
    headings = [(starts[i], b) for i, b in enumerate(blocks) if b.kind == "heading"]
    sections = []
    for n, (start, block) in enumerate(headings):
        end = next((s for s, b in headings[n + 1 :] if b.level <= block.level), len(text))
        sections.append(Section(block.text, start, end, block.level))
    return text, tuple(sections)


def content_hash(raw: RawDocument) -> str:
    """sha256 of the raw text and the container's fields: changes when either changes."""
    fields = json.dumps(raw.fields, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256((raw.text + fields).encode("utf-8")).hexdigest()
