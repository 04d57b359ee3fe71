"""Give facts back to Wikidata as QuickStatements V1, each statement referenced to our sources.

Only ids the gazetteer's evidence supports are written. With ``create``, each selected event
becomes a new item: ``CREATE`` then ``LAST`` lines (label, description, P31 when a verified
class id exists, P361 to the campaign when it has a verified id, P276, P585 or P580/P582,
P710, P1120 deaths where a claim of the same sentence supports it). Every statement carries
one reference block per supporting document, in the form
Wikidata's Help:Sources asks: a web page gets reference URL (S854) and retrieved (S813), plus
title (S1476), publication date (S577) and publisher (S123) where known; a Wikipedia page is
an import source (S143), never a reference URL. Identical reference blocks are written once.

The reliability policy (``Policy``) drops statements that only excluded kinds of source
(by default blogs and advocacy sites) support. ``Plan.report`` says what would be added,
from which sentence, and what was left out and why.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from conflictkg.mapping import iri
from conflictkg.mapping.query import select

CK = "https://w3id.org/conflictkg/ontology#"
WD = "http://www.wikidata.org/entity/"
PRECISION = {"11": 11, "10": 10, "9": 9}
# Classes for P31 need a verified id, like every other id: none is known yet, so none is
# written (the dry-run report says so). Add {ck type: (QID, evidence)} here when verified.
VERIFIED_CLASSES: dict[str, tuple[str, str]] = {}
WIKIPEDIA_QID = "Q52"  # gazetteer: publisher/wikipedia, with evidence


@dataclass(frozen=True)
class Policy:
    """Which kinds of source may support a statement on their own."""

    excluded_kinds: frozenset[str] = frozenset({CK + "blogOrAdvocacyKind"})


@dataclass(frozen=True)
class Source:
    key: str
    url: str | None
    title: str | None
    published: str | None
    publisher_qid: str | None
    kind: str | None
    encyclopedia: bool


@dataclass
class EventFacts:
    iri: str
    type: str
    date: str | None = None
    precision: int | None = None
    start: str | None = None
    end: str | None = None
    places: dict[str, str] = field(default_factory=dict)  # qid -> label
    participants: dict[str, str] = field(default_factory=dict)
    place_labels: list[str] = field(default_factory=list)
    actor_labels: list[str] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)  # key -> source
    quotes: list[str] = field(default_factory=list)
    deaths: int | None = None  # from a claim of people killed stated in the same sentence


@dataclass(frozen=True)
class Plan:
    lines: tuple[str, ...]
    report: tuple[str, ...]


def _time(value: str, precision: int) -> str:
    parts = [*value.split("-"), "00", "00"]
    year, month, day = (
        parts[0],
        parts[1] if precision >= 10 else "00",
        parts[2] if precision >= 11 else "00",
    )
    return f"+{year}-{month}-{day}T00:00:00Z/{precision}"


def _quote(text: str) -> str:
    return '"' + text.replace('"', "'").replace("\t", " ").replace("\n", " ") + '"'


def _references(sources: list[Source], retrieved: str) -> list[str]:
    """One reference block per document, duplicates removed, in a stable order."""
    blocks: list[str] = []
    for s in sorted(sources, key=lambda s: s.key):
        if s.encyclopedia:
            parts = ["S143", WIKIPEDIA_QID]
        else:
            parts = []
            if s.url:
                parts += ["S854", _quote(s.url), "S813", _time(retrieved, 11)]
            if s.title:
                parts += ["S1476", "en:" + _quote(s.title)]
            if s.published:
                parts += ["S577", _time(s.published[:10], 11)]
            if s.publisher_qid:
                parts += ["S123", s.publisher_qid]
        block = "\t".join(parts)
        if parts and block not in blocks:
            blocks.append(block)
    return blocks


def _events(store: Path | str) -> dict[str, EventFacts]:
    rows = select(
        store,
        f"""SELECT ?e ?type ?date ?prec ?start ?end ?key ?quote WHERE {{
          GRAPH ?g {{ ?e a ?type ; ck:status ck:occurred ; ck:reportedIn ?doc ;
                         ck:evidence/oa:exact ?quote . }}
          FILTER(!STRSTARTS(STR(?g), "{iri.INFERRED_GRAPH}"))
          ?doc ck:documentKey ?key .
          OPTIONAL {{ ?e ck:date ?date ; ck:datePrecision ?prec }}
          OPTIONAL {{ ?e ck:startDate ?start ; ck:endDate ?end }}
        }}""",
    )
    events: dict[str, EventFacts] = {}
    for r in rows:
        facts = events.setdefault(str(r["e"]), EventFacts(str(r["e"]), str(r["type"])))
        if "date" in r:
            facts.date, facts.precision = str(r["date"]), int(str(r["prec"]))
        if "start" in r:
            facts.start, facts.end = str(r["start"]), str(r["end"])
        facts.sources.setdefault(
            str(r["key"]), Source(str(r["key"]), None, None, None, None, None, False)
        )
        if str(r["quote"]) not in facts.quotes:
            facts.quotes.append(str(r["quote"]))
    for prop, attr in (("location", "places"), ("participant", "participants")):
        for r in select(
            store,
            f"""SELECT ?e ?qid ?label WHERE {{
              ?e ck:{prop} ?x . ?x ck:qid ?qid . OPTIONAL {{ ?x rdfs:label ?label }}
              FILTER(STRSTARTS(STR(?x), "{iri.ID}")) }}""",
        ):
            if str(r["e"]) in events:
                getattr(events[str(r["e"])], attr)[str(r["qid"])] = str(r.get("label", r["qid"]))
    for r in select(
        store,
        f"""SELECT ?e ?label WHERE {{ ?e ck:location ?x . ?x rdfs:label ?label .
              FILTER(STRSTARTS(STR(?x), "{iri.ID}")) }}""",
    ):
        if str(r["e"]) in events and str(r["label"]) not in events[str(r["e"])].place_labels:
            events[str(r["e"])].place_labels.append(str(r["label"]))
    # P1120 (number of deaths): a killing event and a claim of people killed in one sentence
    for r in select(
        store,
        """SELECT ?e ?value WHERE {
          ?e a ck:Killing ; ck:evidence ?ev . ?ev ck:inDocument ?d ; ck:sentenceIndex ?i .
          ?c a ck:Claim ; ck:counted ?what ; ck:value ?value ; ck:statedIn ?cs .
          ?cs ck:inDocument ?d ; ck:sentenceIndex ?i .
          FILTER(CONTAINS(STR(?what), "killed")) }""",
    ):
        facts = events.get(str(r["e"]))
        if facts is not None:
            facts.deaths = max(facts.deaths or 0, int(float(str(r["value"]))))
    return events


def _sources(store: Path | str) -> dict[str, Source]:
    rows = select(
        store,
        """SELECT ?key ?url ?title ?published ?pqid ?kind ?genre WHERE {
          ?doc a ck:Document ; ck:documentKey ?key .
          OPTIONAL { ?doc ck:url ?url } OPTIONAL { ?doc dct:title ?title }
          OPTIONAL { ?doc ck:published ?published } OPTIONAL { ?doc ck:genre ?genre }
          OPTIONAL { ?doc ck:publisher ?p .
                     OPTIONAL { ?p ck:qid ?pqid } OPTIONAL { ?p ck:sourceKind ?kind } }
        }""",
    )
    out = {}
    for r in rows:
        key = str(r["key"])
        out[key] = Source(
            key,
            str(r["url"]) if "url" in r else None,
            str(r["title"]) if "title" in r else None,
            str(r["published"]) if "published" in r else None,
            str(r["pqid"]) if "pqid" in r else None,
            str(r["kind"]) if "kind" in r else None,
            str(r.get("genre", "")) == "encyclopedia",
        )
    return out


def plan(store: Path | str, *, create: bool, retrieved: str, policy: Policy | None = None) -> Plan:
    """The QuickStatements lines and the dry-run report for the graph in ``store``."""
    policy = policy or Policy()
    sources = _sources(store)
    lines: list[str] = []
    report: list[str] = []
    if not create:
        report.append(
            "without --create only statements about existing items are written; "
            "the events of our documents have no Wikidata items yet (use --create)"
        )
        return Plan((), tuple(report))
    for facts in sorted(_events(store).values(), key=lambda f: (f.date or f.start or "", f.iri)):
        docs = [sources[k] for k in sorted(facts.sources) if k in sources]
        trusted = [s for s in docs if s.kind not in policy.excluded_kinds]
        kind = facts.type.rsplit("#", 1)[-1]
        where = f"{kind} {facts.iri} ({'; '.join(facts.quotes)[:160]})"
        if not trusted:
            report.append(f"left out {where}: only excluded kinds of source support it")
            continue
        if not facts.places and not facts.participants:
            report.append(f"left out {where}: no place or participant has a verified QID")
            continue
        if not (facts.date or facts.start):
            report.append(f"left out {where}: no date")
            continue
        refs = _references(trusted, retrieved)
        when = facts.date or f"{facts.start}/{facts.end}"
        place = ", ".join(facts.place_labels[:3])
        who = ", ".join(facts.actor_labels[:2])
        label = kind + (f" at {place}" if place else "") + (f" by {who}" if who else "")
        label = f"{label} ({when})"
        body: list[tuple[str, str]] = []
        if kind in VERIFIED_CLASSES:
            body.append(("P31", VERIFIED_CLASSES[kind][0]))
        else:
            report.append(f"no P31 for {kind}: no verified Wikidata class id")
        for qid in sorted(facts.places):
            body.append(("P276", qid))
        if facts.date and facts.precision:
            body.append(("P585", _time(facts.date, facts.precision)))
        elif facts.start and facts.end:
            prec = 11 if len(facts.start) == 10 else 10 if len(facts.start) == 7 else 9
            body.append(("P580", _time(facts.start, prec)))
            body.append(("P582", _time(facts.end, prec)))
        for qid in sorted(facts.participants):
            body.append(("P710", qid))
        if facts.deaths:
            body.append(("P1120", str(facts.deaths)))
        lines.append("CREATE")
        lines.append(f"LAST\tLen\t{_quote(label)}")
        description = f"{kind.lower()} reported in {len(trusted)} source(s), dated {when}"
        lines.append(f"LAST\tDen\t{_quote(description)}")
        for prop, value in body:
            lines.extend(f"LAST\t{prop}\t{value}\t{ref}" for ref in refs)
        report.append(f"create {where}: {len(body)} statements, {len(refs)} reference block(s)")
    report.append("P361 (part of) is not written: the campaign has no verified Wikidata id")
    return Plan(tuple(lines), tuple(dict.fromkeys(report)))


def counts(p: Plan) -> dict[str, int]:
    c: dict[str, int] = defaultdict(int)
    for line in p.lines:
        c[line.split("\t")[1] if "\t" in line else line] += 1
    return dict(c)
