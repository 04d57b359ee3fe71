"""The events export: records read from a built store by SPARQL, in a fixed field order.

Report records (one per event as one document tells it)::

    id report document type date date_precision status actors targets locations quote
    start end publisher sources_count publishers_count confidence

``actors``/``targets``: lists of ``{label, iri, wikidata}``; ``locations``: lists of
``{label, iri, wikidata, lat, lon, precision}``; ``date``: ``YYYY-MM-DD``, ``YYYY-MM``,
``YYYY`` or ``start/end``, null when unknown. Merged records (``--merged``): one per merged
event with ``documents``, ``reports``, ``quotes`` and ``publishers`` as lists.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from conflictkg.mapping.query import select

REPORT_FIELDS = (
    "id",
    "report",
    "document",
    "type",
    "date",
    "date_precision",
    "status",
    "actors",
    "targets",
    "locations",
    "quote",
    "start",
    "end",
    "publisher",
    "sources_count",
    "publishers_count",
    "confidence",
)
MERGED_FIELDS = (
    "id",
    "type",
    "date",
    "date_precision",
    "status",
    "actors",
    "targets",
    "locations",
    "documents",
    "reports",
    "quotes",
    "publishers",
    "sources_count",
    "publishers_count",
    "confidence",
)
_PRECISION = {"11": "day", "10": "month", "9": "year"}
_TYPES = [
    "Capture",
    "Advance",
    "Attack",
    "Airstrike",
    "Withdrawal",
    "Encirclement",
    "Declaration",
    "Killing",
    "Destruction",
    "Surrender",
]

_REPORTS = """
SELECT ?report ?merged ?key ?type ?status ?date ?start_date ?end_date ?precision ?quote
       ?qs ?qe ?publisher ?sources ?publishers ?confidence WHERE {{
  ?report ck:reportedIn ?doc ; ck:status ?st ; ck:evidence ?ev ; a ?cls .
  FILTER(STRSTARTS(STR(?cls), STR(ck:)))
  BIND(STRAFTER(STR(?cls), "#") AS ?type)
  FILTER(?type IN ({}))
  FILTER NOT EXISTS {{ ?report a ck:MergedEvent }}
  BIND(STRAFTER(STR(?st), "#") AS ?status)
  ?doc ck:documentKey ?key .
  ?ev oa:exact ?quote ; oa:start ?qs ; oa:end ?qe .
  OPTIONAL {{ ?merged ck:hasReport ?report ; ck:sourcesCount ?sources ;
             ck:publishersCount ?publishers }}
  OPTIONAL {{ ?report ck:date ?date }}
  OPTIONAL {{ ?report ck:startDate ?start_date ; ck:endDate ?end_date }}
  OPTIONAL {{ ?report ck:datePrecision ?precision }}
  OPTIONAL {{ ?doc ck:publisher/rdfs:label ?publisher }}
  OPTIONAL {{ ?report ck:confidence ?confidence }}
}} ORDER BY ?key ?qs ?report
""".format(", ".join(f'"{t}"' for t in _TYPES))

_PARTICIPANTS = """
SELECT DISTINCT ?event ?role ?node ?label ?qid ?lat ?lon ?precision WHERE {
  VALUES ?role { ck:actor ck:opposingForce ck:location }
  ?event ?role ?node .
  FILTER(STRSTARTS(STR(?node), "https://w3id.org/conflictkg/id/"))
  OPTIONAL { ?node rdfs:label ?label }
  OPTIONAL { ?node ck:qid ?qid }
  OPTIONAL { ?node ck:lat ?lat ; ck:long ?lon }
  OPTIONAL { ?node ck:geocodePrecision ?precision }
} ORDER BY ?event ?role ?node
"""


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _participants(store: Path) -> dict[tuple[str, str], list[dict[str, Any]]]:
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    seen: set[tuple[str, str, str]] = set()
    for row in select(store, _PARTICIPANTS):
        event, role, node = str(row["event"]), str(row["role"]).rsplit("#", 1)[-1], str(row["node"])
        if (event, role, node) in seen:
            continue  # a second label or coordinate of the same node
        seen.add((event, role, node))
        item: dict[str, Any] = {
            "label": _text(row.get("label")),
            "iri": node,
            "wikidata": _text(row.get("qid")),
        }
        if role == "location":
            lat, lon = row.get("lat"), row.get("lon")
            item["lat"] = float(str(lat)) if lat is not None else None
            item["lon"] = float(str(lon)) if lon is not None else None
            precision = row.get("precision")
            item["precision"] = (
                str(precision) if precision is not None else ("exact" if lat is not None else None)
            )
        out.setdefault((event, role), []).append(item)
    return out


def _date(row: dict[str, object]) -> str | None:
    if row.get("start_date") is not None and row.get("end_date") is not None:
        return f"{row['start_date']}/{row['end_date']}"
    return _text(row.get("date"))


def report_records(store: Path) -> list[dict[str, Any]]:
    """One record per report, in document and text order."""
    parts = _participants(store)
    records = []
    seen: set[str] = set()
    for row in select(store, _REPORTS):
        report = str(row["report"])
        if report in seen:
            continue
        seen.add(report)
        precision = row.get("precision")
        confidence = row.get("confidence")
        records.append(
            {
                "id": _text(row.get("merged")),
                "report": report,
                "document": str(row["key"]),
                "type": str(row["type"]),
                "date": _date(row),
                "date_precision": _PRECISION.get(str(precision)) if precision else None,
                "status": str(row["status"]),
                "actors": parts.get((report, "actor"), []),
                "targets": parts.get((report, "opposingForce"), []),
                "locations": parts.get((report, "location"), []),
                "quote": str(row["quote"]),
                "start": int(str(row["qs"])),
                "end": int(str(row["qe"])),
                "publisher": _text(row.get("publisher")),
                "sources_count": int(str(row["sources"])) if row.get("sources") else 1,
                "publishers_count": int(str(row["publishers"])) if row.get("publishers") else 1,
                "confidence": float(str(confidence)) if confidence is not None else None,
            }
        )
    return records


def merged_records(store: Path) -> list[dict[str, Any]]:
    """One record per merged event, its reports' documents, quotes and publishers as lists."""
    parts = _participants(store)
    by_id: dict[str, list[dict[str, Any]]] = {}
    for record in report_records(store):
        by_id.setdefault(record["id"] or record["report"], []).append(record)
    out = []
    for merged, reports in sorted(by_id.items(), key=lambda kv: (kv[1][0]["document"], kv[0])):
        first = max(reports, key=lambda r: (len(r["date"] or ""), r["date"] or ""))
        out.append(
            {
                "id": merged,
                "type": first["type"],
                "date": first["date"],
                "date_precision": first["date_precision"],
                "status": first["status"],
                "actors": parts.get((merged, "actor"), first["actors"]),
                "targets": parts.get((merged, "opposingForce"), first["targets"]),
                "locations": parts.get((merged, "location"), first["locations"]),
                "documents": sorted({r["document"] for r in reports}),
                "reports": [r["report"] for r in reports],
                "quotes": [r["quote"] for r in reports],
                "publishers": sorted({r["publisher"] for r in reports if r["publisher"]}),
                "sources_count": first["sources_count"],
                "publishers_count": first["publishers_count"],
                "confidence": max((r["confidence"] or 0.0) for r in reports) or None,
            }
        )
    return out


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> None:
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")


def _flat(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(_flat(v) for v in value)
    if isinstance(value, dict):
        return str(value.get("label") or value.get("iri") or "")
    return str(value)


def csv_rows(records: Iterable[dict[str, Any]], fields: tuple[str, ...]) -> Iterator[list[str]]:
    yield list(fields)
    for record in records:
        yield [_flat(record.get(f)) for f in fields]


def write_csv(records: Iterable[dict[str, Any]], out: IO[str], *, merged: bool = False) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(csv_rows(records, MERGED_FIELDS if merged else REPORT_FIELDS))
