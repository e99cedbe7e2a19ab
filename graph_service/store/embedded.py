"""The embedded backend: pyoxigraph on disk (or in memory), owned by one process.

Layout of a store folder::

    oxigraph/        the RocksDB database
    version.json     the data version, rewritten after every write
    loading.json     graphs being bulk-loaded; present only while a load runs

A graph that does not exist yet is filled with ``bulk_load`` (as fast as the
engine goes) while it is hidden from readers and listed in ``loading.json``; a
crash mid-load leaves the marker, and the next open removes the partial graph.
A graph that exists is replaced by writing only the difference, as one
transaction.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import threading
import time
from pathlib import Path
from typing import IO

from pyoxigraph import (
    NamedNode,
    QueryResultsFormat,
    RdfFormat,
    Store,
    Variable,
    parse,
)

from graph_service.errors import (
    InputError,
    QueryError,
    StoreError,
    StoreLockedError,
    UnsupportedFormatError,
)
from graph_service.rdfio import syntax_error
from graph_service.store.base import (
    DataVersion,
    GraphInfo,
    GraphStore,
    LoadReport,
    diff_graphs,
)
from graph_service.store.source import DATASET_FORMATS

logger = logging.getLogger(__name__)

_COUNT_GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


class EmbeddedStore(GraphStore):
    """pyoxigraph in this process; ``location=None`` keeps everything in memory."""

    kind = "embedded"

    def __init__(
        self,
        location: str | os.PathLike | None,
        base_iri: str,
        max_load_bytes: int | None = None,
    ):
        super().__init__(base_iri, max_load_bytes)
        self.location = Path(location) if location is not None else None
        self._write_lock = threading.RLock()
        self._loading: set[str] = set()
        self._store = self._open()
        self._recover()
        self._version = self._read_version()

    # -- opening ---------------------------------------------------------

    def _open(self) -> Store:
        """Open the database, or say clearly who holds it."""
        if self.location is None:
            return Store()
        self.location.mkdir(parents=True, exist_ok=True)
        try:
            return Store(str(self.location / "oxigraph"))
        except OSError as error:
            if "lock" in str(error).lower():
                raise StoreLockedError(
                    f"The store at {str(self.location)!r} is in use by another "
                    "process; stop it, or let the CLI talk to the running service"
                ) from None
            raise StoreError(
                f"Cannot open the store at {self.location}: {error}"
            ) from None

    def _recover(self) -> None:
        """Remove graphs whose bulk load was interrupted by a crash."""
        marker = self._marker_path()
        if marker is None or not marker.exists():
            return
        for graph in json.loads(marker.read_text(encoding="utf-8")):
            logger.warning("Removing partly loaded graph <%s> after a crash", graph)
            self._store.remove_graph(NamedNode(graph))
        self._store.flush()
        marker.unlink()

    def _marker_path(self) -> Path | None:
        return None if self.location is None else self.location / "loading.json"

    def _write_marker(self) -> None:
        """Persist the set of graphs being loaded, durably, before loading."""
        marker = self._marker_path()
        if marker is None:
            return
        if not self._loading:
            marker.unlink(missing_ok=True)
            return
        _write_durably(marker, json.dumps(sorted(self._loading)))

    def _read_version(self) -> DataVersion:
        path = None if self.location is None else self.location / "version.json"
        if path is not None and path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            return DataVersion(
                data["tag"], datetime.datetime.fromisoformat(data["modified"])
            )
        return DataVersion.new()

    def _bump(self) -> None:
        """Record that data changed."""
        self._version = DataVersion.new()
        if self.location is not None:
            _write_durably(
                self.location / "version.json",
                json.dumps(
                    {
                        "tag": self._version.tag,
                        "modified": self._version.modified.isoformat(),
                    }
                ),
            )
        self._notify(self._version)

    # -- reading ---------------------------------------------------------

    def _dataset(self) -> dict:
        """Query options: the union of graphs, minus graphs still loading."""
        if not self._loading:
            return {"use_default_graph_as_union": True}
        visible = [
            g for g in self._store.named_graphs() if g.value not in self._loading
        ]
        return {"default_graph": visible, "named_graphs": visible}

    def query(self, sparql, bindings=None):
        substitutions = (
            {Variable(k): v for k, v in bindings.items()} if bindings else None
        )
        try:
            return self._store.query(
                sparql,
                base_iri=self.base_iri,
                substitutions=substitutions,
                **self._dataset(),
            )
        except SyntaxError as error:
            raise QueryError(f"Invalid SPARQL query: {error}") from None
        except OSError as error:
            raise StoreError(f"The store failed to answer a query: {error}") from None

    def query_serialized(self, sparql, result_format, bindings=None) -> bytes:
        result = self.query(sparql, bindings)
        if isinstance(result_format, QueryResultsFormat):
            return result.serialize(format=result_format)
        return result.serialize(format=result_format)

    def graphs(self) -> list[GraphInfo]:
        counts = {
            row["g"].value: int(row["n"].value)
            for row in _rows(self._store.query(_COUNT_GRAPHS))
        }
        for graph in self._store.named_graphs():
            counts.setdefault(graph.value, 0)
        return [
            GraphInfo(iri, n)
            for iri, n in sorted(counts.items())
            if iri not in self._loading
        ]

    def dump(self, output: IO[bytes], format=RdfFormat.N_QUADS, graph=None) -> None:
        with self._write_lock:
            if graph is not None:
                self._store.dump(output, format, from_graph=NamedNode(graph))
                return
            if format not in DATASET_FORMATS:
                raise UnsupportedFormatError(
                    "A dump of every graph needs a dataset format (nq or trig), "
                    f"not {format.name}; or name one graph"
                )
            self._store.dump(output, format)

    def data_version(self) -> DataVersion:
        return self._version

    # -- writing ---------------------------------------------------------

    def update(self, sparql: str) -> None:
        with self._write_lock:
            try:
                self._store.update(sparql, base_iri=self.base_iri)
            except SyntaxError as error:
                raise QueryError(f"Invalid SPARQL update: {error}") from None
            self._bump()

    def replace_graph(
        self,
        graph,
        source,
        *,
        format=None,
        media_type=None,
        base_iri=None,
        progress=None,
    ) -> LoadReport:
        src = self._triple_source(source, format, media_type)
        base = base_iri or self.base_iri
        name = NamedNode(graph)
        started = time.perf_counter()

        with self._write_lock:
            if self._is_empty(name):
                report = self._bulk_load_new(name, src, base, progress)
            else:
                report = self._replace_by_diff(name, src, base, progress)

        logger.info(
            "Loaded <%s> from %s: %d added, %d removed, %d triples, %d ms",
            graph,
            src.name,
            report.added,
            report.removed,
            report.total,
            (time.perf_counter() - started) * 1000,
        )
        return report

    def _is_empty(self, graph: NamedNode) -> bool:
        return (
            next(self._store.quads_for_pattern(None, None, None, graph), None) is None
        )

    def _bulk_load_new(self, graph, src, base, progress) -> LoadReport:
        """Fill a new graph at engine speed, hidden from readers until complete."""
        self._loading.add(graph.value)
        self._write_marker()
        complete = False
        try:
            with src.open(progress, self.max_load_bytes) as stream:
                self._store.bulk_load(
                    input=stream, format=src.format, base_iri=base, to_graph=graph
                )
            total = self._count(graph)
            if total == 0:
                raise InputError(f"{src.name} contains no triples; nothing to load")
            complete = True
        except SyntaxError as error:
            raise syntax_error(src.name, error) from None
        finally:
            if not complete:
                self._store.remove_graph(graph)
                self._store.flush()
            self._loading.discard(graph.value)
            self._write_marker()
        self._bump()
        return LoadReport(graph.value, total, 0, 0, total, "bulk")

    def _replace_by_diff(self, graph, src, base, progress) -> LoadReport:
        """Write only what changed, in one transaction."""
        try:
            with src.open(progress, self.max_load_bytes) as stream:
                new = [q.triple for q in parse(stream, src.format, base_iri=base)]
        except SyntaxError as error:
            raise syntax_error(src.name, error) from None
        if not new:
            raise InputError(f"{src.name} contains no triples; nothing to load")

        old = (q.triple for q in self._store.quads_for_pattern(None, None, None, graph))
        diff = diff_graphs(old, new)
        total = diff.unchanged + len(diff.to_add) + len(diff.blank_new)
        if diff.empty:
            return LoadReport(graph.value, 0, 0, diff.unchanged, total, "unchanged")

        self._store.update(diff.as_update(graph.value))
        self._bump()
        return LoadReport(
            graph.value,
            len(diff.to_add) + len(diff.blank_new),
            len(diff.to_remove) + diff.blank_old,
            diff.unchanged,
            total,
            "diff",
        )

    def _count(self, graph: NamedNode) -> int:
        rows = _rows(
            self._store.query(
                _COUNT_GRAPHS,
                substitutions={Variable("g"): graph},
            )
        )
        return int(rows[0]["n"].value)

    def drop_graph(self, graph: str) -> bool:
        name = NamedNode(graph)
        with self._write_lock:
            if not self._store.contains_named_graph(name):
                return False
            self._store.remove_graph(name)
            self._bump()
        return True

    def backup(self, target: str) -> None:
        if self.location is None:
            raise StoreError("An in-memory store cannot be backed up; dump it instead")
        folder = Path(target)
        if folder.exists():
            raise InputError(f"Backup target {str(folder)!r} already exists")
        folder.mkdir(parents=True)
        with self._write_lock:
            self._store.flush()
            self._store.backup(str(folder / "oxigraph"))
            (folder / "version.json").write_text(
                json.dumps(
                    {
                        "tag": self._version.tag,
                        "modified": self._version.modified.isoformat(),
                    }
                ),
                encoding="utf-8",
            )

    def close(self) -> None:
        with self._write_lock:
            self._store.flush()
            del self._store

    @property
    def closed(self) -> bool:
        return not hasattr(self, "_store")


def _rows(solutions) -> list[dict]:
    names = [v.value for v in solutions.variables]
    return [{n: s[n] for n in names if s[n] is not None} for s in solutions]


def _write_durably(path: Path, text: str) -> None:
    """Replace a small file so that a crash leaves the old or the new content."""
    temporary = path.with_suffix(path.suffix + ".tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
