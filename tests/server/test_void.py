"""VoID description (``server/void.py``) on statistics made for the purpose."""

from __future__ import annotations

import pyoxigraph as ox

from conflictkg.mapping import iri
from conflictkg.server.void import GRAPH_LISTING_LIMIT, VOID, Stats, graph_family, void_triples


def _stats(documents: int) -> Stats:
    graphs = [(f"{iri.GRAPH}doc/d{n:05d}", 10) for n in range(documents)]
    graphs += [(f"{iri.GRAPH}inferred/doc/d{n:05d}", 3) for n in range(documents)]
    graphs += [(str(iri.REFERENCE_GRAPH), 50), (f"{iri.MERGED_GRAPH}/m1", 7)]
    return Stats("g1", tuple(sorted(graphs)), entities=5, classes=())


def _subsets(triples: list[ox.Triple]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for t in triples:
        if t.predicate.value.startswith(VOID) or t.predicate.value.endswith("title"):
            out.setdefault(t.subject.value, {})[t.predicate.value.rsplit("#", 1)[-1]] = (
                t.object.value
            )
    return out


def test_graph_families() -> None:
    assert graph_family(f"{iri.GRAPH}doc/x") == "document"
    assert graph_family(f"{iri.GRAPH}inferred/doc/x") == "inferred"
    assert graph_family(f"{iri.MERGED_GRAPH}/estimate/y") == "merged"
    assert graph_family(str(iri.REFERENCE_GRAPH)) == "reference"
    assert graph_family("http://example.org/g") == "other"
    assert graph_family(None) == "default"


def test_families_are_counted_and_few_graphs_are_listed() -> None:
    subsets = _subsets(
        void_triples(_stats(3), "http://h/void", "http://h/sparql", "http://h/d", "")
    )
    documents = subsets["http://h/void#graphs-document"]
    assert (documents["triples"], documents["documents"]) == ("30", "3")
    assert subsets["http://h/void#graphs-inferred"]["documents"] == "3"
    assert sum(k.startswith("http://h/void#graph-") for k in subsets) == 8


def test_a_large_store_is_described_by_family_only() -> None:
    many = GRAPH_LISTING_LIMIT  # twice that many graphs with the inferred ones
    triples = void_triples(_stats(many), "http://h/void", "http://h/sparql", "http://h/d", "")
    subsets = _subsets(triples)
    assert not any(k.startswith("http://h/void#graph-") for k in subsets)
    assert subsets["http://h/void#graphs-document"]["documents"] == str(many)
    assert len(triples) < 100
