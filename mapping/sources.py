"""Who published a page and what kind of outlet it is (``data/source_kinds.yaml``).

A document's *origins* are the wire agencies it credits, else its publisher: a DW page
crediting Reuters and Reuters' own page are one wire story, so the merge stage counts
publishers by origin, not by page.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from conflictkg.mapping.gazetteer import name_key
from conflictkg.mapping.model import DocumentMetadata
from conflictkg.paths import mapping_data

KIND_TERMS = {
    "wire_agency": "wireAgencyKind",
    "public_broadcaster": "publicBroadcasterKind",
    "state_affiliated": "stateAffiliatedKind",
    "commercial_news": "commercialNewsKind",
    "encyclopedia": "encyclopediaKind",
    "blog_or_advocacy": "blogOrAdvocacyKind",
}


@cache
def _canonical() -> dict[str, str]:
    """Name key of every agency spelling -> the agency's name in agencies.yaml."""
    agencies = yaml.safe_load(mapping_data("data/agencies.yaml").read_text("utf-8"))
    out: dict[str, str] = {}
    for agency in agencies["agencies"]:
        for name in (agency["name"], *agency.get("aliases", [])):
            out[name_key(str(name))] = str(agency["name"])
    return out


@cache
def _kinds(path: Path | None = None) -> dict[str, str]:
    data = yaml.safe_load((path or mapping_data("data/source_kinds.yaml")).read_text("utf-8"))
    out: dict[str, str] = dict.fromkeys(_canonical(), "wire_agency")
    for name, kind in data["kinds"].items():
        if kind not in KIND_TERMS:
            raise ValueError(f"source_kinds.yaml: unknown kind {kind!r} for {name!r}")
        out[name_key(str(name))] = str(kind)
    return out


def source_kind(name: str) -> str | None:
    """The kind of outlet ``name`` is (a ``KIND_TERMS`` key), None when not listed."""
    return _kinds().get(name_key(name))


def origins(meta: DocumentMetadata) -> tuple[str, ...]:
    """The independent origins of a document's reporting: credited agencies, else publisher.

    Names are normalised (``AFP`` and ``Agence France-Presse`` are one origin) through the
    agencies list, so the keys compare across documents.
    """
    canonical = _canonical()
    if meta.agencies:
        return tuple(sorted({canonical.get(name_key(a), a) for a in meta.agencies}))
    if meta.publisher:
        return (canonical.get(name_key(meta.publisher), meta.publisher),)
    return ()
