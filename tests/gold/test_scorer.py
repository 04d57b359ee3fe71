"""The scorer on tiny hand-made cases: independent of the extractor and of the gold files."""

from __future__ import annotations

from pathlib import Path

import pytest
from scorer import (
    GoldDocument,
    GoldEvent,
    Names,
    SystemEvent,
    date_compatible,
    in_boilerplate,
    load_gold,
    locate,
    score_document,
    total,
)

from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.model import Entity

TEXT = (
    "On 5 November, Iraqi forces captured Hammam al-'Alil. "
    "ISIL attacked Qaraqosh but the attack was repelled. "
    "Share this story on Facebook."
)
NAMES = Names(
    Gazetteer(
        [
            Entity("place/hammam-al-alil", "place", "Town", "Hammam al-'Alil"),
            Entity("place/qaraqosh", "place", "Town", "Qaraqosh", aliases=("Bakhdida",)),
            Entity("unit/isf", "unit", "ArmedForce", "Iraqi security forces", ("Iraqi forces",)),
            Entity("unit/isil", "unit", "ArmedForce", "ISIL", ("Islamic State",)),
        ]
    )
)


def gold(i: int, type_: str, place: str, date: str | None, status: str, quote: str, **kw: object):
    return GoldEvent(
        document="d",
        index=i,
        type=type_,
        alt_types=tuple(kw.get("alt_types", ())),  # type: ignore[arg-type]
        date=date,
        alt_dates=tuple(kw.get("alt_dates", ())),  # type: ignore[arg-type]
        places=(place,) if place else (),
        actors=tuple(kw.get("actors", ())),  # type: ignore[arg-type]
        opponents=(),
        status=status,
        quote=quote,
        optional=bool(kw.get("optional", False)),
    )


def system(i: int, type_: str, place: str, date: str | None, status: str, sentence: int, **kw):
    starts = [0, TEXT.index("ISIL attacked"), TEXT.index("Share this")]
    ends = [starts[1] - 1, starts[2] - 1, len(TEXT)]
    return SystemEvent(
        document="d",
        index=i,
        type=type_,
        status=status,
        date=date,
        places=(place,) if place else (),
        actors=tuple(kw.get("actors", ())),
        opponents=(),
        sentence=TEXT[starts[sentence] : ends[sentence]],
        start=starts[sentence],
        end=ends[sentence],
    )


CAPTURE = gold(
    0,
    "Capture",
    "Hamam al-Alil",
    "2016-11-05",
    "occurred",
    "captured Hammam",
    actors=["Iraqi forces"],
)
ATTACK = gold(1, "Attack", "Bakhdida", "2016-11", "failed", "ISIL attacked Qaraqosh")


def fields(doc: GoldDocument, events: list[SystemEvent]) -> dict[str, tuple[float, float]]:
    result = score_document(doc, events, TEXT, NAMES)
    return {f.name: (f.precision, f.recall) for f in result.fields}


def test_perfect_match_with_variant_spellings_and_aliases() -> None:
    doc = GoldDocument("d", (CAPTURE, ATTACK))
    events = [
        system(
            0, "Capture", "place/hammam-al-alil", "2016-11-05", "occurred", 0, actors=["unit/isf"]
        ),
        system(1, "Attack", "place/qaraqosh", "2016-11-05", "failed", 1),
    ]
    scores = fields(doc, events)
    assert scores["events"] == (1.0, 1.0)
    assert scores["places"] == (1.0, 1.0)
    assert scores["actors"] == (1.0, 1.0)


def test_coarser_date_than_gold_does_not_match() -> None:
    doc = GoldDocument("d", (CAPTURE,))
    events = [system(0, "Capture", "place/hammam-al-alil", "2016-11", "occurred", 0)]
    scores = fields(doc, events)
    assert scores["events"] == (0.0, 0.0)
    assert scores["types"] == (1.0, 1.0)
    assert scores["dates"] == (0.0, 0.0)


def test_finer_date_within_gold_month_matches() -> None:
    assert date_compatible("2016-11", "2016-11-05")
    assert not date_compatible("2016-11", "2016-12-05")
    assert not date_compatible("2016-11-05", "2016")
    assert date_compatible("2017-01-19/2017-01-21", "2017-01-19/2017-01-21")
    assert not date_compatible("2017-01-19/2017-01-21", "2017-01-21")


def test_unknown_gold_date_accepts_only_unknown_unless_alternative_given() -> None:
    assert date_compatible(None, None)
    assert not date_compatible(None, "2016-11-01")
    doc = GoldDocument(
        "d",
        (
            gold(
                0,
                "Capture",
                "Hamam al-Alil",
                "2016-11-05",
                "occurred",
                "captured Hammam",
                alt_dates=[None],
            ),
        ),
    )
    events = [system(0, "Capture", "place/hammam-al-alil", None, "occurred", 0)]
    assert fields(doc, events)["events"] == (1.0, 1.0)


