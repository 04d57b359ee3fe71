"""Whole-graph dumps: N-Quads or TriG, asserted / inferred / all, streamed, gzip on request.

``/dumps/{asserted,inferred,all}.{nq,trig}`` streams from the served generation (opened
read-only in the web process: a dump is long but cheap, and needs no time limit), in
graph order, in chunks; ``.gz`` on the name or ``Accept-Encoding: gzip`` compresses on the
fly. The ETag names generation, selection and format, so a client revalidates for free
until the next build or write. ``conflictkg export`` writes the same bytes.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Literal

import pyoxigraph as ox
from flask import Blueprint, Response, jsonify, request, url_for

from conflictkg.errors import QueryError
from conflictkg.mapping import iri
from conflictkg.mapping.store import StoreLayout
from conflictkg.mapping.vocab import PREFIXES
from conflictkg.server.config import ServerConfig

Selection = Literal["asserted", "inferred", "all"]
SELECTIONS: tuple[Selection, ...] = ("asserted", "inferred", "all")
CHUNK = 20_000


@dataclass(frozen=True)
class DumpFormat:
    key: str
    extension: str
    rdf_format: ox.RdfFormat

    @property
    def media_type(self) -> str:
        return self.rdf_format.media_type


FORMATS: dict[str, DumpFormat] = {
    "nquads": DumpFormat("nquads", "nq", ox.RdfFormat.N_QUADS),
    "trig": DumpFormat("trig", "trig", ox.RdfFormat.TRIG),
}
BY_EXTENSION = {f.extension: f for f in FORMATS.values()}


def selected_graphs(store: ox.Store, selection: Selection) -> list[ox.NamedNode | ox.DefaultGraph]:
    """The graphs of a selection, in IRI order (the default graph first, with asserted)."""
    named = sorted(
        (g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value
    )
    if selection == "inferred":
        return [g for g in named if iri.is_inferred_graph(g.value)]
    graphs: list[ox.NamedNode | ox.DefaultGraph] = [ox.DefaultGraph()]
    graphs += [g for g in named if selection == "all" or not iri.is_inferred_graph(g.value)]
    return graphs


def iter_dump(store: ox.Store, selection: Selection, fmt: DumpFormat) -> Iterator[bytes]:
    """The dump as a stream of byte chunks (prefixes declared once, at the start of TriG)."""
    first = True
    for graph in selected_graphs(store, selection):
        quads = store.quads_for_pattern(None, None, None, graph)
        while chunk := list(islice(quads, CHUNK)):
            prefixes = PREFIXES if first and fmt.key == "trig" else None
            body = ox.serialize(chunk, format=fmt.rdf_format, prefixes=prefixes)
            first = False
            if body:
                yield body


def gzipped(chunks: Iterable[bytes]) -> Iterator[bytes]:
    compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    for chunk in chunks:
        out = compressor.compress(chunk)
        if out:
            yield out
    yield compressor.flush()


def dumps_blueprint(config: ServerConfig) -> Blueprint:
    bp = Blueprint("dumps", __name__)

    @bp.route("/dumps")
    def index() -> Response:
        files = [
            {
                "graphs": selection,
                "format": fmt.key,
                "url": url_for("dumps.dump", name=f"{selection}.{fmt.extension}", _external=True),
                "gzip": url_for(
                    "dumps.dump", name=f"{selection}.{fmt.extension}.gz", _external=True
                ),
            }
            for selection in SELECTIONS
            for fmt in FORMATS.values()
        ]
        return jsonify({"generation": StoreLayout(config.store_dir).current_name(), "dumps": files})

    @bp.route("/dumps/<name>")
    def dump(name: str) -> Response:
        stem, gz_name = (name[:-3], True) if name.endswith(".gz") else (name, False)
        selection, _, extension = stem.partition(".")
        if selection not in SELECTIONS or extension not in BY_EXTENSION:
            raise QueryError(
                f"no dump {name!r}: ask for {{asserted,inferred,all}}.{{nq,trig}}[.gz]"
            )
        fmt = BY_EXTENSION[extension]
        store, generation = StoreLayout(config.store_dir).open_read_only()
        gzip_encoding = not gz_name and "gzip" in request.headers.get("Accept-Encoding", "")
        compressed = gz_name or gzip_encoding
        etag = f"{generation}-{selection}-{fmt.key}{'-gz' if compressed else ''}"
        if request.if_none_match.contains(etag):
            response = Response(status=304)
            response.set_etag(etag)
            return response
        chunks = iter_dump(store, selection, fmt)  # type: ignore[arg-type]
        body = gzipped(chunks) if compressed else chunks
        mimetype = "application/gzip" if gz_name else fmt.media_type
        response = Response(body, mimetype=mimetype, direct_passthrough=True)
        if gzip_encoding:
            response.headers["Content-Encoding"] = "gzip"
        response.headers["Vary"] = "Accept-Encoding"
        response.headers["Content-Disposition"] = f'attachment; filename="conflictkg-{name}"'
        response.set_etag(etag)
        return response

    return bp
