"""Content negotiation rules: q-values, wildcards, server order on ties, format overrides."""

from __future__ import annotations

import pytest

from conflictkg.server.conneg import (
    GRAPH_FORMATS,
    HTML,
    RESULTS_FORMATS,
    negotiate,
    parse_accept,
)


def key(accept: str | None, fmt: str | None = None, *, graph: bool = False) -> str | None:
    chosen = negotiate(GRAPH_FORMATS if graph else RESULTS_FORMATS, accept, fmt)
    return chosen.key if chosen else None


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "json"),
        ("", "json"),
        ("*/*", "json"),
        ("text/csv", "csv"),
        ("text/*", "csv"),
        ("application/sparql-results+xml, application/sparql-results+json;q=0.5", "xml"),
        ("application/sparql-results+json;q=0.1, text/tab-separated-values", "tsv"),
        ("text/csv;q=0, */*;q=0.1", "json"),
        ("text/*;q=0.9, text/csv;q=0.2", "tsv"),  # the most specific range sets csv's q
        ("application/json", "json"),
        ("image/png", None),
        ("text/csv;q=0", None),
        ("garbage, text/csv;q=bad, text/tab-separated-values", "tsv"),
    ],
)
def test_results_accept(accept: str | None, expected: str | None) -> None:
    assert key(accept) == expected


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "turtle"),
        ("application/n-triples", "ntriples"),
        ("application/ld+json", "jsonld"),
        ("application/rdf+xml;q=0.9, text/turtle;q=0.8", "rdfxml"),
        ("application/sparql-results+json", None),
    ],
)
def test_graph_accept(accept: str | None, expected: str | None) -> None:
    assert key(accept, graph=True) == expected


def test_format_parameter_overrides_accept() -> None:
    assert key("application/sparql-results+json", "csv") == "csv"
    assert key(None, "application/sparql-results+xml") == "xml"
    assert key(None, "turtle") is None
    assert key(None, "ttl", graph=True) == "turtle"


def test_html_only_when_named() -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    offers = (*RESULTS_FORMATS, *GRAPH_FORMATS)
    assert negotiate(offers, browser, html=True) is HTML
    assert negotiate(offers, "*/*", html=True) is not HTML
    assert negotiate(offers, "text/*", html=True) is not HTML
    assert negotiate(offers, "text/html, application/sparql-results+json", html=True) is not HTML
    assert negotiate(offers, browser, html=False) is not HTML


def test_parse_accept_clamps_and_skips() -> None:
    ranges = parse_accept("text/csv;q=2, bad, *;q=0.5")
    assert [(r.type, r.subtype, r.q) for r in ranges] == [("text", "csv", 1.0), ("*", "*", 0.5)]
