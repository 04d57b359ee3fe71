"""Score extracted events against the hand-made gold annotation in ``tests/gold``.

The gold is data (one YAML file per document, see ``README.md`` here); this module only
loads it, runs the real pipeline stages on the same documents, aligns system events to gold
events one-to-one, and counts. Nothing here knows about the corpus: it is the yardstick, so it
must never be tuned to what the extractor happens to produce.

Two alignments are made per document:

* the **strict** one decides whether an event is right: same type (or an accepted
  alternative), a matching place, a date compatible at the gold's precision, the same status,
  and evidence from the gold's sentence (the extracted sentence overlaps the gold quote).
  An event asserted as occurred where the gold says failed/planned/denied/hypothetical is a
  false positive and counted as a *status violation*;
* per-field **lenient** alignments (one criterion relaxed at a time) say which field went
  wrong, so precision and recall can be reported per field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from goldset import GoldDocument, GoldEvent, SystemEvent, load_gold, load_gold_file

from conflictkg.mapping.gazetteer import Gazetteer, name_key

__all__ = ["GoldDocument", "GoldEvent", "SystemEvent", "load_gold", "load_gold_file"]

# Words that say what kind of place or force a name is; they do not tell two names apart.
_GENERIC = frozenset(
    [
        "district",
        "districts",
        "neighborhood",
        "neighbourhood",
        "neighborhoods",
        "village",
        "villages",
        "town",
        "city",
        "area",
        "quarter",
        "region",
        "province",
        "governorate",
        "hay",
        "the",
        "of",
        "forces",
        "force",
        "troops",
        "fighters",
        "units",
        "unit",
        "soldiers",
        "militants",
        "east",
        "west",
        "north",
        "south",
        "eastern",
        "western",
        "northern",
        "southern",
    ]
)


@dataclass(frozen=True)
class Names:
    """Entity id -> its names; resolves gold names through the gazetteer's spelling keys.

    ``surfaces`` adds, per entity, the words the document itself used for it where the system
    found it ("Iraqi troops" for the Iraqi security forces): the gold writes names as the
    sentence does, and a phrase the system resolved to an entity is a name of that entity.
    """

    gazetteer: Gazetteer
    surfaces: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def names(self, entity_id: str) -> tuple[str, ...]:
        entity = self.gazetteer.get(entity_id)
        if entity is None:
            return (
                entity_id.rsplit("/", 1)[-1].replace("-", " "),
                *self.surfaces.get(entity_id, ()),
            )
        return (entity.label, *entity.aliases, *self.surfaces.get(entity_id, ()))

    def label(self, entity_id: str) -> str:
        return self.names(entity_id)[0]

    def same(self, gold_name: str, entity_id: str) -> bool:
        """True when a gold name denotes the entity (id, spelling key, or key sans generics)."""
        if self.gazetteer.lookup_name(gold_name) == entity_id:
            return True
        keys = {name_key(n) for n in self.names(entity_id)}
        if name_key(gold_name) in keys:
            return True
        core = _core(gold_name)
        return bool(core) and core in {_core(n) for n in self.names(entity_id)}


def _core(name: str) -> str:
    return " ".join(w for w in name_key(name).split() if w not in _GENERIC)


# --- text helpers ----------------------------------------------------------------------------

_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "ʿ": "'"})


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_FOLD)
    return " ".join(text.split()).casefold()


def locate(quote: str, text: str) -> tuple[int, int] | None:
    """Span of ``quote`` in ``text``, tolerant of whitespace, case and quote-mark style."""
    if not quote:
        return None
    words = [re.escape(w) for w in normalise(quote).split()]
    folded = unicodedata.normalize("NFC", text).translate(_FOLD)
    match = re.search(r"\s+".join(words), folded, re.IGNORECASE)
    return (match.start(), match.end()) if match else None


def in_boilerplate(sentence: str, snippets: Iterable[str]) -> bool:
    """A sentence taken from page chrome: it holds a snippet, or lies inside one."""
    s = normalise(sentence)
    for snippet in snippets:
        n = normalise(snippet)
        if len(n) >= 8 and (n in s or (len(s) >= 20 and s in n)):
            return True
    return False


# --- comparison ------------------------------------------------------------------------------


def date_compatible(gold: str | None, system: str | None) -> bool:
    """The system date agrees with the gold date at the gold's precision.

    A coarser system date is not compatible (gold ``2016-11-05``, system ``2016-11``), a finer
    one is (gold ``2016-11``, system ``2016-11-05``). A null gold date accepts only null: the
    text gave no anchor, so any date is a guess. Ranges compare start and end.
    """
    if gold is None or system is None:
        return gold is None and system is None
    if "/" in gold:
        g_start, g_end = gold.split("/", 1)
        s_start, _, s_end = system.partition("/")
        return date_compatible(g_start, s_start) and date_compatible(g_end, s_end or s_start)
    start = system.split("/", 1)[0]
    return len(start) >= len(gold) and start[: len(gold)] == gold


def dates_ok(gold: GoldEvent, system: SystemEvent) -> bool:
    return any(date_compatible(d, system.date) for d in gold.dates)


def places_ok(gold: GoldEvent, system: SystemEvent, names: Names) -> bool:
    """Gold without places accepts any; otherwise one gold place must be among the system's."""
    if not gold.places:
        return True
    return any(names.same(g, s) for g in gold.places for s in system.places)


