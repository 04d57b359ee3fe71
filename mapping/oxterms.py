"""Conversion between rdflib terms (the build's API) and pyoxigraph terms (the store's)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r} in the store")


def from_ox(term: object) -> URIRef | BNode | Literal:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unexpected store term {term!r}")


def graph_to_quads(graph: Graph, name: URIRef) -> Iterator[ox.Quad]:
    """The graph's triples as quads in the named graph ``name``."""
    g = ox.NamedNode(str(name))
    for s, p, o in graph:
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), g)  # type: ignore[arg-type]


def store_triples(
    store: ox.Store, keep: Callable[[str], bool]
) -> Iterator[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.Term]]:
    """Every triple of the named graphs whose IRI ``keep`` accepts (graph names dropped)."""
    for quad in store.quads_for_pattern(None, None, None, None):
        if keep(quad.graph_name.value):  # type: ignore[union-attr]
            yield (quad.subject, quad.predicate, quad.object)  # type: ignore[misc]
