"""The remote backend: any SPARQL 1.1 server (Query, Update, Graph Store protocols).

Oxigraph server is the reference (``oxigraph serve --location DIR``); Fuseki and
GraphDB work through the same three endpoint settings. The data version lives
in a control graph on the server, so several web workers share it. Queries name
the public graphs explicitly as their dataset, which keeps the control graph
out of sight.
"""

from __future__ import annotations

import datetime
import logging
import re
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import IO

import requests
from pyoxigraph import (
    NamedNode,
    Quad,
    QueryResultsFormat,
    RdfFormat,
    parse,
    parse_query_results,
    serialize,
)

from graph_service.errors import (
    InputError,
    QueryError,
    RemoteStoreError,
    UnsupportedFormatError,
)
from graph_service.rdfio import syntax_error
from graph_service.store.base import (
    CONTROL_GRAPH,
    DataVersion,
    GraphInfo,
    GraphStore,
    LoadReport,
    diff_graphs,
    version_update,
)
from graph_service.store.source import DATASET_FORMATS

logger = logging.getLogger(__name__)

_SELECT_TYPE = "application/sparql-results+json"
_GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
_VERSION = (
    f"SELECT ?v ?m WHERE {{ GRAPH <{CONTROL_GRAPH}> {{ <{CONTROL_GRAPH}> "
    f"<{CONTROL_GRAPH}#version> ?v ; <{CONTROL_GRAPH}#modified> ?m }} }}"
)
# How long a worker trusts the data version it read, in seconds.
_VERSION_TTL = 1.0


