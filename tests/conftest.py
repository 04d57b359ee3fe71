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
def running_server(store: Path, *extra: str) -> Iterator[str]:
    """A real `conflictkg serve` process over ``store``; yields its /sparql URL."""
    port = _free_port()
    exe = Path(sys.executable).with_name("conflictkg")
    proc = subprocess.Popen(
        [str(exe), "serve", "--store", str(store), "--port", str(port), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=5).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server did not start: {proc.stderr.read()!r}") from None
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="session")
def serve() -> Callable[..., AbstractContextManager[str]]:
    """``with serve(store, *flags) as url``: a server of one's own, for one test."""
    return running_server


@pytest.fixture(scope="session")
def endpoint(corpus_store: Path) -> Iterator[str]:
    """A real `conflictkg serve` process over the corpus store; yields its /sparql URL."""
    with running_server(corpus_store) as url:
        yield url
