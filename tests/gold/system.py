"""Run the real pipeline stages (read -> clean -> extract) and turn events into scorer records.

Kept apart from ``scorer`` so the scorer's own tests need no pipeline and no gazetteer file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from claimscore import SystemClaim
from scorer import SystemEvent

from conflictkg.mapping.clean import clean
from conflictkg.mapping.extract import extract
from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.model import CleanDocument, Extraction, RawDocument
from conflictkg.mapping.read import iter_inputs


@dataclass(frozen=True)
class SystemDocument:
    """One document as the pipeline saw it: cleaned text, events, and the names it knows."""

    document: CleanDocument
    events: tuple[SystemEvent, ...]
    gazetteer: Gazetteer
    # Entity id -> the words the document used for it where the extractor found it.
    surfaces: dict[str, tuple[str, ...]] = field(default_factory=dict)
    claims: tuple[SystemClaim, ...] = ()


def to_events(extraction: Extraction) -> tuple[SystemEvent, ...]:
    text = extraction.document.text
    out = []
    for i, ev in enumerate(extraction.events):
        sentence = extraction.sentences[ev.sentence_index]
        date = None
        if ev.date is not None:
            date = f"{ev.date.value}/{ev.date.end}" if ev.date.end else ev.date.value
        out.append(
            SystemEvent(
                document=extraction.document.key,
                index=i,
                type=ev.type,
                status=ev.status,
                date=date,
                places=tuple(ev.locations),
                actors=tuple(ev.actors),
                opponents=tuple(ev.opponents),
                sentence=text[sentence.start : sentence.end],
                start=sentence.start,
                end=sentence.end,
            )
        )
    return tuple(out)


def to_claims(extraction: Extraction) -> tuple[SystemClaim, ...]:
    text = extraction.document.text
    out = []
    for i, claim in enumerate(extraction.claims):
        sentence = extraction.sentences[claim.sentence_index]
        numbers = frozenset(n for n in (claim.value, claim.low, claim.high) if n is not None)
        out.append(
            SystemClaim(
                document=extraction.document.key,
                index=i,
                counted=claim.counted,
                numbers=numbers,
                claimed_by=tuple(claim.claimed_by),
                claimant_text=claim.claimant_text,
                sentence=text[sentence.start : sentence.end],
                start=sentence.start,
                end=sentence.end,
            )
        )
    return tuple(out)


def run(inputs: Sequence[Path], gazetteer: Gazetteer | None = None) -> dict[str, SystemDocument]:
    """Every readable document under ``inputs``, keyed by document key."""
    gaz = gazetteer or Gazetteer.load()
    out: dict[str, SystemDocument] = {}
    for item in iter_inputs(list(inputs)):
        if not isinstance(item, RawDocument):
            continue
        doc = clean(item)
        extraction = extract(doc, gaz)
        known = gaz.with_entities(extraction.new_entities.values())
        surfaces: dict[str, tuple[str, ...]] = {}
        for m in extraction.mentions:
            if m.text not in surfaces.get(m.entity_id, ()):
                surfaces[m.entity_id] = (*surfaces.get(m.entity_id, ()), m.text)
        out[doc.key] = SystemDocument(
            doc, to_events(extraction), known, surfaces, to_claims(extraction)
        )
    return out


def in_scope(doc: CleanDocument, event: SystemEvent, headings: Sequence[str]) -> bool:
    """Inside one of the named sections (all of the document when none is named or found)."""
    wanted = {h.casefold() for h in headings}
    spans = [(s.start, s.end) for s in doc.sections if s.heading.casefold() in wanted]
    if not spans:
        return True
    return any(start <= event.start < end for start, end in spans)
