"""Typed records passed between the build stages.

Every stage takes and returns these frozen dataclasses, never dicts, so a stage's
contract is readable here in one place:

    read  -> RawDocument | CuratedGraph | ReadError
    clean -> CleanDocument
    extract -> Extraction (sentences, mentions, events, new entities)
    to_rdf -> rdflib graph per document
    validate -> ValidationResult
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

EntityKind = Literal["place", "unit", "operation", "person", "publisher", "other"]
EventStatus = Literal["occurred", "failed", "planned", "hypothetical", "denied"]
# Wikidata time precision: 9 = year, 10 = month, 11 = day.
Precision = Literal[9, 10, 11]


@dataclass(frozen=True)
class RawDocument:
    """A document as read from disk, before any cleaning.

    ``key`` is the document's identity: its path relative to the input root, or for a
    ``.jsonl`` line or an item of a ``.json`` list the article's url (else ``file#Lline``,
    ``file#N``).
    ``text`` is decoded text (HTML source for ``fmt == "html"``); ``fields`` holds what the
    container stated (YAML front matter, JSON-lines fields, a ``.meta.yaml`` sidecar).
    """

    key: str
    path: Path
    fmt: Literal["txt", "md", "html", "jsonl"]
    text: str
    fields: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CuratedGraph:
    """An analyst's curated RDF file (units, places, aliases), loaded as-is."""

    key: str
    path: Path
    turtle: str


@dataclass(frozen=True)
class ReadError:
    """A file that could not be read; the build reports it and goes on."""

    key: str
    path: Path
    message: str


@dataclass(frozen=True)
class DocumentMetadata:
    """What the document itself states about itself. Unknown stays ``None``."""

    title: str | None = None
    publisher: str | None = None
    # ISO 8601 date ("2016-11-01") or date-time; the date the document was published.
    published: str | None = None
    # A revision/snapshot date (e.g. a Wikipedia dump's pubDate): NOT an event date anchor.
    revised: str | None = None
    url: str | None = None
    language: str | None = None
    # Wire agencies credited by the document, e.g. ("AFP", "Reuters", "AP").
    agencies: tuple[str, ...] = ()
    # Hosts or site names seen in the page chrome before it was dropped (e.g. "p.dw.com").
    site_clues: tuple[str, ...] = ()
    # "news", "encyclopedia", or None when unknown.
    genre: str | None = None


@dataclass(frozen=True)
class Section:
    """A heading in the cleaned text and the span of text it governs."""

    heading: str
    start: int
    end: int
    level: int = 1


@dataclass(frozen=True)
class CleanDocument:
    """Cleaned main text plus metadata. All offsets elsewhere are code points into ``text``."""

    key: str
    path: Path
    fmt: str
    text: str
    metadata: DocumentMetadata
    sections: tuple[Section, ...] = ()
    # sha256 of the raw input, hex; used for incremental builds and provenance.
    content_hash: str = ""


@dataclass(frozen=True)
class Entity:
    """A gazetteer entry or an entity discovered in text.

    ``id`` is a stable slug path such as ``place/mosul`` or ``unit/iraqi-army``; the IRI is
    minted from it by ``mapping.iri``. ``cls`` is the ontology class local name
    (``City``, ``Governorate``, ``ArmedForce`` ...).
    """

    id: str
    kind: EntityKind
    cls: str
    label: str
    aliases: tuple[str, ...] = ()
    qid: str | None = None
    qid_doubtful: bool = False
    lat: float | None = None
    lon: float | None = None
    # Coordinate precision in decimal degrees (e.g. 0.01), None when unknown.
    coord_precision: float | None = None
    # Direct parent: a place's containing place, a unit's parent unit (entity ids).
    parent: str | None = None
    evidence: str = ""
    # Where the entry came from: "gazetteer", "whosonfirst:<id>", "text-cue".
    source: str = "gazetteer"
    # Units: the state or organisation the unit fights for (entity id), when known.
    allegiance: str | None = None
    # Places: how precisely the coordinates place the named thing: "exact" (its own record),
    # "city"/"district"/"governorate" (a coarser containing place stood in), None when unknown.
    geo_precision: str | None = None
    # Units: coalitions the unit is a member of (entity ids).
    coalitions: tuple[str, ...] = ()
    # Entities found in text: the cue that found them and its confidence (None: gazetteer).
    rule: str = ""
    confidence: float | None = None


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """An entity named in the text at ``[start, end)``."""

    entity_id: str
    sentence_index: int
    start: int
    end: int
    text: str
    # The rule or lexicon entry that produced the mention ("gazetteer:Mosul",
    # "place_cues.yaml:the village of {NAMES}", "unit_cues.yaml:{ORDINAL} Division") and how far
    # it is trusted (0..1).
    rule: str = "gazetteer"
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class DateValue:
    """A resolved date. ``value`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` per precision.

    ``end`` is set for ranges ("16 October 2016 – 20 July 2017"). ``basis`` records which
    rule resolved it: "sentence", "heading", "carried", "dateline", "published", "narrative".
    """

    value: str
    precision: Precision
    basis: str
    end: str | None = None


