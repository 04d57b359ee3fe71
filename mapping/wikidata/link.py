"""Propose Wikidata ids for unlinked gazetteer entities, with evidence; apply only on request.

For each unlinked entity: search Wikidata's API by label and aliases (``wbsearchentities``),
then ask the query service for the candidates' coordinates, and score each candidate by
name agreement, kind (from the description) and distance. Proposals go to a review file.

The confidence rule (``ACCEPT``), documented in the README: a proposal is applied only when
its score is at least 0.85, it leads the next candidate by at least 0.15, and, for a place
with coordinates on both sides, it lies within 25 km. Applying writes the QID and its
evidence (query URLs, a digest of the responses, the score and the date) into the gazetteer.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from conflictkg.mapping.gazetteer import Gazetteer, read_csv, write_csv
from conflictkg.mapping.model import Entity
from conflictkg.mapping.wikidata.http import CachedClient

API = "https://www.wikidata.org/w/api.php"
SPARQL = "https://query.wikidata.org/sparql"
ACCEPT_SCORE = 0.85
ACCEPT_MARGIN = 0.15
ACCEPT_KM = 25.0

# Words in a candidate's description that agree with our kind of entity.
KIND_WORDS = {
    "place": (
        "city",
        "town",
        "village",
        "district",
        "governorate",
        "province",
        "country",
        "neighbourhood",
        "neighborhood",
        "river",
        "mosque",
        "airport",
        "dam",
        "capital",
    ),
    "unit": (
        "army",
        "force",
        "forces",
        "militia",
        "division",
        "brigade",
        "regiment",
        "group",
        "organization",
        "organisation",
        "coalition",
        "unit",
    ),
    "operation": ("battle", "offensive", "operation", "campaign", "war", "siege"),
    "publisher": ("news", "agency", "newspaper", "broadcaster", "television", "website"),
    "person": ("politician", "officer", "general", "commander", "leader", "spokesperson"),
}


@dataclass(frozen=True)
class Candidate:
    qid: str
    label: str
    description: str
    score: float
    km: float | None


@dataclass(frozen=True)
class Proposal:
    entity_id: str
    label: str
    candidates: tuple[Candidate, ...]
    accepted: str | None
    reason: str
    evidence: str


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\b(al|el|the)[- ]", "", text)
    return re.sub(r"[^a-z0-9]+", "", text)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def _point(wkt: str) -> tuple[float, float] | None:
    m = re.match(r"\s*Point\(\s*([-0-9.eE]+)\s+([-0-9.eE]+)\s*\)", wkt, re.I)
    return (float(m.group(2)), float(m.group(1))) if m else None


def score(entity: Entity, label: str, description: str, km: float | None) -> float:
    """Name 0.5 (exact, after normalising; 0.25 partial) + kind 0.3 (description words) +
    where 0.2 (a place within 25 km; 0.1 when either side lacks coordinates), in [0, 1]."""
    names = {_norm(n) for n in (entity.label, *entity.aliases)}
    name = 0.5 if _norm(label) in names else 0.25 if any(n in _norm(label) for n in names) else 0
    words = KIND_WORDS.get(entity.kind, ())
    kind = 0.3 if any(w in description.lower() for w in words) else 0.0
    if entity.kind != "place":
        where = 0.2  # nothing to check
    elif km is None:
        where = 0.1  # one side has no coordinates: unverified
    else:
        where = 0.2 if km <= ACCEPT_KM else 0.0
    return round(name + kind + where, 3)


def propose(
    entity: Entity, client: CachedClient, *, api: str = API, sparql: str = SPARQL
) -> Proposal:
    """Search, look up coordinates, score; decide by the documented rule."""
    found: dict[str, tuple[str, str]] = {}
    urls: list[str] = []
    bodies: list[str] = []
    for name in (entity.label, *entity.aliases[:2]):
        res = client.get_json(
            api,
            {
                "action": "wbsearchentities",
                "search": name,
                "language": "en",
                "type": "item",
                "limit": "7",
                "format": "json",
            },
        )
        urls.append(res.url)
        bodies.append(json.dumps(res.body, sort_keys=True))
        for hit in res.body.get("search", []):
            found.setdefault(hit["id"], (hit.get("label", ""), hit.get("description", "")))
    coords: dict[str, tuple[float, float]] = {}
    if found:
        values = " ".join(f"wd:{q}" for q in sorted(found))
        query = f"SELECT ?item ?coord WHERE {{ VALUES ?item {{ {values} }} ?item wdt:P625 ?coord }}"
        res = client.get_json(sparql, {"query": query, "format": "json"})
        urls.append(res.url)
        bodies.append(json.dumps(res.body, sort_keys=True))
        for b in res.body.get("results", {}).get("bindings", []):
            qid = b["item"]["value"].rsplit("/", 1)[-1]
            point = _point(b["coord"]["value"])
            if point:
                coords.setdefault(qid, point)
    candidates = []
    for qid, (label, description) in found.items():
        km = None
        if qid in coords and entity.lat is not None and entity.lon is not None:
            km = round(_km(entity.lat, entity.lon, *coords[qid]), 1)
        candidates.append(
            Candidate(qid, label, description, score(entity, label, description, km), km)
        )
    candidates.sort(key=lambda c: (-c.score, c.qid))
    accepted, reason = _decide(candidates)
    digest = hashlib.sha256("\n".join(bodies).encode()).hexdigest()[:16]
    evidence = f"wikidata-link: {' ; '.join(urls)} (responses sha256 {digest})"
    return Proposal(entity.id, entity.label, tuple(candidates), accepted, reason, evidence)


def _decide(candidates: list[Candidate]) -> tuple[str | None, str]:
    if not candidates:
        return None, "no candidate found"
    best = candidates[0]
    runner = candidates[1].score if len(candidates) > 1 else 0.0
    if best.score < ACCEPT_SCORE:
        return None, f"best score {best.score} below {ACCEPT_SCORE}"
    if best.score - runner < ACCEPT_MARGIN:
        return None, f"best leads the next by {best.score - runner:.2f}, under {ACCEPT_MARGIN}"
    return best.qid, f"score {best.score}, margin {best.score - runner:.2f}"


def unlinked(gazetteer: Gazetteer) -> list[Entity]:
    return [e for e in gazetteer if not e.qid]


def write_review(proposals: Iterable[Proposal], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps([asdict(p) for p in proposals], indent=2, ensure_ascii=False), "utf-8"
    )


def apply(proposals: Iterable[Proposal], gazetteer_csv: Path, date: str) -> list[str]:
    """Write accepted QIDs, each with its evidence, into the gazetteer file. Returns ids."""
    accepted = {p.entity_id: p for p in proposals if p.accepted}
    rows, changed = [], []
    for entity in read_csv(gazetteer_csv):
        p = accepted.get(entity.id)
        if p and not entity.qid:
            best = next(c for c in p.candidates if c.qid == p.accepted)
            note = f"{p.evidence} score {best.score} on {date}"
            evidence = f"{entity.evidence} ; {note}" if entity.evidence else note
            entity = replace(entity, qid=p.accepted, evidence=evidence)
            changed.append(entity.id)
        rows.append(entity)
    write_csv(rows, gazetteer_csv)
    return changed
