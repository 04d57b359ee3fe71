"""Map one document's extraction to its own RDF graph, and gazetteer facts to the reference graph.

Data graphs hold no blank nodes and no timestamps: the same input gives the same triples.
Every event carries its provenance: the document, the sentence, the character offsets (code
points into the stored cleaned text) and the exact quote.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, TIME, XSD

from conflictkg.mapping import iri
from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.model import Attribution, Claim, DateValue, Entity, Event, Extraction
from conflictkg.mapping.sources import KIND_TERMS, source_kind
from conflictkg.mapping.version import mapping_version
from conflictkg.mapping.vocab import CK, GEO, OA, PROV, WD

_CREDIT = (
    "Wikidata ids with their evidence; Data from Who's On First"
    " (https://whosonfirst.org/docs/licenses/), including GeoNames (CC-BY)."
)
_PRECISION_DATATYPE = {11: XSD.date, 10: XSD.gYearMonth, 9: XSD.gYear}
_PRECISION_UNIT = {11: TIME.unitDay, 10: TIME.unitMonth, 9: TIME.unitYear}
_KIND_FALLBACK_CLASS = {
    "place": "Location",
    "unit": "Unit",
    "operation": "Operation",
    "person": "Person",
    "publisher": "Publisher",
}


def bind_prefixes(graph: Graph) -> Graph:
    graph.bind("ck", CK["Event"].rsplit("#", 1)[0] + "#")
    graph.bind("oa", OA)
    graph.bind("prov", PROV)
    graph.bind("geo", GEO)
    graph.bind("wd", WD)
    return graph


def document_graph(extraction: Extraction, gazetteer: Gazetteer) -> Graph:
    """The named graph of one document: its metadata, text, mentions and events."""
    doc = extraction.document
    g = bind_prefixes(Graph(identifier=iri.document_graph(doc.key)))
    d = iri.document_iri(doc.key)
    meta = doc.metadata
    g.add((d, RDF.type, CK.Document))
    g.add((d, CK.documentKey, Literal(doc.key)))
    g.add((d, CK.cleanedText, Literal(doc.text)))
    if doc.content_hash:
        g.add((d, CK.contentHash, Literal(doc.content_hash)))
    g.add((d, CK.mappingVersion, Literal(mapping_version())))
    g.add((d, RDFS.label, Literal(meta.title or doc.key)))
    if meta.title:
        g.add((d, DCTERMS.title, Literal(meta.title)))
    if meta.published:
        g.add((d, CK.published, _date_or_datetime(meta.published)))
    if meta.revised:
        g.add((d, CK.revised, _date_or_datetime(meta.revised)))
    if meta.url:
        g.add((d, CK.url, Literal(meta.url, datatype=XSD.anyURI)))
    if meta.language:
        g.add((d, DCTERMS.language, Literal(meta.language)))
    if meta.genre:
        g.add((d, CK.genre, Literal(meta.genre)))
    for clue in meta.site_clues:
        g.add((d, CK.siteClue, Literal(clue)))
    if meta.publisher:
        g.add((d, CK.publisher, _organisation(g, gazetteer, meta.publisher, "Publisher")))
    for agency in meta.agencies:
        g.add((d, CK.creditedAgency, _organisation(g, gazetteer, agency, "WireAgency")))

    for entity in extraction.new_entities.values():
        _add_entity(g, entity)
    for entity_id in sorted({m.entity_id for m in extraction.mentions}):
        g.add((d, CK.mentions, iri.entity_iri(entity_id)))

    sentences = {s.index: s for s in extraction.sentences}
    for event in extraction.events:
        _add_event(g, extraction, event, sentences[event.sentence_index])
    for claim in extraction.claims:
        _add_claim(g, extraction, claim, sentences[claim.sentence_index])
    for quotation in extraction.attributions:
        _add_quotation(g, extraction, quotation, sentences[quotation.sentence_index], gazetteer)
    return g


def _add_quotation(
    g: Graph, extraction: Extraction, quoted: Attribution, sentence: object, gazetteer: Gazetteer
) -> None:
    """A person the document quotes: speaker, role, the outlet that relayed the words, and
    the sentence (the same evidence node a claim of that sentence states itself in)."""
    doc = extraction.document
    q = iri.quotation_iri(doc.key, quoted.person_id, quoted.start)
    person = iri.entity_iri(quoted.person_id)
    g.add((q, RDF.type, CK.Quotation))
    g.add((q, RDFS.label, Literal(f"{quoted.person} quoted in {doc.metadata.title or doc.key}")))
    g.add((q, CK.speaker, person))
    g.add((person, RDF.type, CK.Person))
    if quoted.role:
        g.add((q, CK.role, Literal(quoted.role)))
    if quoted.via:
        g.add((q, CK.via, _organisation(g, gazetteer, quoted.via, "Publisher")))
    g.add((q, CK.quotedIn, iri.document_iri(doc.key)))
    g.add((q, CK.rule, Literal(quoted.rule)))
    s_start, s_end = getattr(sentence, "start", quoted.start), getattr(sentence, "end", quoted.end)
    ev = _add_evidence(g, extraction, sentence, quoted.sentence_index, s_start, s_end)
    g.add((q, CK.evidence, ev))


def _add_evidence(
    g: Graph, extraction: Extraction, sentence: object, index: int, start: int, end: int
) -> URIRef:
    doc = extraction.document
    ev = iri.evidence_iri(doc.key, start, end)
    g.add((ev, RDF.type, CK.Evidence))
    g.add((ev, CK.inDocument, iri.document_iri(doc.key)))
    g.add((ev, CK.sentenceIndex, Literal(index)))
    g.add((ev, CK.sentenceStart, Literal(getattr(sentence, "start", start))))
    g.add((ev, CK.sentenceEnd, Literal(getattr(sentence, "end", end))))
    g.add((ev, OA.start, Literal(start)))
    g.add((ev, OA.end, Literal(end)))
    g.add((ev, OA.exact, Literal(doc.text[start:end])))
    return ev


def _add_claim(g: Graph, extraction: Extraction, claim: Claim, sentence: object) -> None:
    doc = extraction.document
    c = iri.claim_iri(doc.key, claim.counted, claim.start, claim.end)
    g.add((c, RDF.type, CK.Claim))
    g.add((c, RDFS.label, Literal(f"{claim.counted.replace('_', ' ')}: {claim.figure}")))
    g.add((c, CK.counted, Literal(claim.counted)))
    g.add((c, CK.figure, Literal(claim.figure)))
    for prop, number in ((CK.value, claim.value), (CK.low, claim.low), (CK.high, claim.high)):
        if number is not None:
            g.add((c, prop, Literal(str(number), datatype=XSD.decimal)))
    for who in claim.claimed_by:
        g.add((c, CK.claimedBy, iri.entity_iri(who)))
    if claim.claimant_text:
        g.add((c, CK.claimantText, Literal(claim.claimant_text)))
    for about in (*claim.locations, *claim.subjects):
        g.add((c, CK.about, iri.entity_iri(about)))
    if claim.date:
        datatype = _PRECISION_DATATYPE[claim.date.precision]
        g.add((c, CK.asOf, Literal(claim.date.value, datatype=datatype)))
        g.add((c, CK.datePrecision, Literal(claim.date.precision)))
    g.add((c, CK.reportedIn, iri.document_iri(doc.key)))
    g.add((c, CK.rule, Literal(claim.rule)))
    g.add((c, CK.confidence, confidence_literal(claim.confidence)))
    s_start, s_end = getattr(sentence, "start", claim.start), getattr(sentence, "end", claim.end)
    g.add(
        (
            c,
            CK.statedIn,
            _add_evidence(g, extraction, sentence, claim.sentence_index, s_start, s_end),
        )
    )


def _add_event(g: Graph, extraction: Extraction, event: Event, sentence: object) -> None:
    doc = extraction.document
    e = iri.event_iri(doc.key, event.type, event.start, event.end, event.trigger)
    d = iri.document_iri(doc.key)
    g.add((e, RDF.type, CK[event.type]))
    g.add((e, CK.status, CK[event.status]))
    g.add((e, CK.trigger, Literal(event.trigger)))
    g.add((e, CK.reportedIn, d))
    g.add((d, CK.reports, e))
    for unit in event.actors:
        g.add((e, CK.actor, iri.entity_iri(unit)))
    for unit in event.opponents:
        g.add((e, CK.opposingForce, iri.entity_iri(unit)))
    for place in event.locations:
        g.add((e, CK.location, iri.entity_iri(place)))
    for claimant in event.claimed_by:
        g.add((e, CK.claimedBy, iri.entity_iri(claimant)))
    if event.part_of:
        g.add((e, CK.directPartOfOperation, iri.entity_iri(event.part_of)))
    if event.date:
        add_date(g, e, event.date)
    g.add((e, RDFS.label, Literal(_event_label(event))))
    if event.rule:
        g.add((e, CK.rule, Literal(event.rule)))
    if event.status_rule:
        g.add((e, CK.statusRule, Literal(event.status_rule)))
    if event.actor_rule:
        g.add((e, CK.actorRule, Literal(event.actor_rule)))
    if event.location_rule:
        g.add((e, CK.locationRule, Literal(event.location_rule)))
    g.add((e, CK.confidence, confidence_literal(event.confidence)))

    ev = _add_evidence(g, extraction, sentence, event.sentence_index, event.start, event.end)
    g.add((e, CK.evidence, ev))


def add_date(g: Graph, node: URIRef, date: DateValue) -> None:
    datatype = _PRECISION_DATATYPE[date.precision]
    if date.end:
        g.add((node, CK.startDate, Literal(date.value, datatype=datatype)))
        g.add((node, CK.endDate, Literal(date.end, datatype=datatype)))
    else:
        g.add((node, CK.date, Literal(date.value, datatype=datatype)))
    g.add((node, CK.datePrecision, Literal(date.precision)))
    g.add((node, CK.dateUnit, _PRECISION_UNIT[date.precision]))
    g.add((node, CK.dateBasis, Literal(date.basis)))


def _event_label(event: Event) -> str:
    when = f" ({event.date.value})" if event.date else ""
    return f"{event.type} ({event.status}): {event.trigger}{when}"


def _organisation(g: Graph, gazetteer: Gazetteer, name: str, cls: str) -> URIRef:
    """A publisher or agency: the gazetteer's entity when it knows the name, else a new one."""
    entity_id = gazetteer.lookup_name(name)
    if entity_id is not None:
        node = iri.entity_iri(entity_id)
        g.add((node, RDF.type, CK[cls]))
        _add_kind(g, node, name)
        return node
    node = iri.entity_iri(iri.publisher_id(name))
    g.add((node, RDF.type, CK[cls]))
    g.add((node, RDFS.label, Literal(name)))
    _add_kind(g, node, name)
    return node


