"""CLI commands, one module each. A module defines ``NAME``, ``register(subparsers)`` and
``run(args, settings) -> exit code``; ``conflictkg.cli`` discovers them, so adding a command
touches no other file."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from conflictkg.settings import BY_NAME

if TYPE_CHECKING:
    from conflictkg.mapping.remote import RemoteStore

REMOTE_FLAGS = (
    "store_gsp",
    "store_query",
    "store_update",
    "store_auth",
    "store_cache",
    "store_timeout",
)


def store_flag(p: argparse.ArgumentParser, remote: bool = False) -> None:
    """``--store``; with ``remote``, the flags describing a SPARQL server's endpoints too."""
    p.add_argument("--store", help=BY_NAME["store"].help + f" (default {BY_NAME['store'].default})")
    if remote:
        for name in REMOTE_FLAGS:
            s = BY_NAME[name]
            p.add_argument("--" + name.replace("_", "-"), dest=name, type=s.type, help=s.help)


def store_target(settings: dict[str, Any]) -> tuple[Path, RemoteStore | None]:
    """(local store directory, ``RemoteStore`` or None). For a URL the directory is the
    working store the build makes its generations in before publishing them."""
    from conflictkg.errors import UserError
    from conflictkg.mapping.remote import RemoteStore, is_store_url

    if not is_store_url(settings["store"]):
        return Path(settings["store"]), None
    try:
        remote = RemoteStore.from_url(
            settings["store"],
            gsp=settings["store_gsp"],
            query=settings["store_query"],
            update=settings["store_update"] or None,
            auth=settings["store_auth"] or None,
            timeout=settings["store_timeout"],
        )
    except ValueError as exc:
        raise UserError(f"--store: {exc}") from None
    work = Path(settings["store_cache"]) if settings["store_cache"] else remote.default_work_dir()
    return work, remote


def discover() -> list[ModuleType]:
    """Every command module, in name order."""
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)
        if not info.name.startswith("_")
    ]
