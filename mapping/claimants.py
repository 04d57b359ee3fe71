"""Who a sentence attributes its statement to ("X said", "according to X").

The cues are ``status.yaml`` ``attribution``; the sources are the person and publisher
mentions of the sentence. Events and claims of the sentence carry them as ``claimed_by``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.lexicon import EventLexicon
from conflictkg.mapping.model import Mention, Sentence

_WORD = re.compile(r"[\w'’-]+|[,;:()]")


def sentence_claimants(
    text: str,
    sentence: Sentence,
    mentions: Sequence[Mention],
    gazetteer: Gazetteer,
    lex: EventLexicon,
) -> tuple[str, ...]:
    """Persons and publishers the sentence attributes its statement to."""
    sources = []
    for m in mentions:
        entity = gazetteer.get(m.entity_id)
        if (
            sentence.start <= m.start < sentence.end
            and entity is not None
            and entity.kind in ("person", "publisher")
        ):
            sources.append(m)
    out = []
    for m in sources:
        after = text[m.end : min(sentence.end, m.end + 40)]
        before = text[max(sentence.start, m.start - 30) : m.start]
        verb = lex.attribution_after.search(after)
        if (
            verb
            and len(_WORD.findall(after[: verb.start()])) <= 4
            and "," not in after[: verb.start()]
        ) or re.search(
            rf"(?:{lex.attribution_before.pattern})\s+(?:\w+\s+){{0,2}}$", before, re.IGNORECASE
        ):
            out.append(m.entity_id)
    return tuple(dict.fromkeys(sorted(out)))
