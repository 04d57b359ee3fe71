"""The SPARQL 1.1 Protocol query operation over a real HTTP server and real clients."""

from __future__ import annotations

import csv
import io
import json
import urllib.parse
import xml.etree.ElementTree as ET

import pytest
import rdflib
from serverkit import EX, G1, G2, LiveServer
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TURTLE, XML, SPARQLWrapper

ALL = "SELECT ?s ?o WHERE { ?s <http://example.org/name> ?o } ORDER BY ?s"
SRJ = "application/sparql-results+json"


def names(reply_json: dict[str, object]) -> list[str]:
    bindings = reply_json["results"]["bindings"]  # type: ignore[index]
    return [b["s"]["value"] for b in bindings]  # type: ignore[index]


def test_get_defaults_to_json_over_the_union_of_named_graphs(live_server: LiveServer) -> None:
    reply = live_server.get(ALL)
    assert reply.status == 200
    assert reply.content_type.startswith(SRJ)
    assert names(reply.json()) == [EX + "alice", EX + "bob"]


def test_trailing_slash_answers_without_redirect(live_server: LiveServer) -> None:
    reply = live_server.request("GET", "/sparql/", params={"query": ALL})
    assert reply.status == 200
    assert names(reply.json()) == [EX + "alice", EX + "bob"]


def test_post_forms(live_server: LiveServer) -> None:
    form = live_server.request(
        "POST",
        "/sparql",
        body=urllib.parse.urlencode({"query": ALL}),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    direct = live_server.request(
        "POST",
        "/sparql",
        body=ALL.encode("utf-8"),
        headers={"Content-Type": "application/sparql-query; charset=utf-8"},
    )
    assert form.status == direct.status == 200
    assert names(form.json()) == names(direct.json()) == [EX + "alice", EX + "bob"]


def test_default_graph_uri_restricts_and_named_graph_uri_names(live_server: LiveServer) -> None:
    only_g2 = live_server.get(ALL, **{"default-graph-uri": G2})
    assert names(only_g2.json()) == [EX + "bob"]
    graphs = live_server.get(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
        **{"default-graph-uri": G2, "named-graph-uri": G1},
    )
    assert [b["g"]["value"] for b in graphs.json()["results"]["bindings"]] == [G1]  # type: ignore[index]


def test_from_clause_is_honoured(live_server: LiveServer) -> None:
    reply = live_server.get(f"SELECT ?s ?o FROM <{G1}> WHERE {{ ?s <{EX}name> ?o }}")
    assert names(reply.json()) == [EX + "alice"]


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("application/sparql-results+xml", None),
        ("text/csv", None),
        ("text/tab-separated-values", None),
        (None, "xml"),
        (None, "csv"),
        (None, "tsv"),
    ],
)
def test_select_formats_parse(live_server: LiveServer, accept: str | None, fmt: str | None) -> None:
    params = {"format": fmt} if fmt else {}
    reply = live_server.get(ALL, accept, **params)
    assert reply.status == 200
    text = reply.body.decode("utf-8")
    if "xml" in reply.content_type:
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        root = ET.fromstring(reply.body)
        uris = [u.text for u in root.findall(".//r:binding[@name='s']/r:uri", ns)]
        assert uris == [EX + "alice", EX + "bob"]
    elif reply.content_type.startswith("text/csv"):
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == ["s", "o"]
        assert rows[1] == [EX + "alice", 'Alice, "A"\tB']
    else:
        assert reply.content_type.startswith("text/tab-separated-values")
        lines = text.splitlines()
        assert lines[0] == "?s\t?o"
        assert lines[1].startswith(f"<{EX}alice>\t")
        assert len(lines) == 3


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_formats_parse(live_server: LiveServer, accept: str, rdflib_format: str) -> None:
    reply = live_server.get("CONSTRUCT WHERE { ?s ?p ?o }", accept)
    assert reply.status == 200
    assert reply.content_type.startswith(accept)
    graph = rdflib.Graph().parse(data=reply.body, format=rdflib_format)
    assert len(graph) == 5
    assert (
        rdflib.URIRef(EX + "bob"),
        rdflib.URIRef(EX + "knows"),
        rdflib.URIRef(EX + "alice"),
    ) in graph


def test_ask(live_server: LiveServer) -> None:
    reply = live_server.get(f"ASK {{ <{EX}bob> <{EX}knows> <{EX}alice> }}")
    assert reply.json() == {"head": {}, "boolean": True}


def test_malformed_query_is_400_with_parser_message(live_server: LiveServer) -> None:
    reply = live_server.get("SELECT * WHERE { ?s ?p ")
    assert reply.status == 400
    body = reply.json()
    assert body["ok"] is False and body["status"] == 400
    assert "error at 1:" in str(body["error"])


