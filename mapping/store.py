"""The on-disk store: pyoxigraph databases kept as generations behind an atomic pointer.

Layout of a store directory::

    DIR/CURRENT                 name of the generation being served (replaced atomically)
    DIR/build.lock              held by the one build that may run at a time
    DIR/generations/<name>/     a complete pyoxigraph database
    DIR/generations/<name>.partial/   a build in progress (or one that died)

A build writes a fresh ``.partial`` generation, renames it when complete and only then
swaps ``CURRENT``; a build that fails or is killed (even with ``kill -9``) leaves the served
generation untouched. Readers re-read ``CURRENT`` and reopen when it changes, so a running
server picks up a new build without a restart. Old generations are pruned, keeping the
previous one so that a reader still holding it can finish.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from conflictkg.errors import UserError

KEEP_PREVIOUS = 1


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
    committed: bool = False

    def commit(self) -> None:
        """Flush, close, rename into place and swap ``CURRENT`` atomically."""
        self.store.flush()
        del self.store
        final = self.layout.generations / self.name
        os.replace(self.path, final)
        self.layout._write_current(self.name)
        self.committed = True
        self.layout.prune()


class StoreLayout:
    """A store directory holding generations. Cheap to construct; touches nothing."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self.generations = self.root / "generations"
        self.pointer = self.root / "CURRENT"
        self.lock_path = self.root / "build.lock"

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
            gen = BuildGeneration(self, name, path, ox.Store(str(path)))
            try:
                yield gen
            finally:
                if not gen.committed:
                    if hasattr(gen, "store"):
                        del gen.store
                    shutil.rmtree(path, ignore_errors=True)

    @contextmanager
    def _lock(self, *, wait: bool) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                raise StoreBusyError(
                    f"another build is writing {self.root}; wait for it to finish"
                ) from None
            yield
        finally:
            os.close(fd)

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