def _add_kind(g: Graph, node: URIRef, name: str) -> None:
    kind = source_kind(name)
    if kind is not None:
        g.add((node, CK.sourceKind, CK[KIND_TERMS[kind]]))


def identity_link(entity: Entity) -> tuple[URIRef, URIRef, URIRef] | None:
    """``entity owl:sameAs wd:Q...`` when its Wikidata id is certain (the reference graph
    states it; reasoning copies the entity's facts onto the Wikidata IRI)."""
    if not entity.qid or entity.qid_doubtful:
        return None
    return (iri.entity_iri(entity.id), OWL.sameAs, WD[entity.qid])


def _add_entity(g: Graph, entity: Entity) -> None:
    """Type, names, identity, position and parent of an entity."""
    node = iri.entity_iri(entity.id)
    cls = entity.cls if entity.cls in CK else _KIND_FALLBACK_CLASS.get(entity.kind, "Location")
    g.add((node, RDF.type, CK[cls]))
    g.add((node, RDFS.label, Literal(entity.label, lang="en")))
    for alias in entity.aliases:
        g.add((node, SKOS.altLabel, Literal(alias, lang="en")))
    if entity.qid and entity.qid_doubtful:
        g.add((node, CK.doubtfulQid, Literal(entity.qid)))
    elif entity.qid:
        g.add((node, CK.qid, Literal(entity.qid)))
    link = identity_link(entity)
    if link is not None:
        g.add(link)
    if entity.lat is not None and entity.lon is not None:
        lat = Literal(_decimal(entity.lat), datatype=XSD.decimal)
        lon = Literal(_decimal(entity.lon), datatype=XSD.decimal)
        g.add((node, CK.lat, lat))
        g.add((node, CK.long, lon))
        geom = iri.geometry_iri(entity.id)
        g.add((node, GEO.hasGeometry, geom))
        g.add((geom, RDF.type, GEO.Geometry))
        wkt = f"POINT({_decimal(entity.lon)} {_decimal(entity.lat)})"
        g.add((geom, GEO.asWKT, Literal(wkt, datatype=GEO.wktLiteral)))
        g.add((node, CK.coordinates, Literal(wkt, datatype=GEO.wktLiteral)))
        if entity.coord_precision is not None:
            g.add(
                (
                    node,
                    CK.coordinatePrecision,
                    Literal(_decimal(entity.coord_precision), datatype=XSD.decimal),
                )
            )
    if entity.parent:
        parent = iri.entity_iri(entity.parent)
        if entity.kind == "place":
            g.add((node, CK.directlyLocatedIn, parent))
        elif entity.kind == "unit":
            g.add((node, CK.directPartOf, parent))
        elif entity.kind == "operation":
            g.add((node, CK.directPartOfOperation, parent))
    if entity.allegiance:
        g.add((node, CK.allegiance, iri.entity_iri(entity.allegiance)))
    for coalition in entity.coalitions:
        g.add((node, CK.memberOf, iri.entity_iri(coalition)))
    if entity.geo_precision:
        g.add((node, CK.geocodePrecision, Literal(entity.geo_precision)))
    if entity.rule:
        g.add((node, CK.rule, Literal(entity.rule)))
    if entity.confidence is not None:
        g.add((node, CK.confidence, confidence_literal(entity.confidence)))
    g.add((node, CK.source, Literal(entity.evidence or entity.source)))


