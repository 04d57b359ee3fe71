"""What a generation holds, per document: the record that makes the next build incremental.

A build writes one manifest per generation (``DIR/manifests/<generation>.sqlite``): for every
document it loaded, the hash of its content and of the mapping version, its outcome, the
gazetteer entities it uses and its reports for the merge stage; for every merged event and
estimate, the digest of what it was made from; for every merge partition, the digest of its
items. The next build starts from a checkpoint of that generation and touches only the graphs
of documents whose hash changed, that are new or that disappeared; the global stages take
the unchanged documents' entities and reports from here instead of reading their graphs.

The manifest is an SQLite file, read and written a row at a time: a build's memory does not
grow with the number of documents it records (a manifest of 10,000 documents is some tens of
megabytes as Python objects). Rows hold pickles of our own data: as trusted as the store.
A generation without a manifest (an older build, or one written through the endpoint) makes
the next build a full one.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from conflictkg.mapping.docstage import Outcome
from conflictkg.mapping.partitions import NO_SHARES, Shares

V = TypeVar("V")
_TABLES = ("meta", "docs", "merged", "partitions")


@dataclass(frozen=True)
class DocEntry:
    """One loaded document, as the generation holds it."""

    digest: str
    """``doccache.document_hash``: content, key and mapping version."""
    outcome: Outcome
    entities: tuple[str, ...]
    shares: Shares = NO_SHARES
    """Its reports and claims for the merge stage, by partition, compressed (empty for
    curated graphs)."""
    inferred: int = 0
    """Triples in the document's inferred graph."""


class Table(MutableMapping[str, V], Generic[V]):
    """One table of the manifest as a mapping from a text key to a pickled value."""

    def __init__(self, db: sqlite3.Connection, name: str) -> None:
        self.db, self.name = db, name

    def __getitem__(self, key: str) -> V:
        row = self.db.execute(f"SELECT v FROM {self.name} WHERE k = ?", (key,)).fetchone()
        if row is None:
            raise KeyError(key)
        return pickle.loads(row[0])  # type: ignore[no-any-return]

    def __setitem__(self, key: str, value: V) -> None:
        blob = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        self.db.execute(f"INSERT OR REPLACE INTO {self.name} (k, v) VALUES (?, ?)", (key, blob))

    def __delitem__(self, key: str) -> None:
        if self.db.execute(f"DELETE FROM {self.name} WHERE k = ?", (key,)).rowcount == 0:
            raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        query = f"SELECT 1 FROM {self.name} WHERE k = ?"
        return isinstance(key, str) and self.db.execute(query, (key,)).fetchone() is not None

    def __iter__(self) -> Iterator[str]:
        """Keys in sorted order (read at once: keys are small, values are not)."""
        return iter([k for (k,) in self.db.execute(f"SELECT k FROM {self.name} ORDER BY k")])

    def __len__(self) -> int:
        return int(self.db.execute(f"SELECT COUNT(*) FROM {self.name}").fetchone()[0])

    def sorted_items(self) -> Iterator[tuple[str, V]]:
        """(key, value) in key order, streamed from a cursor of its own."""
        cursor = self.db.cursor()
        cursor.execute(f"SELECT k, v FROM {self.name} ORDER BY k")
        while rows := cursor.fetchmany(256):
            for key, blob in rows:
                yield key, pickle.loads(blob)


class Manifest:
    """A generation's manifest: ``docs``, ``merged``, ``partitions`` and ``split``."""

    def __init__(self, db: sqlite3.Connection, path: Path, version: str) -> None:
        self.db, self.path, self.version = db, path, version
        self.docs: Table[DocEntry] = Table(db, "docs")
        self.merged: Table[tuple[str, int, int]] = Table(db, "merged")
        """Per merged unit's graph: (digest, triples, triples in its inferred graph)."""
        self.partitions: Table[tuple[str, tuple[str, ...]]] = Table(db, "partitions")
        """Per merge partition (``partitions``): (digest of its items, its units' graphs)."""
        self._meta: Table[Any] = Table(db, "meta")

    @property
    def split(self) -> bool:
        """Whether each graph's own consequences are in its own inferred graph (``closure``);
        a generation closed as a whole is followed by a full build."""
        return bool(self._meta.get("split", True))

    @split.setter
    def split(self, value: bool) -> None:
        self._meta["split"] = value

    @classmethod
    def create(cls, path: Path, version: str) -> Manifest:
        """A new, empty manifest, written beside ``path`` until ``save``."""
        partial = path.with_name(path.name + ".partial")
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        db = sqlite3.connect(partial)
        db.execute("PRAGMA journal_mode = OFF")  # rebuilt from scratch if a build dies
        db.execute("PRAGMA synchronous = OFF")
        for table in _TABLES:
            db.execute(f"CREATE TABLE {table} (k TEXT PRIMARY KEY, v BLOB NOT NULL)")
        manifest = cls(db, partial, version)
        manifest._meta["version"] = version
        return manifest

    def save(self, path: Path) -> None:
        """Write everything and move the manifest to ``path`` (atomically)."""
        self.db.commit()
        self.db.close()
        os.replace(self.path, path)
        self.path = path

    def discard(self) -> None:
        """Close a manifest that will not be saved, and remove it."""
        self.db.close()
        if self.path.name.endswith(".partial"):
            self.path.unlink(missing_ok=True)

    @staticmethod
    def load(path: Path, version: str) -> Manifest | None:
        """The manifest at ``path`` if it exists, is intact and has this mapping version
        (read-only; ``close`` it when done)."""
        if not path.is_file():
            return None
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            manifest = Manifest(db, path, version)
            if manifest._meta.get("version") == version:
                return manifest
        except (sqlite3.DatabaseError, pickle.UnpicklingError, EOFError):
            pass
        db.close()
        return None

    def close(self) -> None:
        self.db.close()
