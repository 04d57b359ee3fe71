"""Render screenshots of the analyst views into docs/ (``make screenshots``).

Builds the bundled corpus into a temporary store, serves it with ``conflictkg serve`` and
opens /map, /timeline and the Battle of Mosul page in Debian's chromium through Playwright
(no browser download), writing docs/map.png, docs/timeline.png and docs/operation.png.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

from conflictkg.chromium import CHROMIUM, FLAGS

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
VIEWS = {
    "map.png": "/map",
    "timeline.png": "/timeline?from=2016-10&to=2016-11",
    "operation.png": "/id/operation/battle-of-mosul",
}


def main() -> None:
    out = ROOT / "docs"
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        subprocess.run(
            [str(BIN / "conflictkg"), "build", "--store", str(store), "--quiet"],
            check=False,
            stdout=subprocess.DEVNULL,
        )
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen(
            [
                str(BIN / "conflictkg"),
                "serve",
                "--store",
                str(store),
                "--port",
                str(port),
                "--ui-dir",
                str(ROOT / "var" / "ui"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(150):
                try:
                    urllib.request.urlopen(base + "/health", timeout=2).read()
                    break
                except OSError:
                    time.sleep(0.2)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=list(FLAGS))
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                for name, path in VIEWS.items():
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    page.wait_for_timeout(1500)
                    page.screenshot(path=str(out / name), full_page=False)
                    print(f"wrote docs/{name}")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
