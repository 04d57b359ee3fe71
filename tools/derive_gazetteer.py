"""Derive mapping/data/gazetteer.csv from the reference data in /work/shared/data.

Re-runnable and deterministic:

    .venv/bin/python tools/derive_gazetteer.py [--shared /work/shared/data] [--corpus corpus]

Steps, in order:

1. Every row of ``wikidata_gazetteer.csv`` becomes one row (id, kind, cls from the source
   ``kind`` column via ``KIND_MAP``; evidence kept verbatim; doubtful QIDs flagged).
2. Each place is matched to its Who's On First record: by Wikidata id first (only records of a
   placetype compatible with the class), then the WOF record its evidence cites, then by
   normalised name within the country its evidence names. Its WOF ``hierarchy`` gives the parent;
   missing ancestors (e.g. the district containing Mosul) are added as rows with source
   ``whosonfirst:<wof_id>``.
3. Editorial rows and parents (``EDITORIAL_*``) where the relation is certain.
4. Names that place cues find in the corpus (``the village of X`` ...) and the gazetteer lacks
   are looked up in WOF; a unique current record inside a governorate the same document names
   is added. The product never reads /work/shared at run time: only this file's output.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import replace
from pathlib import Path

from conflictkg.mapping.cues import find_cue_places
from conflictkg.mapping.gazetteer import COLUMNS, Gazetteer, slugify, write_csv
from conflictkg.mapping.model import Entity

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wof_records import WofIndex, WofRecord, load_wof, optional_float

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "mapping" / "data" / "gazetteer.csv"

# Source "kind" text -> (Entity.kind, ontology class).
KIND_MAP: dict[str, tuple[str, str]] = {
    "country": ("place", "Country"),
    "governorate": ("place", "Governorate"),
    "autonomous region": ("place", "Region"),
    "district": ("place", "District"),
    "city": ("place", "City"),
    "ancient city": ("place", "Landmark"),
    "town": ("place", "Town"),
    "archaeological site / town": ("place", "Town"),
    "village / district": ("place", "Village"),
    "river": ("place", "River"),
    "dam": ("place", "Landmark"),
    "airport": ("place", "Landmark"),
    "airbase": ("place", "Landmark"),
    "university": ("place", "Landmark"),
    "mosque": ("place", "Landmark"),
    "armed group": ("unit", "ArmedGroup"),
    "armed group / party": ("unit", "ArmedGroup"),
    "military": ("unit", "ArmedForce"),
    "military (special forces)": ("unit", "ArmedForce"),
    "military (air force)": ("unit", "ArmedForce"),
    "police / paramilitary": ("unit", "ArmedForce"),
    "paramilitary": ("unit", "Militia"),
    "militia": ("unit", "Militia"),
    "military coalition": ("unit", "Coalition"),
    "military unit": ("unit", "Formation"),
    "military operation": ("operation", "Offensive"),
    "military campaign": ("operation", "Campaign"),
    "military event": ("operation", "Campaign"),
    "battle": ("operation", "Campaign"),
    "war": ("operation", "War"),
    "person": ("person", "Person"),
    "news organisation": ("publisher", "Publisher"),
    "news website": ("publisher", "Publisher"),
    "online encyclopedia": ("publisher", "Publisher"),
    "blog / news source": ("publisher", "Publisher"),
    "news agency": ("publisher", "WireAgency"),
    "news agency (ISIL)": ("publisher", "WireAgency"),
    "TV news channel": ("publisher", "Broadcaster"),
    "state TV channel": ("publisher", "Broadcaster"),
}

# Editorial id / class choices for rows whose label does not give the id the ontology uses.
ID_OVERRIDES: dict[str, str] = {
    "Islamic State": "unit/isil",
    "Iraqi Counter Terrorism Service": "unit/counter-terrorism-service",
    "Iraqi Armed Forces": "unit/iraqi-security-forces",
    "Battle of Mosul (2016–2017)": "operation/battle-of-mosul",
    "Fall of Mosul (2014)": "operation/fall-of-mosul",
    "War in Iraq (2013–2017)": "operation/war-in-iraq-2013-2017",
    "Raqqa campaign (2016–2017)": "operation/raqqa-campaign",
    "Battle of Sirte (2016)": "operation/battle-of-sirte",
}
CLS_OVERRIDES: dict[str, str] = {"Battle of Mosul (2016–2017)": "Campaign"}
# Aliases added where the same thing is spelled otherwise in news text.
EXTRA_ALIASES: dict[str, tuple[str, ...]] = {
    "Iraqi Counter Terrorism Service": ("Counter-Terrorism Service", "Iraqi Special Forces"),
    "Islamic State": ("Islamic State of Iraq and Syria",),
    # Wire copy and coalition press releases name the coalition by what it does.
    "CJTF-OIR": (
        "U.S.-led coalition",
        "international coalition",
        "anti-IS coalition",
        "anti-ISIS coalition",
        "anti-Daesh coalition",
        "Coalition military forces",
        "coalition forces",
        "coalition aircraft",
        "coalition warplanes",
        "coalition jets",
    ),
}

# Units that the source lacks but whose place in the order of battle is certain.
EDITORIAL_UNITS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    # (id, cls, label, aliases)
    (
        "unit/iraqi-army-9th-division",
        "Formation",
        "9th Armoured Division",
        ("9th Armored Division", "9th Division"),
    ),
    ("unit/iraqi-army-16th-division", "Formation", "16th Infantry Division", ("16th Division",)),
    (
        "unit/rapid-response-division",
        "Formation",
        "Rapid Response Division",
        ("Emergency Response Division",),
    ),
    ("unit/iraqi-air-force", "ArmedForce", "Iraqi Air Force", ()),
    ("unit/iraqi-police", "ArmedForce", "Iraqi Police", ("Iraqi police",)),
    (
        "unit/tribal-mobilization-forces",
        "Militia",
        "Tribal Mobilization Forces",
        ("Tribal Mobilization", "Hashd al-Asha'iri", "tribal Hashd"),
    ),
    ("unit/nineveh-plain-forces", "Militia", "Nineveh Plain Forces", ("NPF",)),
    ("unit/dwekh-nawsha", "Militia", "Dwekh Nawsha", ()),
    (
        "unit/united-states-armed-forces",
        "ArmedForce",
        "United States Armed Forces",
        ("US military", "U.S. military", "US forces", "U.S. forces", "American forces"),
    ),
    (
        "unit/united-states-air-force",
        "ArmedForce",
        "United States Air Force",
        ("USAF", "US Air Force", "U.S. Air Force"),
    ),
    ("unit/syrian-democratic-forces", "Coalition", "Syrian Democratic Forces", ("SDF",)),
    (
        "unit/peoples-protection-units",
        "Militia",
        "People's Protection Units",
        ("YPG", "Yekîneyên Parastina Gel"),
    ),
    ("unit/womens-protection-units", "Militia", "Women's Protection Units", ("YPJ",)),
    (
        "unit/syrian-arab-army",
        "ArmedForce",
        "Syrian Arab Army",
        ("Syrian Army", "Syrian army", "SAA", "Syrian government forces"),
    ),
    (
        "unit/national-defence-forces",
        "Militia",
        "National Defence Forces",
        ("NDF", "National Defense Forces"),
    ),
    ("unit/free-syrian-army", "ArmedGroup", "Free Syrian Army", ("FSA",)),
    (
        "unit/jabhat-fateh-al-sham",
        "ArmedGroup",
        "Jabhat Fateh al-Sham",
        ("al-Nusra Front", "Nusra Front", "Jabhat al-Nusra", "al-Nusra"),
    ),
    ("unit/hezbollah", "ArmedGroup", "Hezbollah", ("Hizbollah", "Hizballah")),
    (
        "unit/turkish-armed-forces",
        "ArmedForce",
        "Turkish Armed Forces",
        ("Turkish army", "Turkish military", "TSK"),
    ),
    (
        "unit/russian-armed-forces",
        "ArmedForce",
        "Russian Armed Forces",
        ("Russian military", "Russian forces", "Russian army"),
    ),
)
# The state or organisation a unit fights for (sub-units inherit it through ck:partOf).
EDITORIAL_ALLEGIANCE: dict[str, str] = {
    "unit/iraqi-security-forces": "place/iraq",
    "unit/popular-mobilization-forces": "place/iraq",
    "unit/peshmerga": "place/kurdistan-region",
    "unit/united-states-armed-forces": "place/united-states",
    "unit/british-army": "place/united-kingdom",
    "unit/royal-air-force": "place/united-kingdom",
    "unit/united-kingdom-special-forces": "place/united-kingdom",
    "unit/french-army": "place/france",
    "unit/syrian-arab-army": "place/syria",
    "unit/national-defence-forces": "place/syria",
    "unit/turkish-armed-forces": "place/turkey",
}
# Coalitions a unit is a member of (not its chain of command).
EDITORIAL_COALITIONS: dict[str, tuple[str, ...]] = {
    "unit/united-states-armed-forces": ("unit/cjtf-oir",),
    "unit/british-army": ("unit/cjtf-oir",),
    "unit/royal-air-force": ("unit/cjtf-oir",),
    "unit/united-kingdom-special-forces": ("unit/cjtf-oir",),
    "unit/french-army": ("unit/cjtf-oir",),
    "unit/peoples-protection-units": ("unit/syrian-democratic-forces",),
    "unit/womens-protection-units": ("unit/syrian-democratic-forces",),
}
EDITORIAL_PARENTS: dict[str, str] = {
    "unit/iraqi-army": "unit/iraqi-security-forces",
    "unit/counter-terrorism-service": "unit/iraqi-security-forces",
    "unit/iraqi-federal-police": "unit/iraqi-security-forces",
    "unit/iraqi-air-force": "unit/iraqi-security-forces",
    "unit/iraqi-army-9th-division": "unit/iraqi-army",
    "unit/iraqi-army-16th-division": "unit/iraqi-army",
    "unit/rapid-response-division": "unit/iraqi-federal-police",
    "unit/badr-organization": "unit/popular-mobilization-forces",
    "unit/kataib-hezbollah": "unit/popular-mobilization-forces",
    "unit/asaib-ahl-al-haq": "unit/popular-mobilization-forces",
    "unit/nineveh-plain-protection-units": "unit/popular-mobilization-forces",
    "unit/101st-airborne-division": "unit/united-states-army",
    "unit/united-states-army": "unit/united-states-armed-forces",
    "unit/united-states-air-force": "unit/united-states-armed-forces",
    "unit/iraqi-police": "unit/iraqi-security-forces",
    "unit/tribal-mobilization-forces": "unit/popular-mobilization-forces",
    "place/kurdistan-region": "place/iraq",
    "place/university-of-mosul": "place/mosul",
    "place/great-mosque-of-al-nuri": "place/mosul",
    "place/nineveh": "place/mosul",
    "place/qayyarah-airfield-west": "place/qayyarah",
}

# Class -> WOF placetypes a record of that class may have.
PLACETYPES: dict[str, tuple[str, ...]] = {
    "Country": ("country",),
    "Governorate": ("region",),
    "District": ("county",),
    "City": ("locality",),
    "Town": ("locality",),
    "Village": ("locality",),
    "Neighbourhood": ("neighbourhood", "locality"),
    "Landmark": ("campus",),
}
WOF_CLASS = {
    "country": "Country",
    "region": "Governorate",
    "county": "District",
    "locality": "Town",
    "neighbourhood": "Neighbourhood",
    "campus": "Landmark",
}
ANCESTOR_ORDER = ("locality", "county", "region", "country")
CUE_PLACETYPES = {
    "Village": ("locality",),
    "Town": ("locality",),
    "District": ("county",),
    "Neighbourhood": ("neighbourhood",),
}
_WOF_CITED = re.compile(r"whosonfirst-data-admin-(iq|sy)@\w+ data/[\d/]+?/(\d+)\.geojson")
# The source README marks a QID doubtful in its evidence with "DOUBT" or "Not resolved".
_DOUBT = re.compile(r"\bDOUBT\b|\bNot resolved\b")


def source_rows(shared: Path) -> list[Entity]:
    entities = []
    with (shared / "wikidata_gazetteer.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            label = row["label"]
            kind, cls = KIND_MAP[row["kind"]]
            cls = CLS_OVERRIDES.get(label, cls)
            ident = ID_OVERRIDES.get(label, f"{kind}/{slugify(label)}")
            aliases = [a for a in row["aliases"].split("|") if a and a != label]
            aliases += [a for a in EXTRA_ALIASES.get(label, ()) if a not in aliases]
            evidence = row["evidence"]
            entities.append(
                Entity(
                    id=ident,
                    kind=kind,
                    cls=cls,
                    label=label,
                    aliases=tuple(aliases),  # type: ignore[arg-type]
                    qid=row["qid"] or None,
                    qid_doubtful=bool(row["qid"]) and bool(_DOUBT.search(evidence)),
                    lat=optional_float(row["lat"]),
                    lon=optional_float(row["lon"]),
                    coord_precision=0.0001 if row["lat"] else None,
                    evidence=evidence,
                    source="gazetteer",
                )
            )
    return entities


def match_wof(entity: Entity, wof: WofIndex) -> WofRecord | None:
    placetypes = PLACETYPES.get(entity.cls)
    if entity.kind != "place" or placetypes is None:
        return None
    if entity.qid:
        hits = [r for r in wof.by_qid.get(entity.qid, []) if r.placetype in placetypes]
        if hits:
            return sorted(hits, key=lambda r: (not r.current, int(r.wof_id)))[0]
    for _country, wof_id in _WOF_CITED.findall(entity.evidence):
        rec = wof.records.get(wof_id)
        if rec and rec.placetype in placetypes:
            return rec
    countries = tuple(sorted(set(re.findall(r"admin-(iq|sy)", entity.evidence)))) or ("iq", "sy")
    hits = wof.by_names([entity.label, *entity.aliases], placetypes, countries)
    return hits[0] if len(hits) == 1 else None


def _wof_entity(rec: WofRecord, taken: set[str], used_qids: set[str]) -> Entity:
    """A row for a WOF record; a QID already on another row is not copied (WOF puts a city's
    QID on its district too)."""
    cls = WOF_CLASS[rec.placetype]
    name = rec.names[1] if len(rec.names) > 1 and rec.names[1].isascii() else rec.name
    suffix = {"District": " District", "Governorate": " Governorate"}.get(cls, "")
    label = name if name.endswith(suffix) else name + suffix
    slug = slugify(label)
    ident = f"place/{slug}" if f"place/{slug}" not in taken else f"place/{slug}-{rec.wof_id}"
    aliases = tuple(sorted({n for n in rec.names if n != label and n.isascii()}))
    qid = rec.wd if rec.wd and rec.wd not in used_qids else None
    return Entity(
        id=ident,
        kind="place",
        cls=cls,
        label=label,
        aliases=aliases,
        qid=qid,
        lat=rec.lat,
        lon=rec.lon,
        coord_precision=0.0001 if rec.lat is not None else None,
        evidence=f"whosonfirst-data-admin-{rec.country} record {rec.wof_id} "
        f"({rec.placetype} '{rec.name}'{', wd:id ' + rec.wd if rec.wd else ''})",
        source=f"whosonfirst:{rec.wof_id}",
    )


def add_wof_parents(
    entities: list[Entity], wof: WofIndex, matched: dict[str, WofRecord]
) -> list[Entity]:
    """Give each matched place its WOF parent, adding missing ancestors as rows.

    ``matched`` maps every entity id known to stand for a WOF record to that record.
    """
    by_wof: dict[str, str] = {}
    for eid, rec in sorted(matched.items()):
        by_wof.setdefault(rec.wof_id, eid)
    out = {e.id: e for e in entities}
    pending = sorted(matched.items())
    while pending:
        eid, rec = pending.pop(0)
        level = ANCESTOR_ORDER.index(rec.placetype) if rec.placetype in ANCESTOR_ORDER else -1
        for placetype in ANCESTOR_ORDER[level + 1 :]:
            parent_wof = rec.ancestors.get(placetype)
            if parent_wof is None or parent_wof not in wof.records:
                continue
            if parent_wof not in by_wof:
                used = {e.qid for e in out.values() if e.qid}
                parent = _wof_entity(wof.records[parent_wof], set(out), used)
                out[parent.id] = parent
                by_wof[parent_wof] = parent.id
                pending.append((parent.id, wof.records[parent_wof]))
            if out[eid].parent is None:
                out[eid] = replace(out[eid], parent=by_wof[parent_wof])
            break
    return list(out.values())


def _matches(entities: list[Entity], wof: WofIndex) -> dict[str, WofRecord]:
    """Entity id -> its WOF record: the record a derived row came from, or a match."""
    out = {}
    for e in entities:
        if e.source.startswith("whosonfirst:"):
            out[e.id] = wof.records[e.source.split(":", 1)[1]]
        elif (rec := match_wof(e, wof)) is not None:
            out[e.id] = rec
    return out


def add_cue_places(entities: list[Entity], wof: WofIndex, corpus: Path) -> list[Entity]:
    """Look up in WOF the names place cues find in the corpus and the gazetteer lacks."""
    gaz = Gazetteer(entities)
    matched = _matches(entities, wof)
    known_wof = {rec.wof_id for rec in matched.values()}
    used_qids = {e.qid for e in entities if e.qid}
    added: dict[str, Entity] = {}
    for path in sorted(corpus.glob("*")):
        text = path.read_text(encoding="utf-8", errors="replace")
        regions = set()
        for _s, _e, eid in gaz.find(text):
            rec = matched.get(eid)
            if rec is not None:
                regions.add(rec.ancestors.get("region", rec.wof_id))
        for cue in find_cue_places(text):
            if cue.cls not in CUE_PLACETYPES or gaz.lookup_name(cue.name) is not None:
                continue  # only the cues of a settlement or district class name one here
            hits = [
                r
                for r in wof.by_names([cue.name], CUE_PLACETYPES[cue.cls], ("iq", "sy"))
                if r.current and r.ancestors.get("region") in regions
            ]
            if len(hits) != 1 or hits[0].wof_id in known_wof:
                continue
            new = _wof_entity(hits[0], {e.id for e in entities} | set(added), used_qids)
            new = replace(
                new,
                cls=cue.cls,
                label=cue.name,
                aliases=tuple(sorted({*new.aliases, new.label} - {cue.name})),
            )
            added[new.id] = new
            known_wof.add(hits[0].wof_id)
            matched[new.id] = hits[0]
    merged = entities + sorted(added.values(), key=lambda e: e.id)
    return add_wof_parents(merged, wof, matched)


def derive(shared: Path, corpus: Path | None) -> list[Entity]:
    wof = WofIndex(load_wof(shared))
    entities = source_rows(shared)
    for ident, cls, label, aliases in EDITORIAL_UNITS:
        entities.append(
            Entity(
                id=ident,
                kind="unit",
                cls=cls,
                label=label,
                aliases=aliases,
                evidence="editorial",
                source="editorial",
            )
        )
    entities = add_wof_parents(entities, wof, _matches(entities, wof))
    if corpus is not None and corpus.is_dir():
        entities = add_cue_places(entities, wof, corpus)
    ids = {e.id for e in entities}
    out = []
    for e in entities:
        parent = EDITORIAL_PARENTS.get(e.id)
        if parent is not None and e.parent is None:
            if parent not in ids:
                raise SystemExit(f"editorial parent {parent} of {e.id} is not in the gazetteer")
            e = replace(e, parent=parent, evidence=e.evidence + " ; parent: editorial")
        out.append(e)
    if len(ids) != len(entities):
        raise SystemExit("duplicate entity ids")
    for target in [*EDITORIAL_ALLEGIANCE.values(), *sum(EDITORIAL_COALITIONS.values(), ())]:
        if target not in ids:
            raise SystemExit(f"editorial allegiance or coalition {target} is not in the gazetteer")
    out = [
        replace(
            e,
            allegiance=EDITORIAL_ALLEGIANCE.get(e.id, e.allegiance),
            coalitions=EDITORIAL_COALITIONS.get(e.id, e.coalitions),
        )
        for e in out
    ]
    return sorted(out, key=lambda e: e.id)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("/work/shared/data"))
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    entities = derive(args.shared, args.corpus)
    write_csv(entities, args.out)
    print(f"wrote {len(entities)} rows ({len(COLUMNS)} columns) to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
