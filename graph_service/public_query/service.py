"""Run public queries under the limits, away from the process that serves pages.

Embedded store: a pool of read-only Oxigraph servers over a checkpoint of the
store (see ``workers``). Remote store: the remote server itself, asked with an
explicit dataset of the public graphs only, through a bounded number of slots.
Either way the whole answer is read and checked before the client sees a byte,
so a cut-off answer can never go out as a 200.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

from flask_babel import gettext as _

from graph_service.errors import (
    QueryEngineError,
    QueryLimitError,
    QueryRefusedError,
    QuerySyntaxError,
)
from graph_service.public_query.counting import count_rows, count_triples
from graph_service.public_query.engine import RemoteSlots, busy, engine_errors
from graph_service.public_query.formats import ResultFormat
from graph_service.public_query.scan import (
    ScannedQuery,
    line_column,
    offset_line_column,
    scan,
    with_row_cap,
)
from graph_service.public_query.workers import (
    Checkpoints,
    WorkerPool,
)
from graph_service.store.base import CONTROL_GRAPH

logger = logging.getLogger(__name__)

# Stands in for a graph that is not public: a name no graph has.
EMPTY_GRAPH = CONTROL_GRAPH + "#none"
_SYNTAX = re.compile(r"error at (\d+):(\d+)(?:: expected (.*))?")
_EXPECTED_SAFE = re.compile(r"^[A-Za-z0-9 ,\[\]_\"'\\(){}.:;|*+!=<>?$#^/-]+$")
# Queries up to this length have their scan kept (clients repeat queries).
_CACHED_CHARS = 8192


@dataclass(frozen=True)
class Dataset:
    """The graphs a request names (protocol parameters or FROM clauses)."""

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()

    @property
    def given(self) -> bool:
        """True when the request names any graph."""
        return bool(self.default or self.named)


class PublicQueries:
    """The public query service of one app: checks, limits, workers."""

    def __init__(self, config: dict, store):
        self.config = config
        self.store = store
        self.remote = store.kind == "remote"
        self._started = False
        self._start_lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._public: tuple[str, list[str]] | None = None
        self.pool: WorkerPool | None = None
        self.checkpoints: Checkpoints | None = None
        if self.remote:
            self._remote = RemoteSlots(store.query_url, config["QUERY_WORKERS"])
        else:
            store.subscribe(self._changed)

    # -- lifecycle -------------------------------------------------------

    def start(self) -> None:
        """Make the first checkpoint; workers start on their first query."""
        if self._started:
            return
        with self._start_lock:
            if self._started or self.remote:
                self._started = True
                return
            self.checkpoints = Checkpoints(self._checkpoint_root(), self._checkpoint)
            self.checkpoints.refresh()
            self.pool = WorkerPool(
                self.config["QUERY_WORKERS"],
                _engine(self.config["QUERY_ENGINE"]),
                self.checkpoints,
                nice=self.config["QUERY_WORKER_NICE"],
            )
            self._started = True

    def _checkpoint_root(self) -> Path:
        if self.store.location is None:
            return Path(tempfile.mkdtemp(prefix="wijkwijzer-query-"))
        return Path(self.config["DATA_DIR"]) / "query-checkpoints"

    def _checkpoint(self, target: Path) -> str:
        """Copy the store into ``target``; return the data version it holds."""
        version = self.store.data_version().tag
        if self.store.location is not None:
            self.store.backup(str(target))
            return version
        from pyoxigraph import RdfFormat, Store

        data = io.BytesIO()
        self.store.dump(data, RdfFormat.N_QUADS)
        target.mkdir(parents=True)
        copy = Store(str(target / "oxigraph"))
        copy.bulk_load(data.getvalue(), RdfFormat.N_QUADS)
        copy.flush()
        del copy
        return version

    def _changed(self, version) -> None:
        """After a write: make a new checkpoint once writes pause."""
        if not self._started:
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timer = threading.Timer(
            self.config["QUERY_REFRESH_SECONDS"], self.refresh
        )
        self._timer.daemon = True
        self._timer.start()

    def refresh(self) -> None:
        """Move the workers to a fresh checkpoint now."""
        if self.checkpoints is None:
            return
        try:
            self.checkpoints.refresh()
            self.pool.prune()
        except Exception:
            logger.exception("Could not refresh the query checkpoint; check DATA_DIR")

    def close(self) -> None:
        """Stop the workers and remove the checkpoints."""
        if self._timer is not None:
            self._timer.cancel()
        if self.pool is not None:
            self.pool.close()
        if self.checkpoints is not None:
            self.checkpoints.close()

    # -- checks ------------------------------------------------------------

    def check(self, text: str) -> ScannedQuery:
        """Refuse what must never run; return what the scanner learnt."""
        limit = self.config["QUERY_MAX_LENGTH"]
        if len(text) > limit:
            raise QueryRefusedError(
                _(
                    "The query is %(n)d characters long; the limit is %(limit)d "
                    "(setting QUERY_MAX_LENGTH).",
                    n=len(text),
                    limit=limit,
                )
            )
        if len(text) <= _CACHED_CHARS:
            found = _scan_once(text, self.store.base_iri)
        else:
            found = scan(text, self.store.base_iri)
        if found.update is not None:
            raise QueryRefusedError(
                _(
                    "This endpoint only answers queries; updates such as %(word)s "
                    "are not accepted.",
                    word=found.update,
                )
            )
        if found.service:
            raise QueryRefusedError(
                _("SERVICE (federated query) is not allowed on this endpoint.")
            )
        depth = self.config["QUERY_MAX_DEPTH"]
        if found.depth > depth:
            raise QueryRefusedError(
                _(
                    "The query nests %(n)d levels deep; the limit is %(limit)d "
                    "(setting QUERY_MAX_DEPTH).",
                    n=found.depth,
                    limit=depth,
                )
            )
        return found

    # -- running -------------------------------------------------------------

    def version(self) -> str:
        """The data version public queries see now."""
        if self.remote:
            return self.store.data_version().tag
        self.start()
        return self.checkpoints.version

    def etag(self, found: ScannedQuery, dataset: Dataset, fmt: ResultFormat) -> str:
        """A validator for a GET answer: same data, query, dataset and format."""
        key = "\n".join(
            [self.version(), fmt.name, found.text, *dataset.default, "|"]
            + list(dataset.named)
        )
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]

    def run(self, found: ScannedQuery, fmt: ResultFormat, dataset: Dataset) -> bytes:
        """Evaluate a checked query; return the whole answer in ``fmt``.

        Raises ``QueryBusyError``, ``QueryTimeoutError``, ``QueryLimitError``,
        ``QuerySyntaxError`` or ``QueryEngineError``.
        """
        rows = self.config["QUERY_ROW_LIMIT"]
        text, edit = with_row_cap(found, rows + 1)
        form = [("query", text)] + self._dataset_fields(found, dataset)
        body = urlencode(form).encode("ascii")
        deadline = time.monotonic() + self.config["QUERY_TIME_LIMIT"]
        reply = self._execute(body, fmt.media_type, deadline)
        if reply.status == 400:
            raise _syntax_error(reply.body, found.text, text, edit)
        if reply.status != 200:
            logger.warning(
                "A query worker answered %d: %s",
                reply.status,
                reply.body[:200].decode("utf-8", "replace"),
            )
            raise QueryEngineError(_("The query engine could not answer this query."))
        if edit and count_rows(fmt.name, reply.body, rows) > rows:
            raise QueryLimitError(
                _(
                    "The answer has more than %(limit)d rows (setting "
                    "QUERY_ROW_LIMIT); add a LIMIT or narrow the query.",
                    limit=rows,
                )
            )
        if found.form in ("CONSTRUCT", "DESCRIBE"):
            self._check_triples(fmt, reply.body, body, deadline)
        return reply.body

    def _check_triples(self, fmt, answer: bytes, request: bytes, deadline) -> None:
        """Refuse a graph answer over QUERY_TRIPLE_LIMIT triples.

        Line formats are counted in place; a long Turtle, JSON-LD or RDF/XML
        answer is asked for once more as N-Triples, within the same deadline.
        """
        limit = self.config["QUERY_TRIPLE_LIMIT"]
        triples = count_triples(fmt.name, answer, limit)
        if triples is None:
            reply = self._execute(request, "application/n-triples", deadline)
            if reply.status != 200:
                raise QueryEngineError(
                    _("The query engine could not answer this query.")
                )
            triples = count_triples("nt", reply.body, limit)
        if triples > limit:
            raise QueryLimitError(
                _(
                    "The answer has more than %(limit)d triples (setting "
                    "QUERY_TRIPLE_LIMIT); narrow the query.",
                    limit=limit,
                )
            )

    def _dataset_fields(self, found: ScannedQuery, dataset: Dataset) -> list:
        """Protocol fields naming the dataset; on a remote store, public graphs only."""
        if not self.remote:
            return [("default-graph-uri", g) for g in dataset.default] + [
                ("named-graph-uri", g) for g in dataset.named
            ]
        public = self.public_graphs()
        if not dataset.given:
            dataset = Dataset(tuple(found.default_graphs), tuple(found.named_graphs))
        if dataset.given:
            default = [g for g in dataset.default if g in public] or [EMPTY_GRAPH]
            named = [g for g in dataset.named if g in public] or [EMPTY_GRAPH]
        else:
            default = named = public or [EMPTY_GRAPH]
        return [("default-graph-uri", g) for g in default] + [
            ("named-graph-uri", g) for g in named
        ]

    def public_graphs(self) -> list[str]:
        """Every public named graph, read once per data version."""
        tag = self.version()
        if self._public is None or self._public[0] != tag:
            graphs = [g.iri for g in self.store.graphs() if g.iri != CONTROL_GRAPH]
            self._public = (tag, graphs)
        return self._public[1]

    def _execute(self, body: bytes, accept: str, deadline: float):
        """Send one query to a worker (or the remote store) and read its answer."""
        wait = self.config["QUERY_QUEUE_SECONDS"]
        limit = self.config["QUERY_TIME_LIMIT"]
        max_bytes = self.config["QUERY_MAX_RESULT_BYTES"]
        if self.remote:
            return self._remote.execute(body, accept, wait, limit, max_bytes, deadline)
        self.start()
        worker = self.pool.acquire(wait)
        if worker is None:
            raise busy(limit)
        healthy = False
        try:
            with engine_errors(limit, max_bytes, "A query worker"):
                reply = worker.query(body, accept, deadline, max_bytes)
            healthy = True
            return reply
        finally:
            self.pool.release(worker, healthy)


def _engine(name: str) -> str:
    """The path of the oxigraph binary: on PATH, or next to this Python."""
    import sys

    found = shutil.which(name) or shutil.which(
        name, path=str(Path(sys.executable).parent)
    )
    if found is None:
        raise QueryEngineError(
            f"The query engine {name!r} is not installed (setting QUERY_ENGINE); "
            "pip install oxigraph"
        )
    return found


def _syntax_error(body: bytes, original: str, sent: str, edit) -> QuerySyntaxError:
    """Our own message for the engine's parse error: line, column, expected.

    The position is given in the client's text, not in the capped one we sent.
    """
    match = _SYNTAX.search(body.decode("utf-8", "replace"))
    if match is None:
        return QuerySyntaxError(_("The query is not valid SPARQL 1.1."))
    line, column = int(match.group(1)), int(match.group(2))
    if edit is not None:
        offset = edit.original_offset(line_column(sent, line, column))
        line, column = offset_line_column(original, offset)
    expected = (match.group(3) or "").strip()
    if len(expected) > 120:
        expected = ""
    message = _(
        "Syntax error in the query at line %(line)s, column %(column)s.",
        line=line,
        column=column,
    )
    if expected and _EXPECTED_SAFE.match(expected):
        message += " " + _("Expected: %(expected)s.", expected=expected)
    error = QuerySyntaxError(message)
    error.line, error.column = line, column
    return error


@lru_cache(maxsize=512)
def _scan_once(text: str, base_iri: str) -> ScannedQuery:
    """``scan``, kept for repeated texts; the result is shared, so read-only."""
    return scan(text, base_iri)
