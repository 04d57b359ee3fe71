"""Ontology, vocabulary and shapes agree; every term is labelled and commented."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from conflictkg.mapping.validate import shapes_graph
from conflictkg.mapping.vocab import CK, CK_NS, ontology_graph


def _defined() -> set[URIRef]:
    g = ontology_graph()
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)
    return {s for k in kinds for s in g.subjects(RDF.type, k) if isinstance(s, URIRef)}


def test_every_term_is_labelled_and_commented() -> None:
    g = ontology_graph()
    missing = [
        t for t in _defined() if g.value(t, RDFS.label) is None or g.value(t, RDFS.comment) is None
    ]
    assert not missing, f"terms without label or comment: {sorted(missing)}"


def test_closed_vocabulary_rejects_misspelled_terms() -> None:
    assert str(CK.Capture) == CK_NS + "Capture"
    with pytest.raises(AttributeError, match="not a term"):
        _ = CK.Captrue


def test_shapes_use_only_ontology_terms() -> None:
    used = {
        node
        for triple in shapes_graph()
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith(CK_NS)
    }
    unknown = {str(n) for n in used if str(n)[len(CK_NS) :] not in CK}
    assert not unknown, f"shapes use terms the ontology lacks: {sorted(unknown)}"


def test_wikidata_alignment_is_declared_for_core_properties() -> None:
    g = ontology_graph()
    aligned = {str(o).rsplit("/", 1)[-1] for o in g.objects(None, OWL.equivalentProperty)}
    assert {
        "P131",
        "P276",
        "P585",
        "P580",
        "P582",
        "P710",
        "P123",
        "P577",
        "P854",
        "P625",
    } <= aligned


def test_ontology_parses_as_owl() -> None:
    assert (
        URIRef("https://w3id.org/conflictkg/ontology"),
        RDF.type,
        OWL.Ontology,
    ) in ontology_graph()
    assert isinstance(ontology_graph(), Graph)
