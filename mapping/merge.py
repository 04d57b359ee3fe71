"""One event, many reports: merge reports of the same event from several documents.

Runs after the per-document stages and before reasoning. Each merged event (and each
estimate) is a ``MergedUnit`` with its own named graph (``graph/merged/...``) and a digest of
what it is made from; a build rebuilds the graphs of units whose digest changed and drops
those of units that are gone, so the graphs always follow their inputs.

Two reports (events as one document tells them) are one event when they come from different
documents and agree on everything that identifies an event:

* the same type and the same status;
* dates known and equal at the coarser of the two precisions (2016-10-17 and 2016-10 agree;
  2016-10-17 and 2016-10-18 do not); a report without a date is never merged;
* at least one shared location (the same entity, or cue-found names that are spelling
  variants); a report without a location is never merged;
* actors that do not contradict: either side names none, or one names a unit the other names,
  or a unit above or below it (the 9th Armoured Division is part of the Iraqi Army).

So different events on the same day at the same place stay apart when their type, status or
actors differ. Every report belongs to exactly one merged event (a lone report to its own),
whose IRI is a digest of what identifies it. Corroboration: ``sourcesCount`` distinct
documents; ``publishersCount`` distinct origins, where a page crediting a wire agency and
the agency's own page are one origin (``sources.origins``).

Claims that count the same thing (same category, places and month) are summarised by an
``ck:Estimate`` (low/best/high by ``claims.estimate``); the claims themselves stay.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from conflictkg.mapping import iri
from conflictkg.mapping.claims import estimate
from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.geocode import skeleton
from conflictkg.mapping.model import Claim, DateValue, Extraction
from conflictkg.mapping.sources import origins
from conflictkg.mapping.to_rdf import add_date, bind_prefixes, confidence_literal
from conflictkg.mapping.vocab import CK

RULE = "merge.py:same type, status, date, place; actors compatible"


class _Counts(dict[int, Literal]):
    """Integer literals, made once (rdflib literals are slow to build)."""

    def __missing__(self, n: int) -> Literal:
        self[n] = Literal(n)
        return self[n]


_COUNTS = _Counts()


@dataclass(frozen=True, slots=True)
class Report:
    """What the merge needs of one event as one document tells it."""

    iri: URIRef
    evidence: URIRef
    document: str
    type: str
    status: str
    date: DateValue | None
    places: frozenset[str]  # location keys (entity ids, or name skeletons of cue-found places)
    locations: tuple[str, ...]
    actors: tuple[str, ...]
    opponents: tuple[str, ...]
    origins: tuple[str, ...]
    confidence: float

    def fingerprint(self) -> str:
        """Everything the merge reads of the report, deterministically (sets sorted)."""
        return repr(
            (str(self.iri), str(self.evidence), self.document, self.type, self.status,
             self.date, sorted(self.places), self.locations, self.actors, self.opponents,
             self.origins, self.confidence)
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class ClaimReport:
    iri: URIRef
    document: str
    claim: Claim

    def fingerprint(self) -> str:
        return repr((str(self.iri), self.document, self.claim))


@dataclass(frozen=True, slots=True)
class DocumentReports:
    """The reports and claims of one built document (kept by the pipeline for this stage)."""

    key: str
    reports: tuple[Report, ...]
    claims: tuple[ClaimReport, ...]


def document_reports(extraction: Extraction) -> DocumentReports:
    doc = extraction.document
    known = extraction.new_entities
    source = origins(doc.metadata) or (f"document:{doc.key}",)
    reports = []
    for e in extraction.events:
        places = frozenset(
            f"name:{skeleton(known[p].label)}" if p in known else p for p in e.locations
        )
        reports.append(
            Report(
                iri=iri.event_iri(doc.key, e.type, e.start, e.end, e.trigger),
                evidence=iri.evidence_iri(doc.key, e.start, e.end),
                document=doc.key,
                type=e.type,
                status=e.status,
                date=e.date,
                places=places,
                locations=e.locations,
                actors=e.actors,
                opponents=e.opponents,
                origins=source,
                confidence=e.confidence,
            )
        )
    claims = tuple(
        ClaimReport(iri.claim_iri(doc.key, c.counted, c.start, c.end), doc.key, c)
        for c in extraction.claims
    )
    return DocumentReports(doc.key, tuple(reports), claims)


def _dates_agree(a: DateValue | None, b: DateValue | None) -> bool:
    if a is None or b is None or a.end or b.end:
        return False
    width = min(len(a.value), len(b.value))
    return a.value[:width] == b.value[:width]


def _actors_agree(a: Sequence[str], b: Sequence[str], gazetteer: Gazetteer) -> bool:
    if not a or not b:
        return True
    for x in a:
        for y in b:
            if x == y or x in gazetteer.ancestors(y) or y in gazetteer.ancestors(x):
                return True
    return False


def same_event(a: Report, b: Report, gazetteer: Gazetteer) -> bool:
    """Whether two reports from different documents tell one event (see the module doc)."""
    return (
        a.document != b.document
        and a.type == b.type
        and a.status == b.status
        and _dates_agree(a.date, b.date)
        and bool(a.places & b.places)
        and _actors_agree(a.actors, b.actors, gazetteer)
    )


def cluster(reports: Iterable[Report], gazetteer: Gazetteer) -> list[list[Report]]:
    """Greedy, independent of input order: reports sorted by identity first.

    A report joins the first cluster (in creation order) all of whose members tell the same
    event. Only clusters sharing its type, status, year and a place can qualify, so they are
    looked up through that key instead of comparing every pair (linear, not quadratic, in
    the number of reports).
    """
    ordered = sorted(reports, key=lambda r: (r.type, r.date.value if r.date else "", str(r.iri)))
    clusters: list[list[Report]] = []
    by_key: dict[tuple[str, str, str, str], list[int]] = {}
    for report in ordered:
        keys = (
            [(report.type, report.status, report.date.value[:4], p) for p in sorted(report.places)]
            if report.date is not None
            else []
        )
        candidates = sorted({i for k in keys for i in by_key.get(k, ())})
        home = next(
            (i for i in candidates if all(same_event(report, m, gazetteer) for m in clusters[i])),
            None,
        )
        if home is None:
            clusters.append([report])
            home = len(clusters) - 1
        else:
            clusters[home].append(report)
        for k in keys:
            indexes = by_key.setdefault(k, [])
            if home not in indexes:
                indexes.append(home)
    return clusters


def publishers_count(reports: Sequence[Report]) -> int:
    """Distinct origins: documents sharing an origin (a credited wire agency) are one."""
    parent = list(range(len(reports)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(reports):
        for j in range(i):
            if set(a.origins) & set(reports[j].origins):
                parent[find(i)] = find(j)
    return len({find(i) for i in range(len(reports))})


def _most_precise(reports: Sequence[Report]) -> DateValue | None:
    dated = [r.date for r in reports if r.date is not None]
    return max(dated, key=lambda d: (d.precision, d.value)) if dated else None


@dataclass(frozen=True, slots=True)
class MergedUnit:
    """One merged event (or one estimate): its own named graph, with a digest of everything
    it is made from, so that an incremental build rebuilds only the units whose digest
    changed."""

    graph: URIRef
    node: URIRef
    digest: str
    events: tuple[Report, ...] = ()
    claims: tuple[ClaimReport, ...] = ()


def _unit(
    node: URIRef, events: Sequence[Report] = (), claims: Sequence[ClaimReport] = ()
) -> MergedUnit:
    digest = hashlib.sha256(f"{node}\n{RULE}".encode())
    for part in [r.fingerprint() for r in (*events, *claims)]:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\n")
    return MergedUnit(
        iri.merged_graph(node), node, digest.hexdigest()[:32], tuple(events), tuple(claims)
    )


def partition_key(item: Report | ClaimReport) -> str:
    """The merge partition of a report or claim: nothing is merged across partitions.

    Clusters never cross a (type, status, year) partition (their lookup keys hold all
    three), and an estimate's claims share their category and month. So each partition is
    merged on its own, and an incremental build redoes only the partitions whose items
    changed (``partitions``)."""
    if isinstance(item, Report):
        return f"event|{item.type}|{item.status}|{item.date.value[:4] if item.date else ''}"
    return f"claim|{item.claim.counted}|{item.claim.date.value[:7] if item.claim.date else ''}"


def partition_units(
    key: str, items: Iterable[Report | ClaimReport], gazetteer: Gazetteer
) -> Iterator[MergedUnit]:
    """The merged events (or estimates) of one partition, in a stable order."""
    if key.startswith("claim|"):
        claims = [c for c in items if isinstance(c, ClaimReport)]
        for node, group in _estimate_groups(claims):
            yield _unit(node, claims=group)
        return
    reports = [r for r in items if isinstance(r, Report)]
    taken: set[URIRef] = set()  # colliding nodes share the partition
    for members in cluster(reports, gazetteer):
        first = members[0]
        date = _most_precise(members)
        shared = frozenset.intersection(*(m.places for m in members))
        node = iri.merged_event_iri(
            first.type,
            first.status,
            date.value if date else "",
            "|".join(sorted(shared)),
            "|".join(sorted({a for m in members for a in m.actors})),
        )
        if node in taken:
            node = iri.merged_event_iri(node, min(str(m.iri) for m in members))
        taken.add(node)
        yield _unit(node, events=members)


def merged_units(
    documents: Iterable[DocumentReports], gazetteer: Gazetteer
) -> Iterator[MergedUnit]:
    """Every merged event and estimate of ``documents``, held in memory (the build streams
    partitions from disk instead: ``partitions``)."""
    parts: dict[str, list[Report | ClaimReport]] = {}
    for d in documents:
        for item in (*d.reports, *d.claims):
            parts.setdefault(partition_key(item), []).append(item)
    for key in sorted(parts):
        yield from partition_units(key, parts[key], gazetteer)


def unit_graph(unit: MergedUnit) -> Graph:
    """The unit's named graph: the merged event with its reports and corroboration, or the
    estimate with the claims it is based on."""
    g = Graph(identifier=unit.graph)  # no prefixes bound: only ever written as N-Quads
    if unit.events:
        _add_merged(g, unit.node, unit.events, _most_precise(unit.events))
        g.add((unit.graph, CK.rule, Literal(RULE)))
    else:
        _add_estimate(g, unit.node, unit.claims)
    return g


def merged_graph(documents: Sequence[DocumentReports], gazetteer: Gazetteer) -> Graph:
    """All merged events and estimates in one graph (what the units' graphs hold together)."""
    g = bind_prefixes(Graph())
    for unit in merged_units(documents, gazetteer):
        for triple in unit_graph(unit):
            g.add(triple)
    return g


def _add_merged(g: Graph, node: URIRef, members: Sequence[Report], date: DateValue | None) -> None:
    first = members[0]
    g.add((node, RDF.type, CK.MergedEvent))
    g.add((node, RDF.type, CK[first.type]))
    g.add((node, CK.status, CK[first.status]))
    if len(members) > 1:
        when = f" ({date.value})" if date else ""
        g.add((node, RDFS.label, Literal(f"{first.type}{when}, {len(members)} reports")))
    for prop, values in (
        (CK.actor, (a for m in members for a in m.actors)),
        (CK.opposingForce, (o for m in members for o in m.opponents)),
        (CK.location, (p for m in members for p in m.locations)),
    ):
        for value in sorted(set(values)):
            g.add((node, prop, iri.entity_iri(value)))
    if date is not None:
        add_date(g, node, date)
    for m in members:
        g.add((node, CK.hasReport, m.iri))
        g.add((node, CK.evidence, m.evidence))
    g.add((node, CK.sourcesCount, _COUNTS[len({m.document for m in members})]))
    g.add((node, CK.publishersCount, _COUNTS[publishers_count(members)]))
    if len(members) > 1:
        g.add((node, CK.confidence, confidence_literal(max(m.confidence for m in members))))


def _estimate_groups(claims: Sequence[ClaimReport]) -> list[tuple[URIRef, list[ClaimReport]]]:
    """Claims counting the same thing (category, places, month), two or more of them."""
    groups: dict[tuple[str, str, str], list[ClaimReport]] = {}
    for c in claims:
        month = c.claim.date.value[:7] if c.claim.date else ""
        key = (c.claim.counted, "|".join(sorted(c.claim.locations)), month)
        groups.setdefault(key, []).append(c)
    return [
        (iri.estimate_iri(*key), sorted(members, key=lambda m: str(m.iri)))
        for key, members in sorted(groups.items())
        if len(members) >= 2
    ]


def _add_estimate(g: Graph, node: URIRef, members: Sequence[ClaimReport]) -> None:
    counted = members[0].claim.counted
    places = sorted(set(members[0].claim.locations))
    low, best, high = estimate([m.claim for m in members])
    g.add((node, RDF.type, CK.Estimate))
    g.add((node, RDFS.label, Literal(f"{counted.replace('_', ' ')}: best {best}")))
    g.add((node, CK.counted, Literal(counted)))
    for prop, value in ((CK.low, low), (CK.best, best), (CK.high, high)):
        if value is not None:
            g.add((node, prop, Literal(str(value), datatype=XSD.decimal)))
    for place in places:
        g.add((node, CK.about, iri.entity_iri(place)))
    for m in members:
        g.add((node, CK.basedOn, m.iri))
    g.add((node, CK.rule, Literal("claims.py:estimate (min / median / max)")))
