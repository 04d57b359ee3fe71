"""Per-document checkpoints: a document's result, kept by its content and the mapping version.

A build asks the cache before running the per-document stages. The cache makes builds
incremental (only changed or new documents are processed) and resumable (a build killed
with ``kill -9`` finds the documents it had finished). Entries are written atomically, one
file per document, so a crash leaves either a whole entry or none. Only built documents are
cached: rejected ones are tried again by every build (and by ``--retry``).

Entries are pickles of our own ``DocResult``: the cache lives inside the store directory and
must be as trusted as the store itself.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import pickle
from collections.abc import Collection
from pathlib import Path

from conflictkg.mapping.docstage import DocResult
from conflictkg.mapping.model import CuratedGraph, RawDocument


def document_hash(item: RawDocument | CuratedGraph, version: str) -> str:
    """Stable over runs: the mapping version, the key, the text and the stated fields."""
    digest = hashlib.sha256()
    if isinstance(item, CuratedGraph):
        parts: tuple[str, ...] = (version, item.key, "curated", item.turtle)
    else:
        fields = json.dumps(item.fields, sort_keys=True, default=str)
        parts = (version, item.key, item.fmt, item.text, fields)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


class DocCache:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.pickle.gz"

    def get(self, key: str) -> DocResult | None:
        try:
            with gzip.open(self._path(key), "rb") as fh:
                result = pickle.load(fh)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            return None  # missing or damaged: the document is processed again
        return result if isinstance(result, DocResult) else None

    def put(self, key: str, result: DocResult) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with gzip.open(tmp, "wb", compresslevel=3) as fh:
            pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)

    def prune(self, keep: Collection[str]) -> int:
        """Remove the entries not in ``keep`` (the digests a published generation holds) and
        temporary files left by killed builds; returns how many files went. Run after a
        build succeeded: what it had finished is in the store by then, and the cache keeps
        only what a fresh generation (after an endpoint write) would take from it."""
        removed = 0
        for path in self.root.glob("*/*"):
            name = path.name
            if name.endswith(".tmp") or name.removesuffix(".pickle.gz") not in keep:
                path.unlink(missing_ok=True)
                removed += 1
        return removed
