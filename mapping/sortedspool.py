"""Distinct strings in sorted order with bounded memory: an external sort.

A full build of a large corpus mints hundreds of thousands of entity IRIs, which the store
records as served (``StoreLayout.record_served``). Holding them in a list would make the
build's memory grow with the corpus; here they are sorted in runs of ``run_size`` written to
disk, and merged lazily when read.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from pathlib import Path


class SortedStrings:
    """Strings without newlines (IRIs), given in any order, read back sorted and distinct."""

    def __init__(self, folder: Path, run_size: int = 50_000) -> None:
        self.folder, self.run_size = folder, run_size
        self.buffer: set[str] = set()
        self.runs: list[Path] = []

    def extend(self, items: Iterable[str]) -> None:
        for item in items:
            self.buffer.add(item)
            if len(self.buffer) >= self.run_size:
                self._spill()

    def _spill(self) -> None:
        path = self.folder / f"run-{len(self.runs)}.txt"
        with open(path, "w", encoding="utf-8") as fh:
            fh.writelines(f"{s}\n" for s in sorted(self.buffer))
        self.runs.append(path)
        self.buffer = set()

    def __iter__(self) -> Iterator[str]:
        handles = [open(path, encoding="utf-8") for path in self.runs]  # noqa: SIM115
        try:
            streams = [(line.rstrip("\n") for line in fh) for fh in handles]
            last = None
            for item in heapq.merge(*streams, sorted(self.buffer)):
                if item != last:
                    yield item
                    last = item
        finally:
            for fh in handles:
                fh.close()
