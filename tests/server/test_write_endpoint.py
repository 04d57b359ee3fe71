"""Writes over HTTP: the token, atomic generations, the write log; CORS, limits, timing."""

from __future__ import annotations

import logging
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from serverkit import EX, LiveServer, build_store, sample_quads, start_server
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from conflictkg.mapping.store import StoreLayout
from conflictkg.mapping.writes import read_writes
from conflictkg.server.config import ServerConfig

TOKEN = "a-test-token"
UPDATE = "application/sparql-update"
INSERT = f'INSERT DATA {{ GRAPH <{EX}graph/new> {{ <{EX}carol> <{EX}name> "Carol" }} }}'
CAROL = f"ASK {{ <{EX}carol> <{EX}name> ?n }}"


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    store = tmp_path_factory.mktemp("rw-store")
    build_store(store, sample_quads())
    config = ServerConfig(
        store_dir=store, workers=1, update_token=TOKEN, row_cap=3, cors_origins=("*",)
    )
    yield from start_server(config)


def update(
    server: LiveServer, text: str, token: str | None = TOKEN
) -> tuple[int, dict[str, object]]:
    headers = {"Content-Type": UPDATE}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    reply = server.request("POST", "/sparql", body=text.encode(), headers=headers)
    return reply.status, (reply.json() if reply.body else {})


def asks(server: LiveServer, query: str) -> bool:
    return bool(server.get(query).json()["boolean"])


def test_read_only_server_refuses_writes(live_server: LiveServer) -> None:
    status, body = update(live_server, INSERT)
    assert status == 403 and "read-only" in str(body["error"])
    reply = live_server.request(
        "PUT", "/gsp?default", body=b"", headers={"Content-Type": "text/turtle"}
    )
    assert reply.status == 403


def test_token_is_required_and_checked_before_parsing(writable: LiveServer) -> None:
    for token in (None, "wrong-token"):
        reply = writable.request(
            "POST",
            "/sparql",
            body=b"NOT AN UPDATE",
            headers={
                "Content-Type": UPDATE,
                **({"Authorization": f"Bearer {token}"} if token else {}),
            },
        )
        assert reply.status == 401
    status, body = update(writable, "INSERT DATA { <a:b> <a:c> ")
    assert status == 400 and "malformed update" in str(body["error"])


def test_accepted_update_publishes_a_generation_and_logs_it(writable: LiveServer) -> None:
    layout = StoreLayout(writable.store_dir)
    before = layout.current_name()
    logged = len(read_writes(writable.store_dir))
    assert not asks(writable, CAROL)
    status, _ = update(writable, INSERT)
    assert status == 204
    assert asks(writable, CAROL)
    assert layout.current_name() != before
    assert len(read_writes(writable.store_dir)) == logged + 1
    status, _ = update(
        writable, "CLEAR GRAPH <http://example.org/nowhere> ; INSERT DATA { <a:b> <a:c> "
    )
    assert status == 400 and asks(writable, CAROL)  # nothing of a failed request is applied


def test_sparqlwrapper_updates_and_queries_with_the_token(writable: LiveServer) -> None:
    client = SPARQLWrapper(writable.endpoint, updateEndpoint=writable.endpoint)
    client.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
    client.setMethod(POST)
    client.setQuery(f'INSERT DATA {{ <{EX}dave> <{EX}name> "Dave" }}')
    client.query()
    client.setQuery(f"SELECT ?n {{ <{EX}dave> <{EX}name> ?n }}")
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]  # type: ignore[index,call-overload]
    assert [r["n"]["value"] for r in rows] == ["Dave"]


def test_row_cap_is_signalled_never_cut(writable: LiveServer) -> None:
    few = writable.get(f"SELECT ?s {{ ?s <{EX}name> ?n }} LIMIT 3")
    assert few.status == 200
    many = writable.get("SELECT * { ?s ?p ?o }")
    assert many.status == 422 and "row cap" in str(many.json()["error"])
    graph = writable.get("CONSTRUCT WHERE { ?s ?p ?o }", accept="text/turtle")
    assert graph.status == 422


def test_cors_preflight_answers_before_auth_and_allows_reads_only(writable: LiveServer) -> None:
    pre = writable.request(
        "OPTIONS",
        "/sparql",
        headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST"},
    )
    assert pre.status == 204
    conn = __import__("http.client").client.HTTPConnection(writable.host, writable.port)
    conn.request(
        "OPTIONS",
        "/sparql",
        headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "PUT"},
    )
    reply = conn.getresponse()
    assert reply.getheader("Access-Control-Allow-Origin") == "*"
    assert "PUT" not in (reply.getheader("Access-Control-Allow-Methods") or "")
    assert "Authorization" not in (reply.getheader("Access-Control-Allow-Headers") or "")
    reply.read()
    conn.request(
        "POST",
        "/sparql",
        body=b"CLEAR ALL",
        headers={"Content-Type": UPDATE, "Origin": "https://x.example"},
    )
    denied = conn.getresponse()
    assert denied.status == 401 and denied.getheader("Access-Control-Allow-Origin") == "*"
    denied.read()
    conn.close()


def test_server_timing_and_a_log_line_per_query(
    writable: LiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    conn = __import__("http.client").client.HTTPConnection(writable.host, writable.port)
    with caplog.at_level(logging.INFO, logger="conflictkg.server.access"):
        conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}))
        reply = conn.getresponse()
        reply.read()
    timing = reply.getheader("Server-Timing") or ""
    assert "query;dur=" in timing and "total;dur=" in timing
    lines = [r.getMessage() for r in caplog.records if r.name == "conflictkg.server.access"]
    assert any("GET /sparql status=200 outcome=ok" in line and "ms=" in line for line in lines)
    conn.close()


def test_health(writable: LiveServer) -> None:
    body = writable.request("GET", "/health").json()
    assert body["ok"] is True and body["writable"] is True


def test_a_rebuild_replays_the_log(writable: LiveServer, tmp_path: Path) -> None:
    """What ``conflictkg build`` does after loading documents (mapping.writes.replay_writes)."""
    import pyoxigraph as ox

    from conflictkg.mapping.writes import replay_writes

    update(writable, INSERT)
    fresh = ox.Store()
    assert replay_writes(writable.store_dir, fresh) >= 1
    assert fresh.query(CAROL, use_default_graph_as_union=True)
