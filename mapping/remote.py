"""A small client for an external SPARQL 1.1 store (Oxigraph server, Fuseki, Virtuoso ...).

Three standard doors and nothing store-specific: the Graph Store Protocol (PUT / DELETE a
graph), SPARQL Update (one request: the atomic switch of a publish) and the SPARQL Protocol
(queries). The standard library only (``http.client``): one kept-alive connection per client,
a timeout on every request, answers read under a byte cap (never unbounded), and credentials
kept out of every message and ``repr``.
"""

from __future__ import annotations

import base64
import http.client
import re
import ssl
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from conflictkg.errors import UserError
from conflictkg.mapping import iri
from conflictkg.mapping.vocab import PREFIXES

OXIGRAPH_PATHS = ("/store", "/query", "/update")
"""Graph Store, query and update paths of Oxigraph's server: the defaults."""
ERROR_BYTES = 64_000
STATE_BYTES = 64_000_000
RETRIED = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)
GENERATION_QUERY = (
    f"SELECT ?b WHERE {{ GRAPH {ox.NamedNode(str(iri.BUILD_GRAPH))} "
    f"{{ ?b a {ox.NamedNode(PREFIXES['prov'] + 'Activity')} }} }}"
)
BUILD_PREFIX = iri.BASE + "build/"


class RemoteStoreError(UserError):
    """The remote store refused a request or did not answer (names the store and status)."""

    http_status = 502

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        """The store's HTTP status; None: no answer (down, timed out), so the outcome of a
        write is unknown."""


class AnswerTooLarge(Exception):
    """An answer of the remote store above the byte cap it was read under."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the store's answer is larger than {limit} bytes")
        self.limit = limit


def is_store_url(value: str) -> bool:
    """``--store`` names a SPARQL server (not a directory) when it is an http(s) URL."""
    return value.startswith(("http://", "https://"))


@dataclass(frozen=True)
class RemoteStore:
    """Where the store's endpoints are. Paths are on the store's host; ``update`` None: the
    store has no SPARQL Update endpoint (publishing is then not atomic)."""

    url: str
    """Scheme, host and port, without credentials (it is shown in messages)."""
    gsp: str = OXIGRAPH_PATHS[0]
    query: str = OXIGRAPH_PATHS[1]
    update: str | None = OXIGRAPH_PATHS[2]
    auth: str | None = field(default=None, repr=False)
    """``user:password`` (HTTP Basic) or ``bearer:TOKEN``; never printed."""
    timeout: float = 60.0

    def __post_init__(self) -> None:
        parts = urllib.parse.urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL of a SPARQL server: {self.url!r}")
        if parts.username or parts.password:
            raise ValueError("give credentials with --store-auth, not in the URL")
        if self.auth is not None and ":" not in self.auth:
            raise ValueError("--store-auth takes user:password or bearer:TOKEN")
        if self.timeout <= 0:
            raise ValueError("store_timeout must be positive")

    @classmethod
    def from_url(
        cls,
        url: str,
        gsp: str = OXIGRAPH_PATHS[0],
        query: str = OXIGRAPH_PATHS[1],
        update: str | None = OXIGRAPH_PATHS[2],
        auth: str | None = None,
        timeout: float = 60.0,
    ) -> RemoteStore:
        """Credentials written in the URL (``http://user:pw@host``) become ``auth``."""
        parts = urllib.parse.urlsplit(url)
        if parts.username is not None:
            userinfo = urllib.parse.unquote(parts.username)
            userinfo += ":" + urllib.parse.unquote(parts.password or "")
            auth = auth or userinfo
            parts = parts._replace(netloc=parts.netloc.rpartition("@")[2])
        base = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))
        return cls(base, gsp, query, update or None, auth or None, timeout)

    def endpoint(self, path: str) -> str:
        """A path on the store's host (a full URL is taken as it is)."""
        return urllib.parse.urljoin(self.url + "/", path)

    @property
    def authorization(self) -> str | None:
        if self.auth is None:
            return None
        scheme, _, secret = self.auth.partition(":")
        if scheme.lower() == "bearer":
            return "Bearer " + secret
        return "Basic " + base64.b64encode(self.auth.encode("utf-8")).decode("ascii")

    def default_work_dir(self) -> Path:
        """``var/remote/<host>_<port>_<graph store path>``: one working store per remote."""
        parts = urllib.parse.urlsplit(self.endpoint(self.gsp))
        port = parts.port or (443 if parts.scheme == "https" else 80)
        path = re.sub(r"[^A-Za-z0-9]+", "-", parts.path).strip("-") or "root"
        return Path("var", "remote", f"{parts.hostname}_{port}_{path}")


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: bytes


def graph_param(graph: str | None) -> str:
    """The Graph Store Protocol's query string for a graph (None: the default graph)."""
    return "default" if graph is None else "graph=" + urllib.parse.quote(graph, safe="")


