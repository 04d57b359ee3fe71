"""How much of the graph is linked to Wikidata, and what is not (or doubtfully) linked.

Read from the built store, so the report describes what is actually served; checked against
the gazetteer, so an id without evidence shows up as unsupported.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from conflictkg.mapping import iri
from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.query import select
from conflictkg.mapping.wikidata.evidence import supports

FAMILIES = {
    "units": "Unit",
    "locations": "Location",
    "operations": "Operation",
    "sources": "Publisher",
}


@dataclass(frozen=True)
class Entry:
    iri: str
    label: str
    qid: str | None = None


@dataclass(frozen=True)
class FamilyCoverage:
    family: str
    total: int
    linked: int
    unlinked: tuple[Entry, ...]
    doubtful: tuple[Entry, ...]


@dataclass(frozen=True)
class CoverageReport:
    families: tuple[FamilyCoverage, ...]
    # QIDs the graph carries that the gazetteer's evidence does not support: should be empty.
    unsupported: tuple[Entry, ...]

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False)

    def to_text(self) -> str:
        lines = []
        for f in self.families:
            share = f"{100 * f.linked / f.total:.0f}%" if f.total else "-"
            lines.append(f"{f.family}: {f.linked} of {f.total} linked ({share})")
            for e in f.doubtful:
                lines.append(f"  doubtful, not linked: {e.label} ({e.qid}) {e.iri}")
            for e in f.unlinked:
                lines.append(f"  unlinked: {e.label} {e.iri}")
        if self.unsupported:
            lines.append("QIDs without supporting evidence (remove them):")
            lines.extend(f"  {e.qid}: {e.label} {e.iri}" for e in self.unsupported)
        return "\n".join(lines)


_QUERY = """
SELECT ?e (SAMPLE(?l) AS ?label) (SAMPLE(?q) AS ?qid) (SAMPLE(?d) AS ?doubtful) WHERE {
  ?e a ck:%s .
  FILTER(STRSTARTS(STR(?e), "%s"))
  OPTIONAL { ?e rdfs:label ?l }
  OPTIONAL { ?e ck:qid ?q }
  OPTIONAL { ?e ck:doubtfulQid ?d }
} GROUP BY ?e ORDER BY ?e
"""


def coverage(store_dir: Path | str, gazetteer: Gazetteer) -> CoverageReport:
    """Count linked entities per family and check every QID against the evidence."""
    evidence = {e.qid: e.evidence for e in gazetteer if e.qid and not e.qid_doubtful}
    families, unsupported = [], []
    for family, cls in FAMILIES.items():
        rows = select(store_dir, _QUERY % (cls, iri.ID))
        linked, unlinked, doubtful = 0, [], []
        for row in rows:
            entry = Entry(str(row["e"]), str(row.get("label", row["e"])), None)
            if "qid" in row:
                qid = str(row["qid"])
                linked += 1
                if not supports(qid, evidence.get(qid, "")):
                    unsupported.append(Entry(entry.iri, entry.label, qid))
            elif "doubtful" in row:
                doubtful.append(Entry(entry.iri, entry.label, str(row["doubtful"])))
            else:
                unlinked.append(entry)
        families.append(FamilyCoverage(family, len(rows), linked, tuple(unlinked), tuple(doubtful)))
    return CoverageReport(tuple(families), tuple(unsupported))
