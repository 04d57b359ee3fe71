"""The reasoner's rules, each by its OWL 2 RL id, and its closure against owlrl's on the corpus."""

from __future__ import annotations

from pathlib import Path

import owlrl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from conflictkg.mapping import iri
from conflictkg.mapping.closure import reasoning_input
from conflictkg.mapping.oxterms import from_ox, to_ox
from conflictkg.mapping.reason import document_inference, infer, joining_predicates, load_schema
from conflictkg.mapping.store import StoreLayout
from conflictkg.mapping.vocab import CK, WD, WDT, ontology_graph
from conflictkg.paths import ontology_file

X = "http://example.org/"
SCHEMA = load_schema(ontology_graph(), ontology_file().read_bytes())


def closure(data: list[tuple[Node, Node, Node]]) -> set[tuple[Node, ...]]:
    """Run the reasoner on rdflib triples and give rdflib triples back."""
    found = infer(SCHEMA, [tuple(to_ox(x) for x in t) for t in data])  # type: ignore[misc]
    return {tuple(from_ox(x) for x in t) for t in found}


def u(name: str) -> URIRef:
    return URIRef(X + name)


def test_cax_sco_types_up_the_class_hierarchy() -> None:
    out = closure([(u("e"), RDF.type, CK.Airstrike)])
    assert (u("e"), RDF.type, CK.Attack) in out
    assert (u("e"), RDF.type, CK.Event) in out


def test_prp_trp_located_in_is_transitive_through_direct_parents() -> None:
    data = [
        (u("district"), CK.directlyLocatedIn, u("mosul")),
        (u("mosul"), CK.directlyLocatedIn, u("nineveh")),
        (u("nineveh"), CK.directlyLocatedIn, u("iraq")),
    ]
    out = closure(data)
    assert (u("district"), CK.locatedIn, u("iraq")) in out  # prp-spo1 then prp-trp
    assert (u("district"), CK.locatedIn, u("nineveh")) in out
    # Wikidata's P131 is the direct parent only: no transitive P131
    assert (u("district"), WDT.P131, u("mosul")) in out  # prp-eqp via scm-eqp
    assert (u("district"), WDT.P131, u("iraq")) not in out


