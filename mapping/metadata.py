"""Assemble what a document states about itself into ``DocumentMetadata``.

Sources, strongest first: the container (front matter, JSON-lines fields), the HTML head,
then the sidecar (which only fills gaps), then what the text itself shows (a headline,
a dateline, credit lines, short links in the chrome). Publishers are named from
``data/publishers.yaml`` by registrable domain, so ``p.dw.com`` names Deutsche Welle.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

import ftfy
import yaml

from conflictkg.mapping.boilerplate import Filtered
from conflictkg.mapping.datelines import to_iso
from conflictkg.mapping.htmlpage import PageMeta
from conflictkg.mapping.markup import normalise_space
from conflictkg.mapping.model import DocumentMetadata
from conflictkg.paths import mapping_data

# Field names used by front matter, JSON lines and sidecars for the same facts.
_TITLE = ("title", "subject", "headline", "name")
_PUBLISHER = ("publisher", "site_name", "sitename", "source", "site", "outlet")
# Scrapers name the publication date in many ways (news-please "date_publish", newspaper
# "publish_date", APIs "publishedAt"); a download or crawl date is never one of them.
_PUBLISHED = (
    "published",
    "pubDate",
    "pubdate",
    "pub_date",
    "date_published",
    "datePublished",
    "date_publish",
    "publish_date",
    "publication_date",
    "published_at",
    "publishedAt",
    "date",
)
_REVISED = (
    "revised",
    "modified",
    "updated",
    "dateModified",
    "lastmod",
    "date_modify",
    "modified_at",
    "updated_at",
)
_URL = ("url", "canonical", "link", "source_url", "permalink")
_LANGUAGE = ("language", "lang", "locale")
_AUTHOR = ("author", "creator")
_TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s+::\s+")
ENCYCLOPEDIA = "encyclopedia"


@dataclass(frozen=True)
class Publisher:
    name: str
    genre: str = "news"


@dataclass(frozen=True)
class PublisherIndex:
    """Publishers by registrable domain and by lower-cased name or alias."""

    by_domain: Mapping[str, Publisher]
    by_name: Mapping[str, Publisher]
    suffixes: frozenset[str]

    def registrable(self, host: str) -> str:
        """'p.dw.com' -> 'dw.com'; 'www.bbc.co.uk' -> 'bbc.co.uk'."""
        labels = host.lower().strip(".").removeprefix("www.").split(".")
        keep = 3 if ".".join(labels[-2:]) in self.suffixes else 2
        return ".".join(labels[-keep:])

    def for_host(self, host: str) -> Publisher | None:
        host = host.lower().strip(".")
        labels = host.split(".")
        # Longest listed suffix first, so news.un.org could differ from un.org.
        for start in range(len(labels) - 1):
            found = self.by_domain.get(".".join(labels[start:]))
            if found:
                return found
        return self.by_domain.get(self.registrable(host))

    def for_name(self, name: str) -> Publisher | None:
        return self.by_name.get(name.strip().lower())


@cache
def publishers() -> PublisherIndex:
    with mapping_data("data/publishers.yaml").open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    by_domain: dict[str, Publisher] = {}
    by_name: dict[str, Publisher] = {}
    for row in raw["publishers"]:
        pub = Publisher(str(row["name"]), str(row.get("genre", "news")))
        by_domain[str(row["host"]).lower()] = pub
        for name in [row["name"], *row.get("aliases", [])]:
            by_name.setdefault(str(name).lower(), pub)
    return PublisherIndex(by_domain, by_name, frozenset(raw.get("multi_label_suffixes", [])))


def build_metadata(
    fields: Mapping[str, Any], page: PageMeta, filtered: Filtered
) -> DocumentMetadata:
    """Merge the sources in order of trust; the sidecar only fills what the page lacks."""
    own = _own_fields(fields)
    sidecar = fields.get("sidecar")
    if not isinstance(sidecar, Mapping):
        sidecar = {}
    layers: list[Mapping[str, Any]] = [own, _page_fields(page), sidecar]

    url = _pick(layers, _URL, _text)
    title = _pick(layers, _TITLE, _text)
    language = _pick(layers, _LANGUAGE, _language)
    published = _pick(layers, _PUBLISHED, to_iso)
    revised = _pick(layers, _REVISED, to_iso)

    index = publishers()
    hosts = [*page.hosts, *filtered.site_clues]
    if url:
        hosts.append(urlsplit(url).hostname or "")
    site_clues = [c for c in (page.site_name, *page.hosts, *filtered.site_clues) if c]
    stated = _pick(layers, _PUBLISHER, _text)
    author = _pick(layers, _AUTHOR, _text)
    publisher = _resolve_publisher(index, stated, author, hosts)
    if title and title == page.title:
        title = _strip_site_suffix(title, (page.site_name, publisher))
    title = title or filtered.title

    encyclopedic = any(
        p is not None and p.genre == ENCYCLOPEDIA
        for p in (
            index.for_name(publisher or ""),
            index.for_name(author or ""),
            *(index.for_host(h) for h in hosts if h),
        )
    )
    if encyclopedic:
        # A snapshot's date is when the page was last revised, not when events were reported.
        revised = revised or published
        published = None
    else:
        published = published or filtered.published
    return DocumentMetadata(
        title=title,
        publisher=publisher,
        published=published,
        revised=revised,
        url=url,
        language=language,
        agencies=filtered.agencies,
        site_clues=tuple(dict.fromkeys(site_clues)),
        genre=ENCYCLOPEDIA if encyclopedic else "news",
    )


def _own_fields(fields: Mapping[str, Any]) -> Mapping[str, Any]:
    """Front matter for text files, the JSON object itself for JSON lines."""
    front = fields.get("front_matter")
    if isinstance(front, Mapping):
        return front
    return {k: v for k, v in fields.items() if k not in ("sidecar", "sidecar_error")}


def _page_fields(page: PageMeta) -> Mapping[str, Any]:
    values = {
        "title": page.title,
        "site_name": page.site_name,
        "url": page.url,
        "published": page.published,
        "language": page.language,
        "author": page.author,
    }
    return {k: v for k, v in values.items() if v}


def _pick(layers: list[Mapping[str, Any]], keys: tuple[str, ...], convert: Any) -> Any:
    for layer in layers:
        for key in keys:
            value = convert(layer.get(key))
            if value:
                return value
    return None


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    fixed = normalise_space(ftfy.fix_text(value))
    return fixed or None


def _language(value: Any) -> str | None:
    text = _text(value)
    return text.lower().replace("_", "-") if text else None


def _resolve_publisher(
    index: PublisherIndex, stated: str | None, author: str | None, hosts: list[str]
) -> str | None:
    """A stated name (normalised through the aliases), else a known host, else an author
    that is itself a known publisher."""
    if stated:
        known = index.for_name(stated)
        return known.name if known else stated
    for host in hosts:
        known = index.for_host(host) if host else None
        if known:
            return known.name
    known = index.for_name(author) if author else None
    return known.name if known else None


def _strip_site_suffix(title: str, site_names: Iterable[str | None]) -> str:
    """'Army retakes X | The Daily Front' -> 'Army retakes X': a page title ends with the
    site's own name (as the page states it, or the publisher it resolved to)."""
    last = next(reversed(list(_TITLE_SEPARATORS.finditer(title))), None)
    if last is None or last.start() == 0:
        return title
    tail = title[last.end() :].strip().lower()
    if any(name and name.strip().lower() == tail for name in site_names):
        return title[: last.start()].strip()
    return title
