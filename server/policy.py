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
class ServiceClause:
    """An allowed ``SERVICE <endpoint> { ... }`` and where it sits in the query text."""

    endpoint: str
    silent: bool
    start: int
    """Offset of the SERVICE keyword."""
    end: int
    """Offset just after the closing brace."""
    pattern: str
    """The group pattern, braces included."""


@dataclass(frozen=True)
class QueryAnalysis:
    """What the lexer learnt about an allowed query or update."""

    form: str | None
    """SELECT, CONSTRUCT, ASK or DESCRIBE; None when the text has no query form (malformed)."""
    has_dataset_clause: bool
    """The query names its own dataset with FROM / FROM NAMED (an update: USING / WITH)."""
    services: tuple[ServiceClause, ...] = ()
    prologue: str = ""
    """The PREFIX / BASE declarations, as written (a federated sub-query needs them)."""
    where_offsets: tuple[int, ...] = ()
    """Update only: offsets of the WHERE of each INSERT/DELETE ... WHERE operation."""


@dataclass(frozen=True)
class AllowList:
    """The SPARQL endpoints SERVICE may call: an entry with a path names one endpoint, an
    origin (``https://host:port``) allows every endpoint on that host."""

    entries: tuple[str, ...] = ()

    def allows(self, endpoint: str) -> bool:
        for entry in self.entries:
            entry = entry.strip()
            if not entry:
                continue
            if endpoint == entry:
                return True
            _, sep, rest = entry.partition("://")
            origin = sep and "/" not in rest.rstrip("/")
            if origin and endpoint.startswith(entry.rstrip("/") + "/"):
                return True
        return False


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


def _matching_brace(tokens: list[Token], open_index: int) -> int:
    depth = 0
    for index in range(open_index, len(tokens)):
        if tokens[index].kind == "punct" and tokens[index].text == "{":
            depth += 1
        elif tokens[index].kind == "punct" and tokens[index].text == "}":
            depth -= 1
            if depth == 0:
                return index
    return -1


def _service_clause(
    query: str,
    tokens: list[Token],
    index: int,
    prefixes: dict[str, str],
    allow: AllowList,
) -> tuple[ServiceClause, int]:
    """Read ``SERVICE [SILENT] endpoint {...}`` at ``index``; refuse what is not allowed."""
    keyword = tokens[index]
    where = _position(query, keyword.start)
    cursor = index + 1
    silent = cursor < len(tokens) and tokens[cursor].text.upper() == "SILENT"
    cursor += silent
    target = tokens[cursor] if cursor < len(tokens) else None
    endpoint: str | None = None
    if target is not None and target.kind == "iri":
        endpoint = target.text[1:-1]
    elif target is not None and target.kind == "pname":
        prefix, _, local = target.text.partition(":")
        if prefix in prefixes:
            endpoint = prefixes[prefix] + local
    elif target is not None and target.kind == "var":
        raise QueryRefused(
            f"SERVICE {target.text} is not allowed on this endpoint: a variable endpoint cannot "
            f"be checked against the allow-list before the query runs (at {where})"
        )
    if endpoint is None:
        raise QueryRefused(f"SERVICE needs an endpoint IRI (at {where})")
    if not allow.allows(endpoint):
        listed = ", ".join(allow.entries) or "the list is empty: federation is off"
        raise QueryRefused(
            f"SERVICE <{endpoint}> is not allowed on this endpoint: it is not on the "
            f"server's SERVICE allow-list ({listed}) (at {where})"
        )
    opening = cursor + 1
    closing = _matching_brace(tokens, opening) if opening < len(tokens) else -1
    if closing < 0 or tokens[opening].text != "{":
        raise QueryRefused(f"SERVICE <{endpoint}> needs a group pattern {{ ... }} (at {where})")
    end = tokens[closing].start + 1
    clause = ServiceClause(endpoint, silent, keyword.start, end, query[tokens[opening].start : end])
    return clause, closing


def check_query(
    query: str, allow: AllowList | None = None, *, update: bool = False
) -> QueryAnalysis:
    """Refuse (``QueryRefused``) a query using a forbidden feature; describe an allowed one.

    ``SERVICE`` passes only for an endpoint on ``allow`` (never ``SERVICE ?var``); the
    caller evaluates those clauses itself (``federation``), pyoxigraph never sees them.
    """
    allow = allow or AllowList()
    tokens = list(tokenize(query))
    form: str | None = None
    has_dataset = False
    services: list[ServiceClause] = []
    prefixes: dict[str, str] = {}
    prologue_end = 0
    where_offsets: list[int] = []
    modify = False
    skip_until = -1
    for index, token in enumerate(tokens):
        if index <= skip_until:
            continue
        word = token.text.upper() if token.kind == "word" else ""
        if word == "SERVICE":
            clause, skip_until = _service_clause(query, tokens, index, prefixes, allow)
            services.append(clause)
            continue
        refusal = _refusal(query, token)
        if refusal is not None:
            raise refusal
        if word in ("PREFIX", "BASE") and form is None:
            if word == "PREFIX" and index + 2 < len(tokens) and tokens[index + 2].kind == "iri":
                prefixes[tokens[index + 1].text.rstrip(":")] = tokens[index + 2].text[1:-1]
            last = index + (2 if word == "PREFIX" else 1)
            if last < len(tokens):  # a cut prologue is left for the parser to report
                prologue_end = tokens[last].start + len(tokens[last].text)
        elif form is None and word in QUERY_FORMS and not update:
            form = word
        elif word == "FROM" or (update and word in ("USING", "WITH")):
            has_dataset = True
        elif update and word in ("INSERT", "DELETE"):
            nxt = tokens[index + 1].text.upper() if index + 1 < len(tokens) else ""
            modify = modify or nxt not in ("DATA", "WHERE")
        elif update and word == "WHERE" and modify:
            where_offsets.append(token.start)
            modify = False
        elif update and token.kind == "punct" and token.text == ";":
            modify = False
    return QueryAnalysis(
        form=form,
        has_dataset_clause=has_dataset,
        services=tuple(services),
        prologue=query[:prologue_end],
        where_offsets=tuple(where_offsets),
    )
