"""What a query may do, decided before it runs, by a small SPARQL lexer.

pyoxigraph evaluates ``SERVICE`` by calling whatever host the query names (a server-side
request forgery) and has no switch to turn that off, so the text is checked first. The lexer
skips what cannot hold a keyword (strings, IRIs, comments, variables, local parts of prefixed
names) and fails closed elsewhere: pyoxigraph's parser does not require a word boundary after
a keyword (``SERVICESILENT <x> {}`` runs a ``SERVICE SILENT``), so a bare word or a prefix
merely *containing* a refused keyword is refused. No SPARQL keyword or built-in contains one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from conflictkg.errors import QueryRefused

REFUSED_KEYWORDS: tuple[str, ...] = ("SERVICE", "LOAD")
QUERY_FORMS: tuple[str, ...] = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")

_WHY = {
    "SERVICE": "federated queries would make this server call other hosts",
    "LOAD": "this endpoint is read-only",
}

_HEX = r"[0-9A-Fa-f]"
_PLX = rf"(?:%{_HEX}{{2}}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PN_PREFIX = r"[^\W\d_](?:[\w.\-\u00B7]*[\w\-\u00B7])?"
_PN_LOCAL = rf"(?:[\w:]|{_PLX})(?:(?:[\w.\-\u00B7:]|{_PLX})*(?:[\w\-\u00B7:]|{_PLX}))?"
_UCHAR = rf"\\u{_HEX}{{4}}|\\U{_HEX}{{8}}"

# Order matters: the first alternative that matches at a position wins.
_TOKEN = re.compile(
    rf"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:\\.|[^\\])*?(?:'''|\Z)
      | \"\"\"(?:\\.|[^\\])*?(?:\"\"\"|\Z)
      | '(?:\\.|[^\\'\n\r])*(?:'|\Z)
      | "(?:\\.|[^\\"\n\r])*(?:"|\Z))
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)
  | (?P<var>[?$][\w\u00B7\u203F\u2040]+)
  | (?P<bnode>_:\w(?:[\w.\-\u00B7]*[\w\-\u00B7])?)
  | (?P<pname>(?P<prefix>{_PN_PREFIX})?:(?:{_PN_LOCAL})?)
  | (?P<number>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<word>[^\W\d]\w*)
  | (?P<escape>\\[uU])
  | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int


@dataclass(frozen=True)
class QueryAnalysis:
    """What the lexer learnt about an allowed query."""

    form: str | None
    """SELECT, CONSTRUCT, ASK or DESCRIBE; None when the text has no query form (malformed)."""
    has_dataset_clause: bool
    """The query names its own dataset with FROM / FROM NAMED."""


def tokenize(query: str) -> Iterator[Token]:
    """SPARQL tokens, coarse but never splitting a string, IRI or comment."""
    pos = 0
    while pos < len(query):
        match = _TOKEN.match(query, pos)
        if match is None:  # pragma: no cover - the punct alternative matches any character
            raise AssertionError(f"lexer stuck at {pos}")
        kind = match.lastgroup or "punct"
        if kind == "prefix":
            kind = "pname"
        if kind not in ("space", "comment"):
            yield Token(kind, match.group(), pos)
        pos = match.end()


def _position(query: str, offset: int) -> str:
    line = query.count("\n", 0, offset) + 1
    column = offset - (query.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def _refused_in(text: str) -> str | None:
    upper = text.upper()
    return next((kw for kw in REFUSED_KEYWORDS if kw in upper), None)


def _refusal(query: str, token: Token) -> QueryRefused | None:
    if token.kind == "word":
        keyword = _refused_in(token.text)
    elif token.kind == "pname":
        keyword = _refused_in(token.text.split(":", 1)[0])
    elif token.kind == "escape":
        return QueryRefused(
            f"codepoint escapes ({token.text}XXXX) are accepted only inside strings and IRIs "
            f"(at {_position(query, token.start)})"
        )
    else:
        return None
    if keyword is None:
        return None
    hint = "; a prefix name must not contain it either" if token.kind == "pname" else ""
    return QueryRefused(
        f"{keyword} is not allowed on this endpoint: {_WHY[keyword]} "
        f"(found {token.text!r} at {_position(query, token.start)}{hint})"
    )


def check_query(query: str) -> QueryAnalysis:
    """Refuse (``QueryRefused``) a query using a forbidden feature; describe an allowed one."""
    form: str | None = None
    has_from = False
    for token in tokenize(query):
        refusal = _refusal(query, token)
        if refusal is not None:
            raise refusal
        if token.kind == "word":
            word = token.text.upper()
            if form is None and word in QUERY_FORMS:
                form = word
            elif word == "FROM":
                has_from = True
    return QueryAnalysis(form=form, has_dataset_clause=has_from)