def evidence_ok(span: tuple[int, int] | None, system: SystemEvent) -> bool:
    """The system event comes from the sentence the gold quote is in (overlap)."""
    return span is None or (system.start < span[1] and span[0] < system.end)


def status_violation(gold: GoldEvent, system: SystemEvent) -> bool:
    return system.status == "occurred" and gold.status != "occurred"


Pair = tuple[GoldEvent, SystemEvent]
Predicate = Callable[[GoldEvent, SystemEvent], bool]


def assign(
    gold: Sequence[GoldEvent], system: Sequence[SystemEvent], ok: Predicate, rank: Predicate
) -> list[Pair]:
    """Greedy one-to-one assignment over allowed pairs, preferred (``rank``) pairs first."""
    candidates = [
        (0 if rank(g, s) else 1, abs(g.index - s.index), g.index, s.index, g, s)
        for g in gold
        for s in system
        if ok(g, s)
    ]
    candidates.sort(key=lambda c: c[:4])
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs: list[Pair] = []
    for *_, g, s in candidates:
        if g.index not in used_g and s.index not in used_s:
            used_g.add(g.index)
            used_s.add(s.index)
            pairs.append((g, s))
    return pairs


# --- scoring ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldScore:
    """Precision = correct system items / system items; recall = found gold items / gold."""

    name: str
    correct_system: int
    system: int
    correct_gold: int
    gold: int

    @property
    def precision(self) -> float:
        return self.correct_system / self.system if self.system else 1.0

    @property
    def recall(self) -> float:
        return self.correct_gold / self.gold if self.gold else 1.0

    def __add__(self, other: FieldScore) -> FieldScore:
        return FieldScore(
            self.name,
            self.correct_system + other.correct_system,
            self.system + other.system,
            self.correct_gold + other.correct_gold,
            self.gold + other.gold,
        )


@dataclass(frozen=True)
class Error:
    """One counted mistake, with a kind (for tallies) and the evidence to show."""

    document: str
    kind: str
    detail: str


@dataclass(frozen=True)
class DocumentResult:
    key: str
    fields: tuple[FieldScore, ...]
    matched: tuple[Pair, ...]
    errors: tuple[Error, ...]
    boilerplate_events: int
    status_violations: int


FIELDS = ("events", "types", "places", "dates", "actors", "opponents", "status")


def _slots(pairs: Iterable[Pair], attr: str, names: Names) -> tuple[int, int]:
    """(system names that are right, gold names that were found) over aligned pairs."""
    right = found = 0
    for g, s in pairs:
        gold_names: tuple[str, ...] = getattr(g, attr)
        ids: tuple[str, ...] = getattr(s, attr)
        right += sum(any(names.same(n, i) for n in gold_names) for i in ids)
        found += sum(any(names.same(n, i) for i in ids) for n in gold_names)
    return right, found


def score_document(
    doc: GoldDocument, system: Sequence[SystemEvent], text: str, names: Names
) -> DocumentResult:
    """Align and count one document; ``system`` holds only its in-scope events."""
    gold = doc.events
    spans = {g.index: locate(g.quote, text) for g in gold}

    def ev(g: GoldEvent, s: SystemEvent) -> bool:
        return evidence_ok(spans[g.index], s)

    def typ(g: GoldEvent, s: SystemEvent) -> bool:
        return s.type in g.types

    def plc(g: GoldEvent, s: SystemEvent) -> bool:
        return places_ok(g, s, names)

    def base(g: GoldEvent, s: SystemEvent) -> bool:
        return ev(g, s) and typ(g, s) and plc(g, s)

    def strict(g: GoldEvent, s: SystemEvent) -> bool:
        return base(g, s) and dates_ok(g, s) and s.status == g.status

    # Optional gold events absorb what matches them and are then set aside on both sides.
    optional = [g for g in gold if g.optional]
    absorbed = {s.index for _, s in assign(optional, system, strict, ev)}
    gold = tuple(g for g in gold if not g.optional)
    system = [s for s in system if s.index not in absorbed]
    matched = assign(gold, system, strict, ev)
    aligned = assign(gold, system, base, lambda g, s: dates_ok(g, s) and s.status == g.status)
    by_type = assign(gold, system, lambda g, s: ev(g, s) and plc(g, s), typ)
    by_place = assign(gold, system, lambda g, s: ev(g, s) and typ(g, s), plc)
    place_right, place_found = _slots(by_place, "places", names)
    actor_right, actor_found = _slots(aligned, "actors", names)
    opp_right, opp_found = _slots(aligned, "opponents", names)
    dated = [s for s in system if s.date is not None]
    date_right = sum(dates_ok(g, s) for g, s in aligned if s.date is not None)
    modal_sys = [s for s in system if s.status != "occurred"]
    modal_gold = [g for g in gold if g.status != "occurred"]
    modal_right = sum(g.status == s.status != "occurred" for g, s in aligned)
    type_right = sum(typ(g, s) for g, s in by_type)
    fields = (
        FieldScore("events", len(matched), len(system), len(matched), len(gold)),
        FieldScore("types", type_right, len(system), type_right, len(gold)),
        FieldScore(
            "places",
            place_right,
            sum(len(s.places) for s in system),
            place_found,
            sum(len(g.places) for g in gold),
        ),
        FieldScore(
            "dates", date_right, len(dated), date_right, sum(g.date is not None for g in gold)
        ),
        FieldScore(
            "actors",
            actor_right,
            sum(len(s.actors) for s in system),
            actor_found,
            sum(len(g.actors) for g in gold),
        ),
        FieldScore(
            "opponents",
            opp_right,
            sum(len(s.opponents) for s in system),
            opp_found,
            sum(len(g.opponents) for g in gold),
        ),
        FieldScore("status", modal_right, len(modal_sys), modal_right, len(modal_gold)),
    )
    violations = sum(status_violation(g, s) for g, s in aligned)
    boiler = sum(in_boilerplate(s.sentence, doc.boilerplate) for s in system)
    errors = _explain(doc, gold, system, matched, spans, names)
    return DocumentResult(doc.key, fields, tuple(matched), tuple(errors), boiler, violations)


