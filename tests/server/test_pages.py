"""What a person sees: the home page, the query form, examples that really run."""

from __future__ import annotations

import html
import re
import urllib.parse
from pathlib import Path

import pytest
from serverkit import LiveServer

from conflictkg.server.pages import load_examples

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_home_page_explains_and_links(live_server: LiveServer) -> None:
    reply = live_server.request("GET", "/", headers={"Accept": BROWSER})
    assert reply.status == 200
    assert reply.content_type.startswith("text/html")
    page = reply.body.decode("utf-8")
    assert "knowledge graph" in page
    assert 'href="/sparql"' in page
    for example in load_examples():
        assert html.escape(example.title) in page


def test_every_example_runs_and_its_links_work(live_server: LiveServer) -> None:
    page = live_server.request("GET", "/").body.decode("utf-8")
    links = [html.unescape(h) for h in re.findall(r'href="(/sparql\?[^"]+)"', page)]
    examples = load_examples()
    assert len(links) == 2 * len(examples)
    for link in links:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["query"][0]
        assert query in {e.query for e in examples}
        if "format=json" in link:
            reply = live_server.request("GET", link)
            assert reply.status == 200, (link, reply.body)
            assert reply.json()["head"]["vars"]  # type: ignore[index]
        else:
            form = live_server.request("GET", link, headers={"Accept": BROWSER})
            assert form.content_type.startswith("text/html")
            textarea = re.search(
                r"<textarea[^>]*>(.*?)</textarea>", form.body.decode("utf-8"), re.S
            )
            assert textarea is not None
            assert html.unescape(textarea.group(1)).strip() == query.strip()


def test_browser_gets_the_form_and_the_query_is_escaped(live_server: LiveServer) -> None:
    hostile = "</textarea><script>alert(1)</script>"
    reply = live_server.request(
        "GET", "/sparql", params={"query": hostile}, headers={"Accept": BROWSER}
    )
    assert reply.status == 200
    page = reply.body.decode("utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;/textarea&gt;&lt;script&gt;" in page
    assert '<script src="/static/query.js">' in page
    assert "http://" not in page.replace(live_server.endpoint, "")  # no CDN, all local


def test_static_assets_are_served(live_server: LiveServer) -> None:
    for path in ("/static/query.js", "/static/style.css"):
        assert live_server.request("GET", path).status == 200


def test_healthz_names_the_generation(live_server: LiveServer) -> None:
    health = live_server.request("GET", "/healthz").json()
    assert health["ok"] is True
    assert str(health["generation"]).startswith("g")


def test_examples_file_is_checked(tmp_path: Path) -> None:
    bad = tmp_path / "examples.yaml"
    bad.write_text("- title: no query\n", encoding="utf-8")
    with pytest.raises(ValueError, match="needs at least a title and a query"):
        load_examples(bad)
