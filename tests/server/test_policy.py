"""The policy lexer: refuses SERVICE and LOAD, is not fooled by where the word merely appears."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from conflictkg.errors import QueryRefused
from conflictkg.server.policy import AllowList, check_query, tokenize

ALLOWED = {
    "string": 'SELECT * { ?s ?p "use SERVICE <http://evil/> here" }',
    "single-quoted string": "SELECT * { ?s ?p 'LOAD <http://evil/>' }",
    "long string": 'SELECT * { ?s ?p """a "quoted" \nSERVICE <http://evil/> {} """ }',
    "long single string": "SELECT * { ?s ?p '''it's SERVICE''' }",
    "escaped quote": r'SELECT * { ?s ?p "a \" SERVICE <x> {}" }',
    "iri": "SELECT * { <http://example.org/SERVICE> <http://x/LOAD> ?o }",
    "comment": "SELECT * { ?s ?p ?o } # SERVICE <http://evil/> { }\n",
    "prefixed name": "PREFIX ex: <http://e/> SELECT * { ?s ex:SERVICE ex:load }",
    "local name with dot": "PREFIX ex: <http://e/> SELECT * { ?s ex:a.SERVICE ?o }",
    "variable": "SELECT ?service ?load { ?service ?load ?o }",
    "dollar variable": "SELECT $SERVICE { $SERVICE ?p ?o }",
    "less-than then word": "SELECT * { ?s ?p ?o FILTER(?o < 3 && ?o > 1) }",
    "iri with escape": r"SELECT * { <http://e/\u0053ERVICE> ?p ?o }",
}

REFUSED = {
    "service": "SELECT * { SERVICE <http://evil/> { ?s ?p ?o } }",
    "lowercase": "select * { service <http://evil/> { ?s ?p ?o } }",
    "silent": "SELECT * { SERVICE SILENT <http://evil/> { ?s ?p ?o } }",
    "variable endpoint": "SELECT * { VALUES ?e { <http://evil/> } SERVICE ?e { ?s ?p ?o } }",
    "no space": "SELECT * {SERVICE<http://evil/>{?s ?p ?o}}",
    "glued silent": "SELECT * { SERVICESILENT <http://evil/> { ?s ?p ?o } }",
    "glued to boolean": "SELECT * { ?s ?p trueSERVICE <http://evil/> { ?a ?b ?c } }",
    "glued to number": "SELECT * { ?s ?p 1SERVICE <http://evil/> { ?a ?b ?c } }",
    "after dot": "SELECT * { ?s ?p ?o.SERVICE <http://evil/> { ?a ?b ?c } }",
    "after string": 'SELECT * { ?s ?p "x"SERVICE <http://evil/> { ?a ?b ?c } }',
    "after comment": "SELECT * { # SERVICE in a comment\n SERVICE <http://evil/> {} }",
    "after iri with >": "SELECT * { <http://e/a> ?p ?o FILTER(?o > 1) SERVICE <http://evil/> {} }",
    "prefix named service": "PREFIX SERVICE: <http://evil/> SELECT * { SERVICE:x {} }",
    "load": "LOAD <http://evil/data.ttl>",
    "codepoint escape": r"SELECT * { \u0053ERVICE <http://evil/> { ?s ?p ?o } }",
}


@pytest.mark.parametrize("query", ALLOWED.values(), ids=ALLOWED.keys())
def test_allowed_queries_pass(query: str) -> None:
    assert check_query(query).form in ("SELECT", None)


@pytest.mark.parametrize("query", REFUSED.values(), ids=REFUSED.keys())
def test_refused_queries_raise(query: str) -> None:
    with pytest.raises(QueryRefused) as info:
        check_query(query)
    assert info.value.http_status == 403
    assert "line 1" in str(info.value) or "line 2" in str(info.value)


def test_refusal_names_keyword_and_position() -> None:
    with pytest.raises(
        QueryRefused, match=r"SERVICE <http://evil/> is not allowed.*line 2, column 3"
    ):
        check_query("SELECT * {\n  SERVICE <http://evil/> { ?s ?p ?o } }")


ALLOW = AllowList(("http://good.example/sparql", "http://any.example:8000"))


@pytest.mark.parametrize(
    "endpoint",
    ["<http://good.example/sparql>", "<http://any.example:8000/x/sparql>", "g:sparql"],
)
def test_allow_listed_service_passes_with_its_span(endpoint: str) -> None:
    prologue = "PREFIX g: <http://good.example/>"
    query = f"{prologue} SELECT * {{ ?s ?p ?o SERVICE {endpoint} {{ ?s ?q ?r }} }}"
    analysis = check_query(query, ALLOW)
    (clause,) = analysis.services
    assert query[clause.start : clause.end] == f"SERVICE {endpoint} {{ ?s ?q ?r }}"
    assert clause.pattern == "{ ?s ?q ?r }"
    assert analysis.prologue == "PREFIX g: <http://good.example/>"


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("SELECT * { SERVICE <http://good.example/sparql2> {} }", "allow-list"),
        ("SELECT * { SERVICE <http://good.example/sparql/x> {} }", "allow-list"),
        ("SELECT * { SERVICE <http://any.example:8001/sparql> {} }", "allow-list"),
        ("SELECT * { SERVICE ?e {} }", "variable endpoint"),
        ("SELECT * { SERVICE SILENT ?e {} }", "variable endpoint"),
        ("SELECT * { SERVICESILENT <http://good.example/sparql> {} }", "not allowed"),
    ],
)
def test_allow_list_refusals_say_why(query: str, reason: str) -> None:
    with pytest.raises(QueryRefused, match=reason):
        check_query(query, ALLOW)


