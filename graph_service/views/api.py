"""Named queries as a documented API: ``/api/queries/{name}`` and ``/api/openapi.json``.

Every ``sparql/*.rq`` becomes an endpoint. Its header gives the title, the
description and the typed parameters; values are validated and bound as RDF
terms (a bad one is a 400 naming the parameter), never pasted into the text.
Named queries are trusted, so they run on the store itself, and the engine
serialises the answer in any of the result formats of ``/sparql``.
"""

from __future__ import annotations

import hashlib
import json

from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import gettext as _
from pyoxigraph import QueryResultsFormat, RdfFormat

from graph_service.app import get_store
from graph_service.errors import WijkWijzerError
from graph_service.public_query.formats import HTML, TABULAR, formats_for, negotiate
from graph_service.public_query.scan import scan
from graph_service.queries import NamedQuery, library
from graph_service.views import sparql_http
from graph_service.views.api_openapi import openapi_document
from graph_service.views.sparql_editor import _cell
from graph_service.vocab import sparql_prefix_block

bp = Blueprint("api", __name__)
sparql_http.install(bp)

# Request parameters that are not query parameters.
RESERVED = ("format", "lang")
ENGINE_FORMATS = {
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
    "ttl": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "jsonld": RdfFormat.JSON_LD,
    "rdf": RdfFormat.RDF_XML,
    "nq": RdfFormat.N_QUADS,
}


def query_form(named: NamedQuery) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE."""
    return scan(named.text).form


@bp.get("/api/queries")
def index():
    """The list of named queries: a page, or JSON for programs."""
    queries = list(library())
    if sparql_http.prefers_html():
        return render_template("sparql/api_index.html", queries=queries)
    return {
        "queries": [
            {
                "name": q.name,
                "title": q.title,
                "description": q.description,
                "url": url_for("api.run", name=q.name, _external=True),
                "parameters": [
                    {
                        "name": p.name,
                        "type": p.type,
                        "default": p.default,
                        "help": p.help,
                    }
                    for p in q.params
                ],
            }
            for q in queries
        ]
    }


@bp.get("/api/queries/<name>")
def run(name: str):
    """Run the named query ``name`` with the request's parameters."""
    named = library().get(name)
    values = {k: v for k, v in request.args.items() if k not in RESERVED}
    form = query_form(named)
    fmt = negotiate(
        form, request.headers.get("Accept"), request.args.get("format"), True
    )
    if fmt is HTML:
        return _page(named, values, form)

    body = _evaluate(named, named.bind(values), fmt.name)
    response = Response(body, content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    key = json.dumps([get_store().data_version().tag, fmt.name, sorted(values.items())])
    response.set_etag(hashlib.sha256(key.encode("utf-8")).hexdigest()[:32], weak=True)
    return response.make_conditional(request)


def _evaluate(named: NamedQuery, terms: dict, fmt_name: str) -> bytes:
    return get_store().query_serialized(
        sparql_prefix_block() + named.text, ENGINE_FORMATS[fmt_name], terms
    )


def _page(named: NamedQuery, values: dict, form: str | None):
    """The page of one query: its form, and its answer when it can run."""
    context = {
        "named": named,
        "values": values,
        "formats": formats_for(form),
        "boolean": None,
        "graph_text": None,
        "error": None,
        "note": None,
    }
    missing = [p.name for p in named.params if p.required and not values.get(p.name)]
    status = 200
    if not missing:
        try:
            terms = named.bind(values)
            if form in ("SELECT", "ASK"):
                data = json.loads(_evaluate(named, terms, TABULAR[0].name))
                context.update(_table(data))
            else:
                context["graph_text"] = _evaluate(named, terms, "ttl").decode("utf-8")
        except WijkWijzerError as error:
            context["error"] = str(error)
            status = error.status
    else:
        context["note"] = _(
            "Fill in %(names)s to run the query.", names=", ".join(missing)
        )
    return render_template("sparql/api_query.html", **context), status


def _table(data: dict) -> dict:
    if "boolean" in data:
        return {"boolean": data["boolean"]}
    names = data["head"]["vars"]
    rows = [[_cell(b.get(n)) for n in names] for b in data["results"]["bindings"]]
    return {"names": names, "rows": rows, "total": len(rows)}


@bp.get("/api/openapi.json")
def openapi():
    """One OpenAPI 3 document for every named query and the SPARQL endpoint."""
    return openapi_document(list(library()), query_form)
