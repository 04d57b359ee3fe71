"""Persons a document quotes, with the role the text gives them and who relayed their words.

"Brig. Gen. Yahya Rasool, spokesman for the Joint Operations Command, told AFP" is a quotation
of Yahya Rasool (role "spokesman for the Joint Operations Command") via AFP: with the page's
publisher and the agencies it credits, the links of an attribution chain (a DW page citing AFP
quoting a general). The shapes, titles, role nouns and outlet cues are ``quotations.yaml``; the
attribution verbs are ``status.yaml``'s. Persons the gazetteer lacks become entities of their
own (``person/<slug>``, rule and confidence kept), so one general quoted by ten pages is one
node.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import yaml

from conflictkg.mapping import iri
from conflictkg.mapping.blockfeatures import lexicon as chrome_lexicon
from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.lexicon import alternation
from conflictkg.mapping.metadata import publishers
from conflictkg.mapping.model import Attribution, Entity, Sentence
from conflictkg.paths import mapping_data

_TOKEN = r"[A-Z][a-zA-Z'’]+(?:-[A-Za-z][a-zA-Z'’]+)*"
_PREFIXED = r"(?:al|el|ad|adh|an|ar|as|ash|at|az)-[A-Z][a-zA-Z'’]+(?:-[A-Za-z][a-zA-Z'’]+)*"
_APPOSITION = r"(?P<app>,\s+[^,;:\"“”()]{2,100}?)"
_CLAUSE_MARKS = ',;:"“”(—'
_POSSESSIVE = re.compile(r"(?:['’]s?)?,?$")
MAX_PER_SENTENCE = 8
"""Quotations read per sentence: a line naming dozens of speakers is a list, not reporting."""


@dataclass(frozen=True)
class QuoteLexicon:
    subject: re.Pattern[str]
    inverted: re.Pattern[str]
    according: re.Pattern[str]
    role_nouns: re.Pattern[str]
    via: re.Pattern[str]
    not_name_words: frozenset[str]
    confidence: dict[str, float]


@dataclass(frozen=True)
class Quotations:
    """A document's quotations and the persons they name that the gazetteer lacks."""

    attributions: tuple[Attribution, ...]
    persons: dict[str, Entity]


@cache
def load_quote_lexicon() -> QuoteLexicon:
    spec = yaml.safe_load(mapping_data("lexicons/quotations.yaml").read_text("utf-8"))
    status = yaml.safe_load(mapping_data("lexicons/status.yaml").read_text("utf-8"))
    verbs = alternation(str(v) for v in status["attribution"]["verbs_after_source"])
    titles = alternation(str(t) for t in spec["titles"])
    particles = alternation(str(p) for p in spec["name_particles"])
    word = rf"(?:{_TOKEN}|{_PREFIXED})"
    name = rf"(?P<name>{word}(?:\s+(?:(?:{particles})\s+)?{word}){{0,3}})"
    titled = rf"(?:(?P<title>{titles})\s+)?{name}"
    nouns = alternation(str(n) for n in spec["role_nouns"])
    return QuoteLexicon(
        subject=re.compile(rf"{titled}{_APPOSITION}?,?\s+(?i:{verbs})\b"),
        inverted=re.compile(
            rf"[,\"”’]\s*(?i:said|says|added|adds|stated|explained|noted|wrote)\s+{titled}"
            rf"(?:{_APPOSITION}(?=[.,;]|$))?"
        ),
        according=re.compile(rf"(?i:according\s+to)\s+{titled}(?:{_APPOSITION}(?=[.,;]|$))?"),
        role_nouns=re.compile(rf"\b(?:{nouns})(?:e?s)?\b", re.IGNORECASE),
        via=re.compile(
            rf"\b(?i:{alternation(str(c) for c in spec['via_cues'])})\s+(?:the\s+)?"
            rf"(?P<outlet>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){{0,3}})"
        ),
        not_name_words=frozenset(str(w).casefold() for w in spec["not_name_words"]),
        confidence={str(k): float(v) for k, v in spec["confidence"].items()},
    )


def find_quotations(
    text: str,
    sentences: Sequence[Sentence],
    gazetteer: Gazetteer,
    lex: QuoteLexicon | None = None,
) -> Quotations:
    """Every quotation of a person in the document, in reading order."""
    lex = lex or load_quote_lexicon()
    found: list[Attribution] = []
    persons: dict[str, Entity] = {}
    for sentence in sentences:
        body = text[sentence.start : sentence.end]
        seen: set[str] = set()
        for shape, m in _candidates(body, lex):
            quoted = _quotation(body, shape, m, gazetteer, lex)
            if quoted is None or quoted.person in seen:
                continue
            seen.add(quoted.person)
            rule = f"quotations.yaml:{quoted.rule}"
            if gazetteer.get(quoted.person_id) is None:
                persons.setdefault(
                    quoted.person_id,
                    Entity(
                        id=quoted.person_id,
                        kind="person",
                        cls="Person",
                        label=quoted.person,
                        source="text-cue",
                        rule=rule,
                        confidence=quoted.confidence,
                    ),
                )
            found.append(
                Attribution(
                    person=quoted.person,
                    person_id=quoted.person_id,
                    sentence_index=sentence.index,
                    start=sentence.start + m.start("name"),
                    end=sentence.start + m.end("name"),
                    role=quoted.role,
                    via=_via(body, lex),
                    rule=rule,
                )
            )
            if len(seen) >= MAX_PER_SENTENCE:
                break
    return Quotations(tuple(found), persons)


