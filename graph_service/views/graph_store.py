"""Read access to the public named graphs by the SPARQL 1.1 Graph Store Protocol.

``GET /graph-store?graph=IRI`` (or ``?default`` for the union of the public
graphs) answers the graph in Turtle, N-Triples, JSON-LD, RDF/XML or N-Quads;
``HEAD`` answers the same headers. The harvester adds the write methods on the
same path in its own blueprint. Reads run through the public query workers,
under the same limits as ``/sparql``.
"""

from __future__ import annotations

from flask import Blueprint, request
from flask_babel import gettext as _

from graph_service.errors import GraphNotFoundError, QueryError
from graph_service.public_query.formats import negotiate
from graph_service.public_query.service import Dataset
from graph_service.views import sparql_http
from graph_service.views.sparql import answer
from graph_service.views.sparql_http import public_queries, rate_limit

bp = Blueprint("graph_store", __name__)
sparql_http.install(bp)

_ALL = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
_ONE = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


@bp.get("/graph-store")
def read():
    """One public named graph, or the default graph, in the negotiated format."""
    graph = request.args.get("graph")
    default = "default" in request.args
    if default == (graph is not None):
        raise QueryError(
            _(
                "Name one graph with ?graph=IRI, or ask for the default graph "
                "with ?default."
            )
        )
    service = public_queries()
    if graph is not None and graph not in service.public_graphs():
        raise GraphNotFoundError(
            _("There is no public graph <%(graph)s>.", graph=graph)
        )

    rate_limit()
    if default:
        found, dataset = service.check(_ALL), Dataset()
    else:
        found = service.check(_ONE.replace("?g", f"<{graph}>"))
        dataset = Dataset(named=(graph,))
    fmt = negotiate(
        "CONSTRUCT", request.headers.get("Accept"), request.args.get("format")
    )
    return answer(service, found, fmt, dataset, cacheable=True)
