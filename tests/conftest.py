"""Shared fixtures: the bundled corpus built once per session into a temporary store."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest

from conflictkg.paths import bundled_corpus

IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return bundled_corpus()


@pytest.fixture(scope="session")
def built_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """(store dir, summary) of one build of the bundled corpus."""
    from conflictkg.mapping import pipeline

    store = tmp_path_factory.mktemp("corpus-store")
    summary = pipeline.build([bundled_corpus()], store)
    return store, summary


@pytest.fixture(scope="session")
def corpus_store(built_corpus: tuple[Path, object]) -> Path:
    return built_corpus[0]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _running(command: list[str], probe: str) -> Iterator[subprocess.Popen[bytes]]:
    """Start ``command``, wait until ``probe`` (a URL) answers, stop the process after."""
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(probe, timeout=5).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server did not start: {proc.stderr.read()!r}") from None
                time.sleep(0.2)
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@contextmanager
def running_server(store: Path, *extra: str) -> Iterator[str]:
    """A real `conflictkg serve` process over ``store``; yields its /sparql URL."""
    port = _free_port()
    exe = Path(sys.executable).with_name("conflictkg")
    url = f"http://127.0.0.1:{port}/sparql"
    command = [str(exe), "serve", "--store", str(store), "--port", str(port), *extra]
    with _running(command, url + "?query=ASK%7B%7D"):
        yield url


@pytest.fixture(scope="session")
def serve() -> Callable[..., AbstractContextManager[str]]:
    """``with serve(store, *flags) as url``: a server of one's own, for one test."""
    return running_server


def oxigraph_executable() -> Path:
    """Oxigraph's server (PyPI ``oxigraph``, the ``test`` extra); missing: skip, in CI fail."""
    exe = Path(sys.executable).with_name("oxigraph")
    if not exe.is_file():
        message = "Oxigraph's server is not installed: pip install -e '.[test]'"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return exe


@contextmanager
def running_oxigraph(location: Path) -> Iterator[str]:
    """Oxigraph's own server (a third-party SPARQL store) on a free loopback port, its
    default graph the union of the named graphs; yields its base URL."""
    port = _free_port()
    command = [str(oxigraph_executable()), "serve", "--location", str(location)]
    command += ["--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    url = f"http://127.0.0.1:{port}"
    with _running(command, url + "/query?query=ASK%7B%7D"):
        yield url


@pytest.fixture(scope="session")
def oxigraph() -> Callable[[Path], AbstractContextManager[str]]:
    """``with oxigraph(folder) as url``: an Oxigraph server storing into ``folder``."""
    return running_oxigraph


@pytest.fixture(scope="session")
def endpoint(corpus_store: Path) -> Iterator[str]:
    """A real `conflictkg serve` process over the corpus store; yields its /sparql URL."""
    with running_server(corpus_store) as url:
        yield url
