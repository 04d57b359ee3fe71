"""One error family for what a user can fix, mapped to exit codes and HTTP statuses here only.

Exit codes follow pySHACL's convention: 0 all good, 1 some input was rejected (violations),
2 cannot load / bad usage, 3 a bug, 4 the store is busy.
"""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix. The CLI prints one line, no traceback."""

    exit_code = 2
    http_status = 400


class BuildFailed(UserError):
    """Nothing could be built; the previous graph stays served."""

    exit_code = 1


class InputError(UserError):
    """An input file that cannot be read or is of an unknown format."""


class QueryError(UserError):
    """A malformed or refused SPARQL request."""


class QueryRefused(QueryError):
    """A query that uses a feature the server refuses by policy (SERVICE, LOAD ...)."""

    http_status = 403


class QueryTimeout(QueryError):
    """The query ran past its time limit and was stopped."""

    http_status = 503


EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_USAGE = 2
EXIT_BUG = 3
