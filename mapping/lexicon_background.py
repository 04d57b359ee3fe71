"""The ``background`` section of ``events.yaml`` compiled: what a sentence tells without
asserting a new act (read by ``assertion.py``). Kept apart from ``lexicon.py``, which loads it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import yaml

from conflictkg.paths import mapping_data


def _phrases(phrases: Iterable[str], anchor: str = "") -> re.Pattern[str]:
    """``lexicon.phrase_regex`` (imported here: ``lexicon`` imports this module)."""
    from conflictkg.mapping.lexicon import phrase_regex

    return phrase_regex(phrases, anchor)


@dataclass(frozen=True)
class Background:
    """Patterns that make a trigger background, no new act (``events.yaml`` ``background``)."""

    # An opener and up to four words, at the end of the text before a trigger.
    scene: re.Pattern[str]
    # A figure ("32", "two", "dozens"): a counted act is reported even in a subordinate clause.
    count: re.Pattern[str]
    # A ground noun and the words of a relative clause, at the end of the text before a trigger.
    relative: re.Pattern[str]
    # A ground noun (and an adverb) right before a past participle: a reduced relative ...
    reduced: re.Pattern[str]
    # ... when the participle is followed by an agent, a time or place, or nothing.
    reduced_after: re.Pattern[str]
    # A declaration verb and "the beginning of (the)", at the end of the text before a noun.
    declared: re.Pattern[str]
    # Right after a movement verb: an object that is no ground ("entered its third week").
    non_ground: re.Pattern[str]
    # Just before a trigger: the act is not done ("almost in complete control of").
    approximation: re.Pattern[str]
    # Type of the main verb -> types of the participles that are its manner.
    manner_of: dict[str, frozenset[str]]
    # Type of a means noun -> types of the acts it is the means of ("destroyed in airstrikes").
    means_of: dict[str, frozenset[str]]
    # Right after a movement verb: only where it came from ("advanced from the south,").
    origin_only: re.Pattern[str] | None = None
    # Types of acts whose side's groundless advance in the same sentence is no event of its own.
    gains_subsume_advance: frozenset[str] = frozenset()
    # Words of a fighting verb whose groundless act beside such a gain is no event of its own.
    gains_subsume_fighting: frozenset[str] = frozenset()
    # Acts whose setting an attack noun after ``casualty_setting`` is ("killed in clashes").
    casualty_acts: frozenset[str] = frozenset()
    casualty_setting: re.Pattern[str] | None = None
    # Before a distance trigger: the force has not moved ("was still several kilometres").
    unchanged: re.Pattern[str] | None = None
    # Right after a noun trigger: a state of the circumstances ("with clashes ongoing").
    ongoing: re.Pattern[str] | None = None
    # Before a plural noun trigger: a trend ("increased its counter-attacks").
    trend: re.Pattern[str] | None = None
    # Between a declaration verb and a purpose "to": the operation declared.
    # Types whose ground may be a share of an unnamed place, and the share ("40% of the").
    share_tallies: frozenset[str] = frozenset()
    share: re.Pattern[str] | None = None
    # After a noun trigger, up to four words between: the act is over ("was brought to an end").
    ended: re.Pattern[str] | None = None


def background(spec: dict | None, declarations: Iterable[str]) -> Background | None:
    """The ``background`` section compiled; None when absent."""
    if not spec:
        return None
    heads = _phrases(spec["relative_heads"]).pattern.replace("?P<cue>", "?:")
    adverb = r"(?:\w+ly\s+|already\s+|still\s+|yet\s+)?"
    aux = r"(?:had|have|has|was|were|is|are)\s+(?:been\s+)?"
    relative = "|".join(
        (
            rf"(?:that|which)\s+{aux}",  # "30 districts that had been captured"
            r"(?:that\s+|which\s+)?(?:they|it|we|he|she)\s+(?:had\s+|have\s+|has\s+)?",
            r"(?:that|which)\s+(?:[\w'’-]+\s+){1,3}?(?:had|have|has)\s+",  # "that ISIL had"
            # "the first building (in the city) to be retaken", "6 districts left to be captured"
            r"(?:(?:in|of)\s+(?:the\s+)?[\w'’-]+\s+)?(?:left\s+|yet\s+|still\s+)?to\s+be\s+",
        )
    )
    claims = yaml.safe_load(mapping_data("lexicons/claims.yaml").read_text("utf-8"))
    numbers = _phrases(claims["number_words"]).pattern.replace("?P<cue>", "?:")
    fractions = _phrases(claims["fractions"]).pattern.replace("?P<cue>", "?:")
    word = rf"(?!{heads})[a-z][\w-]*\s+"
    determiner = r"(?:a|an|the|its|their|his|her|our)\s+"
    objects = _phrases(spec["non_ground_objects"]).pattern.replace("?P<cue>", "?:")
    declared = _phrases(declarations).pattern.replace("?P<cue>", "?:")
    decl_objects = _phrases(spec["declared_objects"]).pattern.replace("?P<cue>", "?:")
    return Background(
        scene=_phrases(
            spec["scene_openers"],
            r"\s+(?!which\b)(?:(?!(?:and|or|but|then)\b)[\w'’.-]+\s+){0,4}$",
        ),
        count=re.compile(rf"\d|{numbers}", re.IGNORECASE),
        relative=re.compile(rf"{heads}\s+(?:{relative}){adverb}$", re.IGNORECASE),
        reduced=re.compile(rf"{heads}\s+{adverb}$", re.IGNORECASE),
        reduced_after=re.compile(
            r"\s*(?:$|[,.;:)]|(?:by|in|on|at|during|earlier|last|recently|from|since|"
            r"near|around|after|before|and|or|over|under)\b)",
            re.IGNORECASE,
        ),
        declared=re.compile(
            rf"{declared}\s+(?:{determiner})?(?:[\w-]+\s+)?{decl_objects}\s+"
            rf"(?:{determiner})?(?:[\w'’-]+\s+){{0,2}}$",
            re.IGNORECASE,
        ),
        non_ground=re.compile(
            rf"\s+(?:into\s+)?(?:{determiner}(?:{word}){{0,2}})?{objects}", re.IGNORECASE
        ),
        approximation=_phrases(spec["approximations"], r"\s+$"),
        manner_of={k: frozenset(v) for k, v in (spec.get("manner_of") or {}).items()},
        means_of={k: frozenset(v) for k, v in (spec.get("means_of") or {}).items()},
        origin_only=_origin_only(spec.get("origins")),
        gains_subsume_advance=frozenset(spec.get("gains_subsume_advance") or ()),
        gains_subsume_fighting=frozenset(spec.get("gains_subsume_fighting") or ()),
        unchanged=_phrases(spec["distance_unchanged"], r"\s+(?:[\w.,-]+\s+){0,3}$")
        if spec.get("distance_unchanged")
        else None,
        ongoing=_phrases(spec["ongoing_states"]) if spec.get("ongoing_states") else None,
        trend=_phrases(spec["trend_verbs"], r"\s+(?:[\w'’-]+\s+){0,2}$")
        if spec.get("trend_verbs")
        else None,
        share_tallies=frozenset(spec.get("share_tallies") or ()),
        share=re.compile(
            rf"(?:\d+(?:[.,]\d+)?\s*(?:%|per\s*cent\b|percent\b)|{fractions}(?![\w-]))\s+of\b",
            re.IGNORECASE,
        ),
        casualty_acts=frozenset((spec.get("casualty_settings") or {}).get("acts", ())),
        casualty_setting=_casualty_setting(spec.get("casualty_settings")),
        ended=re.compile(
            r"\s*(?:[\w'’-]+\s+){0,4}?" + _phrases(spec["ended_after_noun"]).pattern,
            re.IGNORECASE,
        )
        if spec.get("ended_after_noun")
        else None,
    )


def _casualty_setting(spec: dict[str, list[str]] | None) -> re.Pattern[str] | None:
    """A preposition and up to two words that are no article, at the end of the gap between a
    casualty trigger and an attack noun ("were destroyed in heavy clashes")."""
    if not spec:
        return None
    words = r"(?:(?!(?:a|an|the)\b)[\w'’-]+\s+){0,2}"
    return _phrases(spec["prepositions"], rf"\s+{words}$")


def _origin_only(origins: Iterable[str] | None) -> re.Pattern[str] | None:
    """ "from the south", "from three fronts" right after a trigger, then the clause goes on
    with no destination (a break, a conjunction or another participle); or "by posing"."""
    if not origins:
        return None
    words = _phrases(origins).pattern.replace("?P<cue>", "?:")
    return re.compile(
        rf"\s+(?:\w+ly\s+)?(?:from\s+(?:the\s+|all\s+|several\s+|multiple\s+|\w+\s+)?{words}"
        r"(?:\s+of\s+the\s+city)?\s*(?:$|[,.;:)]|(?:and|while|but|as|when|whereas|\w+ing)\b)"
        r"|by\s+\w+ing\b)",
        re.IGNORECASE,
    )
