"""Generations: publish only on commit, a failed build leaves the served graph, pruning."""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest

from conflictkg.mapping.store import NoGenerationError, StoreBusyError, StoreLayout

EX = ox.NamedNode("http://example.org/s")


def _commit(layout: StoreLayout, value: str) -> str:
    with layout.building() as gen:
        gen.store.add(ox.Quad(EX, EX, ox.Literal(value), ox.NamedNode("http://example.org/g")))
        gen.commit()
        return gen.name


def _values(layout: StoreLayout) -> list[str]:
    store, _ = layout.open_read_only()
    return [q.object.value for q in store.quads_for_pattern(None, None, None, None)]


def test_no_generation_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(NoGenerationError, match="conflictkg build"):
        StoreLayout(tmp_path).open_read_only()


def test_commit_publishes_and_failure_keeps_previous(tmp_path: Path) -> None:
    layout = StoreLayout(tmp_path)
    first = _commit(layout, "one")
    assert layout.current_name() == first
    with pytest.raises(RuntimeError), layout.building() as gen:
        gen.store.add(ox.Quad(EX, EX, ox.Literal("two"), ox.NamedNode("http://example.org/g")))
        raise RuntimeError("build failed halfway")
    assert layout.current_name() == first
    assert _values(layout) == ["one"]
    assert not list(layout.generations.glob("*.partial"))


def test_second_build_at_once_is_refused(tmp_path: Path) -> None:
    layout = StoreLayout(tmp_path)
    with (
        layout.building(),
        pytest.raises(StoreBusyError, match="another build"),
        layout.building(),
    ):
        pass


def test_old_generations_are_pruned_keeping_the_previous(tmp_path: Path) -> None:
    layout = StoreLayout(tmp_path)
    names = [_commit(layout, str(i)) for i in range(4)]
    assert layout.list_generations() == names[-2:]
    assert _values(layout) == ["3"]


def test_a_dead_builds_partial_generation_is_cleaned_by_the_next(tmp_path: Path) -> None:
    layout = StoreLayout(tmp_path)
    _commit(layout, "one")
    (layout.generations / "g0-1.partial").mkdir()
    _commit(layout, "two")
    assert not (layout.generations / "g0-1.partial").exists()


def test_served_record_is_merged_sorted_and_searched_on_disk(tmp_path: Path) -> None:
    """Builds add to the record of served IRIs as a stream; a 404 asks it by binary search."""
    rng = random.Random(7)
    layout = StoreLayout(tmp_path)
    assert not layout.was_served("https://w3id.org/conflictkg/id/place/x")
    words = sorted(
        {
            "https://w3id.org/conflictkg/id/" + "".join(rng.choices("abc/-", k=rng.randint(1, 25)))
            for _ in range(2000)
        }
    )
    layout.record_served(words[: len(words) // 2])
    layout.record_served(reversed(words[len(words) // 3 :]))
    assert layout.served_iris.read_text("utf-8").splitlines() == words
    assert all(layout.was_served(w) for w in words)
    for absent in ("", words[0][:-1], words[0] + "~", words[-1] + "x", "zzz"):
        assert layout.was_served(absent) == (absent in words)
