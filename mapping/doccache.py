"""Per-document checkpoints: a document's validated graph, kept by content and mapping version.

A build asks the cache before running the per-document stages. The cache makes builds
incremental (only changed or new documents are processed) and resumable (a build killed
with ``kill -9`` finds the documents it had finished). Entries are written atomically, one
file per document, so a crash leaves either a whole entry or none.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from conflictkg.mapping.model import RawDocument


@dataclass(frozen=True)
class CachedDocument:
    nquads: bytes  # the document's named graph, N-Quads
    events: int
    triples: int
    entities: tuple[str, ...]  # gazetteer entity ids the graph refers to


def document_hash(raw: RawDocument, version: str) -> str:
    """Stable over runs: the mapping version, the key, the text and the stated fields."""
    digest = hashlib.sha256()
    for part in (
        version,
        raw.key,
        raw.fmt,
        raw.text,
        json.dumps(raw.fields, sort_keys=True, default=str),
    ):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


class DocCache:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json.gz"

    def get(self, key: str) -> CachedDocument | None:
        path = self._path(key)
        try:
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, EOFError, json.JSONDecodeError):
            return None  # missing, or damaged: process the document again
        return CachedDocument(
            nquads=data["nquads"].encode("utf-8"),
            events=int(data["events"]),
            triples=int(data["triples"]),
            entities=tuple(data["entities"]),
        )

    def put(self, key: str, doc: CachedDocument) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        payload = {
            "nquads": doc.nquads.decode("utf-8"),
            "events": doc.events,
            "triples": doc.triples,
            "entities": list(doc.entities),
        }
        with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=3) as fh:
            json.dump(payload, fh)
        os.replace(tmp, path)
