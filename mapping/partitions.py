"""The merge stage's input, by partition: digests to skip what did not change, a spool on disk.

Each built document's reports and claims are split by ``merge.partition_key`` when the
document is processed (``shares``). The manifest keeps, per document, a digest of its share
of each partition, so a build knows which partitions changed (an order-independent sum of
its items' hashes, with their count) without opening any document's reports. Only the
documents that hold a part of a changed partition are unpacked, and their items go to a
spool of one file per partition (``PartitionSpool``): memory holds one partition at a time,
never every report of the corpus.
"""

from __future__ import annotations

import hashlib
import pickle
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from conflictkg.mapping.merge import ClaimReport, DocumentReports, Report, partition_key

Item = Report | ClaimReport
MODULUS = 1 << 128


def _item_hash(item: Item) -> int:
    data = item.fingerprint().encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.sha256(data).digest()[:16], "big")


@dataclass(frozen=True, slots=True)
class Shares:
    """One document's reports and claims, by partition."""

    digests: tuple[tuple[str, int, int], ...]
    """(partition, sum of its items' hashes mod 2**128, number of items), by partition."""
    packed: bytes
    """zlib-compressed pickle of {partition: tuple of items} (our own data)."""

    def items(self) -> dict[str, tuple[Item, ...]]:
        return pickle.loads(zlib.decompress(self.packed)) if self.packed else {}


NO_SHARES = Shares((), b"")


def shares(reports: DocumentReports) -> Shares:
    parts: dict[str, list[Item]] = {}
    for item in (*reports.reports, *reports.claims):
        parts.setdefault(partition_key(item), []).append(item)
    if not parts:
        return NO_SHARES
    digests = tuple(
        (key, sum(map(_item_hash, parts[key])) % MODULUS, len(parts[key])) for key in sorted(parts)
    )
    packed = pickle.dumps({k: tuple(v) for k, v in parts.items()}, pickle.HIGHEST_PROTOCOL)
    return Shares(digests, zlib.compress(packed, 1))


def partition_digests(documents: Iterable[Shares]) -> dict[str, str]:
    """Each partition's digest over all ``documents``: equal digests, equal items."""
    sums: dict[str, list[int]] = {}
    for doc in documents:
        for key, value, count in doc.digests:
            acc = sums.setdefault(key, [0, 0])
            acc[0], acc[1] = (acc[0] + value) % MODULUS, acc[1] + count
    return {key: f"{value:032x}:{count}" for key, (value, count) in sums.items()}


class PartitionSpool:
    """Items of the partitions being merged, appended to one file per partition in
    ``folder`` (a build's scratch folder, ``StoreLayout.scratch``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: dict[str, Path] = {}

    def add(self, key: str, items: Iterable[Item]) -> None:
        path = self.files.setdefault(key, self.folder / f"{len(self.files)}.pickles")
        with open(path, "ab") as fh:
            pickle.dump(tuple(items), fh, pickle.HIGHEST_PROTOCOL)

    def items(self, key: str) -> Iterator[Item]:
        path = self.files.get(key)
        if path is None:
            return
        with open(path, "rb") as fh:
            while True:
                try:
                    yield from pickle.load(fh)
                except EOFError:
                    return
