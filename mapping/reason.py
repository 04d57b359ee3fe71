"""OWL 2 RL reasoning, fast: owlrl closes the small ontology, Python applies the instance rules.

owlrl over the whole graph takes seconds on 10k triples and minutes on 100k, and most of its
work is about the schema. So the work is split:

1. the ontology (a few hundred triples) is closed once by owlrl itself (``schema_closure``);
2. the instance-level rules that the closed schema can fire are applied to the data here, by
   a semi-naive worklist, each rule named by its id in the OWL 2 RL profile (section 4.3):
   prp-dom, prp-rng, prp-spo1, prp-inv1, prp-inv2, prp-trp, prp-symp, cax-sco, eq-sym,
   eq-trans, eq-rep-s, eq-rep-p, eq-rep-o.

The test suite compares this closure with owlrl's closure of ontology + data on the corpus;
they are equal apart from owlrl's trivial outputs that the test names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

import owlrl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

Term = URIRef | Literal | BNode
Triple = tuple[Term, Term, Term]


@dataclass(frozen=True)
class Schema:
    """What the closed ontology says that instance rules need."""

    base: frozenset[Triple]
    triples: frozenset[Triple]
    super_classes: dict[Term, frozenset[Term]]
    super_properties: dict[Term, frozenset[Term]]
    domains: dict[Term, frozenset[Term]]
    ranges: dict[Term, frozenset[Term]]
    inverses: dict[Term, frozenset[Term]]
    transitive: frozenset[Term]
    symmetric: frozenset[Term]

    def relevant_predicates(self) -> frozenset[Term]:
        """Predicates whose triples can fire a rule; other data triples only matter for
        eq-rep-*, which the reasoner handles separately."""
        return frozenset(
            {RDF.type, OWL.sameAs}
            | set(self.super_properties)
            | set(self.domains)
            | set(self.ranges)
            | set(self.inverses)
            | set(self.transitive)
            | set(self.symmetric)
        )


@cache
def schema_closure(ontology: Graph) -> Schema:
    """Close the ontology with owlrl (the reference implementation) and index it."""
    closed = Graph()
    for triple in ontology:
        closed.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closed)
    # owlrl types literals with their datatypes (dt-type2): trivial, and not valid RDF 1.1
    triples = frozenset(t for t in closed if not isinstance(t[0], Literal))  # type: ignore[misc]

    def index(pred: URIRef, skip_self: bool = False) -> dict[Term, frozenset[Term]]:
        out: dict[Term, set[Term]] = defaultdict(set)
        for s, o in closed.subject_objects(pred):
            if skip_self and s == o:
                continue
            out[s].add(o)  # type: ignore[index]
        return {k: frozenset(v) for k, v in out.items()}

    inverses: dict[Term, set[Term]] = defaultdict(set)
    for p, q in closed.subject_objects(OWL.inverseOf):
        inverses[p].add(q)  # type: ignore[index]
        inverses[q].add(p)  # type: ignore[index]
    return Schema(
        base=frozenset(ontology),  # type: ignore[arg-type]
        triples=triples,
        super_classes=index(RDFS.subClassOf, skip_self=True),
        super_properties=index(RDFS.subPropertyOf, skip_self=True),
        domains=index(RDFS.domain),
        ranges=index(RDFS.range),
        inverses={k: frozenset(v) for k, v in inverses.items()},
        transitive=frozenset(closed.subjects(RDF.type, OWL.TransitiveProperty)),  # type: ignore[arg-type]
        symmetric=frozenset(closed.subjects(RDF.type, OWL.SymmetricProperty)),  # type: ignore[arg-type]
    )


@dataclass
class _Index:
    triples: set[Triple] = field(default_factory=set)
    by_sp: dict[tuple[Term, Term], set[Term]] = field(default_factory=lambda: defaultdict(set))
    by_po: dict[tuple[Term, Term], set[Term]] = field(default_factory=lambda: defaultdict(set))
    by_s: dict[Term, set[Triple]] = field(default_factory=lambda: defaultdict(set))
    by_o: dict[Term, set[Triple]] = field(default_factory=lambda: defaultdict(set))
    by_p: dict[Term, set[Triple]] = field(default_factory=lambda: defaultdict(set))

    def add(self, t: Triple) -> bool:
        if t in self.triples:
            return False
        s, p, o = t
        self.triples.add(t)
        self.by_sp[(s, p)].add(o)
        self.by_po[(p, o)].add(s)
        self.by_s[s].add(t)
        self.by_o[o].add(t)
        self.by_p[p].add(t)
        return True


def infer(schema: Schema, data: Iterable[Triple]) -> set[Triple]:
    """Return the triples OWL 2 RL entails from schema + data that neither already holds.

    The schema closure's own new triples (scm-* rules) are included.
    """
    idx = _Index()
    asserted: set[Triple] = set()
    for t in data:
        asserted.add(t)
        idx.add(t)
    work: list[Triple] = list(idx.triples)
    for t in schema.triples:
        if idx.add(t):
            work.append(t)
    same = OWL.sameAs

    def emit(t: Triple) -> None:
        if not isinstance(t[0], Literal) and idx.add(t):
            work.append(t)

    while work:
        s, p, o = work.pop()
        if p == RDF.type:
            for sup in schema.super_classes.get(o, ()):  # cax-sco
                emit((s, RDF.type, sup))
        for sup in schema.super_properties.get(p, ()):  # prp-spo1
            emit((s, sup, o))
        for c in schema.domains.get(p, ()):  # prp-dom
            emit((s, RDF.type, c))
        if not isinstance(o, Literal):
            for c in schema.ranges.get(p, ()):  # prp-rng
                emit((o, RDF.type, c))
            for q in schema.inverses.get(p, ()):  # prp-inv1 and prp-inv2 (index is symmetric)
                emit((o, q, s))
            if p in schema.symmetric:  # prp-symp
                emit((o, p, s))
        if p in schema.transitive:  # prp-trp, both directions of the join
            for z in list(idx.by_sp.get((o, p), ())):
                emit((s, p, z))
            for x in list(idx.by_po.get((p, s), ())):
                emit((x, p, o))
        if p == same:
            emit((o, same, s))  # eq-sym
            for z in list(idx.by_sp.get((o, same), ())):  # eq-trans
                emit((s, same, z))
            for x in list(idx.by_po.get((same, s), ())):
                emit((x, same, o))
            _replace(idx, s, o, emit)
        else:
            # a new triple about a node that has sameAs partners is copied to them
            for alt in list(idx.by_sp.get((s, same), ())):  # eq-rep-s
                emit((alt, p, o))
            for alt in list(idx.by_sp.get((p, same), ())):  # eq-rep-p
                emit((s, alt, o))
            for alt in list(idx.by_sp.get((o, same), ())):  # eq-rep-o
                emit((s, p, alt))
    return idx.triples - asserted - schema.base


def _replace(idx: _Index, s: Term, o: Term, emit: Callable[[Triple], None]) -> None:
    """eq-rep-s/p/o for a new ``s owl:sameAs o``: copy every triple about ``s`` to ``o``."""
    for _, b, c in list(idx.by_s.get(s, ())):
        emit((o, b, c))
    for a, b, _ in list(idx.by_o.get(s, ())):
        emit((a, b, o))
    for a, _, c in list(idx.by_p.get(s, ())):
        emit((a, o, c))
