"""The exceptions of the service, named by what failed.

Every message is one plain sentence naming the offending value and, where it
helps, what would fix it. The web layer turns each into one JSON error shape.
"""

from __future__ import annotations


class WijkWijzerError(Exception):
    """Base class: something a user or a client can fix."""

    status = 400


class StoreError(WijkWijzerError):
    """The store could not do what was asked."""

    status = 500


class StoreLockedError(StoreError):
    """The embedded store is held by another process."""

    status = 503


class RemoteStoreError(StoreError):
    """The remote SPARQL server refused a request or could not be reached."""

    status = 502


class InputError(WijkWijzerError):
    """RDF input that cannot be loaded: missing, empty, too big, or invalid."""


class UnsupportedFormatError(InputError):
    """The RDF format could not be recognised or is not supported."""

    status = 415


class RDFSyntaxError(InputError):
    """RDF input with a syntax error; names the source, line and column."""

    def __init__(self, source: str, line: int | None, column: int | None, detail):
        self.source = source
        self.line = line
        self.column = column
        self.detail = detail
        where = source
        if line is not None:
            where += f", line {line}"
            if column is not None:
                where += f", column {column}"
        super().__init__(f"Syntax error in {where}: {detail}")


class InputTooLargeError(InputError):
    """RDF input over the MAX_LOAD_BYTES limit."""

    status = 413


class QueryError(WijkWijzerError):
    """A SPARQL query or update that could not be parsed or evaluated."""


class UnknownQueryError(WijkWijzerError):
    """A named query that does not exist."""

    status = 404


class BindingError(QueryError):
    """A value bound to a named query's parameter that is not allowed."""


class ServiceError(WijkWijzerError):
    """The running service refused or failed a command from the CLI."""

    status = 502


class QueryRefusedError(QueryError):
    """A public query refused before evaluation: an update, SERVICE, too long."""


class QuerySyntaxError(QueryError):
    """A public query the engine could not parse; names the line and column."""


class QueryLimitError(QueryError):
    """A public query whose answer went over a named limit."""


class QueryTimeoutError(QueryError):
    """A public query stopped at the QUERY_TIME_LIMIT."""

    status = 504


class QueryEngineError(QueryError):
    """The query engine failed on a public query; its own text stays hidden."""

    status = 502


class QueryBusyError(QueryError):
    """Every query worker is busy; the client may retry after ``retry_after``."""

    status = 503

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class RateLimitedError(QueryBusyError):
    """One client sent more queries than QUERY_RATE_LIMIT allows."""

    status = 429


class NotAcceptableError(WijkWijzerError):
    """No result format that the client accepts fits the answer."""

    status = 406


class UnsupportedMediaTypeError(WijkWijzerError):
    """A request body of a media type the endpoint does not take."""

    status = 415


class GraphNotFoundError(WijkWijzerError):
    """A named graph that is not among the public graphs."""

    status = 404


class AuthenticationError(WijkWijzerError):
    """A request that needs a partner's API token came without a valid one."""

    status = 401
    headers = {"WWW-Authenticate": 'Bearer realm="wijkwijzer"'}


class ForbiddenError(WijkWijzerError):
    """A valid token used for something its partner may not do."""

    status = 403


class PushFailedError(WijkWijzerError):
    """A push whose document could not be taken; the graph was left as it was."""

    status = 422

    def __init__(self, message: str, status: int, report: dict):
        super().__init__(message)
        self.status = status
        self.report = report
