"""Query a built store from Python (a notebook), without a server.

    >>> from conflictkg.mapping.query import select
    >>> rows = select("var/store", "SELECT ?s WHERE { ?s a ck:Capture } LIMIT 3")

The default graph is the union of all named graphs, as on the endpoint; the ontology's
prefixes (ck:, wd:, wdt:, rdfs: ...) are predeclared. The CLI's ``query`` command goes through
the endpoint's own execution path (``conflictkg.server.execute``) and query policy instead.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from conflictkg.errors import QueryError
from conflictkg.mapping.oxterms import from_ox
from conflictkg.mapping.store import StoreLayout
from conflictkg.mapping.vocab import PREFIXES


def _execute(store_dir: Path | str, sparql: str) -> object:
    store, _ = StoreLayout(store_dir).open_read_only()
    try:
        return store.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError(f"malformed query: {exc}") from exc


def select(store_dir: Path | str, sparql: str) -> list[dict[str, object]]:
    """SELECT results as a list of dicts of rdflib terms, for notebooks."""
    result = _execute(store_dir, sparql)
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError("select() takes a SELECT query")
    names = [v.value for v in result.variables]
    return [{n: from_ox(row[n]) for n in names if row[n] is not None} for row in result]
