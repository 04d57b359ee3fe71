"""extract(): cleaned document -> sentences, mentions, dated events, new entities.

Composes ``segment`` (sentences), ``mentions`` (gazetteer + place cues), ``dates`` (one
resolver per document, sentences in order) and ``events`` (clause by clause). Heading
paragraphs and markup-only paragraphs (image lines) are segmented and searched for mentions
but state no events.
"""

from __future__ import annotations

import re
from dataclasses import replace

from conflictkg.mapping.claimants import sentence_claimants
from conflictkg.mapping.claims import sentence_claims
from conflictkg.mapping.dates import DateResolver
from conflictkg.mapping.eventlinks import revise_statuses
from conflictkg.mapping.events import sentence_events
from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.lexicon import load_event_lexicon
from conflictkg.mapping.mentions import find_mentions
from conflictkg.mapping.model import (
    Claim,
    CleanDocument,
    Event,
    Extraction,
    Mention,
    Sentence,
)
from conflictkg.mapping.places import place_new_entities
from conflictkg.mapping.quotations import find_quotations
from conflictkg.mapping.segment import paragraphs, segment
from conflictkg.mapping.unitcountry import document_country
from conflictkg.mapping.units import find_units

_MARKUP = re.compile(r"^\s*(?:#{1,6}\s|!\[|\[!\[)")


def _no_event_spans(doc: CleanDocument) -> list[tuple[int, int]]:
    """Paragraphs that are headings (a section's heading text, or a markdown heading/image)."""
    headings = {" ".join(s.heading.split()).strip("# ").lower() for s in doc.sections}
    spans = []
    for start, end in paragraphs(doc.text):
        for line_start, line in _lines(doc.text, start, end):
            plain = " ".join(line.split()).strip("# ").lower()
            if _MARKUP.match(line) or (plain and plain in headings):
                spans.append((line_start, line_start + len(line)))
    return spans


def _lines(text: str, start: int, end: int) -> list[tuple[int, str]]:
    out = []
    offset = start
    for line in text[start:end].split("\n"):
        out.append((offset, line))
        offset += len(line) + 1
    return out


def _states_events(sentence: Sentence, skip: list[tuple[int, int]]) -> bool:
    return not any(s <= sentence.start and sentence.end <= e for s, e in skip)


def _union(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({*first, *second}))


def extract(doc: CleanDocument, gazetteer: Gazetteer) -> Extraction:
    """Everything extracted from one cleaned document; deterministic for a given input."""
    lex = load_event_lexicon()
    sentences = segment(doc.text)
    found = find_mentions(doc.text, sentences, gazetteer, doc.key)
    all_mentions, new_entities = place_new_entities(
        found.mentions, found.new_entities, gazetteer, found.tentative
    )
    country = document_country(all_mentions, gazetteer, new_entities)
    units = find_units(doc.text, sentences, gazetteer, all_mentions, country, doc.key)
    if units.mentions:
        # A place named inside a unit's name ("Raqqa Hawks Brigade") is no place.
        kept = [m for m in all_mentions if m not in units.displaced]
        named = {m.entity_id for m in kept}
        gone = {m.entity_id for m in units.displaced} - named
        all_mentions = sorted([*kept, *units.mentions], key=lambda m: (m.start, m.end))
        new_entities = {
            **{k: v for k, v in new_entities.items() if k not in gone},
            **units.new_entities,
        }
    known = gazetteer.with_entities(new_entities.values()) if new_entities else gazetteer
    resolver = DateResolver(doc)
    skip = _no_event_spans(doc)
    by_sentence: dict[int, list[Mention]] = {}
    for mention in all_mentions:
        by_sentence.setdefault(mention.sentence_index, []).append(mention)
    quoted = find_quotations(doc.text, sentences, known)
    speakers: dict[int, tuple[str, ...]] = {}
    for q in quoted.attributions:
        speakers[q.sentence_index] = (*speakers.get(q.sentence_index, ()), q.person_id)
    events: list[Event] = []
    claims: list[Claim] = []
    antecedent: tuple[str, ...] = ()
    for sentence in sentences:
        dates = resolver.resolve(sentence)
        if _states_events(sentence, skip):
            mentions = by_sentence.get(sentence.index, [])
            found_events = sentence_events(
                doc.text, sentence, mentions, known, dates, lex, antecedent
            )
            events.extend(found_events)
            # Only the sentence just before can give a pronoun its referent.
            antecedent = next((e.actors for e in reversed(found_events) if e.actors), ())
            claimants = sentence_claimants(doc.text, sentence, mentions, known, lex)
            claimants = _union(claimants, speakers.get(sentence.index, ()))
            claims.extend(sentence_claims(doc.text, sentence, mentions, known, dates, claimants))
    # A person quoted in a sentence is the source of what it reports, as a named one is.
    events = [
        replace(e, claimed_by=_union(e.claimed_by, speakers[e.sentence_index]))
        if e.sentence_index in speakers
        else e
        for e in events
    ]
    return Extraction(
        document=doc,
        sentences=sentences,
        mentions=tuple(all_mentions),
        events=tuple(revise_statuses(doc.text, events)),
        new_entities={**new_entities, **quoted.persons},
        claims=tuple(claims),
        attributions=quoted.attributions,
    )
