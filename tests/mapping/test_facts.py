"""Issue 4: provenance, geocoding, units, claims, sources, merge and the events export."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conflictkg.mapping.claims import estimate
from conflictkg.mapping.extract import extract
from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.geocode import close_variants, geo_key, geocode, wof_index
from conflictkg.mapping.merge import DocumentReports, document_reports, merged_graph
from conflictkg.mapping.model import CleanDocument, DocumentMetadata, Extraction
from conflictkg.mapping.sources import origins, source_kind
from conflictkg.mapping.validate import validate


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def _extract(gaz: Gazetteer, text: str, key: str = "t.txt", **meta: object) -> Extraction:
    doc = CleanDocument(key, Path(key), "txt", text, DocumentMetadata(**meta))  # type: ignore[arg-type]
    return extract(doc, gaz)


def test_every_event_records_its_rule_and_confidence(gaz: Gazetteer) -> None:
    ex = _extract(gaz, "On 3 January 2017, the CTS captured the village of Tiz Khirab.")
    (event,) = ex.events
    assert event.rule == "events.yaml:Capture/verbs/captured"
    assert event.actor_rule == "subject" and event.status_rule == ""
    assert 0.5 < event.confidence <= 1.0
    denied = _extract(gaz, "Bashiqa remained under ISIL control and was not captured.").events
    assert any(
        e.status == "denied" and e.status_rule.startswith("status.yaml:denied") for e in denied
    )
    cue = next(m for m in ex.mentions if m.text == "Tiz Khirab")
    assert cue.rule.startswith("place_cues.yaml:") and cue.confidence < 1.0


def test_transliterations_share_a_key() -> None:
    assert geo_key("Hammam al `Alil") == geo_key("Hamam al-Alil")
    assert geo_key("Qaryat Nimrud") == geo_key("Nimrud")
    assert close_variants("Karkukli", "Kirkukli") and close_variants("Karkukli", "Karkojli")
    assert not close_variants("Qadesiyya", "Quds") and not close_variants("Mosul", "Basra")


def test_geocoding_picks_by_context_and_never_guesses() -> None:
    index = wof_index()
    assert len(index) > 30000  # the whole of both files, not a corpus subset
    nineveh = frozenset({"85672429"})  # Nineveh Governorate
    hit = geocode("Hamam al-Alil", "Town", nineveh)
    assert hit is not None and hit.precision == "exact" and hit.place is not None
    assert hit.place.region_id == "85672429"
    # "Az Zahra'" names places in several Syrian governorates: none is in Nineveh
    assert geocode("al-Zahra", "Village", nineveh) is None


def test_without_context_a_name_is_placed_as_far_as_its_candidates_agree() -> None:
    # WOF has the town of Manbij and the Manbij district around it: both are in that district.
    hit = geocode("Manbij", "Location", frozenset())
    assert hit is not None and hit.place is None and hit.precision == "district"
    assert hit.point.wof_id == "1108779205"
    assert geocode("al-Zahra", "Village", frozenset()) is None  # all over Syria: no place


def test_spelling_variants_are_one_place_and_neighbourhood_falls_back_to_city(
    gaz: Gazetteer,
) -> None:
    text = (
        "Fighting raged in Mosul. Troops entered the neighborhood of Karkukli. "
        "Later they secured the Kirkukli neighborhood and the Karkojli neighborhood."
    )
    ex = _extract(gaz, text)
    ids = {m.entity_id for m in ex.mentions if m.text in ("Karkukli", "Kirkukli", "Karkojli")}
    assert len(ids) == 1
    place = ex.new_entities[ids.pop()]
    assert place.parent == "place/mosul" and place.geo_precision == "city"


def test_a_landmark_without_a_record_stands_at_the_city_the_text_puts_it_in(
    gaz: Gazetteer,
) -> None:
    ex = _extract(
        gaz,
        "Mosul's Zorbanaya Bridge was destroyed. Troops took the Qubbaya hospital in Mosul. "
        "The coalition disabled the Mosul bridge. Troops took the Hazrani farm.",
    )
    for eid in ("place/zorbanaya-bridge", "place/qubaya-hospital", "place/mosul-bridge"):
        place = ex.new_entities[eid]
        assert place.parent == "place/mosul" and place.geo_precision == "city", eid
        assert place.lat == gaz.get("place/mosul").lat  # type: ignore[union-attr]
    # nothing in its sentence says where: near the city the document is about, coarsely
    farm = ex.new_entities["place/hazrani-farm"]
    assert farm.parent is None and farm.geo_precision == "district"
    assert farm.lat == gaz.get("place/mosul").lat  # type: ignore[union-attr]
    # and with no city in the document, no coordinates
    alone = _extract(gaz, "Troops took the Hazrani farm.").new_entities["place/hazrani-farm"]
    assert alone.lat is None and alone.geo_precision is None


def test_bare_nineveh_is_the_governorate_the_ruins_are_the_landmark(gaz: Gazetteer) -> None:
    ex = _extract(gaz, "ISIL still held much of Nineveh. The CTS captured the ruins of Nineveh.")
    ids = [m.entity_id for m in ex.mentions if m.text == "Nineveh"]
    assert ids == ["place/nineveh-governorate", "place/nineveh"]


def test_units_discovered_from_cues_and_nationality(gaz: Gazetteer) -> None:
    ex = _extract(
        gaz,
        "The Iraqi Army's 15th Division advanced on Tal Afar. "
        "Iraqi troops captured the village of Tiz Khirab. The SDF and the YPG entered Raqqa.",
    )
    division = ex.new_entities["unit/iraqi-army-15th-division"]
    assert division.parent == "unit/iraqi-army" and division.source == "text-cue"
    capture = next(e for e in ex.events if e.type == "Capture")
    assert capture.actors == ("unit/iraqi-security-forces",)
    assert capture.actor_rule == "nationality" and capture.confidence < 0.8
    entered = next(e for e in ex.events if e.trigger == "entered")
    assert set(entered.actors) == {"unit/syrian-democratic-forces", "unit/peoples-protection-units"}
    assert gaz.get("unit/peoples-protection-units").coalitions == ("unit/syrian-democratic-forces",)  # type: ignore[union-attr]
    assert gaz.get("unit/iraqi-security-forces").allegiance == "place/iraq"  # type: ignore[union-attr]


def test_claims_keep_disagreeing_figures_and_estimate_by_rule(gaz: Gazetteer) -> None:
    ex = _extract(
        gaz,
        "At least 900 ISIL fighters were killed in Mosul, according to the UN. "
        "The army said 1,200 ISIL fighters were killed in Mosul. "
        "Some 3,000 to 5,000 civilians have fled Mosul.",
    )
    killed = [c for c in ex.claims if c.counted == "fighters_killed"]
    assert [(c.value, c.low) for c in killed] == [(None, 900), (1200, None)]
    assert killed[0].claimant_text == "UN." or killed[0].claimant_text.startswith("UN")
    fled = next(c for c in ex.claims if c.counted == "civilians_displaced")
    assert (fled.low, fled.high) == (3000, 5000)
    assert estimate(killed) == (900, 1050, 1200)


def test_source_kinds_and_origins() -> None:
    assert source_kind("Deutsche Welle") == "public_broadcaster"
    assert source_kind("AFP") == "wire_agency" and source_kind("Unknown Blog") is None
    dw = DocumentMetadata(publisher="Deutsche Welle", agencies=("AFP", "Reuters"))
    assert origins(dw) == ("AFP", "Reuters")
    assert origins(DocumentMetadata(publisher="Reuters")) == ("Reuters",)


def _reports(gaz: Gazetteer, key: str, text: str, **meta: object) -> DocumentReports:
    return document_reports(_extract(gaz, text, key, **meta))


def test_merge_joins_one_event_from_two_documents_and_counts_wire_stories_once(
    gaz: Gazetteer,
) -> None:
    a = _reports(gaz, "a.txt", "On 3 March 2017, the CTS captured Bashiqa.", publisher="Reuters")
    b = _reports(
        gaz,
        "b.txt",
        "On 3 March 2017, Iraqi special forces captured Bashiqa.",
        publisher="Deutsche Welle",
        agencies=("Reuters",),
    )
    other = _reports(gaz, "c.txt", "On 3 March 2017, the PMU shelled Bashiqa.", publisher="CNN")
    g = merged_graph([a, b, other], gaz)
    assert validate("merged", g).conforms
    rows = list(
        g.query(
            """SELECT ?m (COUNT(?r) AS ?n) ?s ?p WHERE {
                 ?m ck:hasReport ?r ; ck:sourcesCount ?s ; ck:publishersCount ?p }
               GROUP BY ?m ?s ?p""",
            initNs={"ck": "https://w3id.org/conflictkg/ontology#"},
        )
    )
    counts = sorted((int(n), int(s), int(p)) for _m, n, s, p in rows)  # type: ignore[misc]
    assert counts == [(1, 1, 1), (2, 2, 1)]  # the shelling stays apart; one wire story
    again = merged_graph([other, b, a], gaz)
    assert set(again) == set(g)  # deterministic IRIs, whatever the order


def test_events_export_cli(corpus_store: Path) -> None:
    exe = [sys.executable, "-m", "conflictkg.cli", "events", "--store", str(corpus_store)]
    out = subprocess.run(exe, capture_output=True, text=True, check=True).stdout
    records = [json.loads(line) for line in out.splitlines()]
    assert records and list(records[0]) == [
        "id", "report", "document", "type", "date", "date_precision", "status", "actors",
        "targets", "locations", "quote", "start", "end", "publisher", "sources_count",
        "publishers_count", "confidence",
    ]  # fmt: skip
    for r in records:
        assert r["id"].startswith("https://w3id.org/conflictkg/id/merged/")
        assert r["date_precision"] in (None, "day", "month", "year")
        assert all(not a["iri"].startswith("http://www.wikidata.org") for a in r["actors"])
    mosul = [loc for r in records for loc in r["locations"] if loc["label"] == "Mosul"]
    assert mosul and mosul[0]["wikidata"] == "Q83317" and mosul[0]["lat"] is not None
    csv_out = subprocess.run(
        [*exe, "--format", "csv", "--merged"], capture_output=True, text=True, check=True
    ).stdout
    assert csv_out.splitlines()[0].startswith("id,type,date,date_precision,status")
