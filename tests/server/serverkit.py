"""Helpers for the server tests: a store built in a temp dir, the app in a real HTTP server.

Imported as a top-level module (pytest puts this folder on sys.path for its conftest).
"""

from __future__ import annotations

import http.client
import json
import threading
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from flask import Flask
from werkzeug.serving import make_server

from conflictkg.mapping.store import StoreLayout
from conflictkg.server.app import create_app
from conflictkg.server.config import ServerConfig

EX = "http://example.org/"
G1 = EX + "graph/doc1"
G2 = EX + "graph/doc2"


def quad(s: str, p: str, o: ox.NamedNode | ox.Literal, g: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(EX + s), ox.NamedNode(EX + p), o, ox.NamedNode(g))


def sample_quads() -> list[ox.Quad]:
    """Two documents, one named graph each, with a class to count."""
    person = ox.NamedNode(EX + "Person")
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    return [
        ox.Quad(ox.NamedNode(EX + "alice"), ox.NamedNode(rdf_type), person, ox.NamedNode(G1)),
        quad("alice", "name", ox.Literal('Alice, "A"\tB', language="en"), G1),
        ox.Quad(ox.NamedNode(EX + "bob"), ox.NamedNode(rdf_type), person, ox.NamedNode(G2)),
        quad("bob", "name", ox.Literal("Bob"), G2),
        quad("bob", "knows", ox.NamedNode(EX + "alice"), G2),
    ]


def build_store(store_dir: Path, quads: Iterable[ox.Quad]) -> str:
    """Publish a new generation holding ``quads``; return its name."""
    layout = StoreLayout(store_dir)
    with layout.building() as gen:
        gen.store.extend(list(quads))
        gen.commit()
        name = gen.name
    return name


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: bytes

    def json(self) -> dict[str, object]:
        return json.loads(self.body)


@dataclass(frozen=True)
class LiveServer:
    host: str
    port: int
    store_dir: Path
    app: Flask

    @property
    def endpoint(self) -> str:
        return f"http://{self.host}:{self.port}/sparql"

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str | list[str]] | None = None,
        body: str | bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        """One HTTP request with plain http.client (no helper library between us and HTTP)."""
        if params:
            path += "?" + urllib.parse.urlencode(params, doseq=True)
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return Reply(response.status, response.getheader("Content-Type", ""), response.read())
        finally:
            conn.close()

    def get(self, query: str, accept: str | None = None, **params: str) -> Reply:
        headers = {"Accept": accept} if accept else {}
        return self.request("GET", "/sparql", params={"query": query, **params}, headers=headers)


def start_server(
    config: ServerConfig, seen: list[dict[str, str]] | None = None
) -> Iterator[LiveServer]:
    """The app in a threaded werkzeug server; ``seen`` collects each request's headers."""
    app = create_app(config)
    if seen is not None:
        inner = app.wsgi_app

        def recording(environ: dict[str, object], start_response: object) -> object:
            seen.append({k: str(v) for k, v in environ.items() if k.startswith("HTTP_")})
            return inner(environ, start_response)  # type: ignore[arg-type]

        app.wsgi_app = recording  # type: ignore[method-assign]
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer("127.0.0.1", server.server_port, config.store_dir, app)
    finally:
        server.shutdown()
        server.server_close()
        app.extensions["conflictkg"].close()
