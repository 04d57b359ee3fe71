"""Queries written the way a Wikidata user writes them work on our graph after reasoning.

Through the ontology's alignment (owl:equivalentProperty to wdt:) and owl:sameAs to wd:
items, not by rewriting query text; sent over HTTP to a real server.
"""

from __future__ import annotations

from pathlib import Path

from SPARQLWrapper import JSON, SPARQLWrapper

PREFIXES = """
PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
MOSUL, NINEVEH_GOV, IRAQ, ISIL = "wd:Q83317", "wd:Q189352", "wd:Q796", "wd:Q2429253"


def ask(endpoint: str, query: str) -> object:
    client = SPARQLWrapper(endpoint)
    client.setQuery(PREFIXES + query)
    client.setReturnFormat(JSON)
    return client.queryAndConvert()


def rows(endpoint: str, query: str) -> list[dict[str, str]]:
    result = ask(endpoint, query)
    assert isinstance(result, dict)
    return [{k: v["value"] for k, v in r.items()} for r in result["results"]["bindings"]]


def test_p131_is_the_direct_parent_and_p131_plus_its_ancestors(endpoint: str) -> None:
    assert ask(endpoint, f"ASK {{ {MOSUL} wdt:P131+ {NINEVEH_GOV} }}")["boolean"] is True  # type: ignore[index]
    assert ask(endpoint, f"ASK {{ {MOSUL} wdt:P131+ {IRAQ} }}")["boolean"] is True  # type: ignore[index]
    # Mosul lies directly in its district, not directly in the governorate: Wikidata's meaning
    assert ask(endpoint, f"ASK {{ {MOSUL} wdt:P131 {NINEVEH_GOV} }}")["boolean"] is False  # type: ignore[index]


def test_events_at_a_wikidata_place_with_point_in_time(endpoint: str) -> None:
    found = rows(endpoint, f"SELECT ?e ?when WHERE {{ ?e wdt:P276 {MOSUL} ; wdt:P585 ?when }}")
    assert found
    assert all(r["when"][:4].isdigit() for r in found)


def test_participants_and_coordinates(endpoint: str) -> None:
    assert rows(endpoint, f"SELECT ?e WHERE {{ ?e wdt:P710 {ISIL} }} LIMIT 5")
    coord = rows(endpoint, f"SELECT ?c WHERE {{ {MOSUL} wdt:P625 ?c }}")
    assert coord and coord[0]["c"].upper().startswith("POINT(")


def test_part_of_for_units(endpoint: str) -> None:
    found = rows(
        endpoint,
        """SELECT ?parent WHERE { ?u rdfs:label "9th Armoured Division"@en ; wdt:P361 ?p .
                               ?p rdfs:label ?parent }""",
    )
    assert "Iraqi Army" in {r["parent"] for r in found}


def test_a_wikidata_place_and_ours_are_the_same_thing(endpoint: str) -> None:
    found = rows(
        endpoint,
        f"""SELECT DISTINCT ?place WHERE {{
              ?place wdt:P131+ {NINEVEH_GOV} ; rdfs:label "Mosul"@en }}""",
    )
    assert {r["place"] for r in found} >= {
        "http://www.wikidata.org/entity/Q83317",
        "https://w3id.org/conflictkg/id/place/mosul",
    }


def test_start_and_end_times_of_an_operation_with_dates(tmp_path: Path) -> None:
    """P580/P582 through the alignment of ck:startDate/ck:endDate, on an analyst's curated file."""
    from conflictkg.mapping.pipeline import build
    from conflictkg.mapping.query import select

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "phase.ttl").write_text(
        """@prefix ck: <https://w3id.org/conflictkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://example.org/analyst/west-mosul> a ck:Phase ;
    rdfs:label "Assault on western Mosul"@en ;
    ck:startDate "2017-02-19"^^xsd:date ; ck:endDate "2017-07-20"^^xsd:date .
""",
        "utf-8",
    )
    build([tmp_path / "in"], tmp_path / "store")
    rows = select(
        tmp_path / "store",
        "SELECT ?s ?e WHERE { ?op wdt:P580 ?s ; wdt:P582 ?e }",
    )
    assert [(str(r["s"]), str(r["e"])) for r in rows] == [("2017-02-19", "2017-07-20")]
