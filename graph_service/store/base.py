"""The store interface that every backend implements, and what they share.

Above this module nothing knows which backend is in use. Terms are pyoxigraph
terms on every backend; results of SELECT queries are lists of dicts from
variable name to term.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import IO, Any

from pyoxigraph import BlankNode, NamedNode, QueryResultsFormat, RdfFormat, Triple

from graph_service.errors import UnsupportedFormatError
from graph_service.queries import library
from graph_service.store.source import (
    DATASET_FORMATS,
    Progress,
    RdfSource,
    SourceLike,
    as_source,
)
from graph_service.vocab import sparql_prefix_block

logger = logging.getLogger(__name__)

# Graph of the store's own bookkeeping on a remote server; never public.
CONTROL_GRAPH = "urn:wijkwijzer:control"


@dataclass(frozen=True, order=True)
class GraphInfo:
    """A named graph and how many triples it holds."""

    iri: str
    triples: int


@dataclass(frozen=True)
class LoadReport:
    """What a load or replacement did to one graph."""

    graph: str
    added: int
    removed: int
    unchanged: int
    total: int
    method: str

    @property
    def changed(self) -> bool:
        """True when anything was written."""
        return bool(self.added or self.removed)


@dataclass(frozen=True)
class DataVersion:
    """A tag that changes whenever data changes, and when that last happened."""

    tag: str
    modified: datetime.datetime

    @classmethod
    def new(cls) -> DataVersion:
        """A fresh version, stamped now."""
        return cls(uuid.uuid4().hex[:16], datetime.datetime.now(datetime.UTC))


class GraphStore(ABC):
    """A quad store holding the knowledge graph.

    Queries see the union of the public named graphs as their default graph.
    Every write goes through this object's single writer.
    """

    kind = "abstract"

    def __init__(self, base_iri: str, max_load_bytes: int | None = None):
        self.base_iri = base_iri
        self.max_load_bytes = max_load_bytes
        self._listeners: list[Callable[[DataVersion], None]] = []

    # -- change notification -----------------------------------------------

    def subscribe(self, listener: Callable[[DataVersion], None]) -> None:
        """Call ``listener(new_version)`` after every write made through this object.

        Derived data (search index, query checkpoint, caches) hangs off this.
        A listener that raises is logged and does not undo the write.
        """
        self._listeners.append(listener)

    def _notify(self, version: DataVersion) -> None:
        for listener in list(self._listeners):
            try:
                listener(version)
            except Exception:
                logger.exception("A change listener failed after a write")

    # -- reading ---------------------------------------------------------

    @abstractmethod
    def query(self, sparql: str, bindings: Mapping[str, Any] | None = None):
        """Run a query; return pyoxigraph solutions, triples or a boolean.

        ``bindings`` maps variable names (without ``?``) to terms. Raises
        ``QueryError`` with the engine's message for an invalid query.
        """

    @abstractmethod
    def query_serialized(
        self,
        sparql: str,
        result_format: QueryResultsFormat | RdfFormat,
        bindings: Mapping[str, Any] | None = None,
    ) -> bytes:
        """Run a query and let the engine serialise the result."""

    def select(self, sparql: str, bindings=None) -> list[dict[str, Any]]:
        """Run a SELECT query; one dict per row, unbound variables left out."""
        solutions = self.query(sparql, bindings)
        names = [v.value for v in solutions.variables]
        rows = []
        for solution in solutions:
            row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = value
            rows.append(row)
        return rows

    def ask(self, sparql: str, bindings=None) -> bool:
        """Run an ASK query."""
        return bool(self.query(sparql, bindings))

    def construct(self, sparql: str, bindings=None) -> list[Triple]:
        """Run a CONSTRUCT or DESCRIBE query; return its triples."""
        return list(self.query(sparql, bindings))

    def named(self, name: str, **values):
        """Run the named query ``sparql/{name}.rq`` with typed parameter values.

        Raises ``UnknownQueryError`` for an unknown name and ``BindingError``
        naming a parameter whose value is missing or of the wrong type.
        """
        named = library().get(name)
        terms = named.bind(values)
        result = self.query(sparql_prefix_block() + named.text, terms)
        if hasattr(result, "variables"):
            names = [v.value for v in result.variables]
            return [{n: s[n] for n in names if s[n] is not None} for s in result]
        if isinstance(result, bool) or type(result).__name__ == "QueryBoolean":
            return bool(result)
        return list(result)

    @abstractmethod
    def graphs(self) -> list[GraphInfo]:
        """List the named graphs with their triple counts, sorted by IRI."""

    @abstractmethod
    def dump(
        self, output: IO[bytes], format: RdfFormat = RdfFormat.N_QUADS, graph=None
    ) -> None:
        """Write one graph, or every public graph, to ``output``."""

    @abstractmethod
    def data_version(self) -> DataVersion:
        """Return the current data version; cheap, safe to call per request."""

    # -- writing ---------------------------------------------------------

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL update as one transaction."""

    @abstractmethod
    def replace_graph(
        self,
        graph: str,
        source: SourceLike,
        *,
        format: RdfFormat | str | None = None,
        media_type: str | None = None,
        base_iri: str | None = None,
        progress: Progress | None = None,
    ) -> LoadReport:
        """Replace the named graph ``graph`` with the triples in ``source``.

        Atomic: readers see the old graph or the new one, a failure leaves the
        old graph untouched, and a crash at any moment leaves one of the two.
        Relative IRIs resolve against ``base_iri`` (default: the store's base).
        Raises ``InputError`` (missing, empty, too large, syntax error with
        line and column) or ``UnsupportedFormatError``; the store is then
        exactly as it was.
        """

    def _triple_source(self, source, format, media_type) -> RdfSource:
        """Describe ``source`` for a load into one graph; refuse dataset formats."""
        src = as_source(
            source, format=format, media_type=media_type, max_bytes=self.max_load_bytes
        )
        if src.format in DATASET_FORMATS:
            raise UnsupportedFormatError(
                f"{src.name} is {src.format.name}, which holds named graphs; a load "
                "into one graph takes a triple format (ttl, nt, rdf, jsonld)"
            )
        return src

    @abstractmethod
    def drop_graph(self, graph: str) -> bool:
        """Remove a named graph; return False if it did not exist."""

    @abstractmethod
    def backup(self, target: str) -> None:
        """Write a backup of the whole store into the new folder ``target``."""

    def close(self) -> None:  # noqa: B027 - most backends hold nothing to release
        """Release the store."""

    @property
    def closed(self) -> bool:
        """Whether ``close`` has run (background work then stops quietly)."""
        return False


