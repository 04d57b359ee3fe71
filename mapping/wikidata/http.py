"""Our one HTTP client for Wikidata: a timeout, a descriptive User-Agent, an on-disk cache.

Wikimedia's User-Agent policy asks for a name, a version and a contact. Every response is
kept on disk by URL, so a linking run can be repeated (and reviewed) offline; with
``offline=True`` nothing leaves the machine and an uncached URL is an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conflictkg import __version__
from conflictkg.errors import UserError

USER_AGENT = (
    f"conflictkg/{__version__} (knowledge graph of conflict reporting; "
    "https://w3id.org/conflictkg/) python-urllib"
)


class OfflineMiss(UserError):
    """Offline, and the answer is not in the cache."""


@dataclass(frozen=True)
class CachedResponse:
    url: str
    body: Any
    fetched: str  # ISO date-time the response was fetched
    from_cache: bool


class CachedClient:
    def __init__(self, cache_dir: Path, *, offline: bool = False, timeout: float = 20.0) -> None:
        self.cache_dir = cache_dir
        self.offline = offline
        self.timeout = timeout

    def _path(self, url: str) -> Path:
        return self.cache_dir / (hashlib.sha256(url.encode("utf-8")).hexdigest()[:32] + ".json")

    def get_json(self, base: str, params: dict[str, str]) -> CachedResponse:
        url = base + "?" + urllib.parse.urlencode(sorted(params.items()))
        path = self._path(url)
        if path.is_file():
            data = json.loads(path.read_text(encoding="utf-8"))
            return CachedResponse(url, data["body"], data["fetched"], True)
        if self.offline:
            raise OfflineMiss(f"offline and not cached: {url}")
        request = urllib.request.Request(
            url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = json.loads(response.read().decode("utf-8"))
        except (urllib.error.URLError, TimeoutError, json.JSONDecodeError) as exc:
            raise UserError(f"Wikidata request failed ({url}): {exc}") from exc
        fetched = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"url": url, "fetched": fetched, "body": body}), "utf-8")
        os.replace(tmp, path)
        return CachedResponse(url, body, fetched, False)
