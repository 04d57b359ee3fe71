"""Places the gazetteer lacks: join spelling variants, then geocode with Who's On First.

Runs once per document after ``mentions``:

1. Variants: cue-found places of one document whose names are spelling variants of each
   other ("Karkukli", "Kirkukli", "Karkojli": ``geocode.close_variants``) become one entity,
   the first-named spelling its label and the others aliases; their mentions are re-pointed.
2. Geocoding: the document's context is the Who's On First records of the gazetteer places it
   names and their districts and governorates; ``geocode.geocode`` places each name by it.
   A district or neighbourhood that cannot be placed falls back to its city (the city the
   sentence puts it in, else the city the document names most), with precision ``city``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import cache

from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.geocode import Geocode, close_variants, geocode
from conflictkg.mapping.model import Entity, Mention

_WOF_ID = re.compile(r"whosonfirst:(\d+)|record (\d+)|/(\d+)\.geojson")
_CITY_CLASSES = ("City", "Town")
_CITY_PARTS = ("Neighbourhood", "District")
_COARSE = {"city": 0.05, "district": 0.2, "governorate": 0.5}


def wof_ids(entity: Entity) -> tuple[str, ...]:
    """The Who's On First ids an entity's source or evidence names."""
    text = f"{entity.source} {entity.evidence}"
    return tuple(dict.fromkeys(g for m in _WOF_ID.finditer(text) for g in m.groups() if g))


@cache
def _by_wof(gazetteer: Gazetteer) -> dict[str, str]:
    """WOF id -> gazetteer place id (the first entity, by id, citing that record)."""
    out: dict[str, str] = {}
    for entity in gazetteer:
        if entity.kind == "place":
            for wid in wof_ids(entity):
                out.setdefault(wid, entity.id)
    return out


def merge_variants(
    mentions: Sequence[Mention], new: Mapping[str, Entity]
) -> tuple[list[Mention], dict[str, Entity]]:
    """Join cue-found entities of one class whose names are spelling variants."""
    first_seen = {m.entity_id: m.start for m in reversed(mentions) if m.entity_id in new}
    order = sorted(new, key=lambda eid: (first_seen.get(eid, 1 << 30), eid))
    target: dict[str, str] = {}
    merged: dict[str, Entity] = {}
    for eid in order:
        entity = new[eid]
        into = next(
            (
                kept
                for kept, k in merged.items()
                if k.cls == entity.cls
                and any(close_variants(entity.label, n) for n in (k.label, *k.aliases))
            ),
            None,
        )
        if into is None:
            merged[eid] = entity
            target[eid] = eid
            continue
        keep = merged[into]
        names = [n for n in (entity.label, *entity.aliases) if n not in (keep.label, *keep.aliases)]
        merged[into] = replace(
            keep, aliases=(*keep.aliases, *names), parent=keep.parent or entity.parent
        )
        target[eid] = into
    out = []
    for m in mentions:
        to = target.get(m.entity_id, m.entity_id)
        if to != m.entity_id:
            m = replace(m, entity_id=to, rule=m.rule + " + variant", confidence=m.confidence * 0.9)
        out.append(m)
    return out, dict(sorted(merged.items()))


def _context(mentions: Iterable[Mention], gazetteer: Gazetteer) -> frozenset[str]:
    ids: set[str] = set()
    for m in mentions:
        entity = gazetteer.get(m.entity_id)
        if entity is None or entity.kind != "place" or entity.source == "text-cue":
            continue
        for eid in (entity.id, *gazetteer.ancestors(entity.id)):
            known = gazetteer.get(eid)
            if known is not None and known.cls not in ("Country",):
                ids.update(wof_ids(known))
    return frozenset(ids)


def _main_city(mentions: Sequence[Mention], gazetteer: Gazetteer) -> str | None:
    counts = Counter(
        m.entity_id
        for m in mentions
        if (e := gazetteer.get(m.entity_id)) is not None and e.cls in _CITY_CLASSES
    )
    if not counts:
        return None
    (best, n), *rest = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return best if not rest or rest[0][1] < n else None


def _placed(entity: Entity, found: Geocode, gazetteer: Gazetteer) -> Entity:
    by_wof = _by_wof(gazetteer)
    point = found.point
    parent = entity.parent
    if parent is None:
        for wid in (point.locality_id, point.county_id, point.region_id, point.wof_id):
            if wid and wid in by_wof and (found.place is None or wid != found.place.wof_id):
                parent = by_wof[wid]
                break
    exact = found.place is not None
    qid = found.place.wd if exact and found.place and found.place.wd else None
    if qid and any(e.qid == qid for e in gazetteer if e.id != entity.id):
        qid = None  # WOF puts a city's QID on its district too; one item, one entity
    return replace(
        entity,
        lat=point.lat,
        lon=point.lon,
        coord_precision=0.0001 if exact else _COARSE[found.precision],
        geo_precision=found.precision,
        parent=parent,
        qid=qid,
        source=f"whosonfirst:{point.wof_id}" if exact else entity.source,
        evidence=f"{entity.evidence} ; geocoded by {found.rule} to Who's On First record"
        f" {point.wof_id} ({point.placetype} '{point.name}')",
    )


def place_new_entities(
    mentions: Sequence[Mention],
    new: Mapping[str, Entity],
    gazetteer: Gazetteer,
    tentative: frozenset[str] = frozenset(),
) -> tuple[list[Mention], dict[str, Entity]]:
    """Variants joined and every new place geocoded as precisely as the evidence allows.

    ``tentative`` places (named only after a locative preposition or an attack verb) that
    Who's On First cannot place in the document's area are no places: they and their mentions
    go.
    """
    mentions, merged = merge_variants(mentions, new)
    context = _context(mentions, gazetteer)
    main_city = _main_city(mentions, gazetteer)
    out: dict[str, Entity] = {}
    for eid, entity in merged.items():
        if entity.kind != "place":
            out[eid] = entity
            continue
        city_id = entity.parent or main_city
        city = gazetteer.get(city_id) if city_id else None
        in_city: frozenset[str] = frozenset()
        if entity.cls in _CITY_PARTS and city is not None and city.cls in _CITY_CLASSES:
            in_city = frozenset(wof_ids(city))
        found = None
        for name in (entity.label, *entity.aliases):
            found = geocode(name, entity.cls, context, in_city)
            if found is not None:
                break
        if found is not None:
            out[eid] = _placed(entity, found, gazetteer)
            continue
        if eid in tentative:
            continue
        parent = gazetteer.get(entity.parent) if entity.parent else None
        if entity.cls == "Landmark" and parent is not None and parent.lat is not None:
            # "Mosul's Freedom Bridge", "the Qubbaya hospital in Mosul", "the Mosul bridge":
            # no record of its own, so it stands at the city the text puts it in or near
            out[eid] = replace(
                entity,
                lat=parent.lat,
                lon=parent.lon,
                coord_precision=_COARSE["city"],
                geo_precision="city",
                rule=entity.rule + " + parent: the city it is in",
            )
        elif (
            entity.cls == "Landmark"
            and city is not None
            and city.cls in _CITY_CLASSES
            and city.lat is not None
        ):
            # "the Hadbaa apartment complex" in a report on Mosul: near the document's city,
            # not known to be inside it; a district's width of precision, and no parent
            out[eid] = replace(
                entity,
                lat=city.lat,
                lon=city.lon,
                coord_precision=_COARSE["district"],
                geo_precision="district",
                rule=entity.rule + " + near: document's city",
                confidence=(entity.confidence or 1.0) * 0.9,
            )
        elif entity.cls in _CITY_PARTS and city is not None and city.cls in _CITY_CLASSES:
            out[eid] = replace(
                entity,
                parent=city.id,
                lat=city.lat,
                lon=city.lon,
                coord_precision=_COARSE["city"] if city.lat is not None else None,
                geo_precision="city",
                rule=entity.rule + (" + parent: document's city" if not entity.parent else ""),
                confidence=(entity.confidence or 1.0) * (1.0 if entity.parent else 0.9),
            )
        else:
            out[eid] = entity
    gone = {eid for eid in merged if eid not in out}
    return [m for m in mentions if m.entity_id not in gone], out
