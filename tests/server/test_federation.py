"""SERVICE: refused off the allow-list (before running), evaluated by our client on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from serverkit import EX, LiveServer, build_store, sample_quads, start_server

from conflictkg.server.config import ServerConfig
from conflictkg.server.federation import USER_AGENT
from conflictkg.server.policy import AllowList

SEEN: list[dict[str, str]] = []


@pytest.fixture(scope="module")
def remote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    store = tmp_path_factory.mktemp("remote-store")
    build_store(store, sample_quads())
    yield from start_server(ServerConfig(store_dir=store, workers=1), seen=SEEN)


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory, remote: LiveServer) -> Iterator[LiveServer]:
    store = tmp_path_factory.mktemp("local-store")
    build_store(store, [])
    allow = AllowList((f"http://{remote.host}:{remote.port}",))  # an origin: any path on it
    yield from start_server(ServerConfig(store_dir=store, workers=1, service_allow=allow))


def test_allowed_service_runs_through_our_client(local: LiveServer, remote: LiveServer) -> None:
    SEEN.clear()
    query = (
        f"SELECT ?name WHERE {{ SERVICE <{remote.endpoint}> {{ ?s ex:name ?name }} "
        "} ORDER BY ?name"
    )
    reply = local.get(f"PREFIX ex: <{EX}> {query}")
    assert reply.status == 200, reply.body
    names = [b["name"]["value"] for b in reply.json()["results"]["bindings"]]  # type: ignore[index]
    assert names == ['Alice, "A"\tB', "Bob"]
    assert [h.get("HTTP_USER_AGENT") for h in SEEN] == [USER_AGENT]


def test_off_list_and_variable_services_are_refused_before_running(
    local: LiveServer, remote: LiveServer
) -> None:
    SEEN.clear()
    for query in (
        "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        f"SELECT * {{ VALUES ?e {{ <{remote.endpoint}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
    ):
        reply = local.get(query)
        assert reply.status == 403
        assert "allow-list" in str(reply.json()["error"])
    assert SEEN == []


def test_failing_service_is_502_unless_silent(local: LiveServer, remote: LiveServer) -> None:
    down = remote.endpoint.replace("/sparql", "/no-such-endpoint")
    loud = local.get(f"SELECT * {{ SERVICE <{down}> {{ ?s ?p ?o }} }}")
    assert loud.status == 502 and "no-such-endpoint" in str(loud.json()["error"])
    silent = local.get(f"SELECT * {{ SERVICE SILENT <{down}> {{ ?s ?p ?o }} }}")
    assert silent.status == 200
    assert silent.json()["results"]["bindings"] == [{}]  # type: ignore[index]
