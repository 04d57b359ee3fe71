"""The map, timeline and operation views in a real browser (Debian's chromium via Playwright).

Each view is opened with a date filter and must draw as many events as an independent SPARQL
query, sent by the test itself, counts for the same filter (written differently from the
views' own query: overlap by precision rather than by span strings). Requests off the server
fail the test; axe-core (npm, installed by scripts/bootstrap.sh) must find no serious or
critical violation. Without chromium or the npm assets the tests skip, except under CI=true.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from serverkit import LiveServer, start_server
from test_browser import CHROMIUM, FLAGS, IN_CI, UI_DIR, _missing

from conflictkg.mapping.vocab import PREFIXES
from conflictkg.server.config import ServerConfig
from conflictkg.server.views import ASSETS

AXE = UI_DIR / "node_modules" / "axe-core" / "axe.min.js"
FROM, TO = "2016-10-15", "2016-11-30"
OPERATION = "operation/battle-of-mosul"
CK = PREFIXES["ck"]


def _overlap(var: str) -> str:
    """Dated ``var`` overlaps [FROM, TO], compared at the date's own precision."""
    text = f"STR({var})"
    return " || ".join(
        f"(STRLEN({text}) = {n} && {text} >= SUBSTR('{FROM}', 1, {n}) "
        f"&& {text} <= SUBSTR('{TO}', 1, {n}))"
        for n in (4, 7, 10)
    )


@pytest.fixture(scope="module")
def views_server(corpus_store: Path) -> Iterator[LiveServer]:
    missing = _missing()
    for name in [*(ASSETS[n] for n in ASSETS), "axe-core/axe.min.js"]:
        if not missing and not (UI_DIR / "node_modules" / name).is_file():
            missing = f"{name} is not installed (scripts/bootstrap.sh installs it)"
    if missing:
        if IN_CI:
            pytest.fail(f"CI=true and {missing}")
        pytest.skip(missing)
    yield from start_server(ServerConfig(store_dir=corpus_store, workers=2, ui_dir=UI_DIR))


@pytest.fixture(scope="module")
def browser(views_server: LiveServer) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=list(FLAGS))
        try:
            yield chromium
        finally:
            chromium.close()


def _base(server: LiveServer) -> str:
    return str(server.app.extensions["conflictkg"].config.iri_base)


def _count(server: LiveServer, where: str) -> int:
    query = f"PREFIX ck: <{CK}>\nPREFIX oa: <http://www.w3.org/ns/oa#>\n{where}"
    url = server.endpoint + "?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        bindings = json.load(response)["results"]["bindings"]
    return int(bindings[0]["n"]["value"])


def _range_overlap(start: str, end: str) -> str:
    """A range [start, end] overlaps [FROM, TO], each bound compared at its own precision."""
    return " || ".join(
        f"(STRLEN(STR({start})) = {n} && STR({start}) <= SUBSTR('{TO}', 1, {n}) "
        f"&& STR({end}) >= SUBSTR('{FROM}', 1, {n}))"
        for n in (4, 7, 10)
    )


def _dated_events(server: LiveServer, extra: str = "") -> int:
    """Events dated inside [FROM, TO]: a date, or a range (``ck:startDate``/``ck:endDate``)."""
    return _count(
        server,
        f"""SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{
            ?e a ck:Event ; ck:reportedIn ?doc . {extra}
            {{ ?e ck:date ?date FILTER({_overlap("?date")}) }}
            UNION
            {{ ?e ck:startDate ?start ; ck:endDate ?end
               FILTER({_range_overlap("?start", "?end")}) }} }}""",
    )