def _candidates(body: str, lex: QuoteLexicon) -> list[tuple[str, re.Match[str]]]:
    found = [
        (shape, m)
        for shape, pattern in (
            ("subject", lex.subject),
            ("inverted", lex.inverted),
            ("according", lex.according),
        )
        for m in pattern.finditer(body)
    ]
    return sorted(found, key=lambda item: item[1].start("name"))


@dataclass(frozen=True)
class _Quoted:
    person_id: str
    person: str
    role: str | None
    rule: str
    confidence: float


def _quotation(
    body: str, shape: str, m: re.Match[str], gazetteer: Gazetteer, lex: QuoteLexicon
) -> _Quoted | None:
    """The person a match names, or None when its words are no person's name."""
    name, lead = _trim_name(m["name"], lex)
    title = m["title"]
    if not name:
        return None
    known = gazetteer.lookup_name(name)
    entity = gazetteer.get(known) if known else None
    if entity is not None and entity.kind != "person":
        return None
    words = name.split()
    if any(w.casefold().strip("’'") in lex.not_name_words for w in words) or _outlet(name):
        return None
    role = _apposition_role(m["app"], lex)
    if role is None and shape == "subject":
        role = _role_before(body, m.start("title") if title else m.start("name") + lead, lex)
    if entity is not None:
        kind, confidence = "gazetteer", lex.confidence["gazetteer"]
    elif title:
        kind, confidence = "titled", lex.confidence["titled"]
    elif role:
        kind, confidence = "role", lex.confidence["role"]
    else:
        kind, confidence = "plain", lex.confidence["plain"]
    # One word is a name only with a title, a gazetteer entry or a role just before it
    # ("CTS spokesman al-Numan said").
    if len(words) < 2 and kind not in ("gazetteer", "titled") and m["app"] and not title:
        return None
    if len(words) < 2 and kind == "plain":
        return None
    return _Quoted(
        entity.id if entity is not None else f"person/{iri.slug(name)}",
        entity.label if entity is not None else name,
        role or (title.rstrip() if title else None),
        f"{shape}/{kind}",
        confidence,
    )


def _trim_name(name: str, lex: QuoteLexicon) -> tuple[str, int]:
    """The name without leading words that are no name ("Spokesman Ahmed Ali" -> "Ahmed Ali"),
    and how many characters were cut."""
    words = name.split()
    cut = max(
        (
            i + 1
            for i, w in enumerate(words)
            if w.casefold() in lex.not_name_words or lex.role_nouns.fullmatch(w)
        ),
        default=0,
    )
    if not cut:
        return name, 0
    if cut == len(words):
        return "", len(name)
    lead = sum(len(w) + 1 for w in words[:cut])  # names are single-spaced within a sentence
    return " ".join(words[cut:]), lead


def _apposition_role(app: str | None, lex: QuoteLexicon) -> str | None:
    """ ", a spokesman for the army," -> "spokesman for the army"; not a role: None."""
    if not app:
        return None
    role = re.sub(r"^(?:a|an|the)\s+", "", app.strip(" ,."), flags=re.IGNORECASE)
    words = role.split()
    # The role noun heads the phrase: "the UN's humanitarian coordinator in Iraq", not a
    # participle clause that names someone else ("addressing journalists in Baghdad").
    if not words or re.fullmatch(r"[a-z]\w*(?:ing|ed)", words[0]):
        return None
    if not any(lex.role_nouns.fullmatch(_POSSESSIVE.sub("", w)) for w in words[:5]):
        return None
    return role


def _role_before(body: str, at: int, lex: QuoteLexicon) -> str | None:
    """A role written before the name in its clause: "army spokesman X said", or set off by
    a comma: "the deputy commander for the sector, X, told AFP"."""
    start = max((body.rfind(c, 0, at) for c in _CLAUSE_MARKS), default=-1) + 1
    phrase = _strip_opener(body[start:at])
    words = phrase.split()
    if words:
        tail = " ".join(words[-2:])
        ends_in_role = lex.role_nouns.fullmatch(words[-1]) or lex.role_nouns.fullmatch(tail)
        return phrase if len(words) <= 6 and ends_in_role else None
    if start == 0 or body[start - 1] != ",":
        return None
    before = max((body.rfind(c, 0, start - 1) for c in _CLAUSE_MARKS), default=-1) + 1
    phrase = _strip_opener(body[before : start - 1])
    words = phrase.split()
    if not 1 <= len(words) <= 8 or not any(lex.role_nouns.fullmatch(w) for w in words[:5]):
        return None
    return phrase


def _strip_opener(phrase: str) -> str:
    return re.sub(r"^(?:the|a|an|and|but|while)\s+", "", phrase.strip(), flags=re.IGNORECASE)


def _via(body: str, lex: QuoteLexicon) -> str | None:
    """The agency or outlet the sentence says relayed the words, when the reference data
    knows it ("told AFP", "quoted by SANA")."""
    for m in lex.via.finditer(body):
        words = m["outlet"].rstrip(".,").split()
        for end in range(len(words), 0, -1):
            if outlet := _outlet(" ".join(words[:end])):
                return outlet
    return None


def _outlet(name: str) -> str | None:
    """The agency or publisher ``name`` is, by the reference data ("Al Jazeera", "AFP")."""
    agencies = chrome_lexicon().agencies
    agency = agencies.get(name) or agencies.get(name.lower())
    if agency:
        return agency
    known = publishers().for_name(name)
    return known.name if known is not None else None
