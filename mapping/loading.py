"""Writing a generation: batched loads, graph drops and in-place syncs of small graphs.

Loads go through ``bulk_load`` a few megabytes at a time (one transaction per batch, memory
bounded by the batch size). A graph that a build rewrites whole but that changes little
(reference, ontology, the global inferred graph, the build graph) is synced by difference,
so an incremental build writes only what changed.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import URIRef

from conflictkg.mapping import iri


def named(graph: URIRef) -> ox.NamedNode:
    return ox.NamedNode(str(graph))


class LoadBatch:
    """N-Quads loaded a few megabytes at a time (each ``bulk_load`` has a fixed cost, so an
    incremental build replacing a few graphs still loads them in one go)."""

    def __init__(self, store: ox.Store, limit: int = 4_000_000) -> None:
        self.store, self.limit, self.parts, self.size = store, limit, list[bytes](), 0
        self.pending: set[URIRef] = set()

    def add(self, graph: URIRef, nquads: bytes) -> None:
        """Queue ``nquads`` of ``graph`` (and its inferred graph)."""
        self.parts.append(nquads)
        self.pending.add(graph)
        self.size += len(nquads)
        if self.size >= self.limit:
            self.flush()

    def add_quads(self, graph: URIRef, quads: Iterable[ox.Quad]) -> None:
        self.add(graph, ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")

    def drop(self, graph: URIRef) -> None:
        """Drop ``graph`` and its inferred graph, loading first only what was queued for it."""
        if graph in self.pending:
            self.flush()
        drop_with_inferred(self.store, graph)

    def flush(self) -> None:
        if self.parts:
            self.store.bulk_load(b"".join(self.parts), format=ox.RdfFormat.N_QUADS)
            self.parts, self.size, self.pending = [], 0, set()


def drop_with_inferred(store: ox.Store, graph: URIRef) -> None:
    """Drop a graph and its own inferred graph (``iri.inferred_graph``)."""
    for name in (graph, iri.inferred_graph(graph)):
        store.remove_graph(named(name))


def sync_graph(store: ox.Store, graph: URIRef, quads: Iterable[ox.Quad]) -> int:
    """Make ``graph`` hold exactly ``quads`` (all in that graph), writing only the
    difference; returns how many quads it holds."""
    wanted = set(quads)
    held = set(store.quads_for_pattern(None, None, None, named(graph)))
    for quad in held - wanted:
        store.remove(quad)
    store.extend(wanted - held)
    return len(wanted)
