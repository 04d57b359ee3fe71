"""Run the per-document stages on a Dask cluster: an existing scheduler or a local one.

Each worker loads the gazetteer once and runs ``run_document``; the build process keeps the
store (pyoxigraph allows one writer) and loads results as they arrive. At most
``in_flight`` documents are submitted at a time, so memory stays flat however long the input
is. A task that fails (a worker dies) is retried; one that still fails is reported as a
failed document, and the build goes on.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache

from conflictkg.errors import UserError
from conflictkg.mapping.docstage import DocResult, run_document
from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.model import CuratedGraph, RawDocument, ReadError

Item = RawDocument | CuratedGraph | ReadError
RETRIES = 2


@cache
def _worker_gazetteer() -> Gazetteer:
    return Gazetteer.load()


def _remote(item: Item) -> DocResult:
    return run_document(item, _worker_gazetteer())


@contextmanager
def dask_client(address: str | None, workers: int | None) -> Iterator[object]:
    """A client for ``address``, or for a local cluster of ``workers`` processes.

    Dask logs every connection and shutdown step at INFO, and configures its loggers when it is
    first imported (in this process and in each worker it starts), overriding the caller's
    levels; its default is made WARNING here, unless the user set ``DASK_LOGGING__DISTRIBUTED``.
    """
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - dask is a dependency
        raise UserError("Dask is not installed: pip install 'dask[distributed]'") from exc
    if os.environ["DASK_LOGGING__DISTRIBUTED"].lower() == "warning":
        logging.getLogger("distributed").setLevel(logging.WARNING)  # if imported before
    if address:
        try:
            client = Client(address, timeout="20s")
        except OSError as exc:
            raise UserError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
        try:
            yield client
        finally:
            client.close()
        return
    cluster = LocalCluster(
        n_workers=workers or 2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        # The scheduler serves health routes even without a dashboard, by default on port 8787:
        # a random loopback port keeps two builds (or a user's own cluster) from clashing.
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
    )
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def run_on_dask(client: object, items: Iterable[Item], in_flight: int = 16) -> Iterator[DocResult]:
    """Yield results as they complete (order not kept: the build sorts what needs sorting)."""
    from dask.distributed import as_completed

    pending: dict[object, Item] = {}
    stream = iter(items)
    done = as_completed()
    for item in stream:
        future = client.submit(_remote, item, retries=RETRIES, pure=False)  # type: ignore[attr-defined]
        pending[future] = item
        done.add(future)
        if len(pending) >= in_flight:
            yield _collect(next(done), pending)
    for future in done:
        yield _collect(future, pending)


def _collect(future: object, pending: dict[object, Item]) -> DocResult:
    item = pending.pop(future)
    try:
        return future.result()  # type: ignore[attr-defined, no-any-return]
    except Exception as exc:  # a worker died or the task raised: report, go on
        return DocResult(item.key, "failed", f"{item.key}: failed on the cluster: {exc!r}")
