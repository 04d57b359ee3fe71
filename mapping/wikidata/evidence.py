"""Does a gazetteer row's evidence support its Wikidata id?"""

from __future__ import annotations

import re

QID = re.compile(r"^Q[1-9][0-9]*$")


def supports(qid: str, evidence: str) -> bool:
    """True when the evidence names the id, as ``Q796`` or as a bare number (``WD~Tigris,35591``).

    The evidence column records files that were read and what they say; an id it does not
    name is one somebody typed from memory.
    """
    if not QID.match(qid):
        return False
    number = qid[1:]
    return re.search(rf"(?<![0-9A-Za-z])Q?{number}(?![0-9])", evidence) is not None
