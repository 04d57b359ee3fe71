"""A closed vocabulary generated from the ontology file: a misspelled term fails at once.

``CK.Capture`` is the IRI of a term the ontology defines; ``CK.Captrue`` raises
AttributeError. The ontology is the single source of terms; code never spells ck: IRIs.
"""

from __future__ import annotations

from functools import cache

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF

from conflictkg.paths import ontology_file

CK_NS = "https://w3id.org/conflictkg/ontology#"
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")

# Predeclared in every query (endpoint and CLI); a query's own PREFIX overrides them.
PREFIXES = {
    "ck": CK_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "geo": "http://www.opengis.net/ont/geosparql#",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "wd": "http://www.wikidata.org/entity/",
    "wdt": "http://www.wikidata.org/prop/direct/",
    "cks": "https://w3id.org/conflictkg/shapes#",
}


@cache
def ontology_graph() -> Graph:
    """The parsed ontology (cached: it is read-only everywhere)."""
    return Graph().parse(ontology_file(), format="turtle")


class _ClosedNamespace:
    """Attribute access to the terms the ontology declares, and nothing else."""

    def __init__(self, base: str, terms: frozenset[str]) -> None:
        self._base = base
        self._terms = terms

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_") or name not in self._terms:
            raise AttributeError(f"ck:{name} is not a term of the conflictkg ontology")
        return URIRef(self._base + name)

    def __getitem__(self, name: str) -> URIRef:
        return self.__getattr__(name)

    def __contains__(self, name: object) -> bool:
        return name in self._terms

    @property
    def terms(self) -> frozenset[str]:
        return self._terms


def _declared_terms() -> frozenset[str]:
    graph = ontology_graph()
    names = {
        str(s)[len(CK_NS) :]
        for s in graph.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(CK_NS)
    }
    return frozenset(names)


CK = _ClosedNamespace(CK_NS, _declared_terms())