def test_prp_dom_and_prp_rng_type_subject_and_object() -> None:
    out = closure([(u("e"), CK.location, u("p"))])
    assert (u("p"), RDF.type, CK.Location) in out
    assert (u("e"), RDF.type, URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/Event")) in out


def test_prp_rng_does_not_type_literals() -> None:
    out = closure([(u("p"), CK.lat, Literal("1.0", datatype=XSD.decimal))])
    assert not any(isinstance(s, Literal) for s, _, _ in out)


def test_prp_inv_reports_and_reported_in() -> None:
    out = closure([(u("e"), CK.reportedIn, u("d"))])
    assert (u("d"), CK.reports, u("e")) in out  # prp-inv1
    out = closure([(u("d"), CK.reports, u("e"))])
    assert (u("e"), CK.reportedIn, u("d")) in out  # prp-inv2


def test_eq_rep_makes_wikidata_iris_usable() -> None:
    data = [
        (u("mosul"), OWL.sameAs, WD.Q1),
        (u("e"), CK.location, u("mosul")),
        (u("mosul"), CK.directlyLocatedIn, u("nineveh")),
    ]
    out = closure(data)
    assert (WD.Q1, OWL.sameAs, u("mosul")) in out  # eq-sym
    assert (u("e"), CK.location, WD.Q1) in out  # eq-rep-o
    assert (WD.Q1, CK.directlyLocatedIn, u("nineveh")) in out  # eq-rep-s
    assert (u("e"), WDT.P276, WD.Q1) in out


def test_nothing_asserted_is_returned_as_inferred() -> None:
    data = [(u("e"), RDF.type, CK.Capture), (u("e"), RDF.type, CK.Event)]
    out = closure(data)
    assert (u("e"), RDF.type, CK.Event) not in out


# owlrl outputs that our closure leaves out on purpose, named here (and only here):
#  - reflexive owl:sameAs for every resource (eq-ref),
#  - datatype axioms: literals typed with their datatype, datatypes typed rdfs:Datatype and
#    declared disjoint from each other (dt-type*, dt-diff)
#  - owl:Thing / owl:Nothing trivia for individuals and classes.


def _trivial(t: tuple[object, object, object]) -> bool:
    s, p, o = t
    if p == OWL.sameAs and s == o:
        return True
    if isinstance(s, Literal):
        return True
    if p == RDF.type and o in (RDFS.Datatype, OWL.Thing, RDFS.Resource):
        return True
    if p == OWL.disjointWith and str(s).startswith(str(XSD)) and str(o).startswith(str(XSD)):
        return True  # datatype disjointness axioms (dt-diff)
    return p in (OWL.differentFrom,) or (p == RDF.type and str(o).startswith(str(XSD)))


def test_joining_predicates_are_the_transitive_ones_sameas_and_what_entails_them() -> None:
    found = {p.value for p in joining_predicates(SCHEMA)}  # type: ignore[union-attr]
    assert {str(OWL.sameAs), str(CK.locatedIn), str(CK.directlyLocatedIn), str(WDT.P131)} <= found
    assert {str(CK.partOf), str(CK.directPartOf), str(CK.partOfOperation)} <= found
    assert str(CK.location) not in found and str(RDF.type) not in found


def test_document_inference_uses_the_sameas_facts_but_not_their_own_consequences() -> None:
    place, wd = u("mosul"), WD.Q83317
    facts = [tuple(to_ox(x) for x in (place, OWL.sameAs, wd))]
    own = [
        tuple(to_ox(x) for x in t)
        for t in [(u("e"), CK.location, place), (u("e"), RDF.type, CK.Airstrike)]
    ]
    found = {tuple(from_ox(x) for x in t) for t in document_inference(SCHEMA, own, facts)}  # type: ignore[arg-type]
    assert (u("e"), CK.location, wd) in found  # eq-rep-o
    assert (u("e"), RDF.type, CK.Event) in found  # cax-sco
    assert (wd, OWL.sameAs, place) not in found  # the facts' own consequence (eq-sym)


def test_per_graph_and_global_inferred_graphs_are_the_whole_closure(corpus_store: Path) -> None:
    """The split closure (each graph's own part + what joins across graphs) is the closure."""
    store, _ = StoreLayout(corpus_store).open_read_only()
    asserted, stored = set(), set()
    for q in store.quads_for_pattern(None, None, None, None):
        name = q.graph_name.value  # type: ignore[union-attr]
        t = (q.subject, q.predicate, q.object)
        if iri.is_inferred_graph(name):
            stored.add(t)
        elif not name.endswith("/build"):
            asserted.add(t)
    whole = infer(SCHEMA, reasoning_input(store, SCHEMA))
    assert any(
        iri.is_inferred_graph(g.value) and "/inferred/doc/" in g.value for g in store.named_graphs()
    )  # type: ignore[union-attr]
    missing, extra = whole - stored, (stored - asserted) - whole
    assert not missing, f"only in the whole closure: {sorted(map(str, missing))[:10]}"
    assert not extra, f"only in the split closure: {sorted(map(str, extra))[:10]}"


def test_closure_equals_owlrl_on_the_corpus(corpus_store: Path) -> None:
    store, _ = StoreLayout(corpus_store).open_read_only()
    asserted = {
        (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object))
        for q in store.quads_for_pattern(None, None, None, None)
        if iri.is_data_graph(q.graph_name.value)  # type: ignore[union-attr]
    }
    ours = closure(list(asserted))

    reference = Graph()
    for t in ontology_graph():
        reference.add(t)
    for t in asserted:
        reference.add(t)
    before = set(reference)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(reference)
    theirs = set(reference) - before

    only_theirs = {t for t in theirs - ours if not _trivial(t)}
    only_ours = ours - theirs
    assert not only_ours, f"only in ours: {sorted(map(str, only_ours))[:20]}"
    assert not only_theirs, f"only in owlrl's: {sorted(map(str, only_theirs))[:20]}"
