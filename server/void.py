"""VoID at ``/.well-known/void``: what the dataset holds, counted once per generation.

Statistics (triples, entities, classes, per named graph, asserted vs inferred) are counted
by a worker (``StatsJob``) and cached by generation name in the web process, so the
description costs one pass per build or write, not one per request.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pyoxigraph as ox
from flask import Blueprint, Response, request, url_for

from conflictkg.mapping import iri
from conflictkg.mapping.store import StoreLayout
from conflictkg.server import conneg
from conflictkg.server.config import ServerConfig
from conflictkg.server.errors import NotAcceptable
from conflictkg.server.execute import QueryFailure, StoreHandle
from conflictkg.server.remote import current_generation
from conflictkg.server.sparql import raise_failure
from conflictkg.server.workers import WorkerPool

GRAPH_LISTING_LIMIT = 500
"""Named graphs listed one by one as VoID subsets up to this many; a store of 10k documents
has ~30k graphs, which are then described by family only (the SPARQL endpoint lists them)."""
VOID = "http://rdfs.org/ns/void#"
SD = "http://www.w3.org/ns/sparql-service-description#"
DCT = "http://purl.org/dc/terms/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass(frozen=True)
class Stats:
    generation: str
    graphs: tuple[tuple[str | None, int], ...]
    """(graph IRI or None for the default graph, triples), in IRI order."""
    entities: int
    classes: tuple[tuple[str, int], ...]

    @property
    def triples(self) -> int:
        return sum(n for _, n in self.graphs)

    @property
    def inferred(self) -> int:
        return sum(n for name, n in self.graphs if name and iri.is_inferred_graph(name))


def _int(term: object) -> int:
    return int(term.value) if term is not None else 0  # type: ignore[attr-defined]


@dataclass(frozen=True)
class StatsJob:
    id_prefix: str

    def run(self, handle: StoreHandle) -> Stats:
        store, generation = handle.current()
        graphs: list[tuple[str | None, int]] = [
            (row[0].value, _int(row[1]))
            for row in store.query(  # type: ignore[union-attr]
                "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
            )
        ]
        default = len(list(store.quads_for_pattern(None, None, None, ox.DefaultGraph())))
        if default:
            graphs.insert(0, (None, default))
        entities = store.query(  # type: ignore[union-attr]
            "SELECT (COUNT(DISTINCT ?s) AS ?n) { GRAPH ?g { ?s ?p ?o } "
            f'FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{self.id_prefix}")) }}'
        )
        classes = store.query(  # type: ignore[union-attr]
            "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) { GRAPH ?g { ?s a ?c } FILTER(isIRI(?c)) } "
            "GROUP BY ?c ORDER BY ?c"
        )
        return Stats(
            generation=generation,
            graphs=tuple(graphs),
            entities=_int(next(iter(entities))[0]),  # type: ignore[call-overload]
            classes=tuple((row[0].value, _int(row[1])) for row in classes),
        )


def void_triples(
    stats: Stats, base: str, endpoint: str, dumps: str, id_prefix: str
) -> list[ox.Triple]:
    """The VoID description of ``stats``, with blank-node-free, stable subjects."""

    def node(name: str) -> ox.NamedNode:
        return ox.NamedNode(base + name)

    def v(term: str) -> ox.NamedNode:
        return ox.NamedNode(VOID + term)

    def lit(n: int) -> ox.Literal:
        return ox.Literal(str(n), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))

    a = ox.NamedNode(RDF_TYPE)
    ds = node("#dataset")
    triples = [
        ox.Triple(ds, a, v("Dataset")),
        ox.Triple(ds, ox.NamedNode(DCT + "title"), ox.Literal("conflictkg knowledge graph")),
        ox.Triple(ds, v("sparqlEndpoint"), ox.NamedNode(endpoint)),
        ox.Triple(ds, v("uriSpace"), ox.Literal(id_prefix)),
        ox.Triple(ds, v("triples"), lit(stats.triples)),
        ox.Triple(ds, v("entities"), lit(stats.entities)),
        ox.Triple(ds, v("classes"), lit(len(stats.classes))),
        ox.Triple(ds, v("dataDump"), ox.NamedNode(dumps + "/all.nq.gz")),
        ox.Triple(ds, ox.NamedNode(DCT + "identifier"), ox.Literal(stats.generation)),
    ]
    for part, count in (("asserted", stats.triples - stats.inferred), ("inferred", stats.inferred)):
        subset = node(f"#{part}")
        triples += [
            ox.Triple(ds, v("subset"), subset),
            ox.Triple(subset, a, v("Dataset")),
            ox.Triple(subset, v("triples"), lit(count)),
            ox.Triple(subset, v("dataDump"), ox.NamedNode(f"{dumps}/{part}.nq.gz")),
        ]
    families: dict[str, list[int]] = {}
    for graph, count in stats.graphs:
        families.setdefault(graph_family(graph), []).append(count)
    for family, counts in sorted(families.items()):
        subset = node(f"#graphs-{family}")
        triples += [
            ox.Triple(ds, v("subset"), subset),
            ox.Triple(subset, a, v("Dataset")),
            ox.Triple(subset, ox.NamedNode(DCT + "title"), ox.Literal(f"{family} graphs")),
            ox.Triple(subset, v("triples"), lit(sum(counts))),
            # VoID's count of the documents a dataset is published as: here, named graphs.
            ox.Triple(subset, v("documents"), lit(len(counts))),
        ]
    listed = stats.graphs if len(stats.graphs) <= GRAPH_LISTING_LIMIT else ()
    for index, (graph, count) in enumerate(listed):
        subset = node(f"#graph-{index}")
        triples += [
            ox.Triple(ds, v("subset"), subset),
            ox.Triple(subset, a, v("Dataset")),
            ox.Triple(subset, v("triples"), lit(count)),
        ]
        if graph is not None:
            triples.append(ox.Triple(subset, ox.NamedNode(SD + "name"), ox.NamedNode(graph)))
    for index, (cls, count) in enumerate(stats.classes):
        partition = node(f"#class-{index}")
        triples += [
            ox.Triple(ds, v("classPartition"), partition),
            ox.Triple(partition, v("class"), ox.NamedNode(cls)),
            ox.Triple(partition, v("entities"), lit(count)),
        ]
    return triples


def graph_family(name: str | None) -> str:
    """The family a named graph belongs to, from its IRI: documents, merged, inferred ..."""
    if name is None:
        return "default"
    if iri.is_inferred_graph(name):
        return "inferred"
    if not name.startswith(iri.GRAPH):
        return "other"
    rest = name.removeprefix(iri.GRAPH)
    first = rest.split("/", 1)[0]
    return {"doc": "document", "merged": "merged"}.get(first, first or "other")


def void_blueprint(config: ServerConfig, pool: WorkerPool) -> Blueprint:
    bp = Blueprint("void", __name__)
    cache: dict[str, Stats] = {}
    lock = threading.Lock()

    def stats() -> Stats:
        generation = current_generation(config)
        if generation is None:
            StoreLayout(config.store_dir).open_read_only()  # raises the clear "not built" error
        with lock:
            cached = cache.get(generation or "")
        if cached is not None:
            return cached
        outcome = pool.run(StatsJob(config.iri_base + "id/"), config.query_timeout)
        if isinstance(outcome, QueryFailure):
            raise_failure(outcome)
        with lock:
            cache.clear()
            cache[outcome.generation] = outcome
        return outcome  # type: ignore[no-any-return]

    @bp.route("/.well-known/void")
    def void() -> Response:
        fmt = conneg.negotiate(conneg.GRAPH_FORMATS, request.headers.get("Accept"))
        if fmt is None:
            raise NotAcceptable("offered: " + conneg.describe(conneg.GRAPH_FORMATS))
        base = url_for("void.void", _external=True)
        triples = void_triples(
            stats(),
            base,
            url_for("sparql.query", _external=True),
            url_for("void.void", _external=True).replace("/.well-known/void", "/dumps"),
            config.iri_base + "id/",
        )
        prefixes = {"void": VOID, "sd": SD, "dct": DCT}
        body = ox.serialize(
            triples, format=ox.RdfFormat.from_media_type(fmt.media_type), prefixes=prefixes
        )  # type: ignore[arg-type]
        response = Response(body, mimetype=fmt.media_type)
        response.headers["Vary"] = "Accept"
        return response

    return bp
