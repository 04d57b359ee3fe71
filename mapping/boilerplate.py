"""Drop page chrome from a document's blocks, keeping the article.

The filter works by general shape, not by site: each block is first given a role from
its own features (a lone URL, a photo credit, a navigation or comment cue, a data dump,
running prose or a short headline-like line, see ``blockfeatures``), then by its context:
the blank-line group it shares with a credit (captions), repetition across the page,
runs of short list items (menus), and its position relative to the article's prose (before
the first paragraph is header chrome, after a comment or "Most Popular" cue is not article).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from conflictkg.mapping import blockfeatures as bf
from conflictkg.mapping.markup import Block

# Roles whose text can name the site (short links, donation pages, menus).
_CLUE_ROLES = frozenset({"url", "donation", "nav", "teaser", "byline"})
_DATELINE_WINDOW = 10


@dataclass(frozen=True)
class Filtered:
    """The article's blocks and what the dropped chrome told us about the page."""

    blocks: tuple[Block, ...]
    title: str | None
    # ISO date of a dateline near the top ("November 1, 2016").
    published: str | None
    agencies: tuple[str, ...]
    site_clues: tuple[str, ...]


def filter_blocks(blocks: Sequence[Block]) -> Filtered:
    """Keep the article's blocks; read title, dateline, agencies and site clues on the way."""
    blocks = [_unlabelled(b) for b in blocks]
    roles: list[str | None] = [_role(b) for b in blocks]
    prose = [
        r is None and b.kind != "heading" and bf.is_prose(b.text)
        for r, b in zip(roles, blocks, strict=True)
    ]
    _mark_captions(blocks, roles, prose)
    _mark_repeats(blocks, roles)
    _mark_item_runs(blocks, roles, prose)
    for i, block in enumerate(blocks):
        if roles[i] is None and block.link_ratio >= (0.85 if prose[i] else 0.5):
            roles[i] = "links"
    _mark_zones(blocks, roles, prose)

    agencies: list[str] = []
    clues: list[str] = []
    for i, block in enumerate(blocks):
        role = roles[i]
        if role == "agency":
            agencies.extend(bf.agency_credit(block.text) or ())
        if role in _CLUE_ROLES:
            clues.extend(bf.url_hosts(block.text))

    kept, title, published = _place_short_lines(blocks, roles, prose)
    first_prose = next((b for b in kept if b.kind == "para" and bf.is_prose(b.text)), None)
    if first_prose is not None:
        agencies.extend(bf.dateline_agencies(first_prose.text))
    return Filtered(
        blocks=tuple(_prune_empty_headings(kept)),
        title=title,
        published=published,
        agencies=tuple(dict.fromkeys(agencies)),
        site_clues=tuple(dict.fromkeys(clues)),
    )


def _unlabelled(block: Block) -> Block:
    if block.kind == "heading":
        return block
    text = bf.strip_inline_labels(block.text)
    return block if text == block.text else replace(block, text=text)


def _role(block: Block) -> str | None:
    """What the block is by its own features; None for candidate article text."""
    text = block.text
    words = len(text.split())
    if words <= 12 and bf.dateline(text):
        return "date"
    if block.kind == "heading" and block.level > 1 and any(c.isdigit() for c in text):
        return None  # a timeline's "## 2016", "### 26–28 June": structure, not debris
    if not any(c.isalpha() for c in text) or (words <= 3 and bf.letter_ratio(text) < 0.5):
        return "debris"
    if bf.is_dump(text):
        return "dump"
    if bf.is_lone_url(text):
        return "url"
    if words <= 8 and bf.is_comment_cue(text):
        return "comment_cue"
    key = bf.key_text(text)
    if bf.is_sidebar_cue(text):
        return "sidebar_cue"
    if words <= 6 and key in bf.lexicon().end_matter_headings:
        return "end_matter"
    if bf.is_teaser_line(text):
        return "teaser"
    if words <= 12 and bf.agency_credit(text):
        return "agency"
    if bf.is_initials(text):
        return "initials"
    if bf.is_byline_credit(text):
        return "byline"
    if bf.is_photo_credit(text) or bf.has_glued_credit(text):
        return "caption"
    if words <= 15 and bf.is_nav(text):
        return "nav"
    if bf.is_legal_notice(text):
        return "legal"
    if bf.is_breadcrumb(text):
        return "breadcrumb"
    if bf.is_donation(block):
        return "donation"
    return None


def _mark_captions(blocks: Sequence[Block], roles: list[str | None], prose: list[bool]) -> None:
    """Alt text printed with its credit: short lines sharing a group with a caption."""
    for i in range(len(blocks) - 1):
        nxt = blocks[i + 1]
        if (
            roles[i] is None
            and nxt.group == blocks[i].group
            and nxt.text.startswith(blocks[i].text)
            and len(nxt.text) > len(blocks[i].text)
        ):
            roles[i] = "caption"  # a caption repeated with a credit glued on
    for i in range(len(blocks)):
        if roles[i] != "caption":
            continue
        j = i - 1
        while (
            j >= 0
            and blocks[j].group == blocks[i].group
            and roles[j] is None
            and not prose[j]
            and blocks[j].kind != "heading"
            and len(blocks[j].text.split()) <= 20
        ):
            roles[j] = "caption"
            j -= 1


def _mark_repeats(blocks: Sequence[Block], roles: list[str | None]) -> None:
    """Short lines printed more than once are chrome; long ones keep their first copy."""
    keys = [re.sub(r"\W+", " ", b.text.lower()).strip() for b in blocks]
    counts = Counter(keys)
    seen: set[str] = set()
    for i, block in enumerate(blocks):
        key = keys[i]
        repeated = roles[i] is None and block.kind != "heading" and counts[key] > 1
        if repeated and (len(block.text.split()) < 12 or key in seen):
            roles[i] = "repeat"
        seen.add(key)


