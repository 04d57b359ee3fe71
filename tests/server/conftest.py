"""Fixtures for the server tests: one real HTTP server per test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from serverkit import LiveServer, build_store, sample_quads, start_server

from conflictkg.server.config import ServerConfig


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server over a two-document store, shared by the tests of a module."""
    store_dir = tmp_path_factory.mktemp("store")
    build_store(store_dir, sample_quads())
    yield from start_server(
        ServerConfig(
            store_dir=store_dir, query_timeout=20.0, workers=2, max_request_bytes=1_000_000
        )
    )
