"""Write a feed's graph through the store, atomically, and read the old one back.

The store's ``replace_graph`` does the hard part: a new graph is bulk-loaded
while hidden, an existing one gets only the difference in one transaction,
and a failure or a crash leaves the old graph. Everything here goes through
the store object's single writer.
"""

from __future__ import annotations

import io

from pyoxigraph import RdfFormat, parse

from graph_service.errors import WijkWijzerError
from graph_service.store.base import LoadReport
from loaders.errors import WriteError
from loaders.screen import group

DCT_SOURCE = "http://purl.org/dc/terms/source"


def write_graph(
    store, graph: str, source, name: str, fmt: RdfFormat = RdfFormat.N_TRIPLES
) -> LoadReport:
    """Replace ``graph`` with ``source`` (a path or bytes, N-Triples unless ``fmt``).

    Relative IRIs in ``source`` resolve against the store's base IRI, as
    they did when the parse child read it.
    """
    try:
        return store.replace_graph(graph, source, format=fmt)
    except WijkWijzerError as error:
        raise WriteError(f"{name}: the store refused the new graph: {error}") from None


def graph_exists(store, graph: str) -> bool:
    """True when ``graph`` holds at least one triple."""
    return store.ask("ASK { GRAPH ?g { ?s ?p ?o } }", {"g": _node(graph)})


def old_records(store, graph: str) -> dict:
    """The current content of ``graph``, grouped by subject (empty if none)."""
    if not graph_exists(store, graph):
        return {}
    buffer = io.BytesIO()
    store.dump(buffer, RdfFormat.N_TRIPLES, graph=graph)
    return group(q.triple for q in parse(buffer.getvalue(), RdfFormat.N_TRIPLES))


def records_by_source(data: dict) -> dict[str, list]:
    """Map each ``dct:source`` to the subjects that name it."""
    found: dict[str, list] = {}
    for subject, described in data.items():
        for predicate, values in described.items():
            if predicate.value == DCT_SOURCE:
                for value in values:
                    found.setdefault(value.value, []).append(subject)
    return found


def _node(iri: str):
    from pyoxigraph import NamedNode

    return NamedNode(iri)
