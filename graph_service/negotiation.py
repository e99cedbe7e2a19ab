"""Content negotiation and HTTP caching for documents and their data twins.

A document is HTML or one of four RDF formats, chosen by an explicit extension
or ``?format=``, else by ``Accept`` with q-values. Every answer carries
``Vary``, an ETag and Last-Modified derived from the store's data version, and
a conditional request for an unchanged page gets 304 before any query runs.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass

from flask import Response, current_app, request
from flask_babel import get_locale
from pyoxigraph import RdfFormat

from graph_service.errors import WijkWijzerError
from graph_service.search.service import index_is_current


@dataclass(frozen=True)
class Format:
    """One representation: its key, extension, media type and RDF format."""

    key: str
    media_type: str
    rdf: RdfFormat | None
    name: str


FORMATS = (
    Format("html", "text/html", None, "HTML"),
    Format("ttl", "text/turtle", RdfFormat.TURTLE, "Turtle"),
    Format("jsonld", "application/ld+json", RdfFormat.JSON_LD, "JSON-LD"),
    Format("nt", "application/n-triples", RdfFormat.N_TRIPLES, "N-Triples"),
    Format("rdf", "application/rdf+xml", RdfFormat.RDF_XML, "RDF/XML"),
)
BY_KEY = {f.key: f for f in FORMATS}
BY_MEDIA_TYPE = {f.media_type: f for f in FORMATS}
# Media types a client may use for the same formats.
ALIASES = {
    "application/xhtml+xml": "html",
    "application/x-turtle": "ttl",
    "application/json": "jsonld",
    "text/plain": "nt",
    "application/xml": "rdf",
}


class NotAcceptableError(WijkWijzerError):
    """No representation matches the client's Accept header or format."""

    status = 406


def available() -> str:
    """The media types we serve, for messages."""
    return ", ".join(f.media_type for f in FORMATS)


def split_extension(path: str) -> tuple[str, Format | None]:
    """Split ``thema/jeugd.ttl`` into ``thema/jeugd`` and the Turtle format.

    >>> split_extension("thema/jeugd.ttl")[0], split_extension("thema/jeugd")[1]
    ('thema/jeugd', None)
    """
    stem, dot, extension = path.rpartition(".")
    if dot and "/" not in extension and extension in BY_KEY:
        return stem, BY_KEY[extension]
    return path, None


def choose(explicit: Format | None = None) -> Format:
    """The format for this request; ``NotAcceptableError`` lists what exists."""
    if explicit is not None:
        return explicit
    asked = request.args.get("format")
    if asked:
        if asked in BY_KEY:
            return BY_KEY[asked]
        raise NotAcceptableError(
            f"Unknown format {asked[:40]!r}; use one of: {', '.join(BY_KEY)}."
        )
    accept = request.accept_mimetypes
    if not accept.provided:
        return BY_KEY["html"]
    offered = [f.media_type for f in FORMATS] + list(ALIASES)
    best = accept.best_match(offered)
    if best is None:
        raise NotAcceptableError(
            f"None of the requested types ({request.headers.get('Accept', '')[:200]})"
            f" is available here; this document is served as: {available()}."
        )
    return BY_MEDIA_TYPE.get(best) or BY_KEY[ALIASES[best]]


def alternates(page_path: str) -> list[tuple[str, Format]]:
    """Links to every representation of the document at ``page_path``.

    >>> alternates("/doc/thema/jeugd")[1][0]
    '/doc/thema/jeugd.ttl'
    >>> alternates("/resource?iri=x")[1][0]
    '/resource?iri=x&format=ttl'
    """
    if "?" in page_path:
        return [(f"{page_path}&format={f.key}", f) for f in FORMATS]
    return [(f"{page_path}.{f.key}", f) for f in FORMATS]


def link_header(page_path: str, canonical: str | None = None) -> str:
    """A ``Link`` header naming the alternates (and the canonical page)."""
    parts = [
        f'<{href}>; rel="alternate"; type="{f.media_type}"'
        for href, f in alternates(page_path)
        if f.key != "html"
    ]
    if canonical:
        parts.insert(0, f'<{canonical}>; rel="canonical"')
    return ", ".join(parts)


def rdf_response(data: bytes, fmt: Format, page_path: str) -> Response:
    """An RDF answer with the headers every data twin carries."""
    response = Response(data, mimetype=fmt.media_type)
    response.headers["Link"] = link_header(page_path)
    return response


def etag_for(*parts: str) -> str:
    """An entity tag from the data version, language, path and arguments."""
    store = current_app.extensions["store"]
    seed = "|".join(
        (
            store.data_version().tag,
            str(get_locale() or ""),
            request.full_path,
            request.headers.get("Accept", ""),
            *parts,
        )
    )
    return hashlib.sha256(seed.encode()).hexdigest()[:32]


def cached(view):
    """Answer 304 to a conditional request for an unchanged page; tag the rest.

    The tag depends on the data version, the interface language, the URL and
    the Accept header, so it changes whenever the page could. While the search
    index is still catching up with a write, pages are sent without validators,
    so that no client keeps a page drawn from the older index.
    """

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if not index_is_current():
            response = current_app.make_response(view(*args, **kwargs))
            response.vary.update(("Accept", "Accept-Language", "Cookie"))
            return response

        version = current_app.extensions["store"].data_version()
        tag = etag_for()
        modified = version.modified.replace(microsecond=0)
        if request.if_none_match and request.if_none_match.contains(tag):
            return not_modified(tag, modified)
        if (
            not request.if_none_match
            and request.if_modified_since
            and request.if_modified_since >= modified
        ):
            return not_modified(tag, modified)
        response = current_app.make_response(view(*args, **kwargs))
        if response.status_code == 200:
            response.set_etag(tag)
            response.last_modified = modified
        response.vary.update(("Accept", "Accept-Language", "Cookie"))
        return response

    return wrapper


def not_modified(tag: str, modified) -> Response:
    response = Response(status=304)
    response.set_etag(tag)
    response.last_modified = modified
    response.vary.update(("Accept", "Accept-Language", "Cookie"))
    return response
