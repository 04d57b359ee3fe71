"""Linked data, dumps, VoID and the vocabulary docs over a real HTTP server."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from serverkit import LiveServer, build_store, start_server

from conflictkg.cli import main
from conflictkg.mapping import iri
from conflictkg.mapping.store import StoreLayout
from conflictkg.server.config import ServerConfig

CK = "https://w3id.org/conflictkg/ontology#"
ID = iri.ID
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
DOC_G = ox.NamedNode(str(iri.GRAPH) + "doc/one")
INFERRED = ox.NamedNode(str(iri.INFERRED_GRAPH))
BROWSER = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"


def n(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def sample() -> list[ox.Quad]:
    town, event, doc = n(ID + "place/town"), n(ID + "event/e1"), n(ID + "doc/one")
    quads = [
        ox.Quad(town, n(RDF_TYPE), n(CK + "City"), DOC_G),
        ox.Quad(
            town, n(RDFS_LABEL), ox.Literal("Town <script>alert(1)</script>", language="en"), DOC_G
        ),
        ox.Quad(town, n(CK + "qid"), ox.Literal("Q42"), DOC_G),
        ox.Quad(
            town,
            n(CK + "lat"),
            ox.Literal("36.5", datatype=n("http://www.w3.org/2001/XMLSchema#decimal")),
            DOC_G,
        ),
        ox.Quad(
            town,
            n(CK + "long"),
            ox.Literal("43.1", datatype=n("http://www.w3.org/2001/XMLSchema#decimal")),
            DOC_G,
        ),
        ox.Quad(event, n(RDF_TYPE), n(CK + "Capture"), DOC_G),
        ox.Quad(event, n(RDF_TYPE), n("http://semanticweb.cs.vu.nl/2009/11/sem/Event"), INFERRED),
        ox.Quad(event, n(CK + "location"), town, DOC_G),
        ox.Quad(
            event,
            n(CK + "date"),
            ox.Literal("2017-01-05", datatype=n("http://www.w3.org/2001/XMLSchema#date")),
            DOC_G,
        ),
        ox.Quad(event, n(CK + "status"), n(CK + "occurred"), DOC_G),
        ox.Quad(event, n(CK + "reportedIn"), doc, DOC_G),
        ox.Quad(doc, n(RDFS_LABEL), ox.Literal("Report one"), DOC_G),
        ox.Quad(n(ID + "place/alias"), n(SAME_AS), town, DOC_G),
    ]
    quads += [ox.Quad(town, n(CK + "mentions"), ox.Literal(f"m{i:03d}"), DOC_G) for i in range(60)]
    return quads


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    store = tmp_path_factory.mktemp("ld-store")
    build_store(store, [])
    StoreLayout(store).record_served([ID + "place/retired"])
    build_store(store, sample())
    yield from start_server(ServerConfig(store_dir=store, workers=1, page_size=50))


def test_entity_page_shows_facts_events_and_escapes(server: LiveServer) -> None:
    reply = server.request("GET", "/id/place/town", headers={"Accept": BROWSER})
    assert reply.status == 200 and reply.content_type.startswith("text/html")
    page = reply.body.decode("utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "Town &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "https://www.wikidata.org/wiki/Q42" in page
    assert "36.5, 43.1" in page
    assert 'id="event-table"' in page and "2017-01-05" in page and "Report one" in page
    assert 'href="/id/event/e1"' in page and 'href="/id/doc/one"' in page
    assert "50 of 65" in page and "?page=2" in page
    second = server.request("GET", "/id/place/town?page=2", headers={"Accept": BROWSER})
    assert "15 of 65" in second.body.decode("utf-8")


@pytest.mark.parametrize(
    ("accept", "url_suffix", "media_type", "rdflib_format"),
    [
        ("text/turtle", ".ttl", "text/turtle", "turtle"),
        ("application/n-triples", ".nt", "application/n-triples", "nt"),
        ("application/rdf+xml", ".rdf", "application/rdf+xml", "xml"),
        ("application/ld+json", ".jsonld", "application/ld+json", "json-ld"),
    ],
)
def test_entity_rdf_by_accept_and_by_url(
    server: LiveServer, accept: str, url_suffix: str, media_type: str, rdflib_format: str
) -> None:
    for path, headers in (
        ("/id/place/town", {"Accept": accept}),
        ("/id/place/town" + url_suffix, {}),
        (f"/id/place/town?format={url_suffix[1:]}", {"Accept": "text/html"}),
    ):
        reply = server.request("GET", path, headers=headers)
        assert reply.status == 200, path
        assert reply.content_type.startswith(media_type), path
        graph = rdflib.Graph().parse(data=reply.body, format=rdflib_format)
        town = rdflib.URIRef(ID + "place/town")
        assert (town, rdflib.URIRef(CK + "qid"), rdflib.Literal("Q42")) in graph
        assert (rdflib.URIRef(ID + "event/e1"), rdflib.URIRef(CK + "location"), town) in graph


def test_jsonld_uses_the_published_context(server: LiveServer) -> None:
    doc = json.loads(server.request("GET", "/id/place/town.jsonld").body)
    assert doc["@context"].endswith("/context.jsonld")
    context = server.request("GET", "/context.jsonld")
    assert json.loads(context.body)["@context"]["ck"] == CK


def test_missing_retired_merged_and_unacceptable(server: LiveServer) -> None:
    assert server.request("GET", "/id/place/nowhere").status == 404
    assert server.request("GET", "/id/place/retired").status == 410
    conn_reply = server.request("GET", "/id/place/alias")
    assert conn_reply.status == 301
    assert server.request("GET", "/id/place/town", headers={"Accept": "image/png"}).status == 406


def test_dumps_stream_selections_with_gzip_and_etag(server: LiveServer) -> None:
    everything = server.request("GET", "/dumps/all.nq")
    assert everything.status == 200 and everything.content_type.startswith("application/n-quads")
    assert len(everything.body.splitlines()) == len(sample())
    inferred = server.request("GET", "/dumps/inferred.nq").body.splitlines()
    asserted = server.request("GET", "/dumps/asserted.trig").body
    assert len(inferred) == 1 and b"graph/inferred" in inferred[0]
    dataset = ox.Dataset(ox.parse(asserted, ox.RdfFormat.TRIG))
    assert len(dataset) == len(sample()) - 1
    packed = server.request("GET", "/dumps/all.nq.gz")
    assert gzip.decompress(packed.body) == everything.body
    conn = __import__("http.client").client.HTTPConnection(server.host, server.port)
    conn.request("GET", "/dumps/all.nq", headers={"Accept-Encoding": "gzip"})
    reply = conn.getresponse()
    etag = reply.getheader("ETag")
    assert reply.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(reply.read()) == everything.body
    conn.request("GET", "/dumps/all.nq", headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert conn.getresponse().status == 304
    conn.close()
    assert server.request("GET", "/dumps/everything.zip").status == 400


def test_export_command_writes_the_same_dump(server: LiveServer, tmp_path: Path) -> None:
    out = tmp_path / "all.nq"
    assert main(["export", "--store", str(server.store_dir), "--output", str(out)]) == 0
    assert out.read_bytes() == server.request("GET", "/dumps/all.nq").body
    trig = tmp_path / "inferred.trig.gz"
    args = ["export", "--store", str(server.store_dir), "--format", "trig", "--graphs", "inferred"]
    assert main([*args, "--gzip", "-o", str(trig)]) == 0
    assert len(ox.Dataset(ox.parse(gzip.decompress(trig.read_bytes()), ox.RdfFormat.TRIG))) == 1


def test_void_counts(server: LiveServer) -> None:
    reply = server.request("GET", "/.well-known/void", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=reply.body, format="turtle")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    dataset = next(graph.subjects(rdflib.RDF.type, void.Dataset))
    triples = {int(o) for s, o in graph.subject_objects(void.triples)}
    assert len(sample()) in triples and 1 in triples and len(sample()) - 1 in triples
    assert int(graph.value(dataset, void.triples)) == len(sample())  # type: ignore[arg-type]
    assert int(graph.value(dataset, void.entities)) == 4  # type: ignore[arg-type]


def test_ontology_and_shapes_resolve(server: LiveServer) -> None:
    page = server.request("GET", "/ontology", headers={"Accept": BROWSER}).body.decode()
    assert 'id="Capture"' in page
    turtle = server.request("GET", "/ontology", headers={"Accept": "text/turtle"})
    assert turtle.content_type.startswith("text/turtle")
    assert (rdflib.URIRef(CK + "Capture"), None, None) in rdflib.Graph().parse(
        data=turtle.body, format="turtle"
    )
    shapes = server.request("GET", "/shapes.nt")
    assert shapes.status == 200 and b"https://w3id.org/conflictkg/shapes#" in shapes.body
    assert server.request("GET", "/shapes", headers={"Accept": BROWSER}).status == 200