def has_blank_node(triple: Triple) -> bool:
    """True when the subject or object is a blank node."""
    return isinstance(triple.subject, BlankNode) or isinstance(triple.object, BlankNode)


@dataclass
class GraphDiff:
    """What turns one version of a graph into the next."""

    to_add: list[Triple]
    to_remove: list[Triple]
    unchanged: int
    blank_old: int
    blank_new: list[Triple]

    @property
    def empty(self) -> bool:
        """True when the new graph equals the old one."""
        return not (self.to_add or self.to_remove or self.blank_old or self.blank_new)

    def as_update(self, graph: str) -> str:
        """The diff as one SPARQL update, applied as one transaction.

        Triples with blank nodes cannot be matched across versions, so they are
        replaced as a whole; everything else is written as a difference.
        """
        name = str(NamedNode(graph))
        parts = []
        if self.to_remove:
            body = " .\n".join(str(t) for t in self.to_remove)
            parts.append(f"DELETE DATA {{ GRAPH {name} {{\n{body} .\n}} }}")
        if self.blank_old:
            parts.append(
                f"DELETE {{ GRAPH {name} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {name} "
                "{ ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) } }"
            )
        insert = self.to_add + self.blank_new
        if insert:
            body = " .\n".join(str(t) for t in insert)
            parts.append(f"INSERT DATA {{ GRAPH {name} {{\n{body} .\n}} }}")
        return " ;\n".join(parts)


def diff_graphs(old: Iterable[Triple], new: Iterable[Triple]) -> GraphDiff:
    """Compare two versions of a graph.

    >>> from pyoxigraph import Literal
    >>> a, p = NamedNode("http://e/a"), NamedNode("http://e/p")
    >>> d = diff_graphs([Triple(a, p, Literal("1"))], [Triple(a, p, Literal("2"))])
    >>> len(d.to_add), len(d.to_remove), d.unchanged
    (1, 1, 0)
    """
    old_ground, blank_old = _split(old)
    new_ground, blank_new = _split(new)
    return GraphDiff(
        to_add=list(new_ground - old_ground),
        to_remove=list(old_ground - new_ground),
        unchanged=len(old_ground & new_ground),
        blank_old=len(blank_old),
        blank_new=blank_new,
    )


def _split(triples: Iterable[Triple]) -> tuple[set[Triple], list[Triple]]:
    """Separate ground triples (a set) from triples with blank nodes (a list)."""
    ground: set[Triple] = set()
    blank: list[Triple] = []
    for triple in triples:
        if has_blank_node(triple):
            blank.append(triple)
        else:
            ground.add(triple)
    return ground, blank


def version_update(version: DataVersion) -> str:
    """A SPARQL update that records ``version`` in the control graph."""
    ctl = f"<{CONTROL_GRAPH}>"
    tag, modified = f"<{CONTROL_GRAPH}#version>", f"<{CONTROL_GRAPH}#modified>"
    stamp = version.modified.isoformat().replace("+00:00", "Z")
    return (
        f"DELETE WHERE {{ GRAPH {ctl} {{ {ctl} {tag} ?v . {ctl} {modified} ?m }} }}"
        f' ;\nINSERT DATA {{ GRAPH {ctl} {{ {ctl} {tag} "{version.tag}" . '
        f'{ctl} {modified} "{stamp}"^^<http://www.w3.org/2001/XMLSchema#dateTime>'
        " } }"
    )
