"""An HTML page: its main text (via trafilatura) and what its head states about it.

Metadata is read from the full page first, because the chrome that the main-text
extraction drops (head, meta tags, JSON-LD) is exactly where the page names itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from lxml import etree

from conflictkg.mapping.datelines import find_date, parse_date

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_TITLE_KEYS = ("og:title", "twitter:title", "dc.title", "headline")
_SITE_KEYS = ("og:site_name", "application-name")
_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "dcterms.issued",
    "sailthru.date",
    "parsely-pub-date",
)
_AUTHOR_KEYS = ("author", "article:author", "dc.creator", "byl")


@dataclass(frozen=True)
class PageMeta:
    """What an HTML page states about itself; unknown stays None."""

    title: str | None = None
    site_name: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    author: str | None = None
    # Hosts named by the page itself (canonical and og:url), for the publisher lookup.
    hosts: tuple[str, ...] = ()


def read_page(html: str) -> tuple[str, PageMeta]:
    """Main text as markdown-ish lines (headings as ``#``), and the page's metadata."""
    html = _XML_DECL.sub("", html, count=1)
    try:
        root = lxml.html.document_fromstring(html) if html.strip() else None
    except (etree.ParserError, ValueError):
        root = None
    meta = _page_meta(root) if root is not None else PageMeta()
    main = trafilatura.extract(
        html,
        url=meta.url,
        output_format="markdown",
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=True,
        include_formatting=True,
        deduplicate=False,
    )
    if not main and root is not None:
        main = _fallback_text(root)
    return main or "", meta


def _page_meta(root: Any) -> PageMeta:
    metas = _meta_values(root)
    ld = _json_ld(root)
    canonical = _first(
        root.xpath("//link[translate(@rel,'CANONICAL','canonical')='canonical']/@href")
    )
    url = canonical or metas.get("og:url") or _str(ld.get("url"))
    title = next((metas[k] for k in _TITLE_KEYS if metas.get(k)), None)
    title = title or _str(ld.get("headline")) or _text(_first(root.xpath("//title")))
    publisher = ld.get("publisher")
    ld_publisher = _str(publisher.get("name")) if isinstance(publisher, dict) else None
    site_name = next((metas[k] for k in _SITE_KEYS if metas.get(k)), None)
    site_name = site_name or ld_publisher or metas.get("twitter:site")
    published = next(
        (iso for k in _DATE_KEYS if metas.get(k) and (iso := parse_date(metas[k]))), None
    )
    published = published or parse_date(_str(ld.get("datePublished")) or "")
    published = published or _visible_date(root)
    lang = _first(root.xpath("/html/@lang")) or metas.get("content-language")
    if not lang and metas.get("og:locale"):
        lang = metas["og:locale"].replace("_", "-")
    hosts = [urlsplit(u).hostname for u in (canonical, metas.get("og:url")) if u]
    return PageMeta(
        title=_clean(title),
        site_name=_clean(site_name.lstrip("@") if site_name else None),
        url=url.strip() if url else None,
        published=published,
        language=lang.strip().lower() if lang and lang.strip() else None,
        author=_clean(next((metas[k] for k in _AUTHOR_KEYS if metas.get(k)), None)),
        hosts=tuple(dict.fromkeys(h.lower() for h in hosts if h)),
    )


def _meta_values(root: Any) -> dict[str, str]:
    """``<meta>`` contents keyed by lower-cased property / name / itemprop / http-equiv."""
    values: dict[str, str] = {}
    for node in root.iter("meta"):
        content = node.get("content")
        if not content:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = (node.get(attr) or "").strip().lower()
            if key and key not in values:
                values[key] = content.strip()
    for node in root.xpath("//*[@itemprop='datePublished'][@datetime]"):
        values.setdefault("datepublished", node.get("datetime"))
    return values


# The page's own date shown to readers, which the main-text extraction drops with the byline:
# a <time datetime> or a short element whose class names a date ("byline", "published", a
# WordPress "entry-meta"), never one in a list, aside, navigation, footer, comment, widget or
# related-stories block (related stories carry dates of their own).
_NOT_OWN = (
    "[not(ancestor::aside or ancestor::nav or ancestor::footer or ancestor::li"
    " or ancestor::*[contains(@class,'comment') or contains(@class,'related')"
    " or contains(@class,'widget') or contains(@class,'sidebar')])]"
)
_VISIBLE_DATES = "//time[@datetime]" + _NOT_OWN
_DATED_CLASSES = (
    "//*[contains(@class,'date') or contains(@class,'byline') or contains(@class,'publish')"
    " or contains(@class,'posted') or contains(@class,'timestamp') or contains(@class,'meta')]"
    + _NOT_OWN
)


def _visible_date(root: Any) -> str | None:
    """The first date the page shows as its own (see ``_VISIBLE_DATES``), else None."""
    for node in root.xpath(_VISIBLE_DATES):
        if iso := parse_date(node.get("datetime") or ""):
            return iso
    for node in root.xpath(_DATED_CLASSES):
        text = " ".join(node.text_content().split())
        if len(text) <= 80 and (iso := parse_date(text) or find_date(text)):
            return iso
    return None


def _json_ld(root: Any) -> dict[str, Any]:
    """The first JSON-LD object that describes an article (headline or datePublished)."""
    for script in root.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        for obj in _walk(data):
            if "headline" in obj or "datePublished" in obj:
                return obj
    return {}


def _walk(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _walk(item)
    elif isinstance(data, dict):
        yield data
        yield from _walk(data.get("@graph", []))


def _fallback_text(root: Any) -> str:
    """Headings and paragraphs of the body when trafilatura finds no main text."""
    lines = []
    for node in root.iter("h1", "h2", "h3", "h4", "p", "li"):
        text = " ".join(node.text_content().split())
        if text:
            prefix = "#" * int(node.tag[1]) + " " if node.tag.startswith("h") else ""
            lines.append(prefix + text)
    return "\n\n".join(lines)


def _first(values: list[Any]) -> Any:
    return values[0] if values else None


def _text(node: Any) -> str | None:
    return node.text_content() if node is not None else None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = " ".join(value.split())
    return value or None
