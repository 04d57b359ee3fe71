"""The global part of the OWL 2 RL closure, over the store (see ``reason`` for the split).

Each document's and each merged event's own consequences are in their inferred graphs
(``graph/inferred/doc/...``, ``graph/inferred/merged/...``), made with the graph. What is left
needs triples of several graphs at once: the closure of the reference and ontology graphs,
of any graph written through the endpoint, and of the triples of documents and merged
events whose predicate can join across graphs (``reason.joining_predicates``). It goes to
``graph/inferred``. Together they are the closure of the whole store.

The split assumes that the only owl:sameAs facts are the gazetteer's (in the reference
graph), since each graph's part used those. When another graph states one (a curated file,
an endpoint write), the whole store is closed at once instead, into ``graph/inferred``, and
the per-graph inferred graphs are dropped: slower, the same closure.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pyoxigraph as ox
from rdflib import URIRef

from conflictkg.mapping import iri
from conflictkg.mapping.reason import SAME_AS, Schema, Triple, infer, joining_predicates

_INFERRED = str(iri.INFERRED_GRAPH)
_SPLIT = (str(iri.GRAPH) + "doc/", str(iri.MERGED_GRAPH) + "/")


def _kind(graph: object) -> str:
    """ "skip" (inferred and build graphs), "split" (documents, merged) or "global"."""
    name = graph.value if isinstance(graph, ox.NamedNode) else ""
    if iri.is_inferred_graph(name) or name == str(iri.BUILD_GRAPH):
        return "skip"
    return "split" if name.startswith(_SPLIT) else "global"


def global_inference(
    store: ox.Store, schema: Schema, global_graphs: Sequence[URIRef] | None = None
) -> tuple[set[Triple], bool]:
    """What ``graph/inferred`` holds (see the module's docstring), and whether the graphs'
    own inferred graphs were kept (False: the whole closure is in ``graph/inferred``).

    ``global_graphs``: the graphs that are neither a document's, a merged unit's, inferred
    nor the build's, when the caller knows them (no endpoint writes: reference and ontology);
    otherwise every graph name of the store is read to find them (tens of thousands of
    names, and as much read cache, on a large corpus)."""
    if _foreign_same_as(store):
        for graph in list(store.named_graphs()):
            name = graph.value if isinstance(graph, ox.NamedNode) else ""
            if iri.is_inferred_graph(name) and name != _INFERRED:
                store.remove_graph(graph)
        return infer(schema, reasoning_input(store, schema)), False
    return infer(schema, _joining_input(store, schema, global_graphs)), True


def _foreign_same_as(store: ox.Store) -> bool:
    for quad in store.quads_for_pattern(None, SAME_AS, None, None):  # type: ignore[arg-type]
        kind = _kind(quad.graph_name)
        if kind == "split" or (
            kind == "global" and quad.graph_name.value != str(iri.REFERENCE_GRAPH)
        ):  # type: ignore[union-attr]
            return True
    return False


def _joining_input(
    store: ox.Store, schema: Schema, global_graphs: Sequence[URIRef] | None
) -> Iterator[Triple]:
    names = (
        store.named_graphs()
        if global_graphs is None
        else (ox.NamedNode(str(g)) for g in global_graphs)
    )
    for graph in names:
        if _kind(graph) == "global":
            for q in store.quads_for_pattern(None, None, None, graph):  # type: ignore[arg-type]
                yield (q.subject, q.predicate, q.object)  # type: ignore[misc]
    for predicate in sorted(joining_predicates(schema), key=str):
        for q in store.quads_for_pattern(None, predicate, None, None):  # type: ignore[arg-type]
            if _kind(q.graph_name) == "split":
                yield (q.subject, q.predicate, q.object)  # type: ignore[misc]


def reasoning_input(store: ox.Store, schema: Schema) -> Iterator[Triple]:
    """The store's triples a rule can fire on (inferred and build graphs left out): those
    with a predicate the closed schema speaks about (types, sub-properties, domains, ranges,
    inverses, transitive and symmetric ones, owl:sameAs), plus every triple about a node that
    has an owl:sameAs (eq-rep-*). Cleaned texts, quotes, offsets and labels fire nothing."""
    seen: set[Triple] = set()

    def kept(quads: Iterator[ox.Quad]) -> Iterator[Triple]:
        for q in quads:
            t = (q.subject, q.predicate, q.object)
            if _kind(q.graph_name) != "skip" and t not in seen:
                seen.add(t)  # type: ignore[arg-type]
                yield t  # type: ignore[misc]

    for predicate in sorted(schema.relevant_predicates, key=str):
        yield from kept(store.quads_for_pattern(None, predicate, None, None))  # type: ignore[arg-type]
    same = {t[0] for t in seen if t[1] == SAME_AS} | {t[2] for t in seen if t[1] == SAME_AS}
    for node in same:
        yield from kept(store.quads_for_pattern(node, None, None, None))  # type: ignore[arg-type]
        if not isinstance(node, ox.Literal):
            yield from kept(store.quads_for_pattern(None, None, node, None))  # type: ignore[arg-type]
