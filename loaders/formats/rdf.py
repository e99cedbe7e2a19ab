"""RDF feeds in any syntax pyoxigraph reads, checked record by record.

The whole document is parsed with pyoxigraph (JSON-LD after its contexts are
resolved locally), grouped by subject (after the old graph, for a push that
merges with ``options["merge"]``), screened against the shapes
(:mod:`loaders.screen`) and written as N-Triples for the store, which
bulk-loads it when the feed's graph is new. A Turtle or N-Triples document
that screening would not change is not written again: the store loads the
original bytes.
"""

from __future__ import annotations

import json

from pyoxigraph import RdfFormat
from pyoxigraph import parse as rdf_parse

from graph_service.rdfio import syntax_error
from loaders.errors import ParseError
from loaders.formats.jsonld import inline_contexts
from loaders.safety import check_json_depth, check_xml, check_xml_depth
from loaders.screen import group, judge, paused_gc, write_kept
from loaders.validate import Checker, Spec

FORMATS = {
    "text/turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/rdf+xml": RdfFormat.RDF_XML,
    "application/ld+json": RdfFormat.JSON_LD,
    "text/n3": RdfFormat.N3,
}
# Syntaxes whose original bytes may go to the store when screening changes
# nothing: line- or statement-based, read by the store as the child read them.
# (A document with blank nodes, where nesting could go deep, is never clean.)
PASSTHROUGH = {RdfFormat.TURTLE, RdfFormat.N_TRIPLES}


def rdf_format(media_type: str) -> RdfFormat:
    """The pyoxigraph format for a media type; ParseError when unknown."""
    try:
        return FORMATS[media_type]
    except KeyError:
        raise ParseError(f"{media_type!r} is not an RDF media type we read") from None


def prepare(data: bytes, name: str, fmt: RdfFormat) -> bytes:
    """Refuse unsafe input; resolve JSON-LD contexts locally."""
    if fmt == RdfFormat.RDF_XML:
        check_xml(data, name)
        check_xml_depth(data, name)
    if fmt == RdfFormat.JSON_LD:
        check_json_depth(data, name)
        try:
            document = json.loads(data)
        except ValueError as error:
            raise ParseError(f"{name} is not JSON: {error}") from None
        data = json.dumps(inline_contexts(document, name)).encode()
    return data


def parse_grouped(data: bytes, name: str, fmt: RdfFormat, base: str) -> dict:
    """Parse and group by subject; syntax errors name the line and column."""
    try:
        return group(
            q.triple
            for q in rdf_parse(data, fmt, base_iri=base, without_named_graphs=True)
        )
    except SyntaxError as error:
        raise ParseError(str(syntax_error(name, error))) from None


def merge_old(grouped: dict, path: str) -> dict:
    """The old graph (N-Triples at ``path``) with ``grouped`` added to it."""
    with open(path, "rb") as handle:
        merged = group(q.triple for q in rdf_parse(handle, RdfFormat.N_TRIPLES))
    for subject, described in grouped.items():
        mine = merged.setdefault(subject, {})
        for predicate, values in described.items():
            mine.setdefault(predicate, []).extend(values)
    return merged


def parse(data: bytes, name: str, options: dict) -> dict:
    """Parse and screen one RDF document; answer counts and what to load.

    When screening would write back exactly what the document says (see
    :func:`loaders.screen.judge`) and the document is Turtle or N-Triples,
    nothing is written: the answer has ``"passthrough": True`` and the
    caller loads the original bytes, which this child has just read safely.
    Otherwise ``"output"`` names the N-Triples file of the kept records.
    """
    fmt = rdf_format(options["media_type"])
    data = prepare(data, name, fmt)
    with paused_gc():
        grouped = parse_grouped(data, name, fmt, options["base_iri"])
        del data
        if options.get("merge"):
            grouped = merge_old(grouped, options["merge"])
        checker = Checker(Spec(options["spec"]), options["context"])
        screened = judge(grouped, checker)
        if screened.clean and fmt in PASSTHROUGH and not options.get("merge"):
            return {**screened.as_dict(), "output": None, "passthrough": True}
        output = options["workdir"] + "/screened.nt"
        with open(output, "w", encoding="utf-8") as handle:
            write_kept(grouped, screened, options["base_iri"], options["graph"], handle)
    return {**screened.as_dict(), "output": output, "passthrough": False}
