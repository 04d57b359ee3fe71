"""Shared fixtures: the bundled corpus built once per session into a temporary store."""

from __future__ import annotations

import os
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