class RemoteClient:
    """Requests to one remote store over one kept-alive connection (not thread-safe)."""

    def __init__(self, store: RemoteStore) -> None:
        self.store = store
        self.requests = 0
        self.bytes_sent = 0
        self._conn: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # --- the three protocols ----------------------------------------------------------
    def put_graph(self, graph: str | None, source: Path) -> None:
        """Graph Store PUT: replace ``graph`` with the N-Triples file ``source`` (sent as
        Turtle, of which N-Triples is a subset: every store reads Turtle)."""
        url = self.store.endpoint(self.store.gsp) + "?" + graph_param(graph)
        self.expect(
            "PUT " + _name(graph), self._send("PUT", url, source, {"Content-Type": "text/turtle"})
        )

    def delete_graph(self, graph: str | None) -> None:
        """Graph Store DELETE; a graph already gone is fine."""
        url = self.store.endpoint(self.store.gsp) + "?" + graph_param(graph)
        reply = self._send("DELETE", url)
        if reply.status != 404:
            self.expect("DELETE " + _name(graph), reply)

    def update(self, text: str) -> None:
        """One SPARQL Update request (one transaction on stores that give one per request)."""
        if self.store.update is None:
            raise RemoteStoreError(f"{self.store.url} has no SPARQL Update endpoint configured")
        body = urllib.parse.urlencode({"update": text}).encode("utf-8")
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        # a fresh connection: an update must never be sent twice after a stale keep-alive
        self.close()
        reply = self._send("POST", self.store.endpoint(self.store.update), body, headers)
        self.expect("SPARQL Update", reply)

    def query(
        self,
        text: str,
        accept: str,
        max_bytes: int,
        params: Iterable[tuple[str, str]] = (),
    ) -> Reply:
        """POST a query (form-encoded); the reply is returned whatever its status."""
        body = urllib.parse.urlencode([("query", text), *params]).encode("utf-8")
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
        return self._send("POST", self.store.endpoint(self.store.query), body, headers, max_bytes)

    def select(self, text: str, max_bytes: int = STATE_BYTES) -> ox.QuerySolutions:
        """A SELECT query's solutions (SPARQL JSON)."""
        reply = self.query(text, "application/sparql-results+json", max_bytes)
        self.expect("query", reply)
        result = ox.parse_query_results(reply.body, ox.QueryResultsFormat.JSON)
        if not isinstance(result, ox.QuerySolutions):
            raise RemoteStoreError(f"{self.store.url} answered a SELECT query with a boolean")
        return result

    def generation(self) -> str | None:
        """The conflictkg generation the store serves (its build graph), or None."""
        names = sorted(
            row[0].value
            for row in self.select(GENERATION_QUERY)
            if isinstance(row[0], ox.NamedNode) and row[0].value.startswith(BUILD_PREFIX)
        )
        return names[-1][len(BUILD_PREFIX) :] if names else None

    # --- HTTP ---------------------------------------------------------------------------
    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            parts = urllib.parse.urlsplit(self.store.url)
            if parts.scheme == "https":
                self._conn = http.client.HTTPSConnection(
                    parts.netloc, timeout=self.store.timeout, context=ssl.create_default_context()
                )
            else:
                self._conn = http.client.HTTPConnection(parts.netloc, timeout=self.store.timeout)
        return self._conn

    def _send(
        self,
        method: str,
        url: str,
        body: bytes | Path | None = None,
        headers: dict[str, str] | None = None,
        max_bytes: int = ERROR_BYTES,
    ) -> Reply:
        """One request; retried once on a kept-alive connection the server had closed."""
        headers = dict(headers or {})
        if self.store.authorization is not None:
            headers["Authorization"] = self.store.authorization
        target = urllib.parse.urlsplit(url)
        path = urllib.parse.urlunsplit(("", "", target.path or "/", target.query, ""))
        for attempt in (1, 2):
            reused = self._conn is not None
            try:
                return self._once(method, path, body, headers, max_bytes)
            except RETRIED as exc:
                self.close()
                if attempt == 2 or not reused:
                    raise self._unreachable(exc) from None
            except (OSError, http.client.HTTPException) as exc:
                self.close()
                raise self._unreachable(exc) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(
        self,
        method: str,
        path: str,
        body: bytes | Path | None,
        headers: dict[str, str],
        max_bytes: int,
    ) -> Reply:
        conn = self._connection()
        self.requests += 1
        try:
            if isinstance(body, Path):
                size = body.stat().st_size
                with open(body, "rb") as fh:
                    conn.request(method, path, fh, {**headers, "Content-Length": str(size)})
            else:
                size = len(body or b"")
                conn.request(method, path, body, headers)
        except (BrokenPipeError, ConnectionResetError) as exc:
            try:  # a store may answer (401, 413 ...) and close before reading the whole body
                response = conn.getresponse()
            except (OSError, http.client.HTTPException):
                raise exc from None
        else:
            self.bytes_sent += size
            response = conn.getresponse()
        limit = max_bytes if response.status < 400 else ERROR_BYTES
        data = response.read(limit + 1)
        if not response.isclosed():  # a body past the cap: the connection cannot be reused
            self.close()
        if len(data) > limit:
            if response.status < 400:
                raise AnswerTooLarge(limit)
            data = data[:limit]
        return Reply(response.status, response.getheader("Content-Type", ""), data)

    def _unreachable(self, exc: BaseException) -> RemoteStoreError:
        return RemoteStoreError(f"cannot reach the store at {self.store.url}: {exc!r}")

    def expect(self, what: str, reply: Reply) -> None:
        if reply.status < 300:
            return
        text = reply.body.decode("utf-8", "replace").strip()
        detail = f": {text[:300]}" if text else ""
        hint = ""
        if reply.status in (401, 403):
            hint = " (check --store-auth / CONFLICTKG_STORE_AUTH)"
        raise RemoteStoreError(
            f"{what}: the store at {self.store.url} answered HTTP {reply.status}{hint}{detail}",
            reply.status,
        )


def _name(graph: str | None) -> str:
    return "the default graph" if graph is None else f"<{graph}>"
