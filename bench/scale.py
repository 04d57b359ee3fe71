"""Scale benchmark: synthetic corpora of 1,000 and 10,000 news-sized articles.

Reports, in one run: documents per second single-process and on a 2-worker Dask
LocalCluster, peak memory of all processes of the build, and an incremental rebuild after
changing 1% of the documents against a full rebuild.

    .venv/bin/python bench/scale.py [--sizes 1000 10000] [--skip-dask]

Targets (benchmark figures, not tests): 10,000 articles in under 10 minutes on 2 cores; peak
memory at 10k within 1.5x of that at 1k; an incremental rebuild of 1% in under 5% of the
full time.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write

from conflictkg.procinfo import tree_rss_kb

EXE = str(Path(sys.executable).with_name("conflictkg"))


def run_build(args: list[str]) -> tuple[float, int, str]:
    """(seconds, peak RSS in MB over the process tree, stdout) of one `conflictkg build`."""
    started = time.perf_counter()
    proc = subprocess.Popen([EXE, "build", "--quiet", *args], stdout=subprocess.PIPE, text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss_kb(proc.pid))
        time.sleep(0.25)
    out = proc.stdout.read() if proc.stdout else ""
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"build failed ({proc.returncode}): {out}")
    return time.perf_counter() - started, peak // 1024, out


def change_one_percent(path: Path) -> None:
    lines = path.read_text("utf-8").splitlines()
    for i in range(0, len(lines), 100):
        record = json.loads(lines[i])
        record["text"] += "\n\nUpdated: the Iraqi Army captured the village of Abu Saif."
        lines[i] = json.dumps(record, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", "utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--skip-dask", action="store_true")
    args = ap.parse_args()
    peaks: dict[int, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            corpus = write(n, Path(tmp) / f"synthetic-{n}.jsonl")
            store = Path(tmp) / f"store-{n}"
            secs, peak, _ = run_build([str(corpus), "--store", str(store), "--full"])
            peaks[n] = peak
            print(
                f"{n} documents, single process: {secs:.1f} s, {n / secs:.1f} docs/s,"
                f" peak {peak} MB"
            )
            if not args.skip_dask:
                dstore = Path(tmp) / f"dask-{n}"
                dsecs, dpeak, _ = run_build(
                    [str(corpus), "--store", str(dstore), "--full", "--workers", "2"]
                )
                print(
                    f"{n} documents, Dask LocalCluster (2 worker processes): {dsecs:.1f} s,"
                    f" {n / dsecs:.1f} docs/s, peak {dpeak} MB (all processes)"
                )
            change_one_percent(corpus)
            isecs, _, out = run_build([str(corpus), "--store", str(store)])
            processed = next((line for line in out.splitlines() if "processed" in line), "")
            print(
                f"{n} documents, incremental after changing 1%: {isecs:.1f} s"
                f" = {100 * isecs / secs:.1f}% of the full build ({processed.strip()})"
            )
        if len(peaks) > 1:
            small, large = min(peaks), max(peaks)
            print(
                f"peak memory {large} docs / {small} docs:"
                f" {peaks[large] / max(1, peaks[small]):.2f}x"
            )


if __name__ == "__main__":
    main()