def test_not_acceptable_lists_offers(live_server: LiveServer) -> None:
    reply = live_server.get(ALL, "image/png")
    assert reply.status == 406
    assert "application/sparql-results+json" in str(reply.json()["error"])
    construct = live_server.get("CONSTRUCT WHERE { ?s ?p ?o }", "text/csv")
    assert construct.status == 406
    assert "text/turtle" in str(construct.json()["error"])


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
        "SELECT * { SERVICE SILENT <http://127.0.0.1:1/> { ?s ?p ?o } }",
        "LOAD <http://127.0.0.1:1/data.ttl>",
    ],
)
def test_service_and_load_refused(live_server: LiveServer, query: str) -> None:
    reply = live_server.get(query)
    assert reply.status == 403
    assert "not allowed" in str(reply.json()["error"])


def test_service_in_a_literal_is_fine(live_server: LiveServer) -> None:
    reply = live_server.get('SELECT ("SERVICE <http://x/> {}" AS ?x) WHERE {}')
    assert reply.status == 200


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }", "application/sparql-update"),
        ("update=" + urllib.parse.quote("CLEAR ALL"), "application/x-www-form-urlencoded"),
    ],
)
def test_updates_refused(live_server: LiveServer, body: str, content_type: str) -> None:
    reply = live_server.request(
        "POST", "/sparql", body=body, headers={"Content-Type": content_type}
    )
    assert reply.status == 403
    assert "read-only" in str(reply.json()["error"])
    assert live_server.get("SELECT * { ?s ?p ?o }").json()["results"]["bindings"]  # type: ignore[index]


def test_other_request_errors(live_server: LiveServer) -> None:
    wrong_type = live_server.request(
        "POST", "/sparql", body="x", headers={"Content-Type": "text/plain"}
    )
    assert wrong_type.status == 415
    missing = live_server.request(
        "POST", "/sparql", body="", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert missing.status == 400
    twice = live_server.request("GET", "/sparql", params={"query": [ALL, ALL]})
    assert twice.status == 400
    bad_iri = live_server.get(ALL, **{"default-graph-uri": "not an iri"})
    assert bad_iri.status == 400
    huge = live_server.request(
        "POST",
        "/sparql",
        body="#" * 1_100_000,
        headers={"Content-Type": "application/sparql-query"},
    )
    assert huge.status == 413


def test_error_shape_is_fixed(live_server: LiveServer) -> None:
    for reply in (
        live_server.get("SELECT"),
        live_server.get(ALL, "image/png"),
        live_server.get("SELECT * { SERVICE <http://x/> {} }"),
        live_server.request("GET", "/no-such-page"),
        live_server.request("DELETE", "/sparql"),
    ):
        assert reply.content_type == "application/json"
        body = reply.json()
        assert set(body) == {"ok", "error", "status"}
        assert body["ok"] is False and body["status"] == reply.status
        assert isinstance(body["error"], str) and body["error"]


def test_service_description(live_server: LiveServer) -> None:
    reply = live_server.request("GET", "/sparql", headers={"Accept": "text/turtle"})
    assert reply.status == 200
    graph = rdflib.Graph().parse(data=reply.body, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = graph.value(predicate=rdflib.RDF.type, object=sd.Service)
    assert service is not None
    assert graph.value(service, sd.endpoint) == rdflib.URIRef(live_server.endpoint)
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in graph
    formats = set(graph.objects(service, sd.resultFormat))
    assert rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON") in formats


class TestSPARQLWrapper:
    """A real SPARQL client library against the endpoint."""

    def client(self, live_server: LiveServer, query: str, fmt: str) -> SPARQLWrapper:
        sparql = SPARQLWrapper(live_server.endpoint)
        sparql.setQuery(query)
        sparql.setReturnFormat(fmt)
        return sparql

    def test_get_json(self, live_server: LiveServer) -> None:
        result = self.client(live_server, ALL, JSON).queryAndConvert()
        assert names(result) == [EX + "alice", EX + "bob"]  # type: ignore[arg-type]

    @pytest.mark.parametrize("request_method", ["urlencoded", POSTDIRECTLY])
    def test_post(self, live_server: LiveServer, request_method: str) -> None:
        sparql = self.client(live_server, ALL, JSON)
        sparql.setMethod(POST)
        sparql.setRequestMethod(request_method)
        assert names(sparql.queryAndConvert()) == [EX + "alice", EX + "bob"]  # type: ignore[arg-type]

    def test_xml_and_csv(self, live_server: LiveServer) -> None:
        doc = self.client(live_server, ALL, XML).queryAndConvert()
        assert len(doc.getElementsByTagName("result")) == 2  # type: ignore[union-attr]
        text = self.client(live_server, ALL, CSV).queryAndConvert()
        assert json.dumps(text.decode("utf-8")).count("example.org/") >= 2  # type: ignore[union-attr]

    def test_construct_turtle(self, live_server: LiveServer) -> None:
        data = self.client(live_server, "CONSTRUCT WHERE { ?s ?p ?o }", TURTLE).queryAndConvert()
        graph = rdflib.Graph().parse(data=data, format="turtle")  # type: ignore[arg-type]
        assert len(graph) == 5
