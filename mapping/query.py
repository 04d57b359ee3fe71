"""Query a built store from Python or the CLI, without a server.

    >>> from conflictkg.mapping.query import select
    >>> rows = select("var/store", "SELECT ?s WHERE { ?s a ck:Capture } LIMIT 3")

The default graph is the union of all named graphs, as on the endpoint; the ontology's
prefixes (ck:, wd:, wdt:, rdfs: ...) are predeclared.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from conflictkg.mapping.oxterms import from_ox
from conflictkg.mapping.store import StoreLayout
from conflictkg.mapping.vocab import CK_NS

from conflictkg.errors import QueryError

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
}

_RESULT_FORMATS = {
    f.media_type: f
    for f in (
        ox.QueryResultsFormat.JSON,
        ox.QueryResultsFormat.XML,
        ox.QueryResultsFormat.CSV,
        ox.QueryResultsFormat.TSV,
    )
}
_GRAPH_FORMATS = {
    f.media_type: f
    for f in (
        ox.RdfFormat.TURTLE,
        ox.RdfFormat.N_TRIPLES,
        ox.RdfFormat.JSON_LD,
        ox.RdfFormat.RDF_XML,
    )
}


def _execute(store_dir: Path | str, sparql: str) -> object:
    store, _ = StoreLayout(store_dir).open_read_only()
    try:
        return store.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError(f"malformed query: {exc}") from exc


def run_query(store_dir: Path | str, sparql: str, media_type: str | None = None) -> bytes:
    """Run a query and serialize its results (JSON / Turtle unless a media type is given)."""
    result = _execute(store_dir, sparql)
    if isinstance(result, ox.QueryTriples):
        fmt = _GRAPH_FORMATS.get(media_type or "text/turtle")
        if fmt is None:
            raise QueryError(
                f"{media_type} is not offered for CONSTRUCT/DESCRIBE; use one of {sorted(_GRAPH_FORMATS)}"
            )
        return result.serialize(format=fmt) or b""
    rfmt = _RESULT_FORMATS.get(media_type or "application/sparql-results+json")
    if rfmt is None:
        raise QueryError(
            f"{media_type} is not offered for SELECT/ASK; use one of {sorted(_RESULT_FORMATS)}"
        )
    return result.serialize(format=rfmt) or b""  # type: ignore[attr-defined]


def select(store_dir: Path | str, sparql: str) -> list[dict[str, object]]:
    """SELECT results as a list of dicts of rdflib terms, for notebooks."""
    result = _execute(store_dir, sparql)
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError("select() takes a SELECT query")
    names = [v.value for v in result.variables]
    return [{n: from_ox(row[n]) for n in names if row[n] is not None} for row in result]
