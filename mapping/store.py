"""The on-disk store: pyoxigraph databases kept as generations behind an atomic pointer.

Layout of a store directory::

    DIR/CURRENT                 name of the generation being served (replaced atomically)
    DIR/build.lock              held by the one build that may run at a time
    DIR/generations/<name>/     a complete pyoxigraph database
    DIR/generations/<name>.partial/   a build in progress (or one that died)
    DIR/writes.log              every write accepted through the endpoint (``mapping.writes``)
    DIR/served-iris.txt         every entity IRI a published build ever held (for 410 Gone)
    DIR/tmp/                    spools of the build in progress (``scratch``)
    DIR/manifests/<name>.sqlite  what each document of a generation became (incremental builds)
    DIR/published.json, DIR/publish.lock, DIR/publish-*/   with ``--store URL``: what was last
                                published to the SPARQL server, and a publish in progress
                                (``mapping.publish``)

A build writes a fresh ``.partial`` generation, renames it when complete and only then
swaps ``CURRENT``; a build that fails or is killed (even with ``kill -9``) leaves the served
generation untouched. Readers re-read ``CURRENT`` and reopen when it changes, so a running
server picks up a new build without a restart. Old generations are pruned, keeping the
previous one so that a reader still holding it can finish.

Writes through the endpoint take the same lock (``writing``): the new generation is a
RocksDB checkpoint of the current one (hard links, so cheap), changed by the caller and
published the same way. One lock, one writer: a write and a build never interleave.
"""

from __future__ import annotations

import fcntl
import heapq
import io
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from conflictkg.errors import UserError
from conflictkg.mapping.sortedspool import SortedStrings

KEEP_PREVIOUS = 1
MANIFEST_SUFFIX = ".sqlite"
LOCK_POLL = 0.02


class StoreBusyError(UserError):
    """Another build holds the store."""

    exit_code = 4


class NoGenerationError(UserError):
    """The store has never been built."""

    exit_code = 2


@dataclass
class BuildGeneration:
    """A generation being written; ``commit`` publishes it."""

    layout: StoreLayout
    name: str
    path: Path
    store: ox.Store
    base: str | None = None
    """The generation served when the build took the lock (None: never built)."""
    committed: bool = False

    def start_from_base(self) -> None:
        """Begin as a checkpoint of ``base`` (hard links, so cheap) instead of empty."""
        assert self.base is not None
        del self.store
        shutil.rmtree(self.path, ignore_errors=True)
        ox.Store.read_only(str(self.layout.generations / self.base)).backup(str(self.path))
        self.store = ox.Store(str(self.path))

    def commit(self, minted: Iterable[str] = ()) -> None:
        """Flush, close, rename into place and swap ``CURRENT`` atomically.

        ``minted``: the entity IRIs (under ``iri.ID``) of the graphs this build wrote; they
        are recorded as served (for 410 Gone once a later build retires them)."""
        self.store.flush()
        self.layout.record_served(minted)
        del self.store
        self.layout._publish(self.path, self.name)
        self.committed = True


@dataclass
class WriteSlot:
    """Where a write's new generation goes; the writer fills ``path``, ``publish`` swaps it in."""

    layout: StoreLayout
    name: str
    path: Path
    base: str
    """The generation it derives from (the one current when the lock was taken)."""
    published: bool = False

    def publish(self) -> None:
        self.layout._publish(self.path, self.name)
        self.published = True


