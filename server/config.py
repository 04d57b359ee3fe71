"""Server settings, resolved once by the caller and passed to ``create_app`` explicitly."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from conflictkg.mapping import iri
from conflictkg.mapping.remote import RemoteStore
from conflictkg.server.policy import AllowList


@dataclass(frozen=True)
class ServerConfig:
    """What the serve side needs to know; every field has a safe default but the store."""

    store_dir: Path
    """The store directory; with ``remote``, the build's working store (its record of served
    IRIs answers 410 Gone)."""
    remote: RemoteStore | None = None
    """A remote SPARQL 1.1 store to front, read-only, instead of the local generations."""
    query_timeout: float = 30.0
    """Seconds a query may take, waiting for a free worker included; then it is killed."""
    workers: int = 2
    """Query worker processes (per web process): at most this many queries run at once."""
    max_request_bytes: int = 10_000_000
    """Largest accepted request body or query string."""
    update_token: str | None = None
    """Bearer token enabling SPARQL Update and Graph Store writes; None: read-only."""
    row_cap: int = 100_000
    """Most rows (or triples) a query answer may hold; a larger result is refused, never cut."""
    max_result_bytes: int = 256_000_000
    """Largest serialized query answer, checked while it is written."""
    cors_origins: tuple[str, ...] = ("*",)
    """Origins allowed to read cross-origin (``*``: any); empty: no CORS headers."""
    service_allow: AllowList = field(default_factory=AllowList)
    """SPARQL endpoints a query's SERVICE may call (empty: federation off)."""
    service_timeout: float = 10.0
    """Seconds one federated SERVICE call may take."""
    ui_dir: Path | None = None
    """Folder holding the npm-installed query UI (``node_modules``); None: plain form."""
    iri_base: str = iri.BASE
    """The base entity IRIs were minted with; ``/id/...`` on this server resolves under it."""
    page_size: int = 50
    """Links per page on an entity page."""

    def __post_init__(self) -> None:
        if self.query_timeout <= 0:
            raise ValueError("query_timeout must be positive")
        if self.workers < 1:
            raise ValueError("workers must be at least 1")
        if self.max_request_bytes < 1:
            raise ValueError("max_request_bytes must be positive")
        if self.row_cap < 1 or self.max_result_bytes < 1:
            raise ValueError("row_cap and max_result_bytes must be positive")
        if self.update_token is not None and len(self.update_token) < 8:
            raise ValueError("update_token must be at least 8 characters")
        if self.update_token is not None and self.remote is not None:
            raise ValueError(
                "update_token: a server in front of a remote store is read-only; "
                "write to that store itself, or rebuild with `conflictkg build --store URL`"
            )

    @property
    def writable(self) -> bool:
        return self.update_token is not None
