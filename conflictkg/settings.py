"""Every setting declared once: name, default, environment variable, help.

Precedence: defaults < config file (TOML, ``--config`` or ``CONFLICTKG_CONFIG``) <
environment < command-line flags. Resolved once in the CLI and passed on explicitly.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    type: type = str

    @property
    def env(self) -> str:
        return "CONFLICTKG_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "store",
        "var/store",
        "store directory (generations of a pyoxigraph database), or the http(s) URL of a "
        "SPARQL 1.1 server",
    ),
    Setting("store_gsp", "/store", "Graph Store Protocol path of a --store URL"),
    Setting("store_query", "/query", "SPARQL query path of a --store URL"),
    Setting(
        "store_update",
        "/update",
        "SPARQL Update path of a --store URL (empty: none; publishing is then not atomic)",
    ),
    Setting(
        "store_auth",
        "",
        "credentials for a --store URL: user:password (HTTP Basic) or bearer:TOKEN",
    ),
    Setting(
        "store_cache",
        "",
        "working store of a --store URL (empty: var/remote/<host>_<port>_<graph store path>)",
    ),
    Setting("store_timeout", 60.0, "seconds one request to a --store URL may take", float),
    Setting("host", "127.0.0.1", "address the server listens on"),
    Setting("port", 5000, "port the server listens on", int),
    Setting("query_timeout", 30.0, "seconds a query may run before it is stopped", float),
    Setting("workers", 2, "query worker processes per web process", int),
    Setting("processes", 2, "web server processes (gunicorn)", int),
    Setting(
        "threads", 0, "request threads per web process (0: twice the workers, at least 4)", int
    ),
    Setting(
        "update_token",
        "",
        "bearer token that enables SPARQL Update and Graph Store writes (empty: read-only)",
    ),
    Setting("row_cap", 100000, "most rows or triples in one answer (a larger one is refused)", int),
    Setting("max_request_bytes", 10000000, "largest accepted query, update or upload", int),
    Setting(
        "cors_origins",
        "*",
        "origins allowed to read cross-origin, comma-separated (*: any; empty: CORS off)",
    ),
    Setting(
        "service_allow",
        "",
        "SPARQL endpoints SERVICE may call, comma-separated IRIs or origins (empty: none)",
    ),
    Setting("service_timeout", 10.0, "seconds one federated SERVICE call may take", float),
    Setting("ui_dir", "var/ui", "folder where scripts/bootstrap.sh installed the query UI (npm)"),
    Setting("iri_base", "https://w3id.org/conflictkg/", "base the entity IRIs were minted with"),
)
BY_NAME = {s.name: s for s in SETTINGS}


def resolve(flags: dict[str, Any], config_file: Path | None = None) -> dict[str, Any]:
    """Merge defaults, file, environment and flags (flags given as None do not count)."""
    values: dict[str, Any] = {s.name: s.default for s in SETTINGS}
    path = config_file or (
        Path(os.environ["CONFLICTKG_CONFIG"]) if "CONFLICTKG_CONFIG" in os.environ else None
    )
    if path is not None:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        for key, value in data.items():
            if key.replace("-", "_") in BY_NAME:
                values[key.replace("-", "_")] = value
    for s in SETTINGS:
        if s.env in os.environ:
            values[s.name] = s.type(os.environ[s.env])
    for key, value in flags.items():
        if key in BY_NAME and value is not None:
            values[key] = BY_NAME[key].type(value)
    return values
