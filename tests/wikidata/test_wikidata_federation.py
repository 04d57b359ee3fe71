"""Federation with Wikidata, tested without internet.

A second, third-party SPARQL server (Oxigraph's, from PyPI) serves a small synthetic fixture in
Wikidata's RDF shape; our endpoint, with that server on its allow-list, joins our events with
facts held there. Off the list, the same call is refused with the policy's own message.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "wikidata_sample.ttl"
BIN = Path(sys.executable).parent


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except urllib.error.HTTPError:
            return  # the server answers
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not start") from None
            time.sleep(0.2)


@pytest.fixture(scope="module")
def wikidata_like(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    exe = shutil.which("oxigraph", path=str(BIN)) or shutil.which("oxigraph")
    if exe is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Oxigraph's server (PyPI package oxigraph) is missing")
        pytest.skip("Oxigraph's server is not installed")
    data = tmp_path_factory.mktemp("wikidata-like")
    subprocess.run([exe, "load", "--location", str(data), "--file", str(FIXTURE)], check=True)
    port = _port()
    proc = subprocess.Popen(
        [exe, "serve-read-only", "--location", str(data), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", proc)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _get(url: str, query: str) -> tuple[int, dict[str, object]]:
    import json

    req = urllib.request.Request(
        url + "?" + urllib.parse.urlencode({"query": query}),
        headers={"Accept": "application/sparql-results+json"},
    )
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


JOIN = """
PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX ck: <https://w3id.org/conflictkg/ontology#>
SELECT DISTINCT ?event ?population WHERE {
  ?event wdt:P276 ?place ; ck:status ck:occurred .
  SERVICE <%s> { ?place wdt:P1082 ?population }
}
"""


def test_allowed_federated_join_with_wikidata_shaped_data(
    corpus_store: Path, wikidata_like: str, serve: Callable[..., AbstractContextManager[str]]
) -> None:
    with serve(corpus_store, "--service-allow", wikidata_like) as url:
        status, body = _get(url, JOIN % wikidata_like)
    assert status == 200, body
    rows = body["results"]["bindings"]  # type: ignore[index]
    assert rows, "events at Mosul or in Nineveh Governorate joined with a population"
    assert {r["population"]["value"] for r in rows} <= {"1000000", "3000000"}


def test_wikidata_off_the_allow_list_is_refused_with_the_policys_message(
    corpus_store: Path, serve: Callable[..., AbstractContextManager[str]]
) -> None:
    with serve(corpus_store) as url:
        status, body = _get(url, JOIN % "https://query.wikidata.org/sparql")
    assert status == 403
    assert "allow-list" in str(body["error"])
