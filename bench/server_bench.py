"""Compare this endpoint with Oxigraph's server and rdflib-endpoint on the same data and queries.

    .venv/bin/python bench/server_bench.py [--quads 1000000] [--seconds 5] [--skip-rdflib-large]

Data: the bundled corpus built by ``conflictkg build``, and a generated graph of the same
shape (the corpus quads copied with renamed IRIs and graphs up to about ``--quads``).
Servers: ``conflictkg serve`` (gunicorn, 2 processes x 2 query workers), ``oxigraph
serve-read-only --union-default-graph`` (PyPI ``oxigraph``) and ``rdflib-endpoint serve``
(union default graph), all on loopback. Each query kind is run by 1, 4 and 16 concurrent
clients for ``--seconds``; throughput and p50/p99 latency per kind, then ratios. Needs the
bench extra (``pip install -e '.[bench]'``, done by scripts/bootstrap.sh). Not run by tests.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ID = "https://w3id.org/conflictkg/id/"
GRAPH = "https://w3id.org/conflictkg/graph/"
PREFIX = "PREFIX ck: <https://w3id.org/conflictkg/ontology#>\n"
PREFIX += "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
QUERIES: dict[str, str] = {
    "lookup": f"SELECT ?p ?o WHERE {{ <{ID}place/mosul> ?p ?o }}",
    "label-join": PREFIX + "SELECT ?e ?l WHERE { ?e a ck:Capture ; ck:location ?p . "
    "?p rdfs:label ?l } LIMIT 100",
    "count-classes": "SELECT ?c (COUNT(*) AS ?n) WHERE { ?s a ?c } GROUP BY ?c",
    "per-graph": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "events-by-date": PREFIX + "SELECT ?e ?d WHERE { ?e a ck:Event ; ck:date ?d } "
    "ORDER BY ?d LIMIT 50",
    "ask": PREFIX + "ASK { ?e a ck:Airstrike }",
}
CLIENTS = (1, 4, 16)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def corpus_quads(work: Path) -> list[ox.Quad]:
    from conflictkg.mapping.pipeline import build
    from conflictkg.mapping.store import StoreLayout
    from conflictkg.paths import bundled_corpus

    store_dir = work / "corpus-store"
    build([bundled_corpus()], store_dir)
    store, _ = StoreLayout(store_dir).open_read_only()
    return list(store.quads_for_pattern(None, None, None, None))


def _rename(term: object, copy: int) -> object:
    if isinstance(term, ox.NamedNode) and term.value.startswith((ID, GRAPH)):
        return ox.NamedNode(f"{term.value}-c{copy}" if copy else term.value)
    return term


def scaled(quads: list[ox.Quad], scale: int) -> Iterator[ox.Quad]:
    """``scale`` renamed copies: same shape, same degree distribution, distinct entities."""
    for copy in range(scale):
        for q in quads:
            graph = (
                q.graph_name
                if isinstance(q.graph_name, ox.DefaultGraph)
                else _rename(q.graph_name, copy)
            )
            yield ox.Quad(_rename(q.subject, copy), q.predicate, _rename(q.object, copy), graph)  # type: ignore[arg-type]


@dataclass
class Server:
    name: str
    url: str
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def wait_ready(url: str, proc: subprocess.Popen[bytes], limit: float = 900.0) -> None:
    deadline = time.monotonic() + limit
    query = urllib.parse.urlencode({"query": "ASK {}"})
    parts = urllib.parse.urlsplit(url)
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: server exited")
        with contextlib.suppress(OSError, http.client.HTTPException):
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
            conn.request(
                "GET",
                f"{parts.path}?{query}",
                headers={"Accept": "application/sparql-results+json"},
            )
            if conn.getresponse().status == 200:
                return
        time.sleep(0.5)
    raise RuntimeError(f"{url}: not ready")


def start_servers(work: Path, name: str, quads: list[ox.Quad], rdflib_too: bool) -> list[Server]:
    from conflictkg.mapping.store import StoreLayout

    dump = work / f"{name}.nq"
    ox.serialize(quads, str(dump), ox.RdfFormat.N_QUADS)
    store_dir = work / f"{name}-ours"
    with StoreLayout(store_dir).building() as gen:
        gen.store.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
        gen.commit()
    servers = []
    port = free_port()
    proc = subprocess.Popen(
        [
            str(BIN / "conflictkg"),
            "serve",
            "--store",
            str(store_dir),
            "--port",
            str(port),
            "--processes",
            "2",
            "--workers",
            "2",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    servers.append(Server("conflictkg", f"http://127.0.0.1:{port}/sparql", proc))
    oxi_dir = work / f"{name}-oxigraph"
    subprocess.run(
        [str(BIN / "oxigraph"), "load", "--location", str(oxi_dir), "--file", str(dump)],
        check=True,
        capture_output=True,
    )
    port = free_port()
    proc = subprocess.Popen(
        [
            str(BIN / "oxigraph"),
            "serve-read-only",
            "--location",
            str(oxi_dir),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    servers.append(Server("oxigraph", f"http://127.0.0.1:{port}/query", proc))
    if rdflib_too:
        port = free_port()
        proc = subprocess.Popen(
            [
                str(BIN / "rdflib-endpoint"),
                "serve",
                str(dump),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        servers.append(Server("rdflib-endpoint", f"http://127.0.0.1:{port}/", proc))
    for server in servers:
        wait_ready(server.url, server.process)
    return servers


@dataclass(frozen=True)
class Result:
    server: str
    kind: str
    clients: int
    requests: int
    errors: int
    seconds: float
    p50: float
    p99: float

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def hammer(url: str, query: str, clients: int, seconds: float) -> tuple[list[float], int, float]:
    parts = urllib.parse.urlsplit(url)
    body = urllib.parse.urlencode({"query": query}).encode()
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json",
    }
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        mine: list[float] = []
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                conn.request("POST", parts.path or "/", body=body, headers=headers)
                reply = conn.getresponse()
                reply.read()
                ok = reply.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
                ok = False
            if ok:
                mine.append(time.perf_counter() - started)
            else:
                with lock:
                    errors[0] += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors[0], time.monotonic() - started


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def run(servers: list[Server], seconds: float) -> list[Result]:
    results = []
    for kind, query in QUERIES.items():
        for clients in CLIENTS:
            for server in servers:
                lat, errors, elapsed = hammer(server.url, query, clients, seconds)
                results.append(
                    Result(
                        server.name,
                        kind,
                        clients,
                        len(lat),
                        errors,
                        elapsed,
                        pct(lat, 0.5),
                        pct(lat, 0.99),
                    )
                )
                r = results[-1]
                print(
                    f"  {server.name:16} {kind:15} c={clients:<3} {r.throughput:9.1f} req/s "
                    f"p50 {r.p50:8.1f} ms  p99 {r.p99:8.1f} ms  errors {errors}",
                    flush=True,
                )
    return results


def summary(label: str, results: list[Result]) -> None:
    print(f"\n== {label}: throughput ratios (conflictkg / other), geometric mean over kinds ==")
    others = sorted({r.server for r in results} - {"conflictkg"})
    for clients in CLIENTS:
        parts = []
        for other in others:
            ratios = []
            for kind in QUERIES:
                ours = next(
                    r
                    for r in results
                    if (r.server, r.kind, r.clients) == ("conflictkg", kind, clients)
                )
                theirs = next(
                    r for r in results if (r.server, r.kind, r.clients) == (other, kind, clients)
                )
                if ours.throughput and theirs.throughput:
                    ratios.append(ours.throughput / theirs.throughput)
            if ratios:
                parts.append(f"vs {other} {statistics.geometric_mean(ratios):.2f}x")
        print(f"  {clients:>2} clients: " + ", ".join(parts))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quads", type=int, default=1_000_000, help="size of the generated graph")
    ap.add_argument("--seconds", type=float, default=5.0, help="seconds per kind and concurrency")
    ap.add_argument(
        "--skip-rdflib-large", action="store_true", help="rdflib-endpoint on the corpus only"
    )
    args = ap.parse_args()
    for tool in ("oxigraph", "rdflib-endpoint", "conflictkg"):
        if shutil.which(tool, path=str(BIN)) is None:
            sys.exit(f"{tool} is missing: pip install -e '.[bench]'")
    with tempfile.TemporaryDirectory(prefix="server-bench-") as tmp:
        work = Path(tmp)
        base = corpus_quads(work)
        scale = max(1, round(args.quads / len(base)))
        for label, quads, rdflib_too in (
            ("corpus", base, True),
            (
                f"generated x{scale}",
                list(scaled(base, scale)),
                not args.skip_rdflib_large,
            ),
        ):
            print(f"\n== {label}: {len(quads)} quads ==", flush=True)
            servers = start_servers(work, label.split()[0], quads, rdflib_too)
            try:
                results = run(servers, args.seconds)
            finally:
                for server in servers:
                    server.stop()
            summary(label, results)
    os.sync()


if __name__ == "__main__":
    main()
