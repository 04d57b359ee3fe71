"""Publishing builds to a remote SPARQL 1.1 store (Oxigraph's own server, on loopback)."""

from __future__ import annotations

import base64
import http.client
import shutil
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest

from conflictkg.mapping import iri
from conflictkg.mapping.pipeline import build
from conflictkg.mapping.publish import RECORD, PublishError, graph_identities, publish
from conflictkg.mapping.remote import RemoteStore
from conflictkg.mapping.store import StoreLayout
from conflictkg.mapping.writes import SparqlUpdate, append_write

Oxigraph = Callable[[Path], AbstractContextManager[str]]
EXE = str(Path(sys.executable).with_name("conflictkg"))
CHANGED = "001_a4a40a604d234d8d.txt"


def remote_dataset(url: str) -> list[ox.Quad]:
    """Everything the remote store holds, read with a plain Graph Store GET."""
    request = urllib.request.Request(url + "/store", headers={"Accept": "application/n-quads"})
    with urllib.request.urlopen(request, timeout=60) as reply:
        return list(ox.parse(reply.read(), ox.RdfFormat.N_QUADS))


def remote_quads(url: str) -> set[str]:
    return {str(q) for q in remote_dataset(url)}


def local_quads(work: Path) -> set[str]:
    store, _ = StoreLayout(work).open_read_only()
    return {str(q) for q in store}


def remote_update(url: str, text: str) -> None:
    data = urllib.parse.urlencode({"update": text}).encode()
    urllib.request.urlopen(url + "/update", data=data, timeout=60).read()


def assert_same(url: str, work: Path) -> None:
    remote, local = remote_quads(url), local_quads(work)
    only_local, only_remote = sorted(local - remote)[:5], sorted(remote - local)[:5]
    assert remote == local, f"only in the generation: {only_local}; only remote: {only_remote}"


class _Proxy(BaseHTTPRequestHandler):
    """Forwards to the store; refuses a wrong Basic password, or fails after N PUTs (503)."""

    upstream: str
    password: str | None = None
    puts_left: int | None = None

    def _forward(self) -> None:
        server = self.server
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        expected = server.password  # type: ignore[attr-defined]
        sent = self.headers.get("Authorization", "")
        if expected is not None and sent != "Basic " + base64.b64encode(expected.encode()).decode():
            return self._answer(401, b"wrong credentials")
        if self.command == "PUT" and server.puts_left is not None:  # type: ignore[attr-defined]
            if server.puts_left == 0:  # type: ignore[attr-defined]
                return self._answer(503, b"store going down")
            server.puts_left -= 1  # type: ignore[attr-defined]
        headers = {k: v for k, v in self.headers.items() if k.lower() != "authorization"}
        conn = http.client.HTTPConnection(server.upstream.split("//")[1], timeout=60)  # type: ignore[attr-defined]
        conn.request(self.command, self.path, body, headers)
        reply = conn.getresponse()
        self._answer(reply.status, reply.read(), reply.getheader("Content-Type"))
        conn.close()

    def _answer(self, status: int, body: bytes, content_type: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type or "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_PUT = do_POST = do_DELETE = _forward

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def proxy(upstream: str, password: str | None = None, puts: int | None = None) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Proxy)
    server.upstream, server.password, server.puts_left = upstream, password, puts  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


SMALL = (CHANGED, "003_a7de4bf8afd987b8.txt", "004_8bb243a6aae75e03.txt")


