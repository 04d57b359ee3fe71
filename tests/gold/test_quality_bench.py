"""``bench/quality.py`` runs end to end and prints every figure it promises (not their values)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_quality_bench_prints_events_claims_and_boilerplate_figures() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "quality.py"), "--set", "unseen"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr
    for line in ("== unseen: 9 documents", "== unseen claims: 9 documents", "boilerplate events:"):
        assert line in out.stdout
    for field in ("events", "types", "places", "dates", "actors", "status", "claims", "sources"):
        assert any(row.split()[:1] == [field] for row in out.stdout.splitlines()), field
    assert "error kinds:" in out.stdout


def test_held_out_sets_show_counts_but_never_an_example() -> None:
    """Nobody developing the extractor should read a held-out error, even with --verbose."""
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "quality.py"), "--set", "fresh", "--verbose"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr
    assert "error kinds:" in out.stdout
    assert "e.g." not in out.stdout and "all errors:" not in out.stdout
    assert "GOLD " not in out.stdout and "SYS " not in out.stdout
