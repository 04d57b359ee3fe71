"""Production serving: gunicorn, several processes, each with its own query worker pool.

Every gunicorn process builds its own app after the fork (no preloading: a worker pool's
pipes and threads must not be shared across a fork), so ``--processes N`` gives N web
processes times ``workers`` query workers. Threads per process (``gthread``) let requests
wait for a query worker without blocking page and health requests. Writes from any process
are serialized by the store's file lock.
"""

from __future__ import annotations

import logging
from typing import Any

from gunicorn.app.base import BaseApplication

from conflictkg.server.app import create_app
from conflictkg.server.config import ServerConfig


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, config: ServerConfig, options: dict[str, Any]) -> None:
        self.server_config = config
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return create_app(self.server_config)


def gunicorn_options(
    config: ServerConfig, host: str, port: int, processes: int, threads: int | None = None
) -> dict[str, Any]:
    return {
        "bind": f"{host}:{port}",
        "workers": processes,
        "worker_class": "gthread",
        "threads": threads or max(4, 2 * config.workers),
        # the arbiter's heartbeat limit: longer than any request may legitimately take
        "timeout": int(config.query_timeout) + 60,
        "graceful_timeout": 10,
        "preload_app": False,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "conflictkg-serve",
        "control_socket_disable": True,
        "limit_request_line": 0,  # long GET queries; the app checks max_request_bytes
    }


def serve_gunicorn(
    config: ServerConfig,
    host: str = "127.0.0.1",
    port: int = 5000,
    processes: int = 2,
    threads: int | None = None,
) -> None:
    """Serve with gunicorn until it is stopped (SIGTERM / Ctrl-C stop every process)."""
    access = logging.getLogger("conflictkg.server.access")
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s [%(process)d] query %(message)s"))
    access.addHandler(handler)
    access.setLevel(logging.INFO)
    access.propagate = False
    _Gunicorn(config, gunicorn_options(config, host, port, processes, threads)).run()
