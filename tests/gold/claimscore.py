"""Score extracted claims against the claims gold (``<set>/claims/*.yaml``, see ``README.md``).

Like ``scorer``, the yardstick knows nothing of the corpus: it loads the gold, aligns system
claims to gold claims one-to-one and counts. A claim matches when it comes from the sentence
holding the gold quote, counts the gold kind (or an accepted alternative) and states the same
numbers; over matched claims, the ``claimants`` figure says whether the source is the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from scorer import Error, FieldScore, Names, _core, assign, locate, normalise


@dataclass(frozen=True)
class GoldClaim:
    document: str
    index: int
    counted: frozenset[str]
    numbers: frozenset[int]
    """The figure as stated (value, low, high); empty when ``vague``."""
    vague: bool
    claimants: tuple[str, ...]
    quote: str
    optional: bool = False


@dataclass(frozen=True)
class SystemClaim:
    document: str
    index: int
    counted: str
    numbers: frozenset[int]
    claimed_by: tuple[str, ...]
    """Entity ids the claim cites."""
    claimant_text: str
    sentence: str
    start: int
    end: int
    """Span of the claim's sentence in the cleaned text."""


@dataclass(frozen=True)
class ClaimsResult:
    key: str
    fields: tuple[FieldScore, ...]
    errors: tuple[Error, ...]


def load_claims(directory: Path) -> dict[str, tuple[GoldClaim, ...]]:
    """Document key -> its gold claims, for every file of ``directory`` (none: no gold)."""
    out: dict[str, tuple[GoldClaim, ...]] = {}
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        key = str(data["document"])
        claims = []
        for i, raw in enumerate(data.get("claims") or []):
            numbers = {raw.get(k) for k in ("value", "low", "high")} - {None}
            vague = bool(raw.get("vague", False))
            if vague == bool(numbers):
                raise ValueError(f"{path}: claim {i}: give numbers or vague: true, not both")
            claims.append(
                GoldClaim(
                    document=key,
                    index=i,
                    counted=frozenset((str(raw["counted"]), *(raw.get("alt_counted") or ()))),
                    numbers=frozenset(int(n) for n in numbers),
                    vague=vague,
                    claimants=tuple(raw.get("claimants") or ()),
                    quote=str(raw["quote"]),
                    optional=bool(raw.get("optional", False)),
                )
            )
        out[key] = tuple(claims)
    return out


def claimant_ok(gold: GoldClaim, system: SystemClaim, names: Names) -> bool:
    """The same source: a gold name is an entity the claim cites, or shares its core words
    with the claim's own source words; no gold source accepts only a claim citing none."""
    if not gold.claimants:
        return not system.claimed_by and not system.claimant_text
    text = _core(system.claimant_text)
    for name in gold.claimants:
        if any(names.same(name, entity) for entity in system.claimed_by):
            return True
        core = _core(name)
        if core and text and (core in text or text in core):
            return True
    return False


def score_claims(
    key: str, gold: Sequence[GoldClaim], system: Sequence[SystemClaim], text: str, names: Names
) -> ClaimsResult:
    """Precision and recall of claims and, over matched ones, of their sources."""
    spans = {g.index: locate(g.quote, text) for g in gold}

    def ok(g: GoldClaim, s: SystemClaim) -> bool:
        span = spans[g.index]
        same_sentence = span is None or (s.start < span[1] and span[0] < s.end)
        return same_sentence and s.counted in g.counted and (g.vague or s.numbers == g.numbers)

    pairs = assign(gold, system, ok, lambda g, s: True)  # type: ignore[arg-type]
    matched_g = {g.index for g, _ in pairs}
    matched_s = {s.index for _, s in pairs}
    required = [g for g in gold if not g.optional]
    right_sources = sum(claimant_ok(g, s, names) for g, s in pairs)  # type: ignore[arg-type]
    errors = [
        Error(key, f"missed claim ({'|'.join(sorted(g.counted))})", _gold_line(g))
        for g in required
        if g.index not in matched_g
    ]
    errors += [
        Error(key, f"spurious claim ({s.counted})", _system_line(s))
        for s in system
        if s.index not in matched_s
    ]
    errors += [
        Error(key, "wrong or missing source", f"{_system_line(s)} | gold by={list(g.claimants)}")
        for g, s in pairs
        if not claimant_ok(g, s, names)  # type: ignore[arg-type]
    ]
    fields = (
        FieldScore(
            "claims",
            len(matched_s),
            len(system),
            sum(1 for g in required if g.index in matched_g),
            len(required),
        ),
        FieldScore("sources", right_sources, len(pairs), right_sources, len(pairs)),
    )
    return ClaimsResult(key, fields, tuple(errors))


def _gold_line(g: GoldClaim) -> str:
    figure = "vague" if g.vague else "/".join(str(n) for n in sorted(g.numbers))
    return f"GOLD {'|'.join(sorted(g.counted))} {figure} by={list(g.claimants)} | {g.quote}"


def _system_line(s: SystemClaim) -> str:
    figure = "/".join(str(n) for n in sorted(s.numbers)) or "-"
    by = [*s.claimed_by, *([s.claimant_text] if s.claimant_text else [])]
    return f"SYS {s.counted} {figure} by={by} | {normalise(s.sentence)[:200]}"
