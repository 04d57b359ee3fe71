"""Endpoint writes: applied to a copy, logged, replayed by a rebuild in the same order."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from conflictkg.mapping.store import StoreBusyError, StoreLayout
from conflictkg.mapping.writes import (
    GraphWrite,
    ReplayError,
    SparqlUpdate,
    append_write,
    apply_write,
    read_writes,
    replay_writes,
)

G = "http://example.org/g"
TTL = "<http://example.org/s> <http://example.org/p> <rel> ."


def _objects(store: ox.Store) -> list[str]:
    return sorted(str(q.object.value) for q in store.quads_for_pattern(None, None, None, None))


def test_graph_writes_report_whether_the_graph_existed() -> None:
    store = ox.Store()
    put = GraphWrite("replace", G, TTL, "text/turtle", base_iri="http://example.org/")
    assert apply_write(store, put) is False
    assert _objects(store) == ["http://example.org/rel"]
    assert apply_write(store, GraphWrite("merge", G, '<x:s> <x:p> "2" .', "text/turtle")) is True
    assert len(store) == 2
    assert apply_write(store, put) is True
    assert len(store) == 1
    assert apply_write(store, GraphWrite("drop", G)) is True
    assert apply_write(store, GraphWrite("drop", G)) is False
    assert len(store) == 0


def test_bad_payloads_raise() -> None:
    with pytest.raises(SyntaxError):
        apply_write(ox.Store(), GraphWrite("merge", G, "not turtle", "text/turtle"))
    with pytest.raises(ValueError):
        apply_write(ox.Store(), GraphWrite("merge", G, TTL, "application/n-quads"))


def test_log_round_trips_and_replays_in_order(tmp_path: Path) -> None:
    ops = [
        SparqlUpdate('INSERT DATA { GRAPH <x:g> { <x:s> <x:p> "1" } }'),
        SparqlUpdate("DELETE WHERE { GRAPH <x:g> { ?s ?p ?o } }"),
        SparqlUpdate('INSERT DATA { <x:s> ck:p "2" }', prefixes={"ck": "x:ck#"}),
        GraphWrite("merge", G, TTL, "text/turtle", base_iri="http://example.org/"),
    ]
    for op in ops:
        append_write(tmp_path, op)
    assert read_writes(tmp_path) == ops
    store = ox.Store()
    assert replay_writes(tmp_path, store) == 4
    assert _objects(store) == ["2", "http://example.org/rel"]


def test_no_log_replays_nothing_and_a_broken_log_is_a_clear_error(tmp_path: Path) -> None:
    assert replay_writes(tmp_path, ox.Store()) == 0
    StoreLayout(tmp_path).writes_log.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(ReplayError, match=r"writes\.log:1"):
        replay_writes(tmp_path, ox.Store())


def test_writing_derives_from_current_and_publishes(tmp_path: Path) -> None:
    layout = StoreLayout(tmp_path)
    with layout.building() as gen:
        gen.store.add(ox.Quad(ox.NamedNode("x:s"), ox.NamedNode("x:p"), ox.Literal("1")))
        gen.commit()
        first = gen.name
    with layout.writing(timeout=1.0) as slot:
        assert slot.base == first
        current, _ = layout.open_read_only()
        current.backup(str(slot.path))
        del current
        writable = ox.Store(str(slot.path))
        apply_write(writable, SparqlUpdate('INSERT DATA { <x:s> <x:p> "2" }'))
        writable.flush()
        del writable
        slot.publish()
    store, name = layout.open_read_only()
    assert name == slot.name != first
    assert _objects(store) == ["1", "2"]


def test_a_write_waits_for_the_lock_then_gives_up(tmp_path: Path) -> None:
    layout = StoreLayout(tmp_path)
    with layout.building() as gen:
        gen.commit()
    with layout.building(), pytest.raises(StoreBusyError), layout.writing(timeout=0.1):
        pass
    assert not list(layout.generations.glob("*.partial"))