@pytest.fixture()
def inputs(corpus_dir: Path, tmp_path: Path) -> Path:
    """Three small documents of the corpus (the whole corpus: the CLI test)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in SMALL:
        shutil.copy(corpus_dir / name, folder)
    return folder


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    """One build of the small documents, copied by the tests that only publish."""
    folder = tmp_path_factory.mktemp("small")
    (folder / "in").mkdir()
    for name in SMALL:
        shutil.copy(corpus_dir / name, folder / "in")
    build([folder / "in"], folder / "store")
    return folder / "store"


@pytest.fixture()
def work(small_store: Path, tmp_path: Path) -> Path:
    shutil.copytree(small_store, tmp_path / "work")
    return tmp_path / "work"


def change_one_document(inputs: Path) -> None:
    page = inputs / CHANGED
    page.write_text(page.read_text("utf-8").replace("Gogjali", "Gogjali village"), "utf-8")


def test_build_command_publishes_every_graph(
    corpus_dir: Path, tmp_path: Path, oxigraph: Oxigraph
) -> None:
    work = tmp_path / "work"
    with oxigraph(tmp_path / "oxigraph") as url:
        out = subprocess.run(
            [EXE, "build", str(corpus_dir), "--store", url, "--store-cache", str(work), "--quiet"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert out.returncode == 0, out.stderr
        assert f"to {url} (full, switched atomically)" in out.stdout
        assert_same(url, work)
        names = {str(q.graph_name) for q in remote_dataset(url)}
        assert f"<{iri.BUILD_GRAPH}>" in names and not any("staging" in n for n in names)


def test_second_build_sends_only_the_changed_graphs(
    inputs: Path, tmp_path: Path, oxigraph: Oxigraph
) -> None:
    work = tmp_path / "work"
    with oxigraph(tmp_path / "oxigraph") as url:
        remote = RemoteStore(url)
        build([inputs], work)
        first = publish(work, remote)
        change_one_document(inputs)
        build([inputs], work)
        second = publish(work, remote)
        assert_same(url, work)
    assert first.full and not second.full
    assert len(second.put) < len(first.put)
    # only what the build changed is read again: the manifest vouches for the rest
    assert first.dumped == len(first.put) and second.dumped < len(first.put) // 2
    assert second.dumped - len(second.put) <= 6  # global graphs re-read, found unchanged
    doc_graphs = [g for g in second.put if "/doc/" in g]
    assert doc_graphs and all(iri.document_slug(CHANGED) in g for g in doc_graphs)
    assert str(iri.BUILD_GRAPH) == second.put[-1]  # the marker is switched with the data
    assert second.requests == len(second.put) + 3  # state: 2 queries; the switch: 1 update


def test_a_store_changed_by_someone_else_is_repaired(
    work: Path, tmp_path: Path, oxigraph: Oxigraph
) -> None:
    doc = next(g for g in _graphs(work) if "/doc/" in g)
    with oxigraph(tmp_path / "oxigraph") as url:
        remote = RemoteStore(url)
        publish(work, remote)
        remote_update(url, f"DROP GRAPH <{doc}>")
        again = publish(work, remote)
        assert again.put == (doc,) and not again.full
        remote_update(url, "DROP ALL")
        assert publish(work, remote).full
        assert_same(url, work)


def test_without_an_update_endpoint_graphs_are_put_in_place(
    work: Path, tmp_path: Path, oxigraph: Oxigraph
) -> None:
    with oxigraph(tmp_path / "oxigraph") as url:
        report = publish(work, RemoteStore(url, update=None))
        assert not report.atomic and "not atomic" in report.describe()
        assert_same(url, work)


def test_a_failed_publish_leaves_the_served_graphs(
    inputs: Path, tmp_path: Path, oxigraph: Oxigraph
) -> None:
    work = tmp_path / "work"
    with oxigraph(tmp_path / "oxigraph") as url:
        build([inputs], work)
        publish(work, RemoteStore(url))
        before = remote_quads(url)
        record = (work / RECORD).read_text("utf-8")
        change_one_document(inputs)
        build([inputs], work)
        with proxy(url, puts=1) as dying, pytest.raises(PublishError) as failed:
            publish(work, RemoteStore(dying))
        message = str(failed.value)
        assert dying in message and "HTTP 503" in message and "still serves" in message
        assert remote_quads(url) == before  # no staged graph left, nothing switched
        assert (work / RECORD).read_text("utf-8") == record
        assert not publish(work, RemoteStore(url)).full
        assert_same(url, work)


def test_wrong_credentials_are_a_clear_error_without_the_secret(
    work: Path, tmp_path: Path, oxigraph: Oxigraph
) -> None:
    with oxigraph(tmp_path / "oxigraph") as url, proxy(url, password="ann:s3cret") as guarded:
        with pytest.raises(PublishError) as failed:
            publish(work, RemoteStore(guarded, auth="ann:wr0ng"))
        assert "HTTP 401" in str(failed.value) and "wr0ng" not in str(failed.value)
        assert "wr0ng" not in repr(RemoteStore(guarded, auth="ann:wr0ng"))
        assert remote_quads(url) == set()
        publish(work, RemoteStore(guarded, auth="ann:s3cret"))
        assert_same(url, work)


def _graphs(work: Path) -> list[str]:
    store, _ = StoreLayout(work).open_read_only()
    return sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))


def test_the_manifest_vouches_for_document_and_merged_graphs_unless_written(work: Path) -> None:
    layout = StoreLayout(work)
    generation = layout.current_name()
    assert generation is not None
    identities = graph_identities(layout, generation)
    graphs = _graphs(work)
    docs = [g for g in graphs if "/graph/doc/" in g]
    merged = [g for g in graphs if "/graph/merged/" in g]
    assert len(docs) == len(SMALL) and merged
    assert all(identities[g].startswith("doc:") for g in docs)
    assert all(identities[g].startswith("merged:") for g in merged)
    assert str(iri.BUILD_GRAPH) not in identities and str(iri.REFERENCE_GRAPH) not in identities
    append_write(work, SparqlUpdate("INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o> }"))
    assert graph_identities(layout, generation) == {}  # a write may have changed any graph
