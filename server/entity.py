"""What an entity page shows, gathered in a worker by a handful of SPARQL queries.

Generic over the data: an entity's events are the ``sem:Event`` resources that point at it
(actor, place, report ...), its claims the ``ck:Claim`` resources that do. Labels prefer
English. Every string here is raw data: the template escapes it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from conflictkg.mapping.vocab import PREFIXES
from conflictkg.server.execute import QueryAnswer, StoreHandle, serialize_triples

SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
MERGED_INTO = PREFIXES["ck"] + "mergedInto"
LABEL = (
    'OPTIONAL {{ {var} rdfs:label ?l_{n} FILTER(LANG(?l_{n}) IN ("en", "")) }}'
    " OPTIONAL {{ {var} skos:prefLabel ?p_{n} }}"
)


@dataclass(frozen=True)
class Term:
    """A node as the page shows it: IRI (with label) or literal (with datatype/language)."""

    value: str
    is_iri: bool
    label: str | None = None
    datatype: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Link:
    predicate: Term
    node: Term


@dataclass(frozen=True)
class EventRow:
    event: Term
    types: tuple[Term, ...]
    date: str | None
    status: Term | None
    places: tuple[Term, ...]
    sources: tuple[Term, ...]


@dataclass(frozen=True)
class EntityPage:
    iri: str
    label: str | None
    types: tuple[Term, ...]
    qids: tuple[str, ...]
    lat: str | None
    long: str | None
    events: tuple[EventRow, ...]
    claims: tuple[EventRow, ...]
    outgoing: tuple[Link, ...]
    incoming: tuple[Link, ...]
    outgoing_total: int
    incoming_total: int
    generation: str


@dataclass(frozen=True)
class Missing:
    redirect: str | None = None
    """An IRI merged into another of ours (owl:sameAs / ck:mergedInto only): 301 there."""


def _term(node: object, label: object = None) -> Term:
    text = label.value if isinstance(label, ox.Literal) else None  # type: ignore[union-attr]
    if isinstance(node, ox.NamedNode):
        return Term(node.value, True, text)
    if isinstance(node, ox.Literal):
        return Term(node.value, False, None, node.datatype.value, node.language)
    return Term(str(node), False, text)


def _rows(store: ox.Store, query: str) -> list[ox.QuerySolution]:
    return list(store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True))  # type: ignore[arg-type]


def _label_of(row: ox.QuerySolution, n: int) -> object:
    return row[f"l_{n}"] or row[f"p_{n}"]


def _events(store: ox.Store, iri: str, cls: str, limit: int) -> tuple[EventRow, ...]:
    rows = _rows(
        store,
        f"""SELECT DISTINCT ?e ?l_0 ?p_0 ?date ?status ?l_1 ?p_1 WHERE {{
            ?e ?link <{iri}> ; a {cls} .
            FILTER(?e != <{iri}>)
            {LABEL.format(var="?e", n=0)}
            OPTIONAL {{ ?e ck:date ?date }}
            OPTIONAL {{ ?e ck:status ?status {LABEL.format(var="?status", n=1)} }}
        }} ORDER BY ?date ?e LIMIT {limit}""",
    )
    events: dict[str, EventRow] = {}
    for row in rows:
        key = row["e"].value  # type: ignore[union-attr]
        if key in events:
            continue
        status = row["status"]
        events[key] = EventRow(
            event=_term(row["e"], _label_of(row, 0)),
            types=(),
            date=row["date"].value if row["date"] is not None else None,  # type: ignore[union-attr]
            status=_term(status, _label_of(row, 1)) if status is not None else None,
            places=(),
            sources=(),
        )
    if not events:
        return ()
    values = " ".join(f"<{e}>" for e in events)
    extra: dict[str, dict[str, list[Term]]] = {e: {"t": [], "p": [], "s": []} for e in events}
    for kind, path in (("t", "a"), ("p", "ck:location"), ("s", "ck:reportedIn|ck:quotedIn")):
        for row in _rows(
            store,
            f"""SELECT DISTINCT ?e ?x ?l_0 ?p_0 WHERE {{ VALUES ?e {{ {values} }}
                ?e {path} ?x . FILTER(isIRI(?x)) {LABEL.format(var="?x", n=0)} }}
                ORDER BY ?e ?x""",
        ):
            terms = extra[row["e"].value][kind]  # type: ignore[union-attr]
            term = _term(row["x"], _label_of(row, 0))
            if all(t.value != term.value for t in terms):
                terms.append(term)
    return tuple(
        EventRow(
            row.event,
            tuple(t for t in extra[key]["t"] if t.label),
            row.date,
            row.status,
            tuple(extra[key]["p"]),
            tuple(extra[key]["s"]),
        )
        for key, row in events.items()
    )


def _links(
    store: ox.Store, iri: str, incoming: bool, offset: int, size: int
) -> tuple[tuple[Link, ...], int]:
    pattern = f"?x ?pred <{iri}>" if incoming else f"<{iri}> ?pred ?x"
    total = _rows(store, f"SELECT (COUNT(*) AS ?n) {{ SELECT DISTINCT ?pred ?x {{ {pattern} }} }}")
    rows = _rows(
        store,
        f"""SELECT ?pred ?x (SAMPLE(?pl) AS ?l_1) (SAMPLE(?xl) AS ?l_0) WHERE {{ {pattern}
            OPTIONAL {{ ?pred rdfs:label ?pl }}
            OPTIONAL {{ ?x rdfs:label ?xl FILTER(LANG(?xl) IN ("en", "")) }}
        }} GROUP BY ?pred ?x ORDER BY ?pred ?x LIMIT {size} OFFSET {offset}""",
    )
    links = tuple(Link(_term(row["pred"], row["l_1"]), _term(row["x"], row["l_0"])) for row in rows)
    return links, int(total[0][0].value)  # type: ignore[union-attr]


@dataclass(frozen=True)
class EntityJob:
    """Everything an entity page shows (``media_type`` None), or its description as RDF."""

    iri: str
    id_prefix: str
    page: int = 1
    page_size: int = 50
    media_type: str | None = None
    row_cap: int = 100_000

    def run(self, handle: StoreHandle) -> EntityPage | Missing | QueryAnswer:
        store, generation = handle.current()
        try:
            node = ox.NamedNode(self.iri)
        except ValueError:  # a path that cannot be an IRI (NUL, spaces ...) names nothing we serve
            return Missing()
        out = list(store.quads_for_pattern(node, None, None, None))
        if not out and not list(islice1(store.quads_for_pattern(None, None, node, None))):
            return Missing()
        targets = {
            q.object.value
            for q in out
            if q.predicate.value in (SAME_AS, MERGED_INTO)
            and isinstance(q.object, ox.NamedNode)
            and q.object.value.startswith(self.id_prefix)
            and q.object != node
        }
        if targets and all(q.predicate.value in (SAME_AS, MERGED_INTO) for q in out):
            return Missing(redirect=sorted(targets)[0])
        if self.media_type is not None:
            incoming = store.quads_for_pattern(None, None, node, None)
            triples = dict.fromkeys(q.triple for q in [*out, *incoming])
            written = serialize_triples(triples, self.media_type, self.row_cap, 2**31)
            assert not isinstance(written, Exception)
            body, rows = written  # type: ignore[misc]
            return QueryAnswer(body, self.media_type, generation, rows)
        return self.page_data(store, generation)

    def page_data(self, store: ox.Store, generation: str) -> EntityPage:
        iri = self.iri
        head = _rows(store, f"SELECT ?l_0 ?p_0 {{ {LABEL.format(var=f'<{iri}>', n=0)} }} LIMIT 1")
        label = _label_of(head[0], 0) if head else None
        types = _rows(
            store,
            f"SELECT DISTINCT ?t ?l_0 ?p_0 {{ <{iri}> a ?t {LABEL.format(var='?t', n=0)} }} "
            "ORDER BY ?t",
        )
        qids = _rows(
            store,
            f"""SELECT DISTINCT ?q {{ {{ <{iri}> ck:qid ?q }} UNION {{ <{iri}> owl:sameAs ?w
                FILTER(STRSTARTS(STR(?w), STR(wd:))) BIND(STRAFTER(STR(?w), STR(wd:)) AS ?q) }}
            }} ORDER BY ?q""",
        )
        coords = _rows(
            store, f"SELECT ?lat ?long {{ <{iri}> ck:lat ?lat ; ck:long ?long }} LIMIT 1"
        )
        offset = (self.page - 1) * self.page_size
        outgoing, out_total = _links(store, iri, False, offset, self.page_size)
        incoming, in_total = _links(store, iri, True, offset, self.page_size)
        return EntityPage(
            iri=iri,
            label=label.value if isinstance(label, ox.Literal) else None,
            types=tuple(_term(r["t"], _label_of(r, 0)) for r in types),
            qids=tuple(r["q"].value for r in qids),  # type: ignore[union-attr]
            lat=coords[0]["lat"].value if coords else None,  # type: ignore[union-attr]
            long=coords[0]["long"].value if coords else None,  # type: ignore[union-attr]
            events=_events(store, iri, "sem:Event", 500),
            claims=_events(store, iri, "ck:Claim", 500),
            outgoing=outgoing,
            incoming=incoming,
            outgoing_total=out_total,
            incoming_total=in_total,
            generation=generation,
        )


def islice1(iterator: object) -> list[object]:
    """At most the first item of an iterator (existence checks without reading everything)."""
    for item in iterator:  # type: ignore[attr-defined]
        return [item]
    return []
