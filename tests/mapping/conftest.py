"""Fixtures shared by the mapping tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conflictkg.mapping.extract import extract
from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.model import CleanDocument, DocumentMetadata, Extraction

Extract = Callable[[str], Extraction]


@pytest.fixture(scope="session")
def bundled_gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="session")
def extract_text(bundled_gazetteer: Gazetteer) -> Extract:
    """Extract from a plain text with no metadata, with the bundled gazetteer."""

    def run(text: str) -> Extraction:
        doc = CleanDocument("t", Path("t.txt"), "txt", text, DocumentMetadata(), ())
        return extract(doc, bundled_gazetteer)

    return run