def test_occurred_where_gold_says_failed_is_a_false_positive_and_a_violation() -> None:
    doc = GoldDocument("d", (ATTACK,))
    events = [system(0, "Attack", "place/qaraqosh", "2016-11-05", "occurred", 1)]
    result = score_document(doc, events, TEXT, NAMES)
    events_score = result.fields[0]
    assert (events_score.precision, events_score.recall) == (0.0, 0.0)
    assert result.status_violations == 1
    assert any(e.kind.startswith("status violation") for e in result.errors)


def test_event_from_another_sentence_does_not_match() -> None:
    doc = GoldDocument("d", (CAPTURE,))
    events = [system(0, "Capture", "place/hammam-al-alil", "2016-11-05", "occurred", 1)]
    assert fields(doc, events)["events"] == (0.0, 0.0)


def test_alternative_type_is_accepted() -> None:
    doc = GoldDocument(
        "d",
        (
            gold(
                0,
                "Attack",
                "Bakhdida",
                "2016-11",
                "failed",
                "ISIL attacked Qaraqosh",
                alt_types=["Advance"],
            ),
        ),
    )
    events = [system(0, "Advance", "place/qaraqosh", "2016-11-05", "failed", 1)]
    assert fields(doc, events)["events"] == (1.0, 1.0)


def test_optional_gold_is_neither_missed_nor_false() -> None:
    planned = gold(1, "Capture", "Qaraqosh", "2016-11", "planned", "ISIL attacked", optional=True)
    doc = GoldDocument("d", (CAPTURE, planned))
    events = [
        system(0, "Capture", "place/hammam-al-alil", "2016-11-05", "occurred", 0),
        system(1, "Capture", "place/qaraqosh", "2016-11", "planned", 1),
    ]
    assert fields(doc, events)["events"] == (1.0, 1.0)
    assert fields(doc, events[:1])["events"] == (1.0, 1.0)


def test_boilerplate_events_are_counted() -> None:
    doc = GoldDocument("d", (CAPTURE,), boilerplate=("Share this story on Facebook",))
    events = [system(0, "Attack", "", None, "occurred", 2)]
    result = score_document(doc, events, TEXT, NAMES)
    assert result.boilerplate_events == 1
    assert in_boilerplate("Share this story on Facebook.", ["Share this story"])
    assert not in_boilerplate("Iraqi forces captured Mosul.", ["Share this story"])


def test_quotes_are_located_despite_typography() -> None:
    assert locate("captured Hammam al-’Alil", TEXT) is not None
    assert locate("not in the text", TEXT) is None


def test_totals_add_documents() -> None:
    doc = GoldDocument("d", (CAPTURE,))
    good = score_document(
        doc,
        [system(0, "Capture", "place/hammam-al-alil", "2016-11-05", "occurred", 0)],
        TEXT,
        NAMES,
    )
    missed = score_document(doc, [], TEXT, NAMES)
    events = total([good, missed])[0]
    assert (events.correct_gold, events.gold, events.system) == (1, 2, 1)


@pytest.mark.parametrize("name", ["corpus", "unseen", "fresh", "sealed"])
def test_gold_files_load_and_are_well_formed(name: str) -> None:
    docs = load_gold(Path(__file__).parent / name)
    assert len(docs) >= 4
    for doc in docs:
        for event in doc.events:
            assert event.type and event.quote, (doc.key, event.index)
            assert event.date is None or event.date[:4].isdigit(), (doc.key, event.index)


def test_a_phrase_the_system_resolved_to_an_entity_names_that_entity() -> None:
    surfaces = Names(NAMES.gazetteer, {"unit/isf": ("Iraqi troops",)})
    assert surfaces.same("Iraqi troops", "unit/isf")
    assert not NAMES.same("Iraqi troops", "unit/isf")
    assert not surfaces.same("Iraqi troops", "unit/isil")


@pytest.mark.parametrize(
    ("name", "pages"),
    [("corpus", "../../../corpus"), ("unseen", "pages"), ("fresh", "pages"), ("sealed", "pages")],
)
def test_every_gold_quote_is_in_its_cleaned_document(name: str, pages: str) -> None:
    """A quote the reader's cleaned text does not hold could never be matched."""
    from claimscore import load_claims

    from conflictkg.mapping.clean import clean
    from conflictkg.mapping.model import RawDocument
    from conflictkg.mapping.read import iter_inputs

    folder = Path(__file__).parent / name
    texts = {
        item.key: clean(item).text
        for item in iter_inputs([(folder / pages).resolve()])
        if isinstance(item, RawDocument)
    }
    quotes = [(d.key, e.quote) for d in load_gold(folder) for e in d.events]
    quotes += [(k, c.quote) for k, cs in load_claims(folder / "claims").items() for c in cs]
    missing = [(key, quote) for key, quote in quotes if locate(quote, texts[key]) is None]
    assert missing == []