def _mark_item_runs(blocks: Sequence[Block], roles: list[str | None], prose: list[bool]) -> None:
    """A list of short, non-sentence items is a menu or a table of contents."""
    i = 0
    while i < len(blocks):
        if blocks[i].kind != "item":
            i += 1
            continue
        j = i
        while j < len(blocks) and blocks[j].kind == "item":
            j += 1
        run = [k for k in range(i, j) if roles[k] is None]
        if len(run) >= 2 and not any(prose[k] for k in run):
            for k in run:
                roles[k] = "menu"
        elif any(prose[k] for k in run):
            for k in run:
                prose[k] = True  # labels inside a list of statements stay with it
        i = j


def _mark_zones(blocks: Sequence[Block], roles: list[str | None], prose: list[bool]) -> None:
    """Cut what follows end-of-article cues: comments, sidebars of other stories, end matter.

    A sidebar zone holds teaser titles and one-paragraph blurbs; two running paragraphs
    in a row (not list items) mean the article resumed, and both are given back.
    """
    state = "article"
    zone_level = 0
    seen_prose = False
    for i, block in enumerate(blocks):
        heading_level = block.level if block.kind == "heading" else 0
        if state == "comments":
            roles[i] = roles[i] or "comments"
            continue
        if state in ("teasers", "end_matter"):
            closes = bool(heading_level) and heading_level <= zone_level
            resumes = state == "teasers" and _running(blocks, roles, prose, i)
            if resumes and _running(blocks, roles, prose, i - 1):
                roles[i - 1] = None
            elif not closes:
                roles[i] = roles[i] or state
                continue
            state = "article"
        role = roles[i]
        if role == "comment_cue" and seen_prose:
            state = "comments"
        elif (role == "sidebar_cue" and seen_prose) or role == "end_matter":
            state = "teasers" if role == "sidebar_cue" or not heading_level else "end_matter"
            zone_level = heading_level or 6
        seen_prose = seen_prose or (prose[i] and role is None)


def _running(blocks: Sequence[Block], roles: list[str | None], prose: list[bool], i: int) -> bool:
    """A paragraph of running text (not a list item, not already chrome)."""
    return (
        i >= 0
        and roles[i] in (None, "teasers")
        and prose[i]
        and blocks[i].kind == "para"
        and bf.ends_sentence(blocks[i].text)
    )


def _place_short_lines(
    blocks: Sequence[Block], roles: list[str | None], prose: list[bool]
) -> tuple[list[Block], str | None, str | None]:
    """Decide the non-prose lines: title, dateline, subheadings; the rest is chrome."""
    candidates = [i for i, r in enumerate(roles) if r in (None, "date")]
    structured = any(b.kind == "heading" for b in blocks)
    first_prose = next((i for i in candidates if prose[i]), len(blocks))
    title: str | None = None
    published: str | None = None
    revision = False  # the date so far is an "Updated:" line: a "Published:" line wins over it
    kept: list[Block] = []
    for position, i in enumerate(candidates):
        block = blocks[i]
        if roles[i] == "date" and (published is None or revision) and position < _DATELINE_WINDOW:
            if published is None or not bf.is_revision_line(block.text):
                published = bf.dateline(block.text)
                revision = bf.is_revision_line(block.text)
            kept.append(block)
            continue
        if prose[i]:
            kept.append(block)
            continue
        if i < first_prose:
            headline = block.kind == "heading" or bf.is_headline(block.text)
            if title is None and roles[i] is None and headline:
                title = bf.strip_title_label(block.text)
                kept.append(block if block.kind == "heading" else _as_heading(block, 1))
            elif block.kind == "heading" and block.level > 1:
                kept.append(block)
            continue
        if block.kind == "heading":
            kept.append(block)
            continue
        neighbours = _neighbour_prose(candidates, position, prose)
        if not structured and neighbours and _is_subheading(block.text):
            kept.append(_as_heading(block, 2))
    if published is None and first_prose < len(blocks):
        published = bf.wire_dateline_date(blocks[first_prose].text)
    return kept, title, published


def _neighbour_prose(candidates: list[int], position: int, prose: list[bool]) -> bool:
    before = position > 0 and prose[candidates[position - 1]]
    after = position + 1 < len(candidates) and prose[candidates[position + 1]]
    return before and after


def _is_subheading(text: str) -> bool:
    words = text.split()
    first = text[:1]
    return (
        1 <= len(words) <= 12
        and (first.isupper() or first.isdigit())
        and not bf.ends_sentence(text)
        and not text.endswith(":")
        and bf.letter_ratio(text) >= 0.6
    )


def _as_heading(block: Block, level: int) -> Block:
    return replace(block, kind="heading", level=level)


def _prune_empty_headings(blocks: list[Block]) -> list[Block]:
    """A heading with no text under it (before the next heading of its rank) is chrome."""
    kept: list[Block] = []
    has_body_below = False
    lowest_level_with_body = 7
    for block in reversed(blocks):
        if block.kind != "heading":
            has_body_below = True
            lowest_level_with_body = 7
            kept.append(block)
            continue
        if has_body_below or (lowest_level_with_body < 7 and block.level < lowest_level_with_body):
            kept.append(block)
            lowest_level_with_body = min(lowest_level_with_body, block.level)
        has_body_below = False
    kept.reverse()
    return kept
