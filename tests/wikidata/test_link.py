"""Linking proposals over a real HTTP client against a local server holding synthetic fixtures."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conflictkg.errors import UserError
from conflictkg.mapping.gazetteer import read_csv, write_csv
from conflictkg.mapping.model import Entity
from conflictkg.mapping.wikidata import link
from conflictkg.mapping.wikidata.http import USER_AGENT, CachedClient

FIX = Path(__file__).resolve().parent / "fixtures"
SEEN: list[dict[str, str]] = []


class Fake(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        url = urlsplit(self.path)
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        SEEN.append({"path": url.path, "agent": self.headers.get("User-Agent", ""), **params})
        if url.path == "/w/api.php":
            name = params["search"].lower().split()[0]
            body = (
                (FIX / f"search_{name}.json").read_bytes()
                if (FIX / f"search_{name}.json").exists()
                else b'{"search": []}'
            )
        else:
            body = (FIX / "coords.json").read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def fake() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Fake)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


MOSUL = Entity("place/mosul", "place", "City", "Mosul", lat=36.34, lon=43.13)
# no coordinates: the ancient city and the governorate cannot be told apart by distance
NINEVEH = Entity("place/nineveh", "place", "City", "Nineveh")


def test_clear_winner_is_accepted_with_evidence(fake: str, tmp_path: Path) -> None:
    client = CachedClient(tmp_path / "cache")
    p = link.propose(MOSUL, client, api=fake + "/w/api.php", sparql=fake + "/sparql")
    assert p.accepted == "Q83317"
    assert p.candidates[0].km is not None and p.candidates[0].km < 1
    assert "wbsearchentities" in p.evidence and "sha256" in p.evidence
    assert all(s["agent"] == USER_AGENT for s in SEEN)


def test_ambiguous_names_go_to_review_not_to_the_gazetteer(fake: str, tmp_path: Path) -> None:
    client = CachedClient(tmp_path / "cache")
    p = link.propose(NINEVEH, client, api=fake + "/w/api.php", sparql=fake + "/sparql")
    assert p.accepted is None
    assert "leads the next" in p.reason or "below" in p.reason


def test_cache_serves_offline_and_a_miss_is_a_clear_error(fake: str, tmp_path: Path) -> None:
    online = CachedClient(tmp_path / "cache")
    first = link.propose(MOSUL, online, api=fake + "/w/api.php", sparql=fake + "/sparql")
    offline = CachedClient(tmp_path / "cache", offline=True)
    again = link.propose(MOSUL, offline, api=fake + "/w/api.php", sparql=fake + "/sparql")
    assert again == first
    with pytest.raises(UserError, match="offline and not cached"):
        link.propose(NINEVEH, offline, api=fake + "/w/api.php", sparql=fake + "/sparql")


def test_apply_writes_qid_and_evidence_only_for_accepted(fake: str, tmp_path: Path) -> None:
    csv = tmp_path / "gazetteer.csv"
    write_csv([MOSUL, NINEVEH], csv)
    client = CachedClient(tmp_path / "cache")
    proposals = [
        link.propose(e, client, api=fake + "/w/api.php", sparql=fake + "/sparql")
        for e in (MOSUL, NINEVEH)
    ]
    link.write_review(proposals, tmp_path / "review.json")
    review = json.loads((tmp_path / "review.json").read_text())
    assert {r["entity_id"] for r in review} == {"place/mosul", "place/nineveh"}
    assert link.apply(proposals, csv, "2026-11-22") == ["place/mosul"]
    rows = {e.id: e for e in read_csv(csv)}
    assert rows["place/mosul"].qid == "Q83317"
    assert (
        "wikidata-link" in rows["place/mosul"].evidence
        and "2026-11-22" in rows["place/mosul"].evidence
    )
    assert rows["place/nineveh"].qid is None
