"""Linked-data documents: ``/id/`` redirects, ``/doc/`` pages and ``/resource``.

``/id/{type}/{slug}`` names a thing and answers 303 to ``/doc/{type}/{slug}``,
its document: HTML or an RDF data twin by extension, ``?format=`` or Accept.
``/resource?iri=`` does the same for IRIs that are not ours.
"""

from __future__ import annotations

from flask import Blueprint, Response, redirect, render_template, request
from flask_babel import get_locale

from graph_service.app import get_store
from graph_service.describe import Labeler, outgoing
from graph_service.errors import WijkWijzerError
from graph_service.iris import page_path, thing_iri
from graph_service.negotiation import (
    alternates,
    cached,
    choose,
    link_header,
    rdf_response,
    split_extension,
)
from graph_service.queries import _IRI, library
from graph_service.search.service import current_index
from graph_service.views.kinds import BUILDERS, RDF_TYPE, kind_of
from graph_service.vocab import sparql_prefix_block

bp = Blueprint("documents", __name__)

MAX_IRI_LENGTH = 2000


class UnknownResourceError(WijkWijzerError):
    """An IRI the graph says nothing about."""

    status = 404


@bp.get("/id/<path:rest>")
def thing(rest: str):
    """A thing's IRI: 303 See Other to the document about it."""
    target = "/doc/" + rest
    if request.query_string:
        target += "?" + request.query_string.decode("latin-1")
    return redirect(target, code=303)


@bp.get("/doc/<path:rest>")
@cached
def document(rest: str):
    """The document about one of our things, in the format asked for."""
    slug, explicit = split_extension(rest)
    store = get_store()
    iri = thing_iri("/doc/" + slug, store.base_iri)
    canonical = store.base_iri + "doc/" + slug
    return respond(iri, "/doc/" + slug, canonical, choose(explicit))


@bp.get("/resource")
@cached
def resource():
    """The generic page about any IRI in the graph, ours or not."""
    iri = request.args.get("iri", "").strip()
    if not iri:
        raise WijkWijzerError("Name the resource with ?iri=, an absolute IRI.")
    if len(iri) > MAX_IRI_LENGTH or not _IRI.match(iri):
        raise WijkWijzerError(
            f"<{iri[:200]}> is not an absolute IRI; give one such as "
            "https://identifier.overheid.nl/tooi/id/gemeente/gm0363."
        )
    path = page_path(iri, get_store().base_iri)
    if path.startswith("/doc/"):
        return redirect(path, code=301)
    return respond(iri, path, request.url_root.rstrip("/") + path, choose())


def respond(iri: str, path: str, canonical: str, fmt):
    """Render ``iri`` as HTML or serialise its data twin."""
    store = get_store()
    statements = outgoing(store, iri)
    if not statements and not store.named("resource_in", resource=iri):
        raise UnknownResourceError(f"Nothing is known about <{iri}> in this graph.")

    if fmt.rdf is not None:
        return rdf_response(twin(store, iri, fmt.rdf), fmt, path)

    index = current_index()
    lang = str(get_locale() or "nl")
    labeler = Labeler(store, index, lang)
    types = {o.value for p, o in statements if p == RDF_TYPE}
    kind = kind_of(types)
    context = BUILDERS[kind](store, index, iri, statements, labeler)
    context.update(
        iri=iri,
        kind=kind,
        types=[labeler.link(t) for t in sorted(types)],
        canonical=canonical,
        alternates=alternates(path),
        path=path,
    )
    response: Response = render_template(f"{kind}.html", **context)
    response = Response(response, mimetype="text/html")
    response.headers["Link"] = link_header(path, canonical)
    return response


def twin(store, iri: str, rdf_format) -> bytes:
    """The statements about ``iri`` and the labels of what they point at."""
    named = library().get("resource_twin")
    text = sparql_prefix_block() + named.text
    return store.query_serialized(text, rdf_format, named.bind({"resource": iri}))


@bp.app_template_filter("page")
def page_filter(iri: str) -> str:
    """Template filter: the local page of an IRI."""
    return page_path(iri, get_store().base_iri)
