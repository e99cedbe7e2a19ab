"""Queries on the remote SPARQL server, and what a query engine can do wrong.

``RemoteSlots`` bounds the concurrent public queries sent to the remote store;
``engine_errors`` turns an engine's timeout, oversized answer or failure into
our own errors, in the request's language, naming the setting that applied.
"""

from __future__ import annotations

import http.client
import logging
import threading
from contextlib import contextmanager
from urllib.parse import urlsplit

from flask_babel import gettext as _

from graph_service.errors import (
    QueryBusyError,
    QueryEngineError,
    QueryLimitError,
    QueryTimeoutError,
)
from graph_service.public_query.workers import (
    AnswerTooLarge,
    WorkerFailed,
    WorkerTimeout,
    post,
)

logger = logging.getLogger(__name__)


class RemoteSlots:
    """A bounded number of concurrent queries to the remote SPARQL server."""

    def __init__(self, query_url: str, slots: int):
        url = urlsplit(query_url)
        self.https = url.scheme == "https"
        self.host = url.hostname
        self.port = url.port or (443 if self.https else 80)
        self.path = url.path + (f"?{url.query}" if url.query else "")
        self._slots = threading.BoundedSemaphore(slots)
        self._idle: list[http.client.HTTPConnection] = []
        self._lock = threading.Lock()

    def _connection(self) -> http.client.HTTPConnection:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        kind = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
        return kind(self.host, self.port)

    def execute(self, body, accept, wait, limit, max_bytes, deadline):
        if not self._slots.acquire(timeout=wait):
            raise busy(limit)
        connection = self._connection()
        healthy = False
        try:
            with engine_errors(limit, max_bytes, "The remote store"):
                reply = post(connection, self.path, body, accept, deadline, max_bytes)
            healthy = True
            return reply
        finally:
            if healthy:
                with self._lock:
                    self._idle.append(connection)
            else:
                connection.close()
            self._slots.release()


@contextmanager
def engine_errors(limit: int, max_bytes: int, who: str):
    """Turn what a query engine can do wrong into our own errors and words."""
    try:
        yield
    except WorkerTimeout:
        raise timeout(limit) from None
    except AnswerTooLarge:
        raise too_large(max_bytes) from None
    except WorkerFailed as error:
        logger.warning("%s failed a public query: %s", who, error)
        raise QueryEngineError(
            _("The query engine stopped while answering this query.")
        ) from None


def busy(limit: int) -> QueryBusyError:
    return QueryBusyError(
        _("Every query worker is busy; try again in a moment."),
        retry_after=max(1, min(limit, 5)),
    )


def timeout(limit: int) -> QueryTimeoutError:
    return QueryTimeoutError(
        _(
            "The query ran longer than %(limit)d seconds (setting QUERY_TIME_LIMIT) "
            "and was stopped; narrow it or add a LIMIT.",
            limit=limit,
        )
    )


def too_large(limit: int) -> QueryLimitError:
    return QueryLimitError(
        _(
            "The answer is larger than %(limit)d bytes (setting "
            "QUERY_MAX_RESULT_BYTES); narrow the query or add a LIMIT.",
            limit=limit,
        )
    )
