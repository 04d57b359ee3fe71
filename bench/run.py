"""Benchmarks: build stages on the corpus, our reasoner vs owlrl, endpoint vs plain rdflib.

    make bench            (or: .venv/bin/python bench/run.py [--repeat N])

Prints seconds and ratios measured in this run only; nothing here is asserted by tests.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import owlrl
import yaml
from rdflib import Dataset, Graph

from conflictkg.mapping import iri
from conflictkg.mapping.oxterms import from_ox, store_triples
from conflictkg.mapping.pipeline import build
from conflictkg.mapping.query import PREFIXES
from conflictkg.mapping.reason import infer, load_schema
from conflictkg.mapping.store import StoreLayout
from conflictkg.mapping.vocab import ontology_graph
from conflictkg.paths import bundled_corpus, ontology_file

ROOT = Path(__file__).resolve().parent.parent


def _median(fn: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench_build(tmp: Path, repeat: int) -> Path:
    print("== build of the bundled corpus (median of", repeat, "runs)")
    totals, stages = [], []
    store = tmp / "store"
    for _ in range(repeat):
        started = time.perf_counter()
        summary = build([bundled_corpus()], store, full=True)  # every stage, no cache
        totals.append(time.perf_counter() - started)
        stages.append(summary.seconds)
    for stage in stages[0]:
        print(f"  {stage:<9} {statistics.median(s.get(stage, 0.0) for s in stages):7.3f} s")
    print(f"  {'total':<9} {statistics.median(totals):7.3f} s   (target: under 3 s on 2 cores)")
    print(f"  triples asserted {summary.triples_asserted}, inferred {summary.triples_inferred}")
    return store


def bench_reason(store_dir: Path, repeat: int) -> None:
    print("== reasoning: our stage vs owlrl over ontology + data")
    store, _ = StoreLayout(store_dir).open_read_only()
    data = list(store_triples(store, iri.is_data_graph))
    onto, text = ontology_graph(), ontology_file().read_bytes()
    ours = _median(lambda: infer(load_schema(onto, text), data), repeat)
    cache = store_dir / "cache"
    cached = _median(lambda: infer(load_schema(onto, text, cache), data), repeat)
    rdf_data = [(from_ox(s), from_ox(p), from_ox(o)) for s, p, o in data]

    def whole() -> None:
        g = Graph()
        for t in onto:
            g.add(t)
        for t in rdf_data:
            g.add(t)
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)

    theirs = _median(whole, max(1, repeat // 2))
    print(f"  data triples {len(data)}")
    print(
        f"  ours, closing the schema with owlrl {ours:.3f} s; with the schema cache {cached:.3f} s"
    )
    print(f"  owlrl over the whole graph {theirs:.3f} s")
    print(
        f"  ratio owlrl/ours = {theirs / ours:.1f}x uncached, {theirs / cached:.1f}x cached"
        f" (ours takes {100 * cached / theirs:.1f}% of owlrl's time)"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bench_queries(store_dir: Path, repeat: int) -> None:
    print("== example queries: endpoint over HTTP vs the same query on an in-memory rdflib Dataset")
    examples = yaml.safe_load((ROOT / "server" / "examples.yaml").read_text(encoding="utf-8"))
    port = _free_port()
    exe = Path(sys.executable).with_name("conflictkg")
    proc = subprocess.Popen(
        [str(exe), "serve", "--store", str(store_dir), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}/sparql"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        ds = Dataset(default_union=True)
        store, _ = StoreLayout(store_dir).open_read_only()
        for q in store.quads_for_pattern(None, None, None, None):
            ds.graph(from_ox(q.graph_name)).add(
                (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object))
            )
        prologue = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
        print(f"  {'query':<48} {'endpoint':>9} {'rdflib':>9} {'ratio':>7}")
        for ex in examples:
            query = ex["query"]
            full = query if "PREFIX" in query.upper() else prologue + query
            url = base + "?" + urllib.parse.urlencode({"query": query})

            def http(url: str = url) -> None:
                urllib.request.urlopen(url, timeout=60).read()

            def local(full: str = full) -> None:
                list(ds.query(full))

            http()
            t_http = _median(http, repeat)
            t_rdflib = _median(local, repeat)
            print(
                f"  {ex['title'][:48]:<48} {t_http * 1000:7.1f}ms"
                f" {t_rdflib * 1000:7.1f}ms {t_rdflib / t_http:6.1f}x"
            )
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = bench_build(Path(tmp), args.repeat)
        bench_reason(store, args.repeat)
        bench_queries(store, args.repeat)


if __name__ == "__main__":
    main()
