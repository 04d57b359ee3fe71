"""Every case of the W3C SPARQL 1.1 Protocol and Graph Store Protocol suites (``w3c/``),
against a real ``conflictkg serve`` (gunicorn, two processes) started with an update token,
which every request sends. Response headers the cases give are compared exactly; response
bodies by graph isomorphism. The store is emptied and the case's data loaded before each.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from processes import ServedProcess, serve_process
from rdflib.compare import isomorphic
from serverkit import build_store

W3C = Path(__file__).parent / "w3c"
CASES = json.loads((W3C / "cases.json").read_text(encoding="utf-8"))
TOKEN = "w3c-suite-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
STATUS = {"OK": 200, "Created": 201, "NoContent": 204, "NotFound": 404}
FORMATS = {
    "boolean": ("application/sparql-results+json", "application/sparql-results+xml"),
    "tabular": (
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ),
    "RDF": ("application/rdf+xml", "text/turtle", "application/n-triples", "application/ld+json"),
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedProcess]:
    store = tmp_path_factory.mktemp("w3c-store")
    build_store(store, [])
    log = tmp_path_factory.mktemp("w3c-log") / "serve.log"
    flags = ("--processes", "2", "--workers", "1", "--update-token", TOKEN)
    with serve_process(store, log, *flags) as served:
        yield served


def status_ok(status: int, expected: list[str]) -> bool:
    for name in expected:
        if name.startswith("StatusCode"):
            if status // 100 == int(name[len("StatusCode")]):
                return True
        elif STATUS[name] == status:
            return True
    return False


def boolean_of(content_type: str, body: bytes) -> bool:
    if content_type.startswith("application/sparql-results+json"):
        return bool(json.loads(body)["boolean"])
    ns = "{http://www.w3.org/2005/sparql-results#}"
    text = ET.fromstring(body).find(f"{ns}boolean")
    assert text is not None
    return text.text == "true"


def reset(server: ServedProcess, case: dict[str, object]) -> None:
    headers = {**AUTH, "Content-Type": "application/sparql-update"}
    status, _, body = server.request("POST", "/sparql", b"DROP ALL", headers)
    assert status == 204, body
    for data in case["graphData"]:  # type: ignore[attr-defined]
        payload = (W3C / "protocol" / data["file"]).read_bytes()
        path = "/gsp?graph=" + data["graph"]
        headers = {**AUTH, "Content-Type": "application/n-triples"}
        status, _, body = server.request("PUT", path, payload, headers)
        assert status in (201, 204), body


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_w3c_case(server: ServedProcess, case: dict[str, object]) -> None:
    reset(server, case)
    location = ""
    for number, req in enumerate(case["requests"], 1):  # type: ignore[arg-type]
        where = f"{case['id']} request {number}"
        path = req["path"].replace("$LOCATION$", location)
        body = req.get("body")
        data = body.encode(req.get("bodyEncoding") or "utf-8") if body is not None else None
        headers = {**req["headers"], **AUTH}
        status, got, reply = server.request(req["method"], path, data, headers)
        expect = req["expect"]
        assert status_ok(status, expect["expectedStatus"]), f"{where}: {status} {reply[:300]!r}"
        content_type = got.get("content-type", "")
        for name, value in expect.get("headers", {}).items():
            assert got.get(name.lower()) == value, f"{where}: header {name}"
        if "expectedFormat" in expect:
            allowed = tuple(t for f in expect["expectedFormat"] for t in FORMATS[f])
            assert content_type.startswith(allowed), f"{where}: {content_type}"
        if "expectedBoolean" in expect:
            assert boolean_of(content_type, reply) == expect["expectedBoolean"][0], where
        if "expectedLocation" in expect:
            location = got.get("location", "")
            assert location, f"{where}: no Location header"
        if "body" in expect:
            expected = rdflib.Graph().parse(data=expect["body"], format="turtle")
            actual = rdflib.Graph().parse(data=reply, format="turtle")
            assert isomorphic(expected, actual), f"{where}:\n{reply.decode()}"