def reference_graph(entity_ids: Iterable[str], gazetteer: Gazetteer) -> Graph:
    """Gazetteer facts for the entities a build uses and all their ancestors.

    The graph names its own sources: the gazetteer file and, per entity, the evidence row.
    """
    g = bind_prefixes(Graph(identifier=iri.REFERENCE_GRAPH))
    wanted: set[str] = set()
    for entity_id in entity_ids:
        if gazetteer.get(entity_id) is None:
            continue
        wanted.add(entity_id)
        wanted.update(gazetteer.ancestors(entity_id))
    for entity_id in sorted(wanted):
        entity = gazetteer.get(entity_id)
        for linked in (entity.allegiance, *entity.coalitions) if entity else ():
            if linked and gazetteer.get(linked) is not None:
                wanted.add(linked)
                wanted.update(gazetteer.ancestors(linked))
    for entity_id in sorted(wanted):
        entity = gazetteer.get(entity_id)
        if entity is not None:
            _add_entity(g, entity)
    g.add((iri.REFERENCE_GRAPH, PROV.wasDerivedFrom, iri.GAZETTEER_SOURCE))
    g.add(
        (
            iri.GAZETTEER_SOURCE,
            RDFS.label,
            Literal("conflictkg gazetteer (mapping/data/gazetteer.csv)"),
        )
    )
    g.add(
        (
            iri.GAZETTEER_SOURCE,
            DCTERMS.source,
            Literal(_CREDIT),
        )
    )
    return g


def confidence_literal(value: float) -> Literal:
    return Literal(_decimal(round(value, 2)), datatype=XSD.decimal)


def _decimal(value: float) -> str:
    """Fixed, locale-free rendering so rebuilds are byte-identical."""
    text = f"{value:.6f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _date_or_datetime(value: str) -> Literal:
    if "T" in value or " " in value.strip():
        return Literal(value.strip().replace(" ", "T"), datatype=XSD.dateTime)
    return Literal(value, datatype=XSD.date)