class Visit:
    """One page in the browser: guards foreign requests, records the queries sent to /sparql."""

    def __init__(self, browser: object, server: LiveServer, path: str) -> None:
        from playwright.sync_api import Route

        self.origin = f"{server.host}:{server.port}"
        self.foreign: list[str] = []
        self.sent: list[str] = []
        self.page = browser.new_page()  # type: ignore[attr-defined]

        def guard(route: Route) -> None:
            url = route.request.url
            local = urllib.parse.urlsplit(url).netloc == self.origin
            if local or url.startswith(("data:", "blob:")):
                if url.split("?")[0].endswith("/sparql") and route.request.post_data:
                    self.sent.append(urllib.parse.parse_qs(route.request.post_data)["query"][0])
                route.continue_()
            else:
                self.foreign.append(url)
                route.abort()

        self.page.route("**/*", guard)
        self.page.goto(f"http://{self.origin}{path}")
        self.page.wait_for_selector("#view-root[data-ready]", timeout=30_000)
        assert "error" not in (self.page.locator("#status").get_attribute("class") or "")

    def event_marks(self) -> int:
        return int(
            self.page.evaluate(
                "new Set([...document.querySelectorAll('#timeline rect.mark')]"
                ".map(m => m.dataset.event)).size"
            )
        )

    def check(self) -> None:
        """Show-query links match what was sent; no serious axe finding; nothing went off-server."""
        links = self.page.locator("a.show-query").evaluate_all(
            "links => links.map(a => new URL(a.href).searchParams.get('query'))"
        )
        assert links and all(any(s.startswith(q) for s in self.sent) for q in links)
        self.page.add_script_tag(path=str(AXE))
        result = self.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        bad = [
            (v["id"], v["impact"], len(v["nodes"]))
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not bad, bad
        self.page.close()
        assert not self.foreign, f"the page made requests off the server: {self.foreign}"


def test_map_counts_events_and_opens_one_with_its_quote(
    browser: object, views_server: LiveServer
) -> None:
    visit = Visit(browser, views_server, f"/map?from={FROM}&to={TO}")
    page = visit.page
    drawn = page.evaluate(
        "[...document.querySelectorAll('#map .mark')].reduce((n, m) => n + +m.dataset.count, 0)"
    )
    expected = _count(
        views_server,
        f"""SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?e ?place WHERE {{
            ?e a ck:Event ; ck:reportedIn ?doc ; ck:date ?date ; ck:location ?place .
            ?place ck:lat ?lat ; ck:long ?long .
            FILTER(STRSTARTS(STR(?place), "{_base(views_server)}"))
            FILTER({_overlap("?date")}) }} }}""",
    )
    assert drawn == expected > 0
    single = page.locator("#map .mark[data-count='1']").first
    single.focus()
    page.keyboard.press("Enter")
    quote = page.locator("#detail-list .quote").first.inner_text()
    href = page.locator("#detail-list li.event > a").first.get_attribute("href")
    event = _base(views_server) + href.removeprefix("/")
    assert quote
    same = f"<{event}> ck:evidence/oa:exact ?q FILTER(STR(?q) = {json.dumps(quote)})"
    assert _count(views_server, f"SELECT (COUNT(*) AS ?n) WHERE {{ {same} }}") == 1
    features = page.evaluate("window.ckViews.geojson().features")
    assert len(features) == drawn
    for feature in features:
        assert feature["geometry"]["type"] == "Point"
        assert len(feature["geometry"]["coordinates"]) == 2
        props = feature["properties"]
        assert props["event"] and props["date"] and props["type"] and props["source"]
    visit.check()


def test_timeline_pages_through_events_and_counts_them(
    browser: object, views_server: LiveServer
) -> None:
    # a page size far below the number of events: the view must page, never cut
    visit = Visit(browser, views_server, f"/timeline?from={FROM}&to={TO}&pagesize=40")
    expected = _dated_events(views_server)
    assert expected > 40
    assert visit.event_marks() == expected
    assert sum(" OFFSET 40\n" in q for q in visit.sent) >= 1
    assert visit.page.locator("#frontline rect.held").count() > 0
    visit.check()


def test_operation_page_shows_its_events_units_sources_and_claims(
    browser: object, views_server: LiveServer
) -> None:
    visit = Visit(browser, views_server, f"/id/{OPERATION}?from={FROM}&to={TO}")
    iri = _base(views_server) + "id/" + OPERATION
    expected = _dated_events(
        views_server,
        f"{{ ?e ck:partOfOperation <{iri}> }} UNION {{ ?doc ck:mentions <{iri}> }}",
    )
    assert visit.event_marks() == expected > 0
    page = visit.page
    assert page.locator("#op-units tbody tr").count() > 0
    assert page.locator("#op-sources tbody tr").count() > 0
    assert page.locator("#op-claims tbody tr").count() > 0
    assert page.locator("#map .mark").count() > 0
    visit.check()