@dataclass(frozen=True)
class Event:
    """A dated event stated by one sentence; never assembled across sentences.

    ``type`` is an ontology class local name (``Capture``, ``Attack`` ...); participants are
    entity ids. ``start``/``end`` is the quote span (inside the sentence) supporting it.
    """

    type: str
    status: EventStatus
    sentence_index: int
    start: int
    end: int
    trigger: str
    actors: tuple[str, ...] = ()
    opponents: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    date: DateValue | None = None
    # Who the sentence attributes the statement to (entity id of a person/publisher).
    claimed_by: tuple[str, ...] = ()
    # Operation/campaign the event is part of (entity id), when the document makes it clear.
    part_of: str | None = None
    # Provenance: the lexicon entry of the trigger ("events.yaml:Capture/verbs/captured"), the
    # status cue ("status.yaml:denied/in_clause/remained under"; "" = no cue, occurred), how the
    # actor was found ("subject", "by-phrase", "noun-modifier", "carried", "nationality" ...)
    # and the confidence (0..1) the rules in ``lexicons/confidence.yaml`` give it.
    rule: str = ""
    status_rule: str = ""
    actor_rule: str = ""
    # How the places were found: after-trigger, before-trigger, subject, sentence, none.
    location_rule: str = ""
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Claim:
    """A count the text asserts ("at least 900 fighters killed, according to the UN").

    ``value`` is the figure when one number is given; ``low``/``high`` bound a range or a
    qualified figure ("more than 5,000" -> low 5000). ``counted`` is what is counted
    (``claims.yaml`` category, e.g. ``fighters_killed``); ``claimed_by`` the entity ids the
    sentence attributes it to, ``claimant_text`` the words naming a source the gazetteer lacks.
    """

    counted: str
    sentence_index: int
    start: int
    end: int
    figure: str
    value: int | None = None
    low: int | None = None
    high: int | None = None
    claimed_by: tuple[str, ...] = ()
    claimant_text: str = ""
    locations: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    date: DateValue | None = None
    rule: str = ""
    confidence: float = 1.0


@dataclass(frozen=True)
class Attribution:
    """A person the document quotes, with the role the text gives and the agency relaying it.

    "Brig. Gen. Yahya Rasool, spokesman for the Joint Operations Command, told AFP" ->
    person "Yahya Rasool", role "spokesman for the Joint Operations Command", via "AFP".
    """

    person: str
    # The person's entity id: the gazetteer's, else ``person/<slug>`` of the name.
    person_id: str
    sentence_index: int
    start: int
    end: int
    role: str | None = None
    via: str | None = None
    rule: str = ""


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one cleaned document."""

    document: CleanDocument
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    events: tuple[Event, ...]
    # Entities found by cues that the gazetteer lacks, keyed by id.
    new_entities: Mapping[str, Entity] = field(default_factory=dict)
    claims: tuple[Claim, ...] = ()
    attributions: tuple[Attribution, ...] = ()


@dataclass(frozen=True)
class Violation:
    """One SHACL result in plain words."""

    focus_node: str
    shape: str
    path: str | None
    message: str
    severity: str = "Violation"


@dataclass(frozen=True)
class ValidationResult:
    key: str
    conforms: bool
    violations: tuple[Violation, ...] = ()

    def describe(self) -> str:
        """A readable multi-line report naming document, node, shape and reason."""
        if self.conforms:
            return f"{self.key}: conforms"
        lines = [f"{self.key}: {len(self.violations)} violation(s)"]
        for v in self.violations:
            where = f" (property {v.path})" if v.path else ""
            lines.append(f"  - node {v.focus_node}{where}: {v.message} [shape {v.shape}]")
        return "\n".join(lines)
