"""extract(): mentions, cue-found places, events with actors, status and dates."""

from __future__ import annotations

import re
from pathlib import Path

import ftfy
import pytest

from conflictkg.mapping.extract import extract
from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.model import CleanDocument, DocumentMetadata, Event, Extraction, Section
from conflictkg.paths import bundled_corpus


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def _doc(
    text: str, published: str | None = None, sections: tuple[Section, ...] = ()
) -> CleanDocument:
    return CleanDocument(
        "t", Path("t.txt"), "txt", text, DocumentMetadata(published=published), sections
    )


def _events(gaz: Gazetteer, text: str, published: str | None = None) -> list[Event]:
    return list(extract(_doc(text, published), gaz).events)


def _one(events: list[Event], type_: str) -> Event:
    found = [e for e in events if e.type == type_]
    assert len(found) == 1, events
    return found[0]


def test_repelled_attack_is_a_failed_attack_by_the_attacker(gaz: Gazetteer) -> None:
    events = _events(gaz, "Separately, the PMU repelled a large ISIS attack in the Badush Heights.")
    attack = _one(events, "Attack")
    assert attack.status == "failed"
    assert attack.actors == ("unit/isil",)
    assert attack.opponents == ("unit/popular-mobilization-forces",)
    assert attack.locations == ("place/badush",)


def test_if_makes_it_hypothetical(gaz: Gazetteer) -> None:
    events = _events(
        gaz,
        "If ISF troops regain the Grand Nuri al-Kabir Mosque in western Mosul, "
        "they will achieve a big PR victory.",
    )
    capture = _one(events, "Capture")
    assert capture.status == "hypothetical"
    assert capture.actors == ("unit/iraqi-security-forces",)
    assert "place/great-mosque-of-al-nuri" in capture.locations


def test_briefly_captured_then_forced_to_withdraw_failed(gaz: Gazetteer) -> None:
    text = "The Peshmerga briefly captured the village of Tiz Khirab but were forced to withdraw."
    ex = extract(_doc(text), gaz)
    capture = _one(list(ex.events), "Capture")
    assert capture.status == "failed"
    assert capture.actors == ("unit/peshmerga",)
    assert capture.locations == ("place/tiz-khirab",)
    withdrawal = _one(list(ex.events), "Withdrawal")
    assert withdrawal.actors == ("unit/peshmerga",) and withdrawal.status == "occurred"
    village = ex.new_entities["place/tiz-khirab"]
    assert (village.cls, village.source, village.parent) == ("Village", "text-cue", None)


def test_passive_has_no_actor_unless_by(gaz: Gazetteer) -> None:
    assert _one(_events(gaz, "The town of Bashiqa was captured."), "Capture").actors == ()
    by = _one(_events(gaz, "Bashiqa was captured by the Peshmerga."), "Capture")
    assert by.actors == ("unit/peshmerga",)


def test_from_and_against_are_opponents_not_actors(gaz: Gazetteer) -> None:
    event = _one(_events(gaz, "The CTS recaptured Bartella from ISIL."), "Capture")
    assert event.actors == ("unit/counter-terrorism-service",)
    assert event.opponents == ("unit/isil",)


def test_planned_purpose_infinitive(gaz: Gazetteer) -> None:
    # The purpose ("to retake Mosul") is what the operation is for: the attack takes its place.
    events = _events(gaz, "The Iraqi Army launched an operation to retake Mosul.")
    assert _one(events, "Attack").status == "occurred"
    assert _one(events, "Attack").locations == ("place/mosul",)
    assert [e for e in events if e.type == "Capture"] == []


def test_several_clauses_several_events_all_inside_the_sentence(gaz: Gazetteer) -> None:
    text = (
        "Intro.\n\nOn 4 January 2017, the CTS captured Qayyarah, while ISIL withdrew to Tal Afar."
    )
    ex = extract(_doc(text), gaz)
    sentence = ex.sentences[1]
    assert {e.type for e in ex.events} == {"Capture", "Withdrawal"}
    for event in ex.events:
        assert sentence.start <= event.start < event.end <= sentence.end
        assert event.date is not None and event.date.value == "2017-01-04"
    assert _one(list(ex.events), "Withdrawal").actors == ("unit/isil",)


def test_claimed_by(gaz: Gazetteer) -> None:
    event = _one(
        _events(gaz, "According to Reuters, the CTS captured the state building."), "Capture"
    )
    assert event.claimed_by == ("publisher/reuters",)
    said = _one(_events(gaz, "Iraqi forces retook Bashiqa, AFP reported."), "Capture")
    assert said.claimed_by == ("publisher/agence-france-presse",)


def test_cue_found_district_gets_the_city_it_is_in(gaz: Gazetteer) -> None:
    text = "The CTS advanced into the Karama district in eastern Mosul."
    ex = extract(_doc(text), gaz)
    karama = ex.new_entities["place/karama"]
    assert (karama.cls, karama.parent) == ("District", "place/mosul")
    assert any(m.entity_id == "place/karama" and m.text == "Karama" for m in ex.mentions)


def test_cue_found_name_matching_an_alias_is_that_entity(gaz: Gazetteer) -> None:
    ex = extract(_doc("Forces neared the town of Hamam al-'Alil."), gaz)
    assert not ex.new_entities
    assert [m.entity_id for m in ex.mentions] == ["place/hammam-al-alil"]


def test_headings_state_no_events(gaz: Gazetteer) -> None:
    text = "Forces captured the city\n\nNothing happened here."
    doc = _doc(text, sections=(Section("Forces captured the city", 0, len(text), 2),))
    assert extract(doc, gaz).events == ()


