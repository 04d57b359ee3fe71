"""CLI commands, one module each. A module defines ``NAME``, ``register(subparsers)`` and
``run(args, settings) -> exit code``; ``conflictkg.cli`` discovers them, so adding a command
touches no other file."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
from types import ModuleType

from conflictkg.settings import BY_NAME


def store_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", help=BY_NAME["store"].help + f" (default {BY_NAME['store'].default})")


def discover() -> list[ModuleType]:
    """Every command module, in name order."""
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)
        if not info.name.startswith("_")
    ]
