"""Worker processes: a slow query is really stopped, new generations are picked up live."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from serverkit import EX, LiveServer, build_store, quad, sample_quads, start_server

from conflictkg.errors import QueryTimeout
from conflictkg.server.config import ServerConfig
from conflictkg.server.execute import QueryAnswer, QueryJob
from conflictkg.server.workers import WorkerPool

TIMEOUT = 0.5
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
NAMES = f"SELECT ?o WHERE {{ ?s <{EX}name> ?o }} ORDER BY ?o"


def build_big_store(store_dir: Path) -> None:
    filler = [quad(f"n{i}", "p", ox.Literal(str(i)), EX + "graph/big") for i in range(3000)]
    build_store(store_dir, [*sample_quads(), *filler])


@pytest.fixture(scope="module")
def slow_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A few thousand triples (a triple cross product never ends) and a tiny time limit."""
    store_dir = tmp_path_factory.mktemp("slow-store")
    build_big_store(store_dir)
    config = ServerConfig(store_dir=store_dir, query_timeout=TIMEOUT, workers=2)
    yield from start_server(config)


def wait_for_workers(server: LiveServer, count: int) -> dict[str, object]:
    """Poll /healthz (bounded) until ``count`` workers are idle; return the last health."""
    health: dict[str, object] = {}
    for _ in range(300):
        health = server.request("GET", "/healthz").json()
        workers = health["workers"]
        assert isinstance(workers, dict)
        if workers["idle"] == count and workers["alive"] == count:
            break
        time.sleep(0.05)
    return health


def names(server: LiveServer) -> list[str]:
    reply = server.get(NAMES)
    assert reply.status == 200, reply.body
    return [b["o"]["value"] for b in reply.json()["results"]["bindings"]]  # type: ignore[index]


def worker_pids(server: LiveServer) -> set[int]:
    return set(server.app.extensions["conflictkg"].pool.status().pids)


def test_slow_query_is_stopped_and_the_worker_replaced(slow_server: LiveServer) -> None:
    wait_for_workers(slow_server, 2)
    before = worker_pids(slow_server)
    reply = slow_server.get(CROSS_PRODUCT)
    assert reply.status == 503
    body = reply.json()
    assert body["status"] == 503
    assert "0.5 s" in str(body["error"])
    assert names(slow_server) == ['Alice, "A"\tB', "Bob"]  # the other worker answers at once
    wait_for_workers(slow_server, 2)
    killed = before - worker_pids(slow_server)
    assert len(killed) == 1, "exactly the worker running the slow query was replaced"
    with pytest.raises(ProcessLookupError):
        os.kill(killed.pop(), 0)  # killed and reaped, not left computing
    assert names(slow_server) == ['Alice, "A"\tB', "Bob"]


def test_new_generation_is_served_without_restart(slow_server: LiveServer) -> None:
    first = slow_server.request("GET", "/healthz").json()["generation"]
    assert names(slow_server) == ['Alice, "A"\tB', "Bob"]
    second = build_store(slow_server.store_dir, [quad("carol", "name", ox.Literal("Carol"), EX)])
    assert second != first
    assert names(slow_server) == ["Carol"]
    assert slow_server.request("GET", "/healthz").json()["generation"] == second
    reply = slow_server.get(NAMES)
    assert reply.status == 200


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    store_dir = tmp_path_factory.mktemp("never-built")
    yield from start_server(ServerConfig(store_dir=store_dir, workers=1))


def test_no_store_is_503_telling_to_build(empty_server: LiveServer) -> None:
    reply = empty_server.get("SELECT * { ?s ?p ?o }")
    assert reply.status == 503
    assert "conflictkg build" in str(reply.json()["error"])
    health = empty_server.request("GET", "/healthz")
    assert health.status == 503
    assert "conflictkg build" in str(health.json()["error"])


def test_requests_beyond_the_pool_wait_for_a_free_worker(tmp_path: Path) -> None:
    """With the one worker busy, the wait for it counts towards the limit; later it is served."""
    build_big_store(tmp_path)
    pool = WorkerPool(tmp_path, size=1)
    try:
        pool.start()
        outcomes: list[object] = []

        def slow() -> None:
            try:
                outcomes.append(pool.run(QueryJob(CROSS_PRODUCT), timeout=TIMEOUT))
            except QueryTimeout as exc:
                outcomes.append(exc)

        thread = threading.Thread(target=slow)
        for _ in range(300):  # bounded: wait until the worker reported ready
            if pool.status().idle == 1:
                break
            time.sleep(0.05)
        thread.start()
        for _ in range(300):  # bounded: wait until the slow query holds the worker
            if pool.status().idle == 0:
                break
            time.sleep(0.01)
        with pytest.raises(QueryTimeout, match="no query worker became free"):
            pool.run(QueryJob(NAMES), timeout=0.2)
        thread.join()
        assert isinstance(outcomes[0], QueryTimeout)
        answer = pool.run(QueryJob(NAMES), timeout=30.0)  # waits for the replacement
        assert isinstance(answer, QueryAnswer)
        assert b"Alice" in answer.body
    finally:
        pool.close()
    assert pool.status().alive == 0


def test_a_worker_that_died_idle_is_replaced(slow_server: LiveServer) -> None:
    wait_for_workers(slow_server, 2)
    victim = min(worker_pids(slow_server))
    os.kill(victim, signal.SIGKILL)
    for _ in range(4):  # more queries than workers: each must find a live worker
        assert slow_server.get(NAMES).status == 200
    wait_for_workers(slow_server, 2)
    assert victim not in worker_pids(slow_server)
