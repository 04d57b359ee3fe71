"""A bounded pool of query worker processes, so that a query past its time limit really stops.

pyoxigraph cannot cancel a running query, so each query runs in a separate process (the
'spawn' start method: no forked locks or open databases) which is killed with SIGKILL when
the limit passes, and replaced. Requests beyond the pool size wait for a free worker, and
that wait counts towards the same limit. A worker is handed out only once it has said it is
ready, so a replacement's start-up is not charged to the query that happens to get it.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import queue
import threading
import time
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, Protocol

from conflictkg.errors import QueryTimeout
from conflictkg.server.execute import QueryFailure, StoreHandle, execute
from conflictkg.server.remote import RemoteSource, open_handle

log = logging.getLogger(__name__)


class Job(Protocol):
    """A picklable job; ``run`` is called in a worker with its ``StoreHandle``."""

    def run(self, handle: StoreHandle) -> Any: ...


READY = "ready"
START_TIMEOUT = 60.0
"""Seconds a new worker may take to import and report ready before it counts as failed."""


def worker_main(store_dir: str, conn: Connection, remote: RemoteSource | None = None) -> None:
    """The loop of one worker process: a job in, an outcome out, until told to stop (None)."""
    handle = open_handle(Path(store_dir), remote)
    conn.send(READY)
    while True:
        try:
            job = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if job is None:
            return
        try:
            outcome = execute(handle, job)
        except Exception:
            outcome = QueryFailure("internal", traceback.format_exc())
        conn.send(outcome)


class WorkerCrashed(Exception):
    """A query worker died while running a query: a server fault, not the user's."""


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection


@dataclass(frozen=True)
class PoolStatus:
    size: int
    idle: int
    alive: int
    pids: tuple[int, ...]
    """Process ids of the live workers (for operators and tests; not shown over HTTP)."""


class WorkerPool:
    """``size`` worker processes reading the store in ``store_dir`` (or ``remote``);
    thread-safe."""

    def __init__(self, store_dir: Path, size: int, remote: RemoteSource | None = None) -> None:
        self.store_dir = store_dir
        self.size = size
        self.remote = remote
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False

    # --- lifecycle -------------------------------------------------------------------
    def start(self) -> None:
        """Start missing workers; they become available as they report ready.

        Workers are started with 'spawn', which re-imports the parent's ``__main__``: a
        script that creates the app must guard it with ``if __name__ == "__main__":``.
        """
        with self._lock:
            if self._closed:
                return
            missing = self.size - len(self._workers)
        for _ in range(missing):
            self._spawn()

    def close(self) -> None:
        """Stop every worker: ask politely, then kill what is left. Idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            with contextlib.suppress(OSError, ValueError):
                worker.conn.send(None)
        deadline = time.monotonic() + 2.0
        for worker in workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            self._kill(worker)

    def status(self) -> PoolStatus:
        with self._lock:
            pids = sorted(w.process.pid or 0 for w in self._workers if w.process.is_alive())
        return PoolStatus(self.size, self._idle.qsize(), len(pids), tuple(pids))

    # --- running a query -------------------------------------------------------------
    def run(self, job: Job, timeout: float, limit: float | None = None) -> Any:
        """Run ``job`` on a free worker within ``timeout`` seconds, or raise ``QueryTimeout``.

        The outcome is whatever ``job.run`` returned in the worker (see ``execute``).
        ``limit`` is the whole request's limit, named in the timeout message (``timeout``
        may be what is left of it).

        A worker found dead when handed the job (killed while idle) is replaced and the job
        tried once more; a second death is reported as ``WorkerCrashed`` (a server fault).
        """
        self.start()  # replaces workers that failed to start
        deadline = time.monotonic() + timeout
        limit = timeout if limit is None else limit
        for attempt in (1, 2):
            worker = self._take(deadline, limit)
            try:
                worker.conn.send(job)
                finished = worker.conn.poll(max(0.0, deadline - time.monotonic()))
                outcome = worker.conn.recv() if finished else None
            except (EOFError, OSError) as exc:
                self._replace(worker)
                if attempt == 1:
                    log.warning("query worker %s died; retrying once", worker.process.pid)
                    continue
                raise WorkerCrashed(f"query worker {worker.process.pid} died: {exc!r}") from exc
            if outcome is None:
                self._replace(worker)
                raise QueryTimeout(
                    f"query timed out: it was stopped at the {limit:g} s limit; "
                    "make it more selective (add patterns, FILTERs or a LIMIT)"
                )
            self._idle.put(worker)
            return outcome
        raise AssertionError("unreachable")  # pragma: no cover

    # --- internals -------------------------------------------------------------------
    def _take(self, deadline: float, timeout: float) -> _Worker:
        """A live idle worker, waiting until ``deadline``; one that died idle is replaced."""
        while True:
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise QueryTimeout(
                    f"query timed out: no query worker became free within the {timeout:g} s "
                    "limit (the server is busy; try again later)"
                ) from None
            if worker.process.is_alive():
                return worker
            log.error("query worker %s died while idle; replacing it", worker.process.pid)
            self._replace(worker)

    def _spawn(self) -> None:
        parent_conn, child_conn = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(
            target=worker_main,
            args=(str(self.store_dir), child_conn, self.remote),
            name="conflictkg-query-worker",
            daemon=True,
        )
        process.start()
        child_conn.close()
        worker = _Worker(process, parent_conn)
        with self._lock:
            if self._closed:
                self._kill(worker)
                return
            self._workers.add(worker)
        threading.Thread(target=self._await_ready, args=(worker,), daemon=True).start()

    def _await_ready(self, worker: _Worker) -> None:
        try:
            ready = worker.conn.poll(START_TIMEOUT) and worker.conn.recv() == READY
        except (EOFError, OSError):
            ready = False
        with self._lock:
            usable = ready and not self._closed and worker in self._workers
        if usable:
            self._idle.put(worker)
            return
        if not self._closed:
            log.error("query worker %s failed to start", worker.process.pid)
        self._discard(worker)

    def _replace(self, worker: _Worker) -> None:
        self._discard(worker)
        with self._lock:
            closed = self._closed
        if not closed:
            self._spawn()

    def _discard(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.discard(worker)
        self._kill(worker)

    @staticmethod
    def _kill(worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5.0)
        worker.conn.close()
