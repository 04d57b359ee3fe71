"""The whole build: corpus in, a published generation out; bad input refused, nothing lost."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from conflictkg.mapping.pipeline import BuildFailed, build
from conflictkg.mapping.query import select
from conflictkg.mapping.store import StoreLayout

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _sorted_nquads(store_dir: Path) -> list[str]:
    store, _ = StoreLayout(store_dir).open_read_only()
    lines = []
    for q in store.quads_for_pattern(None, None, None, None):
        if q.graph_name.value.endswith("/graph/build"):
            continue
        lines.append(str(q))
    return sorted(lines)


def test_corpus_builds_every_document(built_corpus: tuple[Path, object]) -> None:
    _, summary = built_corpus
    assert [o.key for o in summary.problems] == []  # type: ignore[attr-defined]
    assert len(summary.built) == 5  # type: ignore[attr-defined]
    assert summary.events > 20  # type: ignore[attr-defined]
    assert summary.triples_inferred > 0  # type: ignore[attr-defined]


def test_rebuild_gives_identical_nquads_without_blank_nodes(
    corpus_store: Path, corpus_dir: Path, tmp_path: Path
) -> None:
    build([corpus_dir], tmp_path / "again")
    first, second = _sorted_nquads(corpus_store), _sorted_nquads(tmp_path / "again")
    assert first == second
    store, _ = StoreLayout(corpus_store).open_read_only()
    assert not any(
        isinstance(t, ox.BlankNode)
        for q in store.quads_for_pattern(None, None, None, None)
        for t in (q.subject, q.object)
    )


def test_one_named_graph_per_document_and_the_documented_graphs(corpus_store: Path) -> None:
    store, _ = StoreLayout(corpus_store).open_read_only()
    names = {g.value for g in store.named_graphs()}
    docs = {n for n in names if "/graph/doc/" in n}
    assert len(docs) == 5
    base = "https://w3id.org/conflictkg/graph/"
    assert {base + "reference", base + "inferred", base + "build", base + "ontology"} <= names


def test_curated_rdf_with_mistakes_is_refused_and_the_rest_is_served(
    corpus_dir: Path, tmp_path: Path
) -> None:
    inputs = tmp_path / "in"
    shutil.copytree(corpus_dir, inputs)
    shutil.copy(FIXTURES / "curated" / "bad_places.ttl", inputs)
    shutil.copy(FIXTURES / "curated" / "good_units.ttl", inputs)
    summary = build([inputs], tmp_path / "store")
    problems = {o.key: o for o in summary.problems}
    assert set(problems) == {"bad_places.ttl"}
    report = problems["bad_places.ttl"].message
    assert problems["bad_places.ttl"].status == "rejected"
    assert "at most one latitude" in report
    assert "needs a source" in report
    assert "xsd:date" in report
    assert "https://example.org/analyst/capture-1" in report
    rows = select(
        tmp_path / "store", 'SELECT ?u WHERE { ?u rdfs:label "16th Infantry Division"@en }'
    )
    assert "https://example.org/analyst/16th-division" in {str(r["u"]) for r in rows}
    assert not select(tmp_path / "store", 'SELECT ?p WHERE { ?p rdfs:label "Tal Afar airbase"@en }')


def test_unreadable_file_is_named_and_the_others_build(corpus_dir: Path, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    shutil.copytree(corpus_dir, inputs)
    (inputs / "scan.pdf").write_bytes(b"%PDF-1.4\x00\x01binary")
    summary = build([inputs], tmp_path / "store")
    assert [(o.key, o.status) for o in summary.problems] == [("scan.pdf", "unreadable")]
    assert len(summary.built) == 5


def test_nothing_buildable_keeps_the_previous_graph(corpus_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(corpus_store, store)
    before = StoreLayout(store).current_name()
    bad = tmp_path / "bad"
    bad.mkdir()
    shutil.copy(FIXTURES / "curated" / "bad_places.ttl", bad)
    with pytest.raises(BuildFailed, match="previous graph stays served"):
        build([bad], store)
    assert StoreLayout(store).current_name() == before


def test_build_killed_halfway_leaves_the_previous_graph_served(
    corpus_dir: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    build([corpus_dir], store)
    layout = StoreLayout(store)
    served, before = layout.current_name(), _sorted_nquads(store)

    many = tmp_path / "many"
    for i in range(40):
        for doc in sorted(corpus_dir.iterdir())[1:]:  # the short news pages
            target = many / f"batch{i:02d}" / doc.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(doc, target)
    exe = Path(sys.executable).with_name("conflictkg")
    proc = subprocess.Popen(
        [str(exe), "build", str(many), "--store", str(store)],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stderr is not None
    seen = 0
    deadline = time.monotonic() + 120
    while seen < 5 and time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        seen += line.startswith("[")
    assert seen >= 5, "the build did not get halfway"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL

    assert layout.current_name() == served
    assert _sorted_nquads(store) == before
    # the next build cleans the dead build's partial generation, resumes from the documents
    # the killed build had finished (per-document checkpoints) and publishes
    resumed = build([many], store)
    assert layout.current_name() != served
    assert not list(layout.generations.glob("*.partial"))
    assert resumed.processed < len(resumed.outcomes)
