"""`conflictkg serve` in front of a remote SPARQL store (Oxigraph's server) answers as over
the local store it was published from."""

from __future__ import annotations

import json
import shutil
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from processes import serve_process
from serverkit import LiveServer, Reply, start_server

from conflictkg.mapping.publish import publish
from conflictkg.mapping.remote import RemoteClient, RemoteStore
from conflictkg.mapping.store import StoreLayout
from conflictkg.server.config import ServerConfig
from conflictkg.server.execute import QueryAnswer, QueryFailure, QueryJob, execute
from conflictkg.server.pages import load_examples
from conflictkg.server.remote import RemoteSource, RemoteStoreHandle

live = contextmanager(start_server)


@dataclass(frozen=True)
class Pair:
    url: str
    work: Path
    remote: LiveServer
    local: LiveServer


@pytest.fixture(scope="module")
def pair(
    corpus_store: Path,
    tmp_path_factory: pytest.TempPathFactory,
    oxigraph: Callable[[Path], AbstractContextManager[str]],
) -> Iterator[Pair]:
    """The corpus published to an Oxigraph server; a server in front of it and one over the
    local store."""
    folder = tmp_path_factory.mktemp("remote-serve")
    work = folder / "work"
    shutil.copytree(corpus_store, work)
    with ExitStack() as stack:
        url = stack.enter_context(oxigraph(folder / "oxigraph"))
        publish(work, RemoteStore(url))
        remote = ServerConfig(store_dir=work, remote=RemoteStore(url), query_timeout=20.0)
        local = ServerConfig(store_dir=corpus_store, query_timeout=20.0)
        yield Pair(url, work, stack.enter_context(live(remote)), stack.enter_context(live(local)))


def bindings(reply: Reply) -> list[str]:
    assert reply.status == 200, reply.body[:300]
    return sorted(json.dumps(b, sort_keys=True) for b in reply.json()["results"]["bindings"])  # type: ignore[attr-defined]


def triples(reply: Reply) -> set[str]:
    assert reply.status == 200, reply.body[:300]
    return {str(q.triple) for q in ox.parse(reply.body, ox.RdfFormat.TURTLE)}


def test_example_queries_answer_as_on_the_local_store(pair: Pair) -> None:
    for example in load_examples():
        remote, local = pair.remote.get(example.query), pair.local.get(example.query)
        assert bindings(remote) == bindings(local), example.title
        assert remote.json()["head"] == local.json()["head"]


def test_construct_graph_read_and_void_as_on_the_local_store(pair: Pair) -> None:
    query = "CONSTRUCT WHERE { ?s a ck:Country ; rdfs:label ?l }"
    assert triples(pair.remote.get(query)) == triples(pair.local.get(query))
    graph = {"graph": "https://w3id.org/conflictkg/graph/reference"}
    read = [s.request("GET", "/gsp", params=graph) for s in (pair.remote, pair.local)]
    assert triples(read[0]) == triples(read[1])
    void = [s.request("GET", "/.well-known/void") for s in (pair.remote, pair.local)]
    assert triples(void[0]) == {
        t.replace(str(pair.local.port), str(pair.remote.port)) for t in triples(void[1])
    }


def test_entity_pages_render(pair: Pair) -> None:
    page = pair.remote.request("GET", "/id/place/mosul", headers={"Accept": "text/html"})
    assert page.status == 200 and "text/html" in page.content_type
    assert b"Mosul" in page.body and b"Events" in page.body
    assert triples(pair.remote.request("GET", "/id/place/mosul.ttl")) == triples(
        pair.local.request("GET", "/id/place/mosul.ttl")
    )


def test_health_errors_and_read_only(pair: Pair) -> None:
    generation = StoreLayout(pair.work).current_name()
    assert pair.remote.request("GET", "/health").json()["generation"] == generation
    bad = pair.remote.get("SELEC nothing")
    assert bad.status == 400 and "malformed query" in bad.json()["error"]
    update = pair.remote.request(
        "POST",
        "/sparql",
        body="update=CLEAR ALL",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert update.status == 403 and "read-only" in update.json()["error"]
    dumps = pair.remote.request("GET", "/dumps/all.nq")
    assert dumps.json() == {"ok": False, "error": dumps.json()["error"], "status": 501}
    with pytest.raises(ValueError, match="read-only"):
        ServerConfig(store_dir=pair.work, remote=RemoteStore(pair.url), update_token="x" * 12)


def test_answers_are_read_under_the_caps(pair: Pair) -> None:
    handle = RemoteStoreHandle(pair.work, RemoteSource(RemoteStore(pair.url), 10_000, 5))
    rows = execute(handle, QueryJob("SELECT * WHERE { ?s ?p ?o } LIMIT 6", row_cap=5))
    assert isinstance(rows, QueryFailure) and "row cap" in rows.message
    big = execute(handle, QueryJob("SELECT * WHERE { ?s ?p ?o } LIMIT 5000", row_cap=5))
    assert isinstance(big, QueryFailure) and "larger than 10000 bytes" in big.message
    ask = execute(handle, QueryJob("ASK { ?s a ck:Capture }", row_cap=5))
    assert isinstance(ask, QueryAnswer) and b"true" in ask.body
    assert RemoteClient(RemoteStore(pair.url)).generation() == StoreLayout(pair.work).current_name()


def test_a_store_that_hangs_is_cut_by_the_query_time_limit(tmp_path: Path) -> None:
    with socket.socket() as tarpit:  # accepts connections, never answers
        tarpit.bind(("127.0.0.1", 0))
        tarpit.listen(8)
        store = RemoteStore(f"http://127.0.0.1:{tarpit.getsockname()[1]}", timeout=30.0)
        config = ServerConfig(store_dir=tmp_path, remote=store, query_timeout=1.5, workers=1)
        with live(config) as server:
            pool = server.app.extensions["conflictkg"].pool
            deadline = time.monotonic() + 60
            while pool.status().idle < 1 and time.monotonic() < deadline:
                time.sleep(0.05)  # the limit is then the store's, not a worker's start-up
            reply = server.get("ASK {}")
    assert reply.status == 503 and "timed out" in reply.json()["error"]


def test_the_serve_command_fronts_a_remote_store(pair: Pair, tmp_path: Path) -> None:
    flags = ("--store-cache", str(pair.work), "--processes", "1", "--workers", "1")
    with serve_process(pair.url, tmp_path / "serve.log", *flags) as served:
        status, _, body = served.request("GET", "/health")
        assert status == 200 and json.loads(body)["writable"] is False
        status, heads, _ = served.request("GET", "/sparql?query=ASK%7B%7D&format=json")
        assert status == 200 and heads["x-conflictkg-generation"] == json.loads(body)["generation"]
