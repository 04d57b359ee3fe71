"""Where bundled data lives, in a source checkout and in an installed wheel alike."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

_PKG = Path(__file__).resolve().parent


def ontology_file() -> Path:
    return Path(str(resources.files("conflictkg.ontology") / "conflictkg.ttl"))


def shapes_file() -> Path:
    return Path(str(resources.files("conflictkg.shapes") / "conflictkg-shapes.ttl"))


def mapping_data(name: str) -> Path:
    """A data file of the mapping (gazetteer, lexicons): ``data/...`` or ``lexicons/...``."""
    return Path(str(resources.files("conflictkg.mapping") / name))


def bundled_corpus() -> Path:
    """The default corpus: inside the wheel, or the repository's ``corpus/`` in a checkout."""
    for candidate in (_PKG / "corpus", _PKG.parent / "corpus"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the bundled corpus is missing from this installation")


def user_cache() -> Path | None:
    """A writable cache folder for derived files (``CONFLICTKG_CACHE``, else the XDG cache),
    or None when there is none (then nothing is cached on disk)."""
    base = os.environ.get("CONFLICTKG_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "conflictkg"
    )
    try:
        Path(base).mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return Path(base) if os.access(base, os.W_OK) else None
