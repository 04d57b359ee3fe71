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
