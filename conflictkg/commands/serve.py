"""`conflictkg serve`: the SPARQL endpoint and linked-data server, under gunicorn."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from conflictkg.commands import store_flag, store_target
from conflictkg.errors import EXIT_OK, UserError
from conflictkg.settings import BY_NAME

NAME = "serve"

FLAGS: tuple[tuple[str, type], ...] = (
    ("host", str),
    ("port", int),
    ("query_timeout", float),
    ("workers", int),
    ("processes", int),
    ("threads", int),
    ("update_token", str),
    ("row_cap", int),
    ("max_request_bytes", int),
    ("cors_origins", str),
    ("service_allow", str),
    ("service_timeout", float),
    ("ui_dir", str),
    ("iri_base", str),
)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    s = sub.add_parser(NAME, help="serve the store over HTTP (SPARQL endpoint, pages, dumps)")
    store_flag(s, remote=True)
    for name, kind in FLAGS:
        s.add_argument("--" + name.replace("_", "-"), dest=name, type=kind, help=BY_NAME[name].help)


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def server_config(settings: dict[str, Any]) -> Any:
    """The ``ServerConfig`` the resolved settings describe (shared with tests and bench)."""
    from conflictkg.server.config import ServerConfig
    from conflictkg.server.policy import AllowList

    ui_dir = Path(settings["ui_dir"]) if settings["ui_dir"] else None
    store_dir, remote = store_target(settings)
    try:
        return ServerConfig(
            store_dir=store_dir,
            remote=remote,
            query_timeout=settings["query_timeout"],
            workers=settings["workers"],
            max_request_bytes=settings["max_request_bytes"],
            update_token=settings["update_token"] or None,
            row_cap=settings["row_cap"],
            cors_origins=_split(settings["cors_origins"]),
            service_allow=AllowList(_split(settings["service_allow"])),
            service_timeout=settings["service_timeout"],
            ui_dir=ui_dir,
            iri_base=settings["iri_base"],
        )
    except ValueError as exc:
        raise UserError(f"invalid server setting: {exc}") from None


def run(args: argparse.Namespace, settings: dict[str, Any]) -> int:
    from conflictkg.server.wsgi import serve_gunicorn

    config = server_config(settings)
    mode = "read-write (update token set)" if config.writable else "read-only"
    print(
        f"serving {settings['store']} on http://{settings['host']}:{settings['port']}/ "
        f"({settings['processes']} processes x {settings['workers']} query workers, {mode})",
        file=sys.stderr,
    )
    serve_gunicorn(
        config,
        host=settings["host"],
        port=settings["port"],
        processes=settings["processes"],
        threads=settings["threads"] or None,
    )
    return EXIT_OK
