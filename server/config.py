"""Server settings, resolved once by the caller and passed to ``create_app`` explicitly."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ServerConfig:
    """What the serve side needs to know; every field has a safe default but the store."""

    store_dir: Path
    query_timeout: float = 30.0
    """Seconds a query may take, waiting for a free worker included; then it is killed."""
    workers: int = 2
    """Query worker processes: at most this many queries run at once, the rest wait."""
    max_request_bytes: int = 1_000_000
    """Largest accepted request body or query string."""

    def __post_init__(self) -> None:
        if self.query_timeout <= 0:
            raise ValueError("query_timeout must be positive")
        if self.workers < 1:
            raise ValueError("workers must be at least 1")
        if self.max_request_bytes < 1:
            raise ValueError("max_request_bytes must be positive")
