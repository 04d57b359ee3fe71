"""A real browser on the query UI: Debian's chromium driven by Playwright (never a download).

Opens ``/``, runs an example in the YASGUI editor, sees rows, follows a result to its entity
page and sees its events. Any request to a host other than the server fails the test (and is
blocked). Without chromium or the UI assets the test skips, except under ``CI=true``.
"""

from __future__ import annotations

import os
import shutil
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from serverkit import LiveServer, start_server

from conflictkg.chromium import CHROMIUM, FLAGS
from conflictkg.server.config import ServerConfig
from conflictkg.server.pages import YASGUI_BUILD

UI_DIR = Path(__file__).resolve().parents[2] / "var" / "ui"
IN_CI = os.environ.get("CI", "").lower() == "true"


def _missing() -> str | None:
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        return "Debian's chromium is not installed (scripts/bootstrap.sh installs it)"
    if not (UI_DIR / YASGUI_BUILD / "yasgui.min.js").is_file():
        return "the query UI is not installed (scripts/bootstrap.sh installs it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def ui_server(corpus_store: Path) -> Iterator[LiveServer]:
    missing = _missing()
    if missing:
        if IN_CI:
            pytest.fail(f"CI=true and {missing}")
        pytest.skip(missing)
    config = ServerConfig(store_dir=corpus_store, workers=2, ui_dir=UI_DIR)
    yield from start_server(config)


def test_query_ui_runs_an_example_and_links_to_entity_pages(ui_server: LiveServer) -> None:
    from playwright.sync_api import Route, sync_playwright

    origin = f"{ui_server.host}:{ui_server.port}"
    foreign: list[str] = []

    def guard(route: Route) -> None:
        url = route.request.url
        if urllib.parse.urlsplit(url).netloc == origin or url.startswith("data:"):
            route.continue_()
        else:
            foreign.append(url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=list(FLAGS))
        try:
            page = browser.new_page()
            page.route("**/*", guard)
            page.goto(f"http://{origin}/")
            page.wait_for_selector(".yasqe")
            page.locator("button.run-example").first.click()
            page.wait_for_selector(".yasr table tbody tr a.entity-link", timeout=30_000)
            assert page.locator(".yasr table tbody tr").count() > 0
            assert "query=" in page.url  # the address bar holds a shareable link
            hrefs = page.locator("a.entity-link").evaluate_all(
                "links => links.map(a => a.getAttribute('href'))"
            )
            assert hrefs and all(h.startswith("/id/") for h in hrefs)
            for href in hrefs[:15]:  # follow results until one is an entity with events
                page.goto(f"http://{origin}{href}")
                page.wait_for_selector("#label")
                if page.locator("#event-table tbody tr").count() > 0:
                    break
            else:
                pytest.fail(f"no entity page among {hrefs[:15]} shows events")
            assert page.locator("#event-table tbody tr td").first.inner_text() != ""
        finally:
            browser.close()
    assert not foreign, f"the page made requests off the server: {foreign}"
