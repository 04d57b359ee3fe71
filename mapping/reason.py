"""OWL 2 RL reasoning, fast: owlrl closes the small ontology, Python applies the instance rules.

owlrl over the whole graph takes seconds on 10k triples and minutes on 100k, and most of its
work is about the schema. So the work is split:

1. the ontology (a few hundred triples) is closed once by owlrl itself (``load_schema``),
   and the closure is cached on disk keyed by the ontology's hash and owlrl's version;
2. the instance-level rules that the closed schema can fire are applied to the data here, by
   a semi-naive worklist over pyoxigraph terms (hashed and compared in Rust), each rule named
   by its id in the OWL 2 RL profile (section 4.3): prp-dom, prp-rng, prp-spo1, prp-inv1,
   prp-inv2, prp-trp, prp-symp, cax-sco, eq-sym, eq-trans, eq-rep-s, eq-rep-p, eq-rep-o.

The test suite compares this closure with owlrl's closure of ontology + data on the corpus;
they are equal apart from owlrl's trivial outputs that the test names.

3. For incremental builds the closure is split by document (``joining_predicates``,
   ``document_inference``): only prp-trp and eq-* join two instance triples, so a document's
   other triples entail nothing beyond what they entail with the schema and the owl:sameAs
   facts about their own nodes. The pipeline closes the triples that can join across
   documents (those predicates, the reference and merged graphs) once, globally, and each
   document's remaining consequences on their own, in the per-document stage; the union is
   the whole closure (the test suite checks it on the corpus).
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import owlrl
import pyoxigraph as ox
from rdflib import Graph
from rdflib import Literal as RdfLiteral

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Triple = tuple[Term, Term, Term]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
TYPE = ox.NamedNode(_RDF + "type")
SAME_AS = ox.NamedNode(_OWL + "sameAs")
SUB_CLASS = ox.NamedNode(_RDFS + "subClassOf")
SUB_PROPERTY = ox.NamedNode(_RDFS + "subPropertyOf")
DOMAIN = ox.NamedNode(_RDFS + "domain")
RANGE = ox.NamedNode(_RDFS + "range")
INVERSE = ox.NamedNode(_OWL + "inverseOf")
TRANSITIVE = ox.NamedNode(_OWL + "TransitiveProperty")
SYMMETRIC = ox.NamedNode(_OWL + "SymmetricProperty")


@dataclass(frozen=True)
class Schema:
    """What the closed ontology says that instance rules need."""

    base: frozenset[Triple]  # the ontology as asserted
    triples: frozenset[Triple]  # the ontology's closure
    super_classes: dict[Term, frozenset[Term]]
    super_properties: dict[Term, frozenset[Term]]
    domains: dict[Term, frozenset[Term]]
    ranges: dict[Term, frozenset[Term]]
    inverses: dict[Term, frozenset[Term]]  # symmetric: covers prp-inv1 and prp-inv2
    transitive: frozenset[Term]
    symmetric: frozenset[Term]

    @functools.cached_property
    def relevant_predicates(self) -> frozenset[Term]:
        """Predicates whose triples can fire an instance rule here; the others fire nothing
        except eq-rep-* on nodes that have an owl:sameAs. Computed once: documents ask for
        it one by one."""
        return frozenset(
            {TYPE, SAME_AS}
            | set(self.super_properties)
            | set(self.domains)
            | set(self.ranges)
            | set(self.inverses)
            | self.transitive
            | self.symmetric
        )

    @classmethod
    def from_triples(cls, base: Iterable[Triple], closed: Iterable[Triple]) -> Schema:
        triples = frozenset(closed)

        def index(pred: Term, skip_self: bool = False) -> dict[Term, frozenset[Term]]:
            out: dict[Term, set[Term]] = defaultdict(set)
            for s, p, o in triples:
                if p == pred and not (skip_self and s == o):
                    out[s].add(o)
            return {k: frozenset(v) for k, v in out.items()}

        inverses: dict[Term, set[Term]] = defaultdict(set)
        for s, p, o in triples:
            if p == INVERSE:
                inverses[s].add(o)
                inverses[o].add(s)
        return cls(
            base=frozenset(base),
            triples=triples,
            super_classes=index(SUB_CLASS, skip_self=True),
            super_properties=index(SUB_PROPERTY, skip_self=True),
            domains=index(DOMAIN),
            ranges=index(RANGE),
            inverses={k: frozenset(v) for k, v in inverses.items()},
            transitive=frozenset(s for s, p, o in triples if p == TYPE and o == TRANSITIVE),
            symmetric=frozenset(s for s, p, o in triples if p == TYPE and o == SYMMETRIC),
        )


def _to_ox_triples(graph: Graph) -> list[Triple]:
    """rdflib graph -> pyoxigraph triples, through N-Triples (exact for every term)."""
    data = graph.serialize(format="nt", encoding="utf-8")
    return [(t.subject, t.predicate, t.object) for t in ox.parse(data, ox.RdfFormat.N_TRIPLES)]


def owlrl_closure(ontology: Graph) -> list[Triple]:
    """The reference: owlrl's OWL-RL closure of the ontology alone.

    owlrl types literals with their datatypes (dt-type2); those triples are trivial and not
    valid RDF 1.1 (a literal as subject), so they are left out.
    """
    closed = Graph()
    for triple in ontology:
        closed.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closed)
    kept = Graph()
    for t in closed:
        if not isinstance(t[0], RdfLiteral):
            kept.add(t)
    return _to_ox_triples(kept)


def load_schema(ontology: Graph, ontology_text: bytes, cache_dir: Path | None = None) -> Schema:
    """The closed schema, from the on-disk cache when the ontology and owlrl are unchanged."""
    base = _to_ox_triples(ontology)
    if cache_dir is None:
        return Schema.from_triples(base, owlrl_closure(ontology))
    key = hashlib.sha256(owlrl.__version__.encode() + b"\n" + ontology_text).hexdigest()[:20]
    path = cache_dir / f"schema-closure-{key}.nt"
    if path.is_file():
        closed = [(t.subject, t.predicate, t.object) for t in ox.parse(path=str(path))]
        return Schema.from_triples(base, closed)
    closed = owlrl_closure(ontology)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    ox.serialize([ox.Triple(*t) for t in closed], str(tmp), ox.RdfFormat.N_TRIPLES)
    os.replace(tmp, path)
    return Schema.from_triples(base, closed)


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


def infer(schema: Schema, data: Iterable[Triple], *, with_schema: bool = True) -> set[Triple]:
    """Return the triples OWL 2 RL entails from schema + data that neither already holds.

    The schema closure's own new triples (scm-* rules) are included unless ``with_schema``
    is false: then the schema's triples are not data here (instance rules read the schema
    from its indexes), which is what a document's own part of the closure needs.
    """
    idx = _Index()
    asserted: set[Triple] = set()
    for t in data:
        asserted.add(t)
        idx.add(t)
    work: list[Triple] = list(idx.triples)
    for t in schema.triples if with_schema else ():
        if idx.add(t):
            work.append(t)
    literal = ox.Literal
    super_classes, super_properties = schema.super_classes, schema.super_properties
    domains, ranges, inverses = schema.domains, schema.ranges, schema.inverses
    transitive, symmetric = schema.transitive, schema.symmetric
    by_sp, by_po = idx.by_sp, idx.by_po
    empty: frozenset[Term] = frozenset()

    def emit(t: Triple) -> None:
        if not isinstance(t[0], literal) and idx.add(t):
            work.append(t)

    while work:
        s, p, o = work.pop()
        if p == TYPE:
            for sup in super_classes.get(o, empty):  # cax-sco
                emit((s, TYPE, sup))
        for sup in super_properties.get(p, empty):  # prp-spo1
            emit((s, sup, o))
        for c in domains.get(p, empty):  # prp-dom
            emit((s, TYPE, c))
        if not isinstance(o, literal):
            for c in ranges.get(p, empty):  # prp-rng
                emit((o, TYPE, c))
            for q in inverses.get(p, empty):  # prp-inv1, prp-inv2
                emit((o, q, s))
            if p in symmetric:  # prp-symp
                emit((o, p, s))
        if p in transitive:  # prp-trp, both directions of the join
            for z in list(by_sp.get((o, p), empty)):
                emit((s, p, z))
            for x in list(by_po.get((p, s), empty)):
                emit((x, p, o))
        if p == SAME_AS:
            emit((o, SAME_AS, s))  # eq-sym
            for z in list(by_sp.get((o, SAME_AS), empty)):  # eq-trans
                emit((s, SAME_AS, z))
            for x in list(by_po.get((SAME_AS, s), empty)):
                emit((x, SAME_AS, o))
            _replace(idx, s, o, emit)
        else:
            # a new triple about a node that has sameAs partners is copied to them
            for alt in list(by_sp.get((s, SAME_AS), empty)):  # eq-rep-s
                emit((alt, p, o))
            for alt in list(by_sp.get((p, SAME_AS), empty)):  # eq-rep-p
                emit((s, alt, o))
            for alt in list(by_sp.get((o, SAME_AS), empty)):  # eq-rep-o
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


def joining_predicates(schema: Schema) -> frozenset[Term]:
    """Predicates whose triples can meet a triple of another document in a rule: owl:sameAs,
    the transitive properties (prp-trp), and every property entailing one (prp-spo1, prp-inv)."""
    found: set[Term] = {SAME_AS, *schema.transitive}
    candidates = set(schema.super_properties) | set(schema.inverses)
    empty: frozenset[Term] = frozenset()
    grew = True
    while grew:
        grew = False
        for p in candidates - found:
            if (
                schema.super_properties.get(p, empty) & found
                or schema.inverses.get(p, empty) & found
            ):
                found.add(p)
                grew = True
    return frozenset(found)


def document_inference(
    schema: Schema, triples: Iterable[Triple], same_as: Iterable[Triple]
) -> set[Triple]:
    """What one document's triples entail with the schema and the owl:sameAs facts about
    their nodes, beyond those facts' own consequences and the document's own triples."""
    facts = list(same_as)
    triples = list(triples)
    relevant = schema.relevant_predicates
    linked = {n for s, p, o in [*facts, *triples] if p == SAME_AS for n in (s, o)}
    own = [  # the others fire nothing and join nothing (as in ``closure.reasoning_input``)
        t for t in triples if t[1] in relevant or t[0] in linked or t[2] in linked
    ]
    found = infer(schema, own + facts, with_schema=False)
    return found - infer(schema, facts, with_schema=False) - set(facts)


@functools.cache
def default_schema() -> Schema:
    """The closed ontology, once per process (workers included); owlrl's closure is cached
    on disk in the user's cache folder when it is writable."""
    from conflictkg.mapping.vocab import ontology_graph
    from conflictkg.paths import ontology_file, user_cache

    return load_schema(ontology_graph(), ontology_file().read_bytes(), user_cache())
