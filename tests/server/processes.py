"""A real ``conflictkg serve`` (gunicorn, several processes) in a subprocess, for tests."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

START_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class ServedProcess:
    host: str
    port: int
    store_dir: Path | str
    log: Path
    pid: int
    """The ``conflictkg serve`` process (gunicorn's master; web and query workers below it)."""

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            reply = conn.getresponse()
            heads = {k.lower(): v for k, v in reply.getheaders()}
            return reply.status, heads, reply.read()
        finally:
            conn.close()


@contextlib.contextmanager
def serve_process(store_dir: Path | str, log: Path, *flags: str) -> Iterator[ServedProcess]:
    """Start ``conflictkg serve`` on a free port and wait for ``/health``; stop it after."""
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "conflictkg.cli",
        "serve",
        "--store",
        str(store_dir),
        "--port",
        str(port),
        *flags,
    ]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=dict(os.environ))
    served = ServedProcess("127.0.0.1", port, store_dir, log, proc.pid)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"conflictkg serve exited:\n{log.read_text()}")
            with contextlib.suppress(OSError):
                status, _, body = served.request("GET", "/health")
                if status == 200 and b'"alive":0' not in body:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"conflictkg serve did not start:\n{log.read_text()}")
            time.sleep(0.1)
        yield served
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
