"""Gather the data that ``wijkwijzer validate`` checks: files, or the whole store."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import rdflib
from pyoxigraph import RdfFormat, parse

from graph_service.rdfio import syntax_error
from graph_service.store.source import as_source


def gather_for_validation(config: dict, files, fmt, store_for_cli) -> rdflib.Graph:
    """Return one rdflib graph: the given files, or every public graph of the store.

    Files are checked like a load (missing, empty, unknown format, syntax error
    with line and column) and raise the same errors. Files are validated
    together with the ontology, so concept and partner references resolve.
    """
    # rdflib logs a traceback for every ill-typed literal; the shapes report
    # those values already, by focus node and message.
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    graph = rdflib.Graph()
    if files:
        from graph_service.demo import ontology_bundle

        bundle = ontology_bundle()
        _add(graph, as_source(bundle.read(), format="ttl", name=bundle.name), config)
        for path in files:
            source = as_source(
                Path(path), format=fmt, max_bytes=config["MAX_LOAD_BYTES"]
            )
            _add(graph, source, config)
        return graph

    buffer = io.BytesIO()
    with store_for_cli(config, write=False) as store:
        store.dump(buffer, RdfFormat.N_QUADS)
    for quad in parse(buffer.getvalue(), RdfFormat.N_QUADS):
        graph.add(_to_rdflib(quad))
    return graph


def _add(graph: rdflib.Graph, source, config: dict) -> None:
    """Parse a source with pyoxigraph (for its error positions) into ``graph``."""
    try:
        with source.open() as stream:
            quads = list(parse(stream, source.format, base_iri=config["BASE_IRI"]))
    except SyntaxError as error:
        raise syntax_error(source.name, error) from None
    if not quads:
        from graph_service.errors import InputError

        raise InputError(f"{source.name} contains no triples; nothing to check")
    for quad in quads:
        graph.add(_to_rdflib(quad))


def _term(term):
    from pyoxigraph import BlankNode, Literal, NamedNode

    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise TypeError(f"Unsupported term {term!r}")


def _to_rdflib(quad):
    return (_term(quad.subject), _term(quad.predicate), _term(quad.object))
