"""Clean stage: raw document -> article text with sections and metadata.

    repair (ftfy, NFC) -> blocks (markup.py; HTML main text via htmlpage.py)
    -> drop chrome (boilerplate.py) -> text + sections -> metadata (metadata.py)

The cleaned text is the article's paragraphs separated by one blank line; headings are
paragraphs of their own, recorded as ``Section`` spans. All later offsets point into it.
"""

from __future__ import annotations

import hashlib
import json

import ftfy

from conflictkg.mapping.boilerplate import filter_blocks
from conflictkg.mapping.htmlpage import PageMeta, read_page
from conflictkg.mapping.markup import Block, to_blocks
from conflictkg.mapping.metadata import build_metadata
from conflictkg.mapping.model import CleanDocument, RawDocument, Section

PARAGRAPH_BREAK = "\n\n"


def clean(raw: RawDocument) -> CleanDocument:
    """Repair, de-chrome and describe one document."""
    text = ftfy.fix_text(raw.text, normalization="NFC")
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
