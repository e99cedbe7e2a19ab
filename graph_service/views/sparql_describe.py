"""What the endpoint says about itself: SPARQL 1.1 Service Description and VoID.

``/sparql`` without a query answers the Service Description (Turtle, JSON-LD,
RDF/XML, N-Triples, or a page for people); ``/sparql/void`` the VoID
description of the dataset with statistics per named graph. Statistics come
from the trusted named query ``graph_statistics`` and are kept per data version.
"""

from __future__ import annotations

import threading

from flask import Blueprint, Response, current_app, render_template, request, url_for
from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, serialize

from graph_service.app import get_store
from graph_service.public_query.formats import GRAPH, HTML, TABULAR, negotiate
from graph_service.views import sparql_http
from graph_service.vocab import PREFIXES

bp = Blueprint("sparql_describe", __name__)
sparql_http.install(bp)

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCT = "http://purl.org/dc/terms/"
XSD_INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")
# W3C's IRIs for the result formats (https://www.w3.org/ns/formats/).
FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON",
    "xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV",
    "ttl": "Turtle",
    "nt": "N-Triples",
    "jsonld": "JSON-LD",
    "rdf": "RDF_XML",
    "nq": "N-Quads",
}
# RDF formats this description itself can be read in (not N-Quads: one graph).
DESCRIPTION_FORMATS = GRAPH[:4]
_RDF = {
    "ttl": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "jsonld": RdfFormat.JSON_LD,
    "rdf": RdfFormat.RDF_XML,
}
_cache: dict[str, tuple[str, list[dict]]] = {}
_cache_lock = threading.Lock()


def graph_statistics() -> list[dict]:
    """Triples, subjects, properties and objects per public graph (cached)."""
    store = get_store()
    tag = store.data_version().tag
    key = str(id(store))
    with _cache_lock:
        cached = _cache.get(key)
    if cached and cached[0] == tag:
        return cached[1]
    rows = [
        {name: int(row[name].value) for name in row if name != "graph"}
        | {"graph": row["graph"].value}
        for row in store.named("graph_statistics")
    ]
    with _cache_lock:
        _cache[key] = (tag, rows)
    return rows


def _node(iri: str) -> NamedNode:
    return NamedNode(iri)


def _count(value: int) -> Literal:
    return Literal(str(value), datatype=XSD_INTEGER)


def _void_triples(dataset: NamedNode, endpoint: NamedNode) -> list[Triple]:
    """The dataset with its totals, and one subset per named graph."""
    stats = graph_statistics()
    out = [
        Triple(dataset, RDF_TYPE, _node(VOID + "Dataset")),
        Triple(
            dataset,
            _node(DCT + "title"),
            Literal("WijkWijzer kennisgraaf", language="nl"),
        ),
        Triple(
            dataset,
            _node(DCT + "title"),
            Literal("WijkWijzer knowledge graph", language="en"),
        ),
        Triple(dataset, _node(VOID + "sparqlEndpoint"), endpoint),
        Triple(
            dataset, _node(VOID + "triples"), _count(sum(s["triples"] for s in stats))
        ),
    ]
    for row in stats:
        subset = BlankNode()
        out += [
            Triple(dataset, _node(VOID + "subset"), subset),
            Triple(subset, RDF_TYPE, _node(VOID + "Dataset")),
            Triple(subset, RDF_TYPE, _node(SD + "NamedGraph")),
            Triple(subset, _node(SD + "name"), _node(row["graph"])),
            Triple(subset, _node(VOID + "triples"), _count(row["triples"])),
            Triple(subset, _node(VOID + "distinctSubjects"), _count(row["subjects"])),
            Triple(subset, _node(VOID + "properties"), _count(row["properties"])),
            Triple(subset, _node(VOID + "distinctObjects"), _count(row["objects"])),
        ]
    return out


