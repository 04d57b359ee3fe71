"""The claims scorer on tiny hand-made cases: independent of the extractor."""

from __future__ import annotations

from pathlib import Path

import pytest
from claimscore import GoldClaim, SystemClaim, load_claims, score_claims
from scorer import Names

from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.model import Entity

TEXT = (
    "At least 23 militants were killed, according to the Joint Operations Command. "
    "The UN said hundreds of civilians had fled."
)
NAMES = Names(Gazetteer([Entity("org/un", "publisher", "Publisher", "United Nations", ("UN",))]))
FIRST, SECOND = (0, TEXT.index(" The UN")), (TEXT.index("The UN"), len(TEXT))


def gold(
    index: int,
    counted: str,
    numbers: set[int],
    by: tuple[str, ...],
    quote: str,
    optional: bool = False,
) -> GoldClaim:
    return GoldClaim(
        "d", index, frozenset([counted]), frozenset(numbers), not numbers, by, quote, optional
    )


def system(
    index: int,
    counted: str,
    numbers: set[int],
    span: tuple[int, int],
    by: tuple[str, ...] = (),
    words: str = "",
) -> SystemClaim:
    return SystemClaim(
        "d", index, counted, frozenset(numbers), by, words, TEXT[span[0] : span[1]], *span
    )


GOLD = [
    gold(0, "fighters_killed", {23}, ("Joint Operations Command",), "At least 23 militants"),
    gold(1, "civilians_displaced", set(), ("United Nations",), "hundreds of civilians had fled"),
]


def test_kind_numbers_and_sentence_decide_a_match_and_sources_are_scored_apart() -> None:
    found = [
        system(0, "fighters_killed", {23}, FIRST, words="Joint Operations Command"),
        system(1, "civilians_displaced", {200}, SECOND, by=("org/un",)),
    ]
    claims, sources = score_claims("d", GOLD, found, TEXT, NAMES).fields
    assert (claims.precision, claims.recall) == (1.0, 1.0)
    assert (sources.correct_system, sources.system) == (2, 2)


@pytest.mark.parametrize(
    "wrong",
    [
        system(0, "civilians_killed", {23}, FIRST),  # another kind
        system(0, "fighters_killed", {24}, FIRST),  # another figure
        system(0, "fighters_killed", {23}, SECOND),  # another sentence
    ],
)
def test_a_claim_differing_in_kind_figure_or_sentence_is_spurious(wrong: SystemClaim) -> None:
    result = score_claims("d", GOLD[:1], [wrong], TEXT, NAMES)
    claims = result.fields[0]
    assert (claims.correct_system, claims.system, claims.correct_gold) == (0, 1, 0)
    assert {e.kind for e in result.errors} == {
        "missed claim (fighters_killed)",
        "spurious claim (" + wrong.counted + ")",
    }


def test_a_wrong_or_missing_source_and_optional_gold() -> None:
    found = [system(0, "fighters_killed", {23}, FIRST, words="a local official")]
    optional = [*GOLD[:1], gold(1, "civilians_displaced", set(), (), "civilians had fled", True)]
    claims, sources = score_claims("d", optional, found, TEXT, NAMES).fields
    assert (claims.correct_gold, claims.gold) == (1, 1)  # the optional one is not missed
    assert (sources.correct_system, sources.system) == (0, 1)


def test_gold_files_load_and_refuse_a_figure_that_is_both_vague_and_stated(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.yaml").write_text(
        "document: a.txt\nclaims:\n- counted: fighters_killed\n  low: 200\n  high: 300\n"
        "  claimants: []\n  quote: between 200 and 300 fighters\n",
        encoding="utf-8",
    )
    (loaded,) = load_claims(tmp_path)["a.txt"]
    assert loaded.numbers == {200, 300} and not loaded.vague
    (tmp_path / "b.yaml").write_text(
        "document: b.txt\nclaims:\n- counted: fighters_killed\n  value: 2\n  vague: true\n"
        "  quote: x\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="not both"):
        load_claims(tmp_path)


def test_every_claims_gold_file_loads() -> None:
    here = Path(__file__).resolve().parent
    for folder in (here / "corpus" / "claims", here / "unseen" / "claims"):
        assert load_claims(folder)