def test_update_analysis_finds_modify_wheres_and_dataset_clauses() -> None:
    update = (
        "INSERT DATA { <a:s> <a:p> 1 } ; DELETE { ?s ?p ?o } WHERE { ?s ?p ?o } ;"
        " DELETE WHERE { ?s ?p ?o } ;"
        " INSERT { ?s a <a:C> } WHERE { { SELECT * WHERE { ?s ?p ?o } } }"
    )
    analysis = check_query(update, update=True)
    assert [update[i : i + 5] for i in analysis.where_offsets] == ["WHERE", "WHERE"]
    assert len(analysis.where_offsets) == 2 and not analysis.has_dataset_clause
    assert check_query("WITH <a:g> DELETE { ?s ?p ?o } WHERE {}", update=True).has_dataset_clause


@pytest.mark.parametrize(
    ("query", "form", "has_from"),
    [
        ("PREFIX ex: <http://e/select> ASK { ?s ?p ?o }", "ASK", False),
        ("BASE <http://e/> CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT", False),
        ("DESCRIBE <http://e/x>", "DESCRIBE", False),
        ("SELECT * FROM <http://e/g> { ?s ?p ?o }", "SELECT", True),
        ('SELECT * { ?s ?p "FROM" }', "SELECT", False),
        (
            "# SELECT\nCONSTRUCT { ?s ?p ?o } WHERE { { SELECT * { ?s ?p ?o } } }",
            "CONSTRUCT",
            False,
        ),
        ("garbage", None, False),
    ],
)
def test_query_form_and_dataset_clause(query: str, form: str | None, has_from: bool) -> None:
    analysis = check_query(query)
    assert (analysis.form, analysis.has_dataset_clause) == (form, has_from)


def test_tokens_keep_strings_and_iris_whole() -> None:
    kinds = [(t.kind, t.text) for t in tokenize('SELECT ?x { <a b> ex:p.q """x"y""" . }')]
    assert kinds == [
        ("word", "SELECT"),
        ("var", "?x"),
        ("punct", "{"),
        ("punct", "<"),  # a space cannot be inside an IRI, so '<' is an operator here
        ("word", "a"),
        ("word", "b"),
        ("punct", ">"),
        ("pname", "ex:p.q"),
        ("string", '"""x"y"""'),
        ("punct", "."),
        ("punct", "}"),
    ]


@pytest.fixture(scope="module")
def listener() -> Iterator[tuple[int, list[int]]]:
    """A loopback socket counting connection attempts: a SERVICE call would land here."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    hits: list[int] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            hits.append(1)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], hits
    stop.set()
    thread.join()
    server.close()


VARIANTS = [
    "SELECT * {{ SERVICE {ev} {{ ?a ?b ?c }} }}",
    "SELECT * {{ SERVICESILENT {ev} {{ ?a ?b ?c }} ?s ?p ?o }}",
    "SELECT * {{ ?s ?p ?o.SERVICE {ev} {{ ?a ?b ?c }} }}",
    'SELECT * {{ ?s ?p "x"SERVICE {ev} {{ ?a ?b ?c }} }}',
    "SELECT * {{ ?s ?p []SERVICE {ev} {{ ?a ?b ?c }} }}",
    "PREFIX ex: <http://e/> SELECT * {{ ?s ?p ex:SERVICE {ev} {{ ?a ?b ?c }} }}",
    "PREFIX ex: <http://e/> SELECT * {{ ?s ?p ex:a.SERVICE {ev} {{ ?a ?b ?c }} }}",
    "SELECT * {{ \\u0053ERVICE {ev} {{ ?a ?b ?c }} }}",
    'SELECT * {{ ?s ?p "SERVICE" }}',
]


@pytest.mark.parametrize("template", VARIANTS)
def test_what_passes_the_policy_never_calls_out(
    template: str, listener: tuple[int, list[int]]
) -> None:
    """Differential check against pyoxigraph itself: allowed text makes no connection."""
    port, hits = listener
    query = template.format(ev=f"<http://127.0.0.1:{port}/sparql>")
    try:
        check_query(query)
    except QueryRefused:
        return
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://s"), ox.NamedNode("http://p"), ox.Literal("x")))
    before = len(hits)
    with contextlib.suppress(SyntaxError, OSError):
        result = store.query(query)
        if not isinstance(result, ox.QueryBoolean):
            list(result)
    assert len(hits) == before, f"pyoxigraph called out for an allowed query: {query}"
