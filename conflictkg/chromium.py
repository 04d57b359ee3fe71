"""How we drive Debian's chromium (tests and ``make screenshots``): never a downloaded browser.

The flags keep a headless chromium from calling Google's hosts, which this project's
machines (and users' offline ones) cannot reach.
"""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