def _service_triples(endpoint: NamedNode, dataset: NamedNode) -> list[Triple]:
    """The Service Description of the endpoint."""
    service = BlankNode()
    out = [
        Triple(service, RDF_TYPE, _node(SD + "Service")),
        Triple(service, _node(SD + "endpoint"), endpoint),
        Triple(service, _node(SD + "supportedLanguage"), _node(SD + "SPARQL11Query")),
        Triple(service, _node(SD + "feature"), _node(SD + "UnionDefaultGraph")),
        Triple(service, _node(SD + "defaultDataset"), dataset),
        Triple(dataset, RDF_TYPE, _node(SD + "Dataset")),
    ]
    for fmt in TABULAR + GRAPH:
        iri = "http://www.w3.org/ns/formats/" + FORMAT_IRIS[fmt.name]
        out.append(Triple(service, _node(SD + "resultFormat"), _node(iri)))
    default = BlankNode()
    out += [
        Triple(dataset, _node(SD + "defaultGraph"), default),
        Triple(default, RDF_TYPE, _node(SD + "Graph")),
    ]
    total = 0
    for row in graph_statistics():
        named, graph = BlankNode(), BlankNode()
        total += row["triples"]
        out += [
            Triple(dataset, _node(SD + "namedGraph"), named),
            Triple(named, RDF_TYPE, _node(SD + "NamedGraph")),
            Triple(named, _node(SD + "name"), _node(row["graph"])),
            Triple(named, _node(SD + "graph"), graph),
            Triple(graph, RDF_TYPE, _node(SD + "Graph")),
            Triple(graph, _node(VOID + "triples"), _count(row["triples"])),
        ]
    out.append(Triple(default, _node(VOID + "triples"), _count(total)))
    return out


def _rdf_answer(triples: list[Triple], fmt) -> Response:
    prefixes = {"sd": SD, "void": VOID, "dct": DCT} | {
        k: v for k, v in PREFIXES.items() if k in ("xsd", "rdfs")
    }
    body = serialize(triples, format=_RDF[fmt.name], prefixes=prefixes)
    response = Response(body, content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    return response


def _endpoints() -> tuple[NamedNode, NamedNode]:
    endpoint = NamedNode(url_for("sparql.endpoint", _external=True))
    dataset = NamedNode(url_for("sparql_describe.void", _external=True) + "#dataset")
    return endpoint, dataset


def service_description() -> Response | str:
    """The Service Description, or the page about the endpoint for browsers."""
    fmt = negotiate("CONSTRUCT", _accept(), request.args.get("format"), html=True)
    if fmt is HTML:
        return render_template(
            "sparql/service.html",
            endpoint=url_for("sparql.endpoint", _external=True),
            graphs=graph_statistics(),
            limits=_limits(),
            tabular=TABULAR,
            graph_formats=GRAPH,
        )
    if fmt not in DESCRIPTION_FORMATS:
        fmt = DESCRIPTION_FORMATS[0]
    endpoint, dataset = _endpoints()
    return _rdf_answer(_service_triples(endpoint, dataset), fmt)


@bp.get("/sparql/void")
def void():
    """The VoID description of the dataset, with statistics per named graph."""
    fmt = negotiate("CONSTRUCT", _accept(), request.args.get("format"))
    if fmt not in DESCRIPTION_FORMATS:
        fmt = DESCRIPTION_FORMATS[0]
    endpoint, dataset = _endpoints()
    return _rdf_answer(_void_triples(dataset, endpoint), fmt)


def _accept() -> str | None:
    return request.headers.get("Accept")


def _limits() -> list[tuple[str, object]]:
    """The settings that bound public queries, for the page."""
    names = (
        "QUERY_TIME_LIMIT",
        "QUERY_ROW_LIMIT",
        "QUERY_MAX_RESULT_BYTES",
        "QUERY_MAX_LENGTH",
        "QUERY_MAX_DEPTH",
        "QUERY_RATE_LIMIT",
    )
    return [(name, current_app.config[name]) for name in names]