class StoreLayout:
    """A store directory holding generations. Cheap to construct; touches nothing."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self.generations = self.root / "generations"
        self.pointer = self.root / "CURRENT"
        self.lock_path = self.root / "build.lock"
        self.writes_log = self.root / "writes.log"
        self.served_iris = self.root / "served-iris.txt"
        self.manifests = self.root / "manifests"

    # --- readers -------------------------------------------------------------------------
    def current_name(self) -> str | None:
        try:
            name = self.pointer.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return name or None

    def current_path(self) -> Path | None:
        name = self.current_name()
        if name is None:
            return None
        path = self.generations / name
        return path if path.is_dir() else None

    def open_read_only(self) -> tuple[ox.Store, str]:
        """Open the served generation for reading; raise a clear error when there is none."""
        name = self.current_name()
        path = self.current_path()
        if name is None or path is None:
            raise NoGenerationError(
                f"no built graph in {self.root}: run `conflictkg build --store {self.root}` first"
            )
        return ox.Store.read_only(str(path)), name

    # --- the one writer ---------------------------------------------------------------
    @contextmanager
    def building(self, *, wait: bool = False) -> Iterator[BuildGeneration]:
        """Hold the build lock and yield a new partial generation.

        The generation is published only if the caller calls ``commit``; otherwise it is
        removed. Another build at the same time gets ``StoreBusyError`` (or waits).
        """
        self.generations.mkdir(parents=True, exist_ok=True)
        with self._lock(wait=wait):
            self._remove_partials()
            name = f"g{time.time_ns():020d}-{os.getpid()}"
            path = self.generations / f"{name}.partial"
            gen = BuildGeneration(self, name, path, ox.Store(str(path)), self.current_name())
            try:
                yield gen
            finally:
                if not gen.committed:
                    if hasattr(gen, "store"):
                        del gen.store
                    shutil.rmtree(path, ignore_errors=True)

    @contextmanager
    def scratch(self, purpose: str) -> Iterator[Path]:
        """A temporary folder for a build's spools, inside the store (the same disk). The
        caller holds the lock, so folders of ``purpose`` left by a killed build go here."""
        parent = self.root / "tmp"
        parent.mkdir(parents=True, exist_ok=True)
        for stale in parent.glob(f"{purpose}-*"):
            shutil.rmtree(stale, ignore_errors=True)
        with tempfile.TemporaryDirectory(prefix=f"{purpose}-", dir=parent) as tmp:
            yield Path(tmp)

    @contextmanager
    def writing(self, timeout: float) -> Iterator[WriteSlot]:
        """Hold the lock (waiting up to ``timeout`` s) and name a generation derived from the
        current one. The caller writes it at ``slot.path`` (e.g. ``Store.backup`` then
        changes) and calls ``publish``; otherwise it is removed."""
        base = self.current_name()
        if base is None or self.current_path() is None:
            raise NoGenerationError(
                f"no built graph in {self.root}: run `conflictkg build --store {self.root}` first"
            )
        with self._lock(wait=True, timeout=timeout):
            base = self.current_name() or base
            name = f"g{time.time_ns():020d}-{os.getpid()}"
            slot = WriteSlot(self, name, self.generations / f"{name}.partial", base)
            try:
                yield slot
            finally:
                if not slot.published:
                    shutil.rmtree(slot.path, ignore_errors=True)

    @contextmanager
    def _lock(self, *, wait: bool, timeout: float | None = None) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = None if timeout is None else time.monotonic() + timeout
            while True:
                blocking = wait and deadline is None
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
                    break
                except BlockingIOError:
                    if deadline is None or time.monotonic() >= deadline:
                        raise StoreBusyError(
                            f"another build or write holds {self.root}; "
                            "wait for it to finish and try again"
                        ) from None
                    time.sleep(LOCK_POLL)
            yield
        finally:
            os.close(fd)

    def _publish(self, path: Path, name: str) -> None:
        os.replace(path, self.generations / name)
        self._write_current(name)
        self.prune()

    # --- IRIs served by earlier builds ------------------------------------------------
    def record_served(self, iris: Iterable[str]) -> None:
        """Add ``iris`` to the record of every entity IRI a build published: a sorted file,
        merged as a stream (memory does not grow with the record; nor with the new IRIs when
        they come as ``SortedStrings``)."""
        new = iris if isinstance(iris, SortedStrings) else sorted(set(iris))
        tmp = self.served_iris.with_name(f"served-iris.{os.getpid()}.tmp")
        try:
            old = open(self.served_iris, encoding="utf-8")  # noqa: SIM115 - closed below
        except FileNotFoundError:
            old = io.StringIO()
        with old, open(tmp, "w", encoding="utf-8") as out:
            last = None
            for line in heapq.merge((line.rstrip("\n") for line in old), new):
                if line and line != last:
                    out.write(line + "\n")
                    last = line
        os.replace(tmp, self.served_iris)

    def was_served(self, entity_iri: str) -> bool:
        """Whether a published build ever held ``entity_iri``: a binary search of the sorted
        record on disk (a 404 never reads the whole record)."""
        try:
            fh = open(self.served_iris, "rb")  # noqa: SIM115 - closed below
        except FileNotFoundError:
            return False
        wanted = entity_iri.encode("utf-8")

        def line_at(offset: int) -> bytes | None:
            """The first line starting at or after ``offset`` (None at the end)."""
            fh.seek(max(0, offset - 1))
            if offset:
                fh.readline()
            line = fh.readline()
            return line.rstrip(b"\n") if line else None

        with fh:
            low, high = 0, os.fstat(fh.fileno()).st_size
            while low < high:  # the smallest offset whose line sorts at or after ``wanted``
                mid = (low + high) // 2
                line = line_at(mid)
                if line is None or line >= wanted:
                    high = mid
                else:
                    low = mid + 1
            return line_at(low) == wanted

    def _write_current(self, name: str) -> None:
        tmp = self.pointer.with_name(f"CURRENT.{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(name + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.pointer)
        dir_fd = os.open(self.root, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

    def _remove_partials(self) -> None:
        for child in self.generations.glob("*.partial"):
            shutil.rmtree(child, ignore_errors=True)

    def list_generations(self) -> list[str]:
        if not self.generations.is_dir():
            return []
        return sorted(
            p.name for p in self.generations.iterdir() if p.is_dir() and "." not in p.name
        )

    def prune(self) -> None:
        """Drop generations older than the current one and the ``KEEP_PREVIOUS`` before it."""
        current = self.current_name()
        names = self.list_generations()
        if current not in names:
            return
        older = names[: names.index(current)]
        for name in older[: max(0, len(older) - KEEP_PREVIOUS)]:
            shutil.rmtree(self.generations / name, ignore_errors=True)
        kept = set(self.list_generations())
        for path in self.manifests.glob("*"):  # and those of builds that died
            if path.name.removesuffix(MANIFEST_SUFFIX) not in kept:
                path.unlink(missing_ok=True)

    def manifest_path(self, generation: str) -> Path:
        """Where a generation's manifest lives (``mapping.manifest``)."""
        return self.manifests / f"{generation}{MANIFEST_SUFFIX}"
