"""Merge partitions: digests that show what changed, a spool that gives the items back."""

from __future__ import annotations

from pathlib import Path

from conflictkg.mapping.extract import extract
from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.merge import (
    DocumentReports,
    document_reports,
    merged_units,
    partition_key,
    partition_units,
)
from conflictkg.mapping.model import CleanDocument, DocumentMetadata
from conflictkg.mapping.partitions import PartitionSpool, partition_digests, shares
from conflictkg.mapping.store import StoreLayout

TEXT = (
    "On 3 March 2017, the CTS captured Bashiqa. "
    "On 5 March 2017, the army captured Tel Keppe. "
    "At least 900 ISIL fighters were killed in Mosul in March 2017, according to the UN."
)


def reports(gaz: Gazetteer, key: str, text: str = TEXT) -> DocumentReports:
    doc = CleanDocument(key, Path(key), "txt", text, DocumentMetadata(), ())
    return document_reports(extract(doc, gaz))


def test_shares_split_by_partition_and_give_the_items_back(bundled_gazetteer: Gazetteer) -> None:
    doc = reports(bundled_gazetteer, "a.txt")
    share = shares(doc)
    items = share.items()
    assert set(items) == {
        "event|Capture|occurred|2017",
        "event|Killing|occurred|2017",  # "were killed" is also told as an event
        "claim|fighters_killed|2017-03",
    }
    everything = [item for group in items.values() for item in group]
    assert sorted(map(str, everything)) == sorted(map(str, (*doc.reports, *doc.claims)))
    assert [(k, n) for k, _, n in share.digests] == [(k, len(v)) for k, v in sorted(items.items())]
    assert all(partition_key(item) == key for key, group in items.items() for item in group)


def test_partition_digests_ignore_order_and_see_every_change(
    bundled_gazetteer: Gazetteer,
) -> None:
    a = shares(reports(bundled_gazetteer, "a.txt"))
    b = shares(reports(bundled_gazetteer, "b.txt"))
    assert partition_digests([a, b]) == partition_digests([b, a])
    changed = shares(reports(bundled_gazetteer, "b.txt", TEXT.replace("5 March", "6 March")))
    before, after = partition_digests([a, b]), partition_digests([a, changed])
    assert before["claim|fighters_killed|2017-03"] == after["claim|fighters_killed|2017-03"]
    assert before["event|Capture|occurred|2017"] != after["event|Capture|occurred|2017"]
    gone = partition_digests([a])  # a document removed changes its partitions too
    assert gone["event|Capture|occurred|2017"] != before["event|Capture|occurred|2017"]


def test_spooled_partitions_merge_as_in_memory(
    bundled_gazetteer: Gazetteer, tmp_path: Path
) -> None:
    docs = [reports(bundled_gazetteer, f"{n}.txt") for n in "abc"]
    in_memory = {u.graph: u.digest for u in merged_units(docs, bundled_gazetteer)}
    layout = StoreLayout(tmp_path)
    (tmp_path / "tmp" / "merge-left-by-a-killed-build").mkdir(parents=True)
    with layout.scratch("merge") as folder:
        parts = PartitionSpool(folder)
        for doc in docs:
            for key, items in shares(doc).items().items():
                parts.add(key, items)
        spooled = {
            u.graph: u.digest
            for key in sorted(parts.files)
            for u in partition_units(key, parts.items(key), bundled_gazetteer)
        }
        assert {p.parent for p in (tmp_path / "tmp").glob("*/*")} == {folder}  # on disk
    assert spooled == in_memory and len(in_memory) == 4  # two captures, a killing, an estimate
    assert not list((tmp_path / "tmp").iterdir())  # removed afterwards, and the stale one too
