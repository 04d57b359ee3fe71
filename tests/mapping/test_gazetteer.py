"""The bundled gazetteer: rows, parent chains, and the alias matcher."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from conflictkg.mapping.gazetteer import Gazetteer, name_key, slugify
from conflictkg.mapping.model import Entity

SHARED = Path("/work/shared/data/wikidata_gazetteer.csv")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def test_ids_are_kind_slash_ascii_slug(gaz: Gazetteer) -> None:
    for entity in gaz:
        assert re.fullmatch(r"(place|unit|operation|person|publisher|other)/[a-z0-9-]+", entity.id)
        assert entity.id.startswith(entity.kind + "/")


def test_every_parent_exists(gaz: Gazetteer) -> None:
    for entity in gaz:
        assert entity.parent is None or gaz.get(entity.parent) is not None, entity.id


def test_mosul_chain_reaches_iraq(gaz: Gazetteer) -> None:
    assert gaz.ancestors("place/mosul") == [
        "place/mosul-district",
        "place/nineveh-governorate",
        "place/iraq",
    ]


@pytest.mark.parametrize(
    "town",
    [
        "qayyarah",
        "bashiqa",
        "bartella",
        "hammam-al-alil",
        "nimrud",
        "tel-keppe",
        "qaraqosh",
        "tal-afar",
        "sinjar",
        "badush",
        "mosul-international-airport",
        "university-of-mosul",
    ],
)
def test_towns_around_mosul_are_in_nineveh(gaz: Gazetteer, town: str) -> None:
    assert "place/nineveh-governorate" in gaz.ancestors(f"place/{town}")


def test_makhmur_is_in_erbil_not_nineveh(gaz: Gazetteer) -> None:
    chain = gaz.ancestors("place/makhmur")
    assert "place/erbil-governorate" in chain and "place/nineveh-governorate" not in chain


def test_wof_ancestor_rows_carry_their_source(gaz: Gazetteer) -> None:
    district = gaz.get("place/mosul-district")
    assert district is not None and district.cls == "District"
    assert district.source.startswith("whosonfirst:") and district.evidence


def test_doubtful_qids_are_kept_and_flagged(gaz: Gazetteer) -> None:
    doubtful = {e.id for e in gaz if e.qid_doubtful}
    assert doubtful == {"place/sinjar", "place/tel-keppe", "place/hamdaniya-district"}
    assert all(gaz.get(i).qid for i in doubtful)  # type: ignore[union-attr]


def test_unit_hierarchy(gaz: Gazetteer) -> None:
    assert gaz.ancestors("unit/iraqi-army-9th-division") == [
        "unit/iraqi-army",
        "unit/iraqi-security-forces",
    ]
    cts = gaz.get("unit/counter-terrorism-service")
    assert cts is not None and {"CTS", "ISOF", "Golden Division"} <= set(cts.aliases)


@pytest.mark.skipif(not SHARED.exists(), reason="reference data not present")
def test_every_source_row_is_kept_with_verbatim_evidence(gaz: Gazetteer) -> None:
    with SHARED.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_label = {e.label: e for e in gaz}
    for row in rows:
        assert by_label[row["label"]].evidence.startswith(row["evidence"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The IS fighters fled.", ["unit/isil"]),
        ("IS captured the town.", ["unit/isil"]),
        ("It is clear. Is it? This is.", []),
        ("the Iraqi Federal Police advanced", ["unit/iraqi-federal-police"]),
        ("ISOF and the Golden Division", ["unit/counter-terrorism-service"] * 2),
        ("ISIS-held areas", ["unit/isil"]),
        ("Kata’ib Hezbollah fighters", ["unit/kataib-hezbollah"]),
        ("the us and them", []),
    ],
)
def test_find(gaz: Gazetteer, text: str, expected: list[str]) -> None:
    assert [eid for _, _, eid in gaz.find(text)] == expected


def test_find_prefers_longest_and_never_overlaps(gaz: Gazetteer) -> None:
    text = "near Mosul International Airport and Mosul Dam"
    found = gaz.find(text)
    assert [text[s:e] for s, e, _ in found] == ["Mosul International Airport", "Mosul Dam"]


def test_name_key_normalises_transliterations() -> None:
    assert name_key("Hammam al-'Alil") == name_key("Hamam al-Alil") == name_key("Hammam Al-Alil")
    assert name_key("al-Intissar") == name_key("Intisar")
    assert slugify("Kata'ib Hezbollah") == "kataib-hezbollah"


def test_with_entities_adds_without_changing_original(gaz: Gazetteer) -> None:
    extra = Entity(
        id="place/tiz-khirab",
        kind="place",
        cls="Village",
        label="Tiz Khirab",
        parent="place/mosul",
        source="text-cue",
    )
    bigger = gaz.with_entities([extra])
    assert gaz.get("place/tiz-khirab") is None
    assert bigger.ancestors("place/tiz-khirab")[:2] == ["place/mosul", "place/mosul-district"]
    assert [eid for *_, eid in bigger.find("the village of Tiz Khirab")] == ["place/tiz-khirab"]
    assert bigger.lookup_name("Tiz Kherab") is None
    assert bigger.lookup_name("tiz-khirab") == "place/tiz-khirab"


def test_an_apostrophe_of_an_alias_may_be_left_out(bundled_gazetteer: Gazetteer) -> None:
    """Outlets write "Kataib Hezbollah", "Kata’ib" and "Kata'ib": all name the militia."""
    for text in ("Kataib Hezbollah entered", "Kata’ib Hezbollah entered", "Kata'ib Hezbollah said"):
        assert [m[2] for m in bundled_gazetteer.find(text)] == ["unit/kataib-hezbollah"]
