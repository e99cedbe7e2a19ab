"""The public SPARQL 1.1 Protocol endpoint at ``/sparql``.

Queries arrive by GET, URL-encoded POST or direct POST; each is checked
(``public_query.scan``), rate limited, negotiated to a result format and run
by a query worker. Without a query the endpoint describes itself (Service
Description). Updates are refused: this endpoint only reads.
"""

from __future__ import annotations

import atexit
import re
import weakref
from urllib.parse import parse_qsl

from flask import Blueprint, Flask, Response, current_app, request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from graph_service.errors import (
    QueryError,
    QueryRefusedError,
    UnsupportedMediaTypeError,
)
from graph_service.public_query.formats import HTML, negotiate
from graph_service.public_query.ratelimit import RateLimiter
from graph_service.public_query.service import Dataset, PublicQueries
from graph_service.views import sparql_http
from graph_service.views.sparql_http import public_queries, rate_limit

bp = Blueprint("sparql", __name__)
sparql_http.install(bp)

_IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*$")
_FORM = "application/x-www-form-urlencoded"
_DIRECT = "application/sparql-query"


def init_app(app: Flask) -> None:
    """Create the query service and register the SPARQL-facing blueprints."""
    from graph_service.app import get_store
    from graph_service.views import api, graph_store, sparql_describe, sparql_editor
    from graph_service.views.sparql_lane import QueryLane

    service = PublicQueries(app.config, get_store(app))
    app.extensions["public_queries"] = service
    app.extensions["query_rate_limit"] = RateLimiter(app.config["QUERY_RATE_LIMIT"])
    closer = weakref.ref(service)
    atexit.register(lambda: closer() and closer().close())
    for blueprint in (bp, sparql_describe.bp, sparql_editor.bp, graph_store.bp, api.bp):
        app.register_blueprint(blueprint)
    app.wsgi_app = QueryLane(app, app.wsgi_app)


def read_request() -> tuple[str | None, Dataset]:
    """The query text and the protocol dataset of this request.

    Raises ``QueryError`` (400) for two queries, an update or a bad graph IRI,
    ``UnsupportedMediaTypeError`` (415) for a body we do not take, and 413 for
    a body longer than the longest query could need.
    """
    fields = request.args
    queries = fields.getlist("query")
    if request.method == "POST":
        request.max_content_length = body_limit(current_app.config)
        kind = request.mimetype
        if kind == _FORM:
            fields = _form_fields(fields)
            queries = fields.getlist("query")
        elif kind == _DIRECT:
            queries = [_direct_body()] + queries
        elif kind == "application/sparql-update":
            raise _update_refused()
        else:
            raise UnsupportedMediaTypeError(
                _(
                    "A query is sent as %(form)s or %(direct)s, not %(kind)r.",
                    form=_FORM,
                    direct=_DIRECT,
                    kind=kind or "without a Content-Type",
                )
            )
    if "update" in fields:
        raise _update_refused()
    if len(queries) > 1:
        raise QueryError(_("The request holds more than one query; send one."))
    dataset = Dataset(
        tuple(_graph_iris(fields, "default-graph-uri")),
        tuple(_graph_iris(fields, "named-graph-uri")),
    )
    return (queries[0] if queries else None), dataset


def body_limit(config) -> int:
    """The most bytes a query request body may hold.

    A character of the query takes at most 12 bytes URL-encoded (a four-byte
    UTF-8 sequence, each byte written as ``%XX``); graph IRIs get 64 KiB more.
    """
    return config["QUERY_MAX_LENGTH"] * 12 + 65536


def valid_graph_iri(value: str) -> bool:
    """True for an absolute IRI, as ``default-graph-uri`` and the like need."""
    return _IRI.match(value) is not None


def _form_fields(args: MultiDict) -> MultiDict:
    """The fields of a URL-encoded body followed by those of the URL.

    Read with ``parse_qsl`` rather than Werkzeug's form parser: a query form
    has a few short fields, and the general parser cost more than the rest
    of the request.
    """
    text = request.get_data().decode("latin-1")
    pairs = parse_qsl(text, keep_blank_values=True, errors="replace")
    return MultiDict(pairs + list(args.items(multi=True)))


def _direct_body() -> str:
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaTypeError(
            _("A query must be encoded as UTF-8, not %(charset)s.", charset=charset)
        )
    try:
        return request.get_data().decode("utf-8")
    except UnicodeDecodeError:
        raise QueryError(_("The query is not valid UTF-8.")) from None


def _graph_iris(fields, name: str) -> list[str]:
    values = fields.getlist(name)
    for value in values:
        if not valid_graph_iri(value):
            raise QueryError(
                _(
                    "%(name)s must be an absolute IRI, got %(value)r.",
                    name=name,
                    value=value,
                )
            )
    return values


def _update_refused() -> QueryRefusedError:
    return QueryRefusedError(
        _("This endpoint only answers queries; updates are not accepted.")
    )


@bp.route("/sparql", methods=["GET", "POST"])
@bp.route("/sparql/", methods=["GET", "POST"])
def endpoint():
    """Answer a SPARQL query, or describe the service when there is none."""
    text, dataset = read_request()
    if text is None:
        if request.method == "POST":
            raise QueryError(_("The request holds no query."))
        from graph_service.views.sparql_describe import service_description

        return service_description()
    if not text.strip():
        raise QueryError(_("The query is empty."))

    rate_limit()
    service = public_queries()
    found = service.check(text)
    reads = request.method in ("GET", "HEAD")
    fmt = negotiate(
        found.form, request.headers.get("Accept"), request.args.get("format"), reads
    )
    if fmt is HTML:
        from graph_service.views.sparql_editor import render_editor

        return render_editor(text, found, dataset)
    return answer(service, found, fmt, dataset, cacheable=reads)


def answer(service: PublicQueries, found, fmt, dataset, cacheable: bool) -> Response:
    """Run a checked query and wrap its bytes with the right headers."""
    etag = service.etag(found, dataset, fmt) if cacheable else None
    if etag and request.if_none_match.contains_weak(etag):
        response = Response(status=304)
    else:
        response = Response(
            service.run(found, fmt, dataset), content_type=fmt.content_type
        )
    response.headers.extend(answer_headers(fmt, etag, request.args.get("format")))
    return response


def answer_headers(fmt, etag: str | None, format_name: str | None) -> list:
    """The headers of a query answer besides its type and length (and CORS)."""
    headers = [("Vary", "Accept")]
    if etag:
        headers.append(("ETag", f'W/"{etag}"'))
        headers.append(("Cache-Control", "public, max-age=0, must-revalidate"))
    else:
        headers.append(("Cache-Control", "no-store"))
    if format_name:
        headers.append(
            ("Content-Disposition", f'inline; filename="result.{fmt.extension}"')
        )
    return headers


@bp.route("/sparql", methods=["PUT", "DELETE", "PATCH"])
@bp.route("/sparql/", methods=["PUT", "DELETE", "PATCH"])
def wrong_method():
    """The protocol takes GET and POST only: 405 naming the allowed methods."""
    from werkzeug.exceptions import MethodNotAllowed

    raise MethodNotAllowed(
        valid_methods=["GET", "HEAD", "POST", "OPTIONS"],
        description=_("The SPARQL endpoint takes GET and POST requests."),
    )
