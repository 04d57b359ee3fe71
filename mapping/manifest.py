"""What a generation holds, per document: the record that makes the next build incremental.

A build writes one manifest per generation (``DIR/manifests/<generation>.pickle.gz``): for
every document it loaded, the hash of its content and of the mapping version, its outcome,
the gazetteer entities it uses and its reports for the merge stage; for every merged event
and estimate, the digest of what it was made from. The next build starts
from a checkpoint of that generation and touches only the graphs of documents whose hash
changed, that are new or that disappeared; the global stages take the unchanged documents'
entities and reports from here instead of reading their graphs again.

A generation without a manifest (an older build, or one written through the endpoint) makes
the next build a full one. Pickles of our own data: as trusted as the store itself.
"""

from __future__ import annotations

import gzip
import os
import pickle
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from conflictkg.mapping.docstage import Outcome
from conflictkg.mapping.merge import DocumentReports


@dataclass(frozen=True)
class DocEntry:
    """One loaded document, as the generation holds it."""

    digest: str
    """``doccache.document_hash``: content, key and mapping version."""
    outcome: Outcome
    entities: tuple[str, ...]
    reports: bytes = b""
    """zlib-compressed pickled ``DocumentReports`` (empty for curated graphs): a manifest of
    10,000 documents stays a few megabytes in memory."""
    inferred: int = 0
    """Triples in the document's inferred graph."""

    @staticmethod
    def packed(reports: bytes) -> bytes:
        """``reports`` (pickled) as this entry keeps them."""
        return zlib.compress(reports, 1) if reports else b""

    def document_reports(self) -> DocumentReports | None:
        return pickle.loads(zlib.decompress(self.reports)) if self.reports else None


@dataclass
class Manifest:
    version: str
    """``version.mapping_version`` of the build that wrote it."""
    docs: dict[str, DocEntry] = field(default_factory=dict)
    merged: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    """Per merged unit's graph: (digest, triples, triples in its inferred graph)."""
    split: bool = True
    """Whether each graph's own consequences are in its own inferred graph (``closure``);
    a generation closed as a whole is followed by a full build."""

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with gzip.open(tmp, "wb", compresslevel=3) as fh:
            pickler = pickle.Pickler(fh, protocol=pickle.HIGHEST_PROTOCOL)
            pickler.fast = True  # no memo of every object: flat memory (no cycles here)
            pickler.dump(self)
        os.replace(tmp, path)

    @staticmethod
    def load(path: Path, version: str) -> Manifest | None:
        """The manifest at ``path`` if it exists, is intact and has this mapping version."""
        try:
            with gzip.open(path, "rb") as fh:
                found = pickle.load(fh)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            return None
        if not isinstance(found, Manifest) or found.version != version:
            return None
        return found
