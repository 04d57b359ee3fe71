"""Resident memory of a process and all its descendants, from /proc (Linux).

Used where memory is measured, not asserted on time: the scale benchmark's peak memory of a
build (with its Dask workers) and the load test's bound on a server (with its query workers).
"""

from __future__ import annotations

import os


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
