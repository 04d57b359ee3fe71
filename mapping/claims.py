"""Claims: the counts a sentence asserts, each a node with its figure, source and quote.

A claim needs three things in one sentence (``lexicons/claims.yaml``): a figure ("78",
"at least 900", "between 3,000 and 5,000", "44%", "a quarter"), the thing counted right
after it ("78 ISIS fighters"; "the number of former security officers") and a verb of the
same category ("killed", "displaced", "retaken" ...). A share ("44% of Nineveh") needs a
control verb and a place after "of". Nothing is merged or overwritten here: two documents,
or two sentences, giving different figures give two claims; ``estimate`` derives a best
figure from a group of claims by the documented rule.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from conflictkg.mapping.claimsources import Source, nearest_source, sentence_sources
from conflictkg.mapping.confidence import claim_confidence
from conflictkg.mapping.dates import SentenceDates
from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.lexicon import phrase_regex
from conflictkg.mapping.model import Claim, Mention, Sentence
from conflictkg.paths import mapping_data

_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"


@dataclass(frozen=True)
class ClaimLexicon:
    figure: re.Pattern[str]
    lower: re.Pattern[str]
    upper: re.Pattern[str]
    words: dict[str, int]
    multipliers: dict[str, int]
    fractions: dict[str, int]
    nouns: dict[str, re.Pattern[str]]
    verbs: dict[str, re.Pattern[str]]
    month: re.Pattern[str]
    """A month name next to a bare number makes it a date ("on 30 July", "July 30")."""
    reference: re.Pattern[str] | None = None
    """Words before a figure that refer to a count: "put the toll at", "the figure was"."""
    referred: tuple[tuple[str, str], ...] = ()
    """Reference nouns that name what they count ("losses": fighters killed)."""
    verbs_before: tuple[tuple[str, re.Pattern[str]], ...] = ()
    """Verbs that count only right before the figure ("lost six soldiers")."""


@cache
def load_claim_lexicon(path: Path | None = None) -> ClaimLexicon:
    data = yaml.safe_load((path or mapping_data("lexicons/claims.yaml")).read_text("utf-8"))
    words = {str(k): int(v) for k, v in data["number_words"].items()}
    mult = {str(k): int(v) for k, v in data["multipliers"].items()}
    fractions = {str(k): int(v) for k, v in data["fractions"].items()}
    quals = [*data["lower_bound"], *data["upper_bound"], *data["approximately"]]
    qual = "|".join(re.escape(q) for q in sorted(quals, key=lambda q: (-len(q), q)))
    word = "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
    frac = "|".join(re.escape(f) for f in sorted(fractions, key=lambda f: (-len(f), f)))
    num = rf"(?:{_DIGITS})(?:\s+(?:{'|'.join(mult)}))?|\b(?:{word})\b"
    figure = re.compile(
        rf"(?<![\w.,])(?:(?P<qual>{qual})\s+)?(?:between\s+)?"
        rf"(?:(?P<frac>\b(?:{frac})\b)|(?P<num>{num})(?:\s*(?:-|–|to|and|or)\s*(?P<num2>{num}))?"
        rf"(?P<pct>\s*%|\s+per\s*cent|\s+percent)?)",
        re.IGNORECASE,
    )
    cats = data["categories"]
    months = yaml.safe_load(mapping_data("lexicons/dates.yaml").read_text("utf-8"))["months"]
    return ClaimLexicon(
        figure=figure,
        lower=phrase_regex(data["lower_bound"]),
        upper=phrase_regex(data["upper_bound"]),
        words=words,
        multipliers=mult,
        fractions=fractions,
        nouns={c: phrase_regex(v["nouns"]) for c, v in cats.items() if v["nouns"]},
        verbs={c: phrase_regex(v["verbs"]) for c, v in cats.items()},
        month=phrase_regex([str(m) for m in months]),
        reference=_reference(data.get("references") or {}),
        referred=tuple(
            (str(k).lower(), str(v))
            for k, v in ((data.get("references") or {}).get("counted") or {}).items()
        ),
        verbs_before=tuple(
            (c, phrase_regex(v["verbs_before"], anchor=r"\s+$"))
            for c, v in sorted(cats.items())
            if v.get("verbs_before")
        ),
    )


def _reference(data: dict[str, Any]) -> re.Pattern[str] | None:
    """A count noun, up to eight words without a figure or clause break, a link word, then
    the end of the text before the figure."""
    if not data.get("nouns") or not data.get("links"):
        return None
    nouns = phrase_regex(data["nouns"]).pattern.replace("?P<cue>", "?:")
    links = phrase_regex(data["links"]).pattern.replace("?P<cue>", "?:")
    return re.compile(
        rf"(?P<noun>{nouns})(?P<between>(?:\s+[^\s\d.;,]+){{0,8}}?)\s+(?:{links})\s+$",
        re.IGNORECASE,
    )


def _number(text: str, lex: ClaimLexicon) -> int | None:
    text = text.strip().lower()
    if text in lex.words:
        return lex.words[text]
    parts = text.split()
    factor = lex.multipliers.get(parts[-1], 1) if len(parts) > 1 else 1
    try:
        return round(float(parts[0].replace(",", "")) * factor)
    except ValueError:
        return None


def _bounds(m: re.Match[str], lex: ClaimLexicon) -> tuple[int | None, int | None, int | None]:
    """(value, low, high) of a figure."""
    if m["frac"]:
        value = lex.fractions[m["frac"].lower()]
    else:
        value = _number(m["num"], lex)
        if m["num2"]:
            second = _number(m["num2"], lex)
            if value is not None and second is not None and second > value:
                return None, value, second
    qual = (m["qual"] or "").lower()
    if value is not None and qual and lex.lower.fullmatch(qual):
        return None, value, None
    if value is not None and qual and lex.upper.fullmatch(qual):
        return None, None, value
    return value, None, None


def sentence_claims(
    text: str,
    sentence: Sentence,
    mentions: Sequence[Mention],
    gazetteer: Gazetteer,
    dates: SentenceDates,
    claimants: tuple[str, ...],
    lex: ClaimLexicon | None = None,
) -> list[Claim]:
    """Every count the sentence asserts."""
    lex = lex or load_claim_lexicon()
    local = text[sentence.start : sentence.end]
    claims: list[Claim] = []
    sources: tuple[Source, ...] | None = None  # read once, when the first claim is found
    for m in lex.figure.finditer(local):
        share = bool(m["frac"] or m["pct"])
        value, low, high = _bounds(m, lex)
        if value is None and low is None and high is None:
            continue
        if m["num"] and not share and re.fullmatch(r"(?:19|20)\d\d", m["num"].strip()):
            continue  # a year, not a count
        if m["num"] and not m["qual"] and _next_to_month(local, m.start(), m.end(), lex):
            continue  # a day of a date, not a count
        after = local[m.end() : m.end() + 80]
        counted, rule = _counted(after, local, share, lex)
        if counted is None and not share:
            counted, rule = _counted_before(local[: m.start()], after, lex)
        if counted is None and not share:
            counted, rule = _referred(local[max(0, m.start() - 120) : m.start()], claims, lex)
        if counted is None:
            continue
        start, end = sentence.start + m.start(), sentence.start + m.end()
        if sources is None:
            sources = sentence_sources(local)
        places = [
            x.entity_id
            for x in mentions
            if sentence.start <= x.start < sentence.end
            and (e := gazetteer.get(x.entity_id)) is not None
            and e.kind == "place"
        ]
        units = [
            x.entity_id
            for x in mentions
            if start <= x.start < start + 60 + len(m.group())
            and (e := gazetteer.get(x.entity_id)) is not None
            and e.kind == "unit"
        ]
        claims.append(
            Claim(
                counted=counted,
                sentence_index=sentence.index,
                start=start,
                end=end,
                figure=m.group().strip(),
                value=value,
                low=low,
                high=high,
                claimed_by=claimants,
                claimant_text=nearest_source(sources, m.start()),
                locations=tuple(dict.fromkeys(places)),
                subjects=tuple(dict.fromkeys(units)),
                date=dates.default,
                rule=f"claims.yaml:{counted}/{rule}",
                confidence=claim_confidence(rule),
            )
        )
    return claims


def _next_to_month(text: str, start: int, end: int, lex: ClaimLexicon) -> bool:
    """A capitalised month name right after or before the number ("30 July", "July 30"); the
    capital keeps "20 may have died" a count."""
    after = re.match(r"\s*([A-Z]\w*)", text[end:])
    before = re.search(r"([A-Z]\w*)\.?\s*$", text[:start])
    return any(m is not None and lex.month.fullmatch(m[1]) for m in (after, before))


def _counted(after: str, sentence: str, share: bool, lex: ClaimLexicon) -> tuple[str | None, str]:
    if share:
        if re.match(r"\s*of\s+(?:the\s+)?[A-Z\w]", after) and lex.verbs["share_controlled"].search(
            sentence
        ):
            return "share_controlled", "attached"
        return None, ""
    # up to three words, then any name between figure and noun ("40 more former Iraqi
    # Security Force (ISF) members")
    window = re.match(
        r"\s*(?:the\s+number\s+of\s+)?(?:[\w'’-]+\s+){0,3}(?:(?:[A-Z][\w'’-]*|\([A-Z]+\))\s+)*",
        after,
    )
    head = after[: window.end() + 20] if window else after[:30]
    for category, nouns in sorted(lex.nouns.items()):
        noun = nouns.search(head)
        if noun is None or not lex.verbs[category].search(sentence):
            continue
        return category, "attached" if noun.start() <= 20 else "nearby"
    return None, ""


def _counted_before(before: str, after: str, lex: ClaimLexicon) -> tuple[str | None, str]:
    """ "The army lost six soldiers": a verb right before the figure, its noun right after."""
    for category, verb in lex.verbs_before:
        noun = lex.nouns.get(category)
        if verb.search(before) and noun is not None and noun.match(after.lstrip()):
            return category, "attached"
    return None, ""


def _referred(before: str, earlier: Sequence[Claim], lex: ClaimLexicon) -> tuple[str | None, str]:
    """What a figure after a reference to a count counts ("the number of SDF fighters killed
    rose to 67"; "put the toll at 120" after a claim of the same sentence), else None."""
    found = lex.reference.search(before) if lex.reference is not None else None
    if found is None:
        return None, ""
    between = found["between"]
    if (named := dict(lex.referred).get(found["noun"].lower())) is not None:
        return named, "referred"
    for category, nouns in sorted(lex.nouns.items()):
        if nouns.search(between) and lex.verbs[category].search(between):
            return category, "referred"
    if earlier and not any(nouns.search(between) for nouns in lex.nouns.values()):
        return earlier[-1].counted, "referred"
    return None, ""


def estimate(claims: Sequence[Claim]) -> tuple[int | None, int | None, int | None]:
    """(low, best, high) over claims counting the same thing (UCDP-style).

    low: the smallest figure any claim allows (its value or its lower bound); high: the
    largest (its value or upper bound); best: the median of the claims' point figures (a
    value, else the midpoint of a range, else the one bound given), rounded. Claims are never
    changed; a single claim gives its own figure.
    """
    lows = [c.value if c.value is not None else c.low for c in claims]
    highs = [c.value if c.value is not None else c.high for c in claims]
    points = []
    for c in claims:
        if c.value is not None:
            points.append(c.value)
        elif c.low is not None and c.high is not None:
            points.append((c.low + c.high) / 2)
        elif (bound := c.low if c.low is not None else c.high) is not None:
            points.append(bound)
    low = min((x for x in lows if x is not None), default=None)
    high = max((x for x in highs if x is not None), default=None)
    best = round(statistics.median(points)) if points else None
    return low, best, high
