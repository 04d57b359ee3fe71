"""Incremental, resumable and distributed builds give exactly what a full build gives."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conflictkg.mapping.manifest import Manifest
from conflictkg.mapping.pipeline import build
from conflictkg.mapping.store import StoreLayout
from conflictkg.mapping.version import mapping_version

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def nquads(store_dir: Path) -> list[str]:
    """The served graph as sorted N-Quads, without the build graph (it records the time)."""
    store, _ = StoreLayout(store_dir).open_read_only()
    return sorted(
        str(q)
        for q in store.quads_for_pattern(None, None, None, None)
        if not q.graph_name.value.endswith("/graph/build")  # type: ignore[union-attr]
    )


@pytest.fixture()
def inputs(corpus_dir: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(corpus_dir, folder)
    return folder


def test_incremental_build_equals_full_build(inputs: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = build([inputs], store)
    assert first.processed == 5
    # change one document, add one, remove one
    changed = inputs / "001_a4a40a604d234d8d.txt"
    changed.write_text(changed.read_text("utf-8").replace("Gogjali", "Gogjali village"), "utf-8")
    (inputs / "005_new.txt").write_text(
        "Mosul offensive\n\nOn 3 March 2017, the Iraqi Army captured the village of Abu Saif.\n",
        "utf-8",
    )
    (inputs / "002_56f71a38fce8bbcd.txt").unlink()
    again = build([inputs], store)
    assert again.processed == 2  # the changed and the new document
    assert {o.key for o in again.outcomes if o.cached} == {
        "000_a085b2c87e35b401.txt",
        "003_a7de4bf8afd987b8.txt",
        "004_8bb243a6aae75e03.txt",
    }
    full = build([inputs], tmp_path / "full", full=True)
    assert full.processed == 5
    assert nquads(store) == nquads(tmp_path / "full")
    assert not any("002_56f71a38fce8bbcd" in line for line in nquads(store))
    # the cache keeps the entries of the documents served, no older versions
    assert len(list((store / "cache" / "documents").glob("*/*"))) == 5
    # the merge partitions and units the incremental build recorded are the full build's
    incremental, whole = manifest(store), manifest(tmp_path / "full")
    assert incremental.partitions == whole.partitions and incremental.merged == whole.merged


def manifest(store_dir: Path) -> Manifest:
    layout = StoreLayout(store_dir)
    found = Manifest.load(layout.manifest_path(layout.current_name() or ""), mapping_version())
    assert found is not None
    return found


ALIAS = """@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix ck: <https://w3id.org/conflictkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://example.org/analyst/mosul-city> a ck:City ; rdfs:label "Mosul city"@en ;
    owl:sameAs <https://w3id.org/conflictkg/id/place/mosul> .
"""


def test_a_curated_sameas_closes_the_whole_store_and_incremental_still_equals_full(
    corpus_dir: Path, tmp_path: Path
) -> None:
    """An owl:sameAs outside the gazetteer joins every graph that mentions its nodes: the
    closure is then made over the whole store (no per-document inferred graphs)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("003_a7de4bf8afd987b8.txt", "004_8bb243a6aae75e03.txt"):
        shutil.copy(corpus_dir / name, folder)
    (folder / "alias.ttl").write_text(ALIAS, "utf-8")
    store = tmp_path / "store"
    build([folder], store)
    page = folder / "004_8bb243a6aae75e03.txt"
    page.write_text(page.read_text("utf-8") + "\nThe army retook Mosul.\n", "utf-8")
    again = build([folder], store)
    assert again.processed == 1
    full = build([folder], tmp_path / "full", full=True)
    assert nquads(store) == nquads(tmp_path / "full")
    graphs = {line.rsplit(" ", 2)[-2] for line in nquads(store)}
    assert not any("/graph/inferred/" in g for g in graphs)
    analyst = "<https://example.org/analyst/mosul-city>"
    assert any(line.startswith(analyst) and "graph/inferred>" in line for line in nquads(store))
    assert full.triples_inferred == again.triples_inferred


def test_quarantine_reports_and_retry(inputs: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copy(FIXTURES / "curated" / "bad_places.ttl", inputs)
    build([inputs], store)
    reports = list((store / "quarantine").glob("*.report.txt"))
    assert len(reports) == 1
    assert "at most one latitude" in reports[0].read_text("utf-8")
    (inputs / "bad_places.ttl").unlink()
    build([inputs], store)
    assert not list((store / "quarantine").glob("*.report.txt"))


def test_dask_local_cluster_equals_single_process(inputs: Path, tmp_path: Path) -> None:
    """Through the CLI, as a user runs it: the same graph, and only our own lines on stderr."""
    local = build([inputs], tmp_path / "local")
    cli = [sys.executable, "-m", "conflictkg", "build", "--store", str(tmp_path / "dask")]
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASK_")}
    run = subprocess.run(
        [*cli, "--workers", "2", "--full", str(inputs)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    progress = [line for line in run.stderr.splitlines() if line.startswith("[")]
    assert len(progress) == local.processed == 5
    keys = sorted(line.split()[1].rstrip(":") for line in progress)
    assert keys == sorted(o.key for o in local.outcomes)
    assert [line for line in run.stderr.splitlines() if line not in progress] == []
    assert nquads(tmp_path / "dask") == nquads(tmp_path / "local")