# --- the bundled corpus -------------------------------------------------------------------

# What clean() must give for the news documents: the publication date from the dateline.
_PUBLISHED = {"001": "2016-11-01", "004": "2016-03-24T14:18:09"}


def _stand_in_clean(path: Path) -> CleanDocument:
    """Until mapping.clean lands: fix mojibake, drop front matter, read markdown headings."""
    text = ftfy.fix_text(path.read_text(encoding="utf-8"))
    if text.startswith("---"):
        text = text[text.index("\n---", 3) + 4 :].lstrip("\n")
    heads = list(re.finditer(r"^(#{1,6})\s+(.+)$", text, re.M))
    sections = []
    for i, h in enumerate(heads):
        level = len(h.group(1))
        end = next((n.start() for n in heads[i + 1 :] if len(n.group(1)) <= level), len(text))
        sections.append(Section(h.group(2).strip(), h.start(), end, level))
    meta = DocumentMetadata(published=_PUBLISHED.get(path.name[:3]))
    return CleanDocument(path.name, path, "txt", text, meta, tuple(sections))


def _clean(path: Path) -> CleanDocument:
    try:
        from conflictkg.mapping.clean import clean  # type: ignore[attr-defined]
        from conflictkg.mapping.read import iter_inputs
    except ImportError:
        return _stand_in_clean(path)
    raw = next(iter(iter_inputs([path])))
    return clean(raw)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def corpus(gaz: Gazetteer) -> dict[str, Extraction]:
    return {p.name[:3]: extract(_clean(p), gaz) for p in sorted(bundled_corpus().glob("*.txt"))}


def test_corpus_events_lie_inside_their_sentences(corpus: dict[str, Extraction]) -> None:
    for ex in corpus.values():
        for event in ex.events:
            sentence = ex.sentences[event.sentence_index]
            assert sentence.start <= event.start < event.end <= sentence.end
        for mention in ex.mentions:
            assert ex.document.text[mention.start : mention.end] == mention.text


def test_places_in_nineveh_via_parents(corpus: dict[str, Extraction], gaz: Gazetteer) -> None:
    ex = corpus["000"]
    known = gaz.with_entities(ex.new_entities.values())
    places = {m.entity_id for m in ex.mentions if m.entity_id.startswith("place/")}
    in_nineveh = {p for p in places if "place/nineveh-governorate" in known.ancestors(p)}
    assert {
        "place/mosul",
        "place/qayyarah",
        "place/bashiqa",
        "place/bartella",
        "place/tel-keppe",
        "place/qaraqosh",
    } <= in_nineveh


def test_what_the_cts_captured_in_january_2017(corpus: dict[str, Extraction]) -> None:
    ex = corpus["000"]
    captures = [
        e
        for e in ex.events
        if e.type == "Capture"
        and "unit/counter-terrorism-service" in e.actors
        and e.date is not None
        and e.date.value.startswith("2017-01")
    ]
    assert len(captures) >= 10
    days = {e.date.value for e in captures if e.date and e.date.precision == 11}
    assert {"2017-01-09", "2017-01-10", "2017-01-12"} <= days
    assert all(e.status == "occurred" for e in captures)


def test_corpus_special_cases(corpus: dict[str, Extraction]) -> None:
    events = corpus["000"].events
    tiz = [e for e in events if "place/tiz-khirab" in e.locations and e.type == "Capture"]
    assert [e.status for e in tiz] == ["failed"]
    repelled = [e for e in corpus["003"].events if e.type == "Attack" and e.status == "failed"]
    assert any(
        e.actors == ("unit/isil",) and "unit/popular-mobilization-forces" in e.opponents
        for e in repelled
    )
    assert any(e.status == "hypothetical" and e.type == "Capture" for e in corpus["003"].events)


def test_news_documents_have_dateline_dates(corpus: dict[str, Extraction]) -> None:
    dated_001 = {e.date.value for e in corpus["001"].events if e.date}
    assert "2016-11-01" in dated_001
    thursday = [e for e in corpus["004"].events if e.date and e.date.basis == "dateline"]
    assert thursday and all(e.date and e.date.value == "2016-03-24" for e in thursday)
    for key in ("001", "002", "003", "004"):
        assert corpus[key].events, key
        for event in corpus[key].events:
            assert event.date is None or event.date.value[:4] in {"2014", "2015", "2016", "2017"}


def test_a_reported_act_is_the_event_not_the_declaration(gaz: Gazetteer) -> None:
    events = _events(gaz, "On 18 October, the CTS declared to have captured 20 villages.")
    assert [e.type for e in events] == ["Capture"]
    assert events[0].status == "occurred"
    that = _events(gaz, "The police announced on Tuesday that the ISIL attack had been repelled.")
    assert "Declaration" not in {e.type for e in that}


def test_a_declared_operation_is_a_declaration(gaz: Gazetteer) -> None:
    events = _events(gaz, "The prime minister declared the beginning of the operation.")
    assert _one(events, "Declaration").status == "occurred"


def test_perfect_infinitive_is_not_a_plan(gaz: Gazetteer) -> None:
    reported = _events(gaz, "The CTS was reported to have entered Bartella.")
    assert _one(reported, "Advance").status == "occurred"
    assert _one(_events(gaz, "The CTS aims to enter Bartella."), "Advance").status == "planned"


def test_pushed_further_into_is_an_advance(gaz: Gazetteer) -> None:
    events = _events(gaz, "The Iraqi Army pushed further into Bartella.")
    assert _one(events, "Advance").locations == ("place/bartella",)