class RemoteStore(GraphStore):
    """A SPARQL 1.1 server reached over HTTP."""

    kind = "remote"

    def __init__(
        self,
        query_url: str,
        update_url: str,
        gsp_url: str,
        base_iri: str,
        max_load_bytes: int | None = None,
        timeout: float = 60,
    ):
        super().__init__(base_iri, max_load_bytes)
        self.query_url = query_url
        self.update_url = update_url
        self.gsp_url = gsp_url
        self.timeout = timeout
        self._http = requests.Session()
        self._write_lock = threading.RLock()
        self._version: tuple[float, DataVersion] | None = None
        self._graph_cache: tuple[str, list[str]] | None = None

    # -- HTTP ------------------------------------------------------------

    def _post(self, url: str, **kwargs) -> requests.Response:
        try:
            response = self._http.post(url, timeout=self.timeout, **kwargs)
        except requests.RequestException as error:
            raise RemoteStoreError(
                f"Cannot reach the remote store at {url}: {error}"
            ) from None
        return response

    def _check(self, response: requests.Response, what: str) -> requests.Response:
        if response.status_code == 400:
            raise QueryError(f"The remote store refused the {what}: {_text(response)}")
        if response.status_code >= 300:
            raise RemoteStoreError(
                f"The remote store answered {response.status_code} to the {what}: "
                f"{_text(response)}"
            )
        return response

    # -- reading ---------------------------------------------------------

    def _public_graphs(self) -> list[str]:
        """Every named graph but the control graph; cached per data version."""
        tag = self.data_version().tag
        if self._graph_cache and self._graph_cache[0] == tag:
            return self._graph_cache[1]
        rows = self._select_raw("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        graphs = sorted(r["g"].value for r in rows if r["g"].value != CONTROL_GRAPH)
        self._graph_cache = (tag, graphs)
        return graphs

    def _select_raw(self, sparql: str, dataset: list[str] | None = None) -> list[dict]:
        data = [("query", sparql)]
        for graph in dataset or []:
            data += [("default-graph-uri", graph), ("named-graph-uri", graph)]
        response = self._check(
            self._post(self.query_url, data=data, headers={"Accept": _SELECT_TYPE}),
            "query",
        )
        solutions = parse_query_results(response.content, QueryResultsFormat.JSON)
        names = [v.value for v in solutions.variables]
        return [{n: s[n] for n in names if s[n] is not None} for s in solutions]

    def _run(self, sparql: str, bindings, accept: str) -> requests.Response:
        text = bind_values(sparql, bindings) if bindings else sparql
        data = [("query", text)]
        graphs = self._public_graphs() or [CONTROL_GRAPH + "#none"]
        for graph in graphs:
            data += [("default-graph-uri", graph), ("named-graph-uri", graph)]
        return self._check(
            self._post(self.query_url, data=data, headers={"Accept": accept}),
            "query",
        )

    def query(self, sparql, bindings=None):
        accept = f"{_SELECT_TYPE}, application/n-triples;q=0.9"
        response = self._run(sparql, bindings, accept)
        media = response.headers.get("Content-Type", "").split(";")[0].strip()
        if media == "application/n-triples":
            return [q.triple for q in parse(response.content, RdfFormat.N_TRIPLES)]
        return parse_query_results(response.content, QueryResultsFormat.JSON)

    def query_serialized(self, sparql, result_format, bindings=None) -> bytes:
        return self._run(sparql, bindings, result_format.media_type).content

    def graphs(self) -> list[GraphInfo]:
        rows = self._select_raw(_GRAPHS)
        return sorted(
            GraphInfo(r["g"].value, int(r["n"].value))
            for r in rows
            if r["g"].value != CONTROL_GRAPH
        )

    def dump(self, output: IO[bytes], format=RdfFormat.N_QUADS, graph=None) -> None:
        if graph is None and format not in DATASET_FORMATS:
            raise UnsupportedFormatError(
                "A dump of every graph needs a dataset format (nq or trig), "
                f"not {format.name}; or name one graph"
            )
        for name in [graph] if graph else self._public_graphs():
            triples = self._graph_triples(name)
            if graph:
                serialize(triples, output, format)
            else:
                quads = (_quad(t, name) for t in triples)
                serialize(quads, output, format)

    def _graph_triples(self, graph: str) -> list:
        try:
            response = self._http.get(
                self.gsp_url,
                params={"graph": graph},
                headers={"Accept": "application/n-triples"},
                timeout=self.timeout,
            )
        except requests.RequestException as error:
            raise RemoteStoreError(f"Cannot reach the remote store: {error}") from None
        if response.status_code == 404:
            return []
        self._check(response, "graph read")
        return [q.triple for q in parse(response.content, RdfFormat.N_TRIPLES)]

    def data_version(self) -> DataVersion:
        now = time.monotonic()
        if self._version and now - self._version[0] < _VERSION_TTL:
            return self._version[1]
        rows = self._select_raw(_VERSION)
        if rows:
            version = DataVersion(
                rows[0]["v"].value, _parse_datetime(rows[0]["m"].value)
            )
        else:
            version = DataVersion("0", DataVersion.new().modified)
        self._version = (now, version)
        return version

    # -- writing ---------------------------------------------------------

    def _update(self, sparql: str) -> None:
        version = DataVersion.new()
        text = (
            f"{sparql} ;\n{version_update(version)}"
            if sparql
            else version_update(version)
        )
        response = self._post(
            self.update_url,
            data=text.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )
        self._check(response, "update")
        self._version = (time.monotonic(), version)
        self._notify(version)

    def update(self, sparql: str) -> None:
        with self._write_lock:
            self._update(sparql)

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
        try:
            with src.open(progress, self.max_load_bytes) as stream:
                new = list(
                    parse(stream, src.format, base_iri=base_iri or self.base_iri)
                )
        except SyntaxError as error:
            raise syntax_error(src.name, error) from None
        if not new:
            raise InputError(f"{src.name} contains no triples; nothing to load")
        triples = [q.triple for q in new]

        with self._write_lock:
            diff = diff_graphs(self._graph_triples(graph), triples)
            total = diff.unchanged + len(diff.to_add) + len(diff.blank_new)
            if diff.empty:
                return LoadReport(graph, 0, 0, diff.unchanged, total, "unchanged")
            self._update(diff.as_update(graph))
        logger.info("Loaded <%s> from %s: %d triples", graph, src.name, total)
        return LoadReport(
            graph,
            len(diff.to_add) + len(diff.blank_new),
            len(diff.to_remove) + diff.blank_old,
            diff.unchanged,
            total,
            "diff",
        )

    def drop_graph(self, graph: str) -> bool:
        with self._write_lock:
            name = NamedNode(graph)
            probe = f"SELECT ?s WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }} LIMIT 1"
            if not self._select_raw(probe):
                return False
            self._update(f"DROP SILENT GRAPH {name}")
        return True

    def backup(self, target: str) -> None:
        """Write every public graph as ``target/dataset.nq`` (a logical backup)."""
        folder = Path(target)
        if folder.exists():
            raise InputError(f"Backup target {str(folder)!r} already exists")
        folder.mkdir(parents=True)
        with open(folder / "dataset.nq", "wb") as output:
            self.dump(output, RdfFormat.N_QUADS)

    def close(self) -> None:
        self._http.close()


def _text(response: requests.Response) -> str:
    return response.text.strip().splitlines()[0][:300] if response.text else ""


def _quad(triple, graph: str) -> Quad:
    return Quad(triple.subject, triple.predicate, triple.object, NamedNode(graph))


def _parse_datetime(value: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))


# -- binding values into query text -------------------------------------

_TOKENS = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<where>\bWHERE\b\s*\{)
    """,
    re.VERBOSE | re.DOTALL | re.IGNORECASE,
)
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def bind_values(sparql: str, bindings: Mapping[str, object]) -> str:
    """Bind values by opening every ``WHERE`` group with an escaped ``VALUES`` block.

    This gives the variable its value wherever it is in scope, like the
    SEP-0007 substitution that the embedded backend uses. Terms are written by
    pyoxigraph, so they are escaped; names must be plain variable names.

    >>> from pyoxigraph import Literal
    >>> bind_values('SELECT ?x WHERE { ?x ?p "{" }', {"p": Literal('a"b')})
    'SELECT ?x WHERE { VALUES ?p { "a\\\\"b" } ?x ?p "{" }'
    """
    for name in bindings:
        if not _NAME.match(name):
            raise QueryError(f"{name!r} is not a variable name")
    block = " ".join(f"VALUES ?{k} {{ {v} }}" for k, v in bindings.items())
    pieces = []
    last = 0
    found = False
    for match in _TOKENS.finditer(sparql):
        if match.lastgroup == "where":
            pieces.append(sparql[last : match.end()])
            pieces.append(" " + block)
            last = match.end()
            found = True
    if not found:
        raise QueryError("A query with bound values needs a WHERE clause")
    pieces.append(sparql[last:])
    return "".join(pieces)
