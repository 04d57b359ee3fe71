"""Who acted and against whom, read from the words around a trigger (``events.py`` uses these).

The subject is a unit no preposition governs; "by X" names the agent of a passive or a noun;
a participle takes the unit it follows; the opposing force comes after "from"/"against"/"on"
or is the object of a trigger whose object is the opposing side. Pure functions over the
text and the unit mentions of one sentence.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from conflictkg.mapping.lexicon import EventLexicon
from conflictkg.mapping.model import Mention
from conflictkg.mapping.triggers import Trigger

_WORD = re.compile(r"[\w'’-]+|[,;:()]")
# A pronoun subject just before the trigger ("They also stormed", "it later captured"), or a
# possessive one with the force it owns ("his troops had killed", "their forces entered").
PRONOUN = re.compile(
    r"\b(?:they|it|(?:his|their|its)\s+(?:forces|troops|fighters|men|soldiers|units))"
    r"\s+(?:[a-z]+\s+){0,2}$",
    re.IGNORECASE,
)
# A clause reported by the one before it ("announced that they had captured X"), and a
# reporter that is itself a pronoun ("They also claimed that they had reached X").
_REPORTED = re.compile(r"\s*that\b", re.IGNORECASE)
_PRONOUN_REPORTER = re.compile(r"\W*(?:they|he|she|it|we)\b", re.IGNORECASE)


def reported_by_name(text: str, sentence_start: int, clause_start: int) -> bool:
    """A "that" clause whose reporter is named ("the commander declared that they had
    captured X"): its pronoun speaks of the reporter's side, not the previous sentence's."""
    return bool(_REPORTED.match(text, clause_start)) and not _PRONOUN_REPORTER.match(
        text, sentence_start
    )


# What may stand between "by" and the unit, and between the units of a "by X and Y" list.
_BY_FIRST = r"(?:the\s+)?(?:[\w.'’-]+\s+){0,2}"
_BY_NEXT = r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+as\s+well\s+as\s+)(?:the\s+)?(?:[\w.'’-]+\s+){0,1}"


# "X's" / "X'" and the word after it.
_POSSESSIVE = re.compile(r"['’]s?\s+((?:[\w-]+\s+){0,2}[\w-]+)")


def possessor(text: str, mention: Mention, lex: EventLexicon) -> bool:
    """A unit that only owns the subject ("the Iraqi Army's 9th Division", "ISIS' leader"):
    not the actor, unless its own fighters follow ("ISIL's fighters")."""
    m = _POSSESSIVE.match(text, mention.end)
    if m is None:
        return False
    return not any(w in lex.possessed_forces for w in m[1].lower().split())


def actor_subject(text: str, mention: Mention, floor: int, lex: EventLexicon) -> bool:
    """A unit that is the subject of its clause and acts itself (not only owns the subject)."""
    return is_subject(text, mention, floor, lex) and not possessor(text, mention, lex)


def last_words(text: str, n: int) -> list[str]:
    # Only the tail can hold the last few words; scanning it alone keeps this O(1) per call.
    tail = text[-40 * n :] if len(text) > 40 * n else text
    return [w.lower() for w in _WORD.findall(tail)][-n:]


# The second word of a bound before a count ("at least 70", "at most 20").
_BOUNDS = frozenset({"least", "most"})


def is_subject(text: str, mention: Mention, floor: int, lex: EventLexicon) -> bool:
    """A mention is a subject unless a preposition governs it ("from ISIL", "of the elite CTS").

    Looks back at most four words, stopping at punctuation or "and"; "of" after a count
    (``partitive_heads``: "hundreds of Iraqi soldiers") keeps it, a conjunction that opens a
    clause (``subject_openers``: "as Iraqi forces advanced") ends the look. The object of a
    participle is none either ("militias fighting Islamic State in Raqqa have breached").
    """
    # An aside of support still open ("the SAA, supported by Russian airstrikes and Hezbollah,
    # launched"); looked for before ``floor``, which an act inside the aside may have moved.
    aside = lex.support_aside
    if aside is not None and aside.search(text, max(0, mention.start - 120), mention.start):
        return False
    words = [w for w in last_words(text[floor : mention.start], 2) if w != "the"]
    if words and len(words[-1]) > 4 and words[-1].endswith("ing"):
        return False
    lead = last_words(text[floor : mention.start], 4)
    for i in range(len(lead) - 1, -1, -1):
        word = lead[i]
        if word in (",", ";", ":", "(", ")", "and"):
            return True
        if word in lex.subject_openers or word in lex.reporting_openers:
            return True  # "damaged the bridge in Mosul as Iraqi forces advanced"
        if word == "of" and i > 0 and lead[i - 1] in lex.partitive_heads:
            return True  # "Hundreds of Iraqi soldiers deployed": the soldiers deployed
        if word in ("of", "from") and i > 0 and lead[i - 1] in lex.force_heads:
            return _heads_clause(lead[: i - 1], lex)  # "Fighters from the FSA attacked X"
        if word in lex.prepositions and not (
            i + 1 < len(lead) and (_COUNT.fullmatch(lead[i + 1]) or lead[i + 1] in _BOUNDS)
        ):
            return False  # "over 50 ISIS members", "at least 70 ...": part of the count
    return True


# A figure after a word that is then no preposition ("over 50", "around 200").
_COUNT = re.compile(r"\d[\d,.]*")


def _heads_clause(before: Sequence[str], lex: EventLexicon) -> bool:
    """The words before a force noun leave it the head of its clause: nothing, a break, or a
    determiner, count or adjective after one ("On Monday, some 200 troops of X")."""
    for word in reversed(before):
        if word in (",", ";", ":", "(", ")", "and") or word in lex.subject_openers:
            return True
        if word in lex.prepositions or word.endswith("ing"):
            return False
    return len(before) <= 2


def reported_clause(
    text: str, trig: Trigger, units: Sequence[Mention], lex: EventLexicon
) -> Sequence[Mention]:
    """The units after the last reporting verb before the trigger, when one follows a unit
    ("The SDF said regime forces captured X": the reporter did not capture it); all of them
    otherwise."""
    for i in range(len(units) - 1, 0, -1):
        between = [w.lower() for w in _WORD.findall(text[units[i - 1].end : units[i].start])]
        if any(w in lex.reporting_openers for w in between) and units[i].end <= trig.start:
            return units[i:]
    if units and units[-1].end <= trig.start and _reports_another(text, units[-1].end, trig, lex):
        return ()  # "X Operations Command said army units entered": units it does not name
    return units


# What may follow a reporting verb and leave its reporter the subject of the act told:
# "X said it would not enter", "X said on Monday they had captured", "X said that its forces",
# "X was reported to have entered".
_OWN_SIDE = frozenset(
    [
        "that",
        "it",
        "they",
        "we",
        "he",
        "she",
        "its",
        "their",
        "our",
        "his",
        "on",
        "in",
        "at",
        "late",
        "early",
        "earlier",
        "later",
        "yesterday",
        "today",
        "to",
        "as",
        ",",
        "(",
    ]
)


def _reports_another(text: str, start: int, trig: Trigger, lex: EventLexicon) -> bool:
    """A reporting verb right after the unit, then a subject of the act's own that is no
    pronoun ("Anbar Operations Command said army units, border guards ... entered")."""
    words = [w.lower() for w in _WORD.findall(text[start : trig.start])]
    verb = next((k for k, w in enumerate(words[:3]) if w in lex.reporting_openers), None)
    if verb is None:
        return False
    rest = words[verb + 1 :]
    rest = rest[1:] if rest[:1] == ["that"] else rest
    return bool(rest) and rest[0] not in _OWN_SIDE


def participle_head(text: str, trig: Trigger, units: Sequence[Mention]) -> str | None:
    """The unit a participle directly follows, at most one noun between ("CTS troops advancing")."""
    for u in units:
        if u.end <= trig.start and re.fullmatch(
            r"(?:['’]s?)?\s+(?:[a-z]+\s+)?", text[u.end : trig.start]
        ):
            return u.entity_id
    return None


def by_phrase(
    text: str,
    after: int,
    limit: int,
    units: Sequence[Mention],
    preps: str = "by",
    adjunct: re.Pattern[str] | None = None,
) -> list[str]:
    """Units in a "by X (and Y)" phrase right after ``after``; a place or time phrase may come
    first ("were killed in Mosul by Iraqi forces": the agent still names who acted)."""
    adj = rf"(?:{adjunct.pattern.replace('?P<cue>', '?:')})?" if adjunct is not None else ""
    m = re.match(rf"\s*(?:\w+\s+){{0,1}}{adj}(?:{preps})\s+", text[after:limit], re.IGNORECASE)
    if m is None:
        return []
    out: list[str] = []
    edge = after + m.end()
    for u in sorted(units, key=lambda u: u.start):
        if u.start < edge or u.start >= limit:
            continue
        gap = text[edge : u.start]
        # The first noun phrase ("by the anti-ISIL coalition"), then "and Y", ", Y".
        if not re.fullmatch(_BY_FIRST if not out else _BY_NEXT, gap, re.IGNORECASE):
            break
        out.append(u.entity_id)
        edge = u.end
    return out


def reduced_passive_agent(
    text: str, trig: Trigger, limit: int, units: Sequence[Mention], lex: EventLexicon
) -> list[str]:
    """The agent of a verb a "by X" phrase follows with no auxiliary before it ("civilians
    killed by ISIL"); not a means told with a gerund ("started the assault by advancing on
    ISIL-held villages")."""
    agent = by_phrase(text, trig.end, limit, units, adjunct=lex.agent_adjunct)
    if not agent:
        return []
    first = min(u.start for u in units if u.entity_id == agent[0] and u.start >= trig.end)
    if any(w.endswith("ing") and len(w) > 4 for w in _WORD.findall(text[trig.end : first])):
        return []
    return agent


# "clashes between X and Y", "fighting between the army and IS": the two sides.
_BETWEEN = re.compile(r"\s+(?:[\w-]+\s+){0,2}?between\s+(?:the\s+)?$", re.IGNORECASE)
_AND = re.compile(r"\s+and\s+(?:the\s+)?", re.IGNORECASE)


def between_sides(
    text: str, trig: Trigger, limit: int, units: Sequence[Mention]
) -> tuple[list[str], list[str]] | None:
    """The sides of a fight told as "between X and Y": X as the actor, Y as the opposing
    force (a fight has no agent, and the first named is the one the report follows)."""
    if trig.type != "Attack":
        return None
    after = sorted((u for u in units if trig.end <= u.start < limit), key=lambda u: u.start)
    for first, second in itertools.pairwise(after):
        if (
            _BETWEEN.fullmatch(text, trig.end, first.start)
            and _AND.fullmatch(text, first.end, second.start)
            and first.entity_id != second.entity_id
        ):
            return [first.entity_id], [second.entity_id]
    return None


# Words after a trigger that end its object: what follows is no opposing force.
# An infinitive of purpose ends the object too ("blew up two bridges to prevent Iraqi forces
# from attacking"); "surrendered to the SDF" names the side surrendered to.
_PURPOSE = re.compile(r"\bto\s+(?!(?:the|a|an)\b)[a-z]")
# "captured the ISIL-held town of X": the holder named in the object is the side it was taken from.
_HELD = re.compile(r"-(?:held|controlled|occupied|run)\b", re.IGNORECASE)
# "the town of Bashiqa, which was still held by ISIL": the holder of the place acted on.
_HELD_BY = re.compile(
    r"\b(?:held|controlled|occupied|defended)\s+by\s+(?:the\s+)?(?:[\w'’-]+\s+)?$", re.IGNORECASE
)
# A numbered formation ("the 137th Brigade", "the 9th Division"): a state's own unit, which
# an advance reaches to join or relieve, not the side it fights (armed groups bear no numbers).
_NUMBERED = re.compile(r"\b\d+(?:st|nd|rd|th)\b", re.IGNORECASE)
_OBJECT_ENDS = frozenset(
    ("by", "with", ",", "and", "as", "when", "while", "after", "before", "since", "because")
)


def object_opponents(
    text: str,
    units: Sequence[Mention],
    trig: Trigger,
    limit: int,
    passive: bool = False,
    lex: EventLexicon | None = None,
) -> list[str]:
    """Units after "from"/"against"/"on", or the object of a trigger whose object is the
    opposing force ("attacked ISIL"); a passive has no object ("were killed as PMU forces ...")."""
    out = []
    for u in units:
        if not (trig.end <= u.start < limit):
            continue
        if trig.type == "Advance" and _NUMBERED.search(u.text):
            continue  # "reaching the positions of the 137th Brigade": the garrison relieved
        gap = text[trig.end : u.start]
        words = last_words(gap, 3)
        fought = lex is not None and lex.combat_with is not None
        if fought and lex.combat_with.search(text[max(trig.start, u.start - 60) : u.start]):
            out.append(u.entity_id)  # "fought with ISIL fighters", "heavy fighting with ISIL"
        elif (held := _HELD_BY.search(gap)) and _near_object(gap[: held.start()]):
            out.append(u.entity_id)  # "captured villages held by ISIL"
        elif _governed_by(words, ("from", "against", "on")) or (
            (trig.object_is_opponent or _HELD.match(text, u.end) is not None)
            and not passive
            and len(_WORD.findall(gap)) <= 4
            and not any(w in _OBJECT_ENDS for w in last_words(gap, 4))
            and not _PURPOSE.search(gap)
        ):
            out.append(u.entity_id)
    if passive:
        # "The ISIS-held town of Tabqa was captured by the SDF": the holder of the subject
        out += [
            u.entity_id
            for u in units
            if u.end <= trig.start
            and trig.start - u.end <= 80
            and _HELD.match(text, u.end) is not None
            and not re.search(r"[;:.]\s", text[u.end : trig.start])
        ]
    # The place acted on last, named, then a relative clause naming its holder, which the
    # clause breaks cut off: "to take the town of Bashiqa, which was still held by ISIL"
    # (not "following an assault on the bridge that was held by ISIL": the assault's object).
    held = _HELD_AFTER.match(text, limit)
    named = _LAST_WORD.search(text, max(trig.end, limit - 40), limit)
    if held is not None and named is not None and named[1][0].isupper():
        out += [u.entity_id for u in units if u.start == held.end()]
    return out


# A relative clause right after the object that says who held it, and that object's last word.
_LAST_WORD = re.compile(r"([\w'’-]+)\W*$")
_HELD_AFTER = re.compile(
    r"\s*,?\s*(?:which|that)\s+(?:(?:was|were|is|are|had\s+been|has\s+been|have\s+been)\s+)"
    r"(?:still\s+|already\s+|then\s+)?(?:held|controlled|occupied)\s+by\s+(?:the\s+)?",
    re.IGNORECASE,
)


def _governed_by(words: Sequence[str], preps: Sequence[str]) -> bool:
    """One of ``preps`` governs the unit after ``words``, no "by" after it ("retaken from
    ISIL by Iraqi troops": the troops are the agent, not the side it was taken from)."""
    last = max((i for i, w in enumerate(words) if w in preps), default=-1)
    return last >= 0 and "by" not in words[last + 1 :]


def _near_object(gap: str) -> bool:
    """The words between a trigger and "held by X" are only its object ("three villages")."""
    words = _WORD.findall(gap)
    return len(words) <= 5 and not any(w.lower() in _OBJECT_ENDS for w in words)


def passive_before(
    lex: EventLexicon, text: str, start: int, end: int, units: Sequence[Mention]
) -> bool:
    """A passive auxiliary just before the trigger that is no unit's name ("IS captured
    Mosul": the group "IS", not the verb "is")."""
    m = lex.passive.search(text[start:end])
    return m is not None and not any(u.start <= start + m.start() < u.end for u in units)


def light_verb_subject(
    text: str, floor: int, trig: Trigger, units: Sequence[Mention], lex: EventLexicon
) -> list[str]:
    """The subject of the verb a noun trigger is the object of ("The Iraqi Army continued its
    assault on X": the army's assault); none when no such verb stands before the noun."""
    if lex.light_verb is None:
        return []
    m = lex.light_verb.search(text[floor : trig.start])
    if m is None:
        return []
    cut = floor + m.start()
    return [
        u.entity_id
        for u in units
        if floor <= u.start and u.end <= cut and actor_subject(text, u, floor, lex)
    ]


def attacked_subject(
    text: str, floor: int, trig: Trigger, units: Sequence[Mention], lex: EventLexicon
) -> list[str]:
    """The subject of "came under" before a noun trigger ("Iraqi forces came under attack
    from ISIL"): the side attacked, so the opposing force, never the actor."""
    if lex.under_attack is None:
        return []
    m = lex.under_attack.search(text, floor, trig.start)
    if m is None:
        return []
    return [
        u.entity_id
        for u in units
        if floor <= u.start and u.end <= m.start() and actor_subject(text, u, floor, lex)
    ]


def parenthetical_subject(
    text: str,
    clause_start: int,
    floor: int,
    trig: Trigger,
    units: Sequence[Mention],
    lex: EventLexicon,
) -> list[str]:
    """The clause's subject when a parenthetical that told another act stands between it and
    the verb ("the Peshmerga, backed by coalition airstrikes, launched an offensive")."""
    if (
        floor <= clause_start
        or trig.text.lower().endswith("ing")
        # the aside's act, then the rest of the aside ("and Hezbollah") and its closing comma
        or not _CLOSES_ASIDE.fullmatch(text, floor, trig.start)
    ):
        return []
    inside = [u for u in units if clause_start <= u.start < floor]
    last = next((k for k, u in enumerate(inside) if _OPENS_ASIDE.match(text, u.end)), None)
    if last is None:
        return []
    # "The YPG and the YPJ, backed by X, had retaken": the units coordinated before the aside
    return [u.entity_id for u in inside[: last + 1] if actor_subject(text, u, clause_start, lex)]


# The rest of an aside after its act ("and Hezbollah"), its closing comma, then auxiliaries
# and adverbs before the verb ("backed by coalition air strikes, had retaken X").
_CLOSES_ASIDE = re.compile(
    r"(?:\s+and\s+[^,;:()]*)?\s*[,)]\s*(?:(?:had|has|have|was|were|also|then|later)\s+)*"
)


# A subject followed by an aside: a comma and a participle ("the Peshmerga, backed by X,").
_OPENS_ASIDE = re.compile(r"\)?\s*(?:,\s*|\(\s*)(?:[a-z]+ly\s+)?[a-z]+ed\b")


def co_actors(
    text: str, floor: int, units: Sequence[Mention], subjects: Sequence[str], lex: EventLexicon
) -> list[str]:
    """Units that share the subject's act ("Iraqi forces, alongside Kurdish peshmerga, ...")."""
    if not subjects or lex.co_actor is None:
        return []
    return [
        u.entity_id
        for u in units
        if u.entity_id not in subjects and lex.co_actor.search(text[floor : u.start])
    ]


# A passive's means: "in"/"by"/"during"/"with" and the act that did it ("destroyed in
# coalition airstrikes", "killed during a Russian air raid").
_MEANS = re.compile(r"\s*(?:in|by|during|with|under|through)\s+(?:(?:an?|the)\s+)?$", re.I)


def means_agent(text: str, trig: Trigger, means: Trigger, units: Sequence[Mention]) -> list[str]:
    """The unit that owns the act a passive names as its means ("was destroyed in coalition
    airstrikes": the coalition), when the unit stands just before that noun."""
    return [
        u.entity_id
        for u in units
        if trig.end <= u.start
        and u.end <= means.start
        and not text[u.end : means.start].strip()
        and _MEANS.fullmatch(text[trig.end : u.start])
    ]
