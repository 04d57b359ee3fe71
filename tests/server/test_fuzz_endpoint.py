"""Random and hostile requests never crash the endpoint: a complete answer or a clear error.

Never a 500, never a hang (every request has a client timeout), always the one JSON error
shape for errors. Under ``CI=true`` each target runs a few hundred examples.
"""

from __future__ import annotations

import http.client
import json
import os
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from processes import serve_process
from serverkit import LiveServer, build_store, sample_quads, start_server

from conflictkg.procinfo import tree_rss_kb
from conflictkg.server.config import ServerConfig

settings.register_profile(
    "ci-endpoint",
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "dev-endpoint",
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(
    "ci-endpoint" if os.environ.get("CI", "").lower() == "true" else "dev-endpoint"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    store = tmp_path_factory.mktemp("fuzz-store")
    build_store(store, sample_quads())
    yield from start_server(
        ServerConfig(store_dir=store, query_timeout=5.0, workers=2, max_request_bytes=200_000)
    )


def raw(
    server: LiveServer,
    method: str,
    path: bytes | str,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes, str]:
    conn = http.client.HTTPConnection(server.host, server.port, timeout=30)
    try:
        conn.putrequest(
            method,
            path if isinstance(path, str) else path.decode("latin-1"),
            skip_accept_encoding=True,
        )
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        r = conn.getresponse()
        return r.status, r.read(), r.getheader("Content-Type", "")
    finally:
        conn.close()


def allowed(status: int, body: bytes, ctype: str) -> None:
    assert status != 500 and status < 600, (status, body[:300])
    if status >= 400 and "json" in ctype and body:  # HEAD answers carry no body
        err = json.loads(body)
        assert err["ok"] is False and err["status"] == status and err["error"]


SPARQL_WORDS = st.sampled_from(
    [
        "SELECT",
        "*",
        "WHERE",
        "{",
        "}",
        "?s",
        "?p",
        "?o",
        "ASK",
        "CONSTRUCT",
        "DESCRIBE",
        "FILTER",
        "(",
        ")",
        "OPTIONAL",
        "UNION",
        "GRAPH",
        "LIMIT",
        "10",
        ".",
        ";",
        "<http://x/>",
        '"a"',
        "PREFIX",
        "ex:",
        "SERVICE",
        "LOAD",
        "INSERT",
        "DATA",
        "DELETE",
        "BIND",
        "AS",
        "VALUES",
        "#",
        "\\u0053ERVICE",
        "\x00",
        "é",
        "'''",
        'REGEX(?o, "(a+)+$")',
    ]
)


@given(st.lists(SPARQL_WORDS, max_size=40).map(" ".join))
def test_random_queries(server: LiveServer, query: str) -> None:
    status, body, ctype = raw(server, "GET", "/sparql?" + urllib.parse.urlencode({"query": query}))
    allowed(status, body, ctype)


@given(
    st.binary(max_size=2000),
    st.sampled_from(
        [
            "application/sparql-query",
            "application/sparql-update",
            "application/x-www-form-urlencoded",
            "text/plain",
            "application/json",
            "multipart/form-data; boundary=x",
            "",
        ]
    ),
)
def test_random_bodies_and_content_types(server: LiveServer, body: bytes, ctype: str) -> None:
    headers = {"Content-Type": ctype} if ctype else {}
    allowed(*raw(server, "POST", "/sparql", body, headers))


@given(
    st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE"]),
    st.sampled_from(
        [
            "/sparql",
            "/gsp",
            "/gsp?default",
            "/id/place/mosul",
            "/",
            "/dumps/all.nq",
            "/.well-known/void",
            "/id/../../etc/passwd",
            "/id/%2e%2e/%2e%2e/etc/passwd",
            "/id/place/%00",
            "/static/../app.py",
            "/ontology",
            "/health",
        ]
    ),
)
def test_methods_and_paths(server: LiveServer, method: str, path: str) -> None:
    status, body, ctype = raw(server, method, path)
    allowed(status, body, ctype)
    assert b"root:x:0:0" not in body and b"def create_app" not in body


@given(st.binary(min_size=1, max_size=200))
def test_invalid_utf8_in_query_string_and_path(server: LiveServer, junk: bytes) -> None:
    quoted = urllib.parse.quote_from_bytes(junk)
    allowed(*raw(server, "GET", "/sparql?query=" + quoted))
    allowed(*raw(server, "GET", "/id/place/" + quoted))


def test_header_injection_is_not_reflected(server: LiveServer) -> None:
    status, _, _ = raw(server, "GET", "/sparql?query=ASK%7B%7D&format=json%0D%0AX-Evil:%201")
    assert status != 500
    conn = http.client.HTTPConnection(server.host, server.port, timeout=30)
    conn.request("GET", "/sparql?query=ASK%7B%7D", headers={"Accept": "application/json"})
    r = conn.getresponse()
    assert r.getheader("X-Evil") is None
    conn.close()


def test_huge_query_is_refused_cleanly(server: LiveServer) -> None:
    big = "SELECT * WHERE { " + "?s ?p ?o . " * 50_000 + "}"
    status, body, ctype = raw(
        server, "POST", "/sparql", big.encode(), {"Content-Type": "application/sparql-query"}
    )
    assert status == 413
    allowed(status, body, ctype)


def test_bounded_load_every_request_answered_and_memory_stays_bounded(
    server: LiveServer, tmp_path: Path
) -> None:
    """Rounds of a fixed number of requests from 8 concurrent clients against the real
    server (gunicorn, query worker processes): each request gets a complete answer or a
    clear error, and the memory of the server's processes does not grow with the requests."""
    queries = (
        "SELECT ?s WHERE { ?s ?p ?o } LIMIT 5",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }",
        "SELEC broken",
    )
    with serve_process(server.store_dir, tmp_path / "serve.log", "--workers", "2") as served:

        def client(n: int, results: list[int], lock: threading.Lock) -> None:
            for i in range(25):
                q = queries[(n + i) % len(queries)]
                status, body, ctype = raw(
                    served,
                    "GET",
                    "/sparql?" + urllib.parse.urlencode({"query": q}),  # type: ignore[arg-type]
                )
                allowed(status, body, ctype)
                if status == 200 and "json" in ctype:
                    json.loads(body)  # complete, parseable
                with lock:
                    results.append(status)

        memory = []
        for _ in range(3):
            results: list[int] = []
            lock = threading.Lock()
            threads = [threading.Thread(target=client, args=(n, results, lock)) for n in range(8)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=300)
            assert len(results) == 200
            assert set(results) <= {200, 400}
            memory.append(tree_rss_kb(served.pid))
    growth_mb = (memory[-1] - memory[0]) / 1024
    assert growth_mb < 64, f"server memory grew {growth_mb:.0f} MB over 400 more requests"
