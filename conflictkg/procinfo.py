"""Resident memory of a process and all its descendants, from /proc (Linux), and giving
freed memory back.

Used where memory is measured, not asserted on time: the scale benchmark's peak memory of a
build (with its Dask workers) and the load test's bound on a server (with its query workers).
"""

from __future__ import annotations

import ctypes
import functools
import os
from collections.abc import Callable


def tree_rss_kb(pid: int) -> int:
    """Summed VmRSS (kB) of ``pid`` and every process below it; 0 for a process gone."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                parent = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry))
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
        stack.extend(children.get(p, []))
    return total


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):  # not glibc
        return None


def release_free_memory() -> None:
    """Hand freed heap pages back to the system (glibc's ``malloc_trim``; elsewhere nothing).

    A long build allocates and frees many small objects per document (rdflib graphs, SHACL
    reports); glibc keeps pages they freed, so without this the resident memory of a build
    creeps up with the number of documents although what it holds does not."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
