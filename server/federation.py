"""Federated ``SERVICE`` calls, made by us rather than by pyoxigraph.

pyoxigraph would call any host a query names, with its own client and no time limit, and has
no hook to change that. So a query's allowed ``SERVICE <e> { P }`` clauses (``policy``
checked the endpoints against the allow-list) are evaluated here first: ``SELECT * { P }`` is
sent to ``e`` by ``ServiceClient`` (a timeout, a size cap, a descriptive User-Agent) and the
clause is replaced by the solutions as ``VALUES``. That is SERVICE's own semantics: its
pattern is evaluated at the remote endpoint independently and joined with the rest. A
``SERVICE SILENT`` that fails becomes ``{}`` (one empty solution), as the spec says.
Blank nodes in remote answers become IRIs (``VALUES`` cannot hold blank nodes).
"""

from __future__ import annotations

import hashlib
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import pyoxigraph as ox

from conflictkg import __version__
from conflictkg.errors import QueryError
from conflictkg.mapping.vocab import PREFIXES
from conflictkg.server.policy import QueryAnalysis, ServiceClause

USER_AGENT = f"conflictkg/{__version__} (SPARQL federation; +https://w3id.org/conflictkg)"
RESULTS_JSON = "application/sparql-results+json"


class ServiceFailed(QueryError):
    """A federated endpoint failed or answered something unusable (not SILENT)."""

    http_status = 502


@dataclass(frozen=True)
class ServiceClient:
    """Our HTTP client for SERVICE calls: POSTs the query, reads JSON results, bounded."""

    timeout: float = 10.0
    max_bytes: int = 50_000_000
    row_cap: int = 100_000

    def select(self, endpoint: str, query: str, timeout: float) -> ox.QuerySolutions:
        data = urllib.parse.urlencode({"query": query}).encode("utf-8")
        request = urllib.request.Request(
            endpoint,
            data=data,
            method="POST",
            headers={
                "Accept": RESULTS_JSON,
                "Content-Type": "application/x-www-form-urlencoded",
                "User-Agent": USER_AGENT,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=min(timeout, self.timeout)) as reply:
                body = reply.read(self.max_bytes + 1)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise ServiceFailed(f"SERVICE <{endpoint}> failed: {exc}") from None
        if len(body) > self.max_bytes:
            raise ServiceFailed(f"SERVICE <{endpoint}> answered more than {self.max_bytes} bytes")
        try:
            result = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as exc:
            raise ServiceFailed(f"SERVICE <{endpoint}> did not answer SPARQL JSON: {exc}") from None
        if not isinstance(result, ox.QuerySolutions):
            raise ServiceFailed(f"SERVICE <{endpoint}> answered a boolean to a SELECT")
        return result


def _term(term: object, endpoint: str) -> str:
    if term is None:
        return "UNDEF"
    if isinstance(term, ox.BlankNode):
        digest = hashlib.sha256(f"{endpoint}\x1f{term.value}".encode()).hexdigest()[:16]
        return f"<urn:conflictkg:service-bnode:{digest}>"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return str(term)
    raise ServiceFailed(f"SERVICE <{endpoint}> answered a term VALUES cannot hold: {term}")


def _values(solutions: ox.QuerySolutions, endpoint: str, cap: int) -> str:
    variables = solutions.variables
    rows = []
    for count, solution in enumerate(solutions, 1):
        if count > cap:
            raise ServiceFailed(f"SERVICE <{endpoint}> answered more than {cap} rows")
        rows.append("(" + " ".join(_term(solution[v], endpoint) for v in variables) + ")")
    head = " ".join(str(v) for v in variables)
    return f"{{ VALUES ({head}) {{ {' '.join(rows)} }} }}"


def remote_query(analysis: QueryAnalysis, clause: ServiceClause) -> str:
    """The sub-query sent to the endpoint: the query's prologue, our prefixes, the pattern."""
    declared = analysis.prologue
    extra = "".join(
        f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items() if f"{name}:" not in declared
    )
    return f"{extra}{declared}\nSELECT * WHERE {clause.pattern}"


def resolve_services(
    query: str, analysis: QueryAnalysis, client: ServiceClient, deadline: float
) -> str:
    """``query`` with every allowed SERVICE clause replaced by the remote solutions."""
    replacements: list[tuple[ServiceClause, str]] = []
    for clause in analysis.services:
        remaining = deadline - time.monotonic()
        try:
            if remaining <= 0:
                raise ServiceFailed(f"SERVICE <{clause.endpoint}>: no time left in the query limit")
            solutions = client.select(clause.endpoint, remote_query(analysis, clause), remaining)
            text = _values(solutions, clause.endpoint, client.row_cap)
        except ServiceFailed:
            if not clause.silent:
                raise
            text = "{}"
        replacements.append((clause, text))
    for clause, text in reversed(replacements):
        query = query[: clause.start] + text + query[clause.end :]
    return query