def _explain(
    doc: GoldDocument,
    gold: Sequence[GoldEvent],
    system: Sequence[SystemEvent],
    matched: Sequence[Pair],
    spans: dict[int, tuple[int, int] | None],
    names: Names,
) -> list[Error]:
    """Say, for every unmatched gold and system event, what kept it from matching."""
    done_g = {g.index for g, _ in matched}
    done_s = {s.index for _, s in matched}
    errors: list[Error] = []
    for s in system:
        if s.index in done_s:
            continue
        if in_boilerplate(s.sentence, doc.boilerplate):
            errors.append(Error(doc.key, "event from boilerplate", _sys(s, names)))
            continue
        near = [g for g in gold if evidence_ok(spans[g.index], s)]
        kind = "spurious: no gold event in the sentence"
        if near:
            kind = _why(near, s, names, done_g) or "duplicate event in the sentence"
        errors.append(Error(doc.key, kind, _sys(s, names)))
    for g in gold:
        if g.index in done_g:
            continue
        if spans[g.index] is None:
            errors.append(Error(doc.key, "gold quote not found in cleaned text", _gold(g)))
        near_s = [s for s in system if evidence_ok(spans[g.index], s)]
        kind = "missed: no event from the sentence"
        if near_s:
            reasons = [_why([g], s, names, set()) for s in near_s if s.type in g.types]
            kind = "missed: " + next((r for r in reasons if r), "wrong type in the sentence")
            kind = kind.replace("missed: wrong type", "missed: wrong type in the sentence", 1)
            if not any(s.type in g.types for s in near_s):
                kind = "missed: wrong type in the sentence"
            elif not any(reasons):
                kind = "missed: taken by another gold event of the sentence"
        errors.append(Error(doc.key, f"{kind} ({g.type}, {g.status})", _gold(g)))
    return errors


def _why(
    near: Sequence[GoldEvent],
    s: SystemEvent,
    names: Names,
    done_g: set[int],
) -> str | None:
    """The first criterion that fails against the closest gold event of the sentence."""
    same_type = [g for g in near if s.type in g.types]
    if not same_type:
        return f"wrong type: got {s.type}, gold {'/'.join(sorted({g.type for g in near}))}"
    placed = [g for g in same_type if places_ok(g, s, names)]
    if not placed:
        return "wrong or missing place" if s.places else "no place where gold has one"
    for g in placed:
        if status_violation(g, s):
            return f"status violation: occurred, gold {g.status}"
    for g in placed:
        if s.status != g.status:
            return f"wrong status: got {s.status}, gold {g.status}"
    free = [g for g in placed if g.index not in done_g]
    if free and not any(dates_ok(g, s) for g in free):
        g = free[0]
        if s.date is None:
            return "date missing"
        if g.date is None:
            return "date guessed where gold has none"
        if len(s.date.split("/")[0]) < len(g.date):
            return "date too coarse"
        return "wrong date"
    return None


def _sys(s: SystemEvent, names: Names) -> str:
    where = ",".join(names.label(p) for p in s.places) or "-"
    who = ",".join(names.label(a) for a in s.actors) or "-"
    return f"SYS {s.type} {s.status} date={s.date} at={where} by={who} | {s.sentence[:160]}"


def _gold(g: GoldEvent) -> str:
    return (
        f"GOLD {g.type} {g.status} date={g.date} at={','.join(g.places) or '-'} "
        f"by={','.join(g.actors) or '-'} | {g.quote}"
    )


def total(results: Iterable[DocumentResult]) -> tuple[FieldScore, ...]:
    sums: dict[str, FieldScore] = {}
    for result in results:
        for f in result.fields:
            sums[f.name] = sums[f.name] + f if f.name in sums else f
    return tuple(sums[n] for n in FIELDS if n in sums)
