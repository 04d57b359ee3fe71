"""Content negotiation: which offered format answers a request (Accept q-values, ``format``).

Small and explicit rather than werkzeug's ``best_match`` so that the rules are ours and
tested: the most specific matching media range gives an offer its quality, ``q=0`` excludes,
ties go to the server's order (the default first), and ``text/html`` is chosen only when a
client names it, never through ``*/*``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    """A format the server can write, with the short names a ``format`` parameter may use."""

    key: str
    media_type: str
    names: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    """Other media types clients use for the same thing (``application/json``)."""

    def matches_name(self, value: str) -> bool:
        value = value.strip().lower()
        return value in (self.key, self.media_type, *self.names, *self.aliases)


RESULTS_FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", ("srj",), ("application/json",)),
    Format("xml", "application/sparql-results+xml", ("srx",), ("application/xml", "text/xml")),
    Format("csv", "text/csv"),
    Format("tsv", "text/tab-separated-values"),
)
GRAPH_FORMATS: tuple[Format, ...] = (
    Format("turtle", "text/turtle", ("ttl",), ("application/x-turtle",)),
    Format("ntriples", "application/n-triples", ("nt", "n-triples")),
    Format("jsonld", "application/ld+json", ("json-ld", "json"), ("application/json",)),
    Format("rdfxml", "application/rdf+xml", ("rdf", "xml"), ("application/xml", "text/xml")),
)
HTML = Format("html", "text/html", (), ("application/xhtml+xml",))


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float

    @property
    def specificity(self) -> int:
        return (self.type != "*") + (self.subtype != "*")

    def matches(self, media_type: str) -> bool:
        type_, _, subtype = media_type.partition("/")
        return self.type in ("*", type_) and self.subtype in ("*", subtype)


def parse_accept(header: str | None) -> tuple[MediaRange, ...]:
    """The media ranges of an Accept header; an absent or empty header accepts anything."""
    if not header or not header.strip():
        return (MediaRange("*", "*", 1.0),)
    ranges: list[MediaRange] = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if media == "*":
            media = "*/*"
        type_, slash, subtype = media.partition("/")
        if not slash or not type_ or not subtype:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(type_, subtype, q))
    return tuple(ranges)


def quality(fmt: Format, ranges: Sequence[MediaRange], *, explicit_only: bool = False) -> float:
    """The q of the most specific range matching ``fmt``; aliases count only when named."""
    best: tuple[int, float] | None = None
    for media_range in ranges:
        if explicit_only and media_range.specificity < 2:
            continue
        if media_range.matches(fmt.media_type):
            specificity = media_range.specificity
        elif media_range.specificity == 2 and any(map(media_range.matches, fmt.aliases)):
            specificity = 2
        else:
            continue
        if best is None or specificity > best[0]:
            best = (specificity, media_range.q)
        elif specificity == best[0]:
            best = (specificity, max(best[1], media_range.q))
    return 0.0 if best is None else best[1]


def negotiate(
    offers: Sequence[Format],
    accept: str | None,
    format_param: str | None = None,
    *,
    html: bool = False,
) -> Format | None:
    """The format to answer with, or None when nothing offered is acceptable.

    A ``format`` parameter overrides Accept (links a person can click). With ``html`` the
    HTML page competes too, but only when the client names ``text/html`` itself.
    """
    if format_param:
        return next((f for f in offers if f.matches_name(format_param)), None)
    ranges = parse_accept(accept)
    scored = [(quality(f, ranges), -i, f) for i, f in enumerate(offers)]
    if html:
        scored.append((quality(HTML, ranges, explicit_only=True), -len(offers), HTML))
    q, _, best = max(scored, key=lambda item: (item[0], item[1]))
    return best if q > 0 else None


def describe(offers: Sequence[Format]) -> str:
    """A readable list of offers for a 406 message."""
    return ", ".join(f"{f.media_type} (format={f.key})" for f in offers)
