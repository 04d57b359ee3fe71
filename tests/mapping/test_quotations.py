"""Persons a document quotes (``mapping/quotations.py``), on sentences written for the purpose."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDFS

from conflictkg.mapping.clean import clean
from conflictkg.mapping.extract import extract
from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.model import Attribution, RawDocument
from conflictkg.mapping.quotations import find_quotations
from conflictkg.mapping.segment import segment
from conflictkg.mapping.to_rdf import document_graph
from conflictkg.mapping.validate import validate
from conflictkg.mapping.vocab import CK


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def _quoted(text: str, gazetteer: Gazetteer) -> list[Attribution]:
    return list(find_quotations(text, segment(text), gazetteer).attributions)


@pytest.mark.parametrize(
    ("sentence", "person", "role", "via"),
    [
        (
            "Brig. Gen. Karim Hassan, spokesman for the Joint Command, told AFP the town fell.",
            "Karim Hassan",
            "spokesman for the Joint Command",
            "AFP",
        ),
        (
            "Army spokesman Col. Samir Aziz said the troops had reached the river.",
            "Samir Aziz",
            "Army spokesman",
            None,
        ),
        (
            '"We will not stop," said Lt. Gen. Omar Rashid, the commander of the operation.',
            "Omar Rashid",
            "commander of the operation",
            None,
        ),
        (
            "At least 30 fighters were killed, according to Dr. Layla Saleh, a medic in the city.",
            "Layla Saleh",
            "medic in the city",
            None,
        ),
        (
            "The regional commander, Hamid Yousef, told The Associated Press that 12 died.",
            "Hamid Yousef",
            "regional commander",
            "AP",
        ),
        (
            "Mahmoud Jasim, a farmer who fled the village, said militants burned his house.",
            "Mahmoud Jasim",
            "farmer who fled the village",
            None,
        ),
        (
            "Police spokesman al-Khafaji said the attack was repelled.",
            "al-Khafaji",
            "Police spokesman",
            None,
        ),
    ],
)
def test_a_quoted_person_with_role_and_relaying_outlet(
    gazetteer: Gazetteer, sentence: str, person: str, role: str, via: str | None
) -> None:
    (quoted,) = _quoted(sentence, gazetteer)
    assert (quoted.person, quoted.role, quoted.via) == (person, role, via)
    assert quoted.person_id.startswith("person/")
    assert sentence[quoted.start : quoted.end] == person


@pytest.mark.parametrize(
    "sentence",
    [
        "The United Nations said 5,000 people had fled the city.",
        "Iraqi Joint Operations Command said troops entered the district.",
        "On Monday, Syrian state media said the army retook the town.",
        "Al-Abadi, addressing journalists in Baghdad, urged calm.",
        "Rasool said the attack failed.",  # one word, no title, role or gazetteer entry
        "Officials told reporters the bridge was destroyed.",
        "Human Rights Watch said civilians were trapped in the old city.",
        "Al Jazeera reported that the army had entered the town.",
        "Doctors Without Borders said its clinic was hit.",
    ],
)
def test_organisations_phrases_and_bare_surnames_are_no_person(
    gazetteer: Gazetteer, sentence: str
) -> None:
    assert _quoted(sentence, gazetteer) == []


def test_a_person_the_gazetteer_knows_keeps_its_entity(gazetteer: Gazetteer) -> None:
    entity = gazetteer.get("person/brett-mcgurk")
    assert entity is not None
    sentence = f"{entity.label} said the offensive would continue."
    (quoted,) = _quoted(sentence, gazetteer)
    assert quoted.person_id == entity.id and quoted.rule.endswith("/gazetteer")


def test_attribution_chain_in_rdf_passes_the_gate(gazetteer: Gazetteer) -> None:
    """A DW page citing AFP quoting a general: publisher, credited agency, quotation via AFP."""
    text = (
        "Iraqi troops enter town\n\n"
        "Iraqi troops entered the town of Hit on Thursday. Maj. Gen. Ali Fadel, commander of"
        " the Anbar operations, told AFP that the militants had fled.\n\n"
        "tj/msh (AFP, Reuters)"
    )
    raw = RawDocument(
        key="dw.txt",
        path=Path("dw.txt"),
        fmt="txt",
        text=text,
        fields={"url": "https://www.dw.com/en/x/a-1", "published": "2016-04-14"},
    )
    extraction = extract(clean(raw), gazetteer)
    g = document_graph(extraction, gazetteer)
    (q,) = g.subjects(predicate=CK.speaker)
    person = g.value(q, CK.speaker)
    assert str(g.value(person, RDFS.label)) == "Ali Fadel"
    assert str(g.value(q, CK.role)) == "commander of the Anbar operations"
    via = g.value(q, CK.via)
    document = g.value(q, CK.quotedIn)
    assert via in set(g.objects(document, CK.creditedAgency))
    assert g.value(document, CK.publisher) is not None
    result = validate("dw.txt", g)
    assert result.conforms, result.describe()


def test_a_quoted_person_is_the_source_of_the_sentence_claims_and_events(
    gazetteer: Gazetteer,
) -> None:
    text = (
        "Col. Rami Aziz, a spokesman for the army, said troops captured the village of Tal"
        " Kaif on Monday and at least 30 militants were killed."
    )
    raw = RawDocument(key="k.txt", path=Path("k.txt"), fmt="txt", text=text, fields={})
    extraction = extract(clean(raw), gazetteer)
    assert extraction.claims and extraction.events
    for fact in (*extraction.claims, *extraction.events):
        assert "person/rami-aziz" in fact.claimed_by
