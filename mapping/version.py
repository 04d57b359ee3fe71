"""The mapping version: one hash of everything that decides what a document maps to.

Ontology, shapes, gazetteer, lexicons and the code of the build stages. A document whose
content and mapping version are unchanged maps to the same graph, so a build can take its
graph from the per-document cache instead of running the stages again.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from conflictkg import __version__
from conflictkg.paths import ontology_file, shapes_file

_MAPPING = Path(__file__).resolve().parent


@cache
def mapping_version() -> str:
    digest = hashlib.sha256(__version__.encode())
    files = [ontology_file(), shapes_file()]
    files += sorted(p for p in _MAPPING.rglob("*") if p.is_file() and _counts(p))
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:24]


def _counts(path: Path) -> bool:
    if "__pycache__" in path.parts:
        return False
    return path.suffix in {".py", ".yaml", ".yml", ".csv", ".gz", ".tsv", ".json"}
