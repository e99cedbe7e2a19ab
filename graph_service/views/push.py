"""Partners push their own graphs: SPARQL 1.1 Graph Store Protocol writes.

``PUT``, ``POST`` and ``DELETE`` on ``/graph-store?graph=IRI``, beside the
read methods of :mod:`graph_service.views.graph_store`. A request carries a
partner's API token (``Authorization: Bearer ...``); the partner may write
only ``{base}graph/feed/{partner}/{name}``. The document goes through the
harvest stages (:mod:`loaders.push`). Every attempt leaves an audit row in
the private store, never in the graph. Token-authenticated calls carry no
cookies, so CSRF protection does not apply to them.
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, g, request
from flask_babel import gettext as _

from graph_service.app import get_store
from graph_service.errors import (
    AuthenticationError,
    ForbiddenError,
    GraphNotFoundError,
    InputError,
    InputTooLargeError,
    PushFailedError,
    UnsupportedMediaTypeError,
    WijkWijzerError,
)
from graph_service.private import AUDIT_COUNTS, PrivateStore

bp = Blueprint("push", __name__)

MEDIA_TYPES = (
    "text/turtle",
    "application/n-triples",
    "application/rdf+xml",
    "application/ld+json",
    "text/n3",
)
_FAILED_STATUS = {"parse": 400, "write": 500}


def init_app(app: Flask) -> None:
    """Open the private store and register the push routes."""
    app.extensions["private"] = PrivateStore.for_config(app.config)
    app.register_blueprint(bp)


def get_private() -> PrivateStore:
    """The private store (tokens, audit) of the current app."""
    return current_app.extensions["private"]


@bp.before_request
def answer_errors_in_json():
    """Pushes are API calls: errors are JSON whatever the client accepts."""
    g.json_errors = True


@bp.put("/graph-store")
def replace():
    """Replace one of the partner's graphs with the request body."""
    return _push("PUT")


@bp.post("/graph-store")
def merge():
    """Add the request body's triples to one of the partner's graphs."""
    return _push("POST")


@bp.delete("/graph-store")
def delete():
    """Drop one of the partner's graphs."""
    return _push("DELETE")


def _push(method: str):
    from loaders.pipeline import Harvester
    from loaders.push import push
    from loaders.write import graph_exists

    private = get_private()
    audit = {"method": method, "graph": request.args.get("graph")}
    try:
        token = _authenticate(private)
        audit.update(token_id=token.id, partner=token.partner)
        feed = _own_feed(token.partner)
        store = get_store()
        existed = graph_exists(store, feed.graph(store.base_iri))
        if method == "DELETE" and not existed:
            raise GraphNotFoundError(
                _("There is no graph <%(graph)s>.", graph=audit["graph"])
            )
        body, media_type = _body() if method != "DELETE" else (b"", "")
    except WijkWijzerError as error:
        private.audit(**audit, status=error.status, result="refused", error=str(error))
        raise

    report = push(Harvester(store, current_app.config), feed, method, body, media_type)
    status = 201 if report.ok and not existed and method != "DELETE" else 200
    if not report.ok:
        status = _FAILED_STATUS.get(report.stage, 422)
    counts = {name: getattr(report, name) for name in AUDIT_COUNTS[1:]}
    counts["records"], counts["quarantined"] = report.records, len(report.quarantined)
    private.audit(
        **audit, status=status, result=report.status, error=report.error, **counts
    )
    if not report.ok:
        raise PushFailedError(report.error, status, report.as_dict())
    return report.as_dict(), status


def _authenticate(private: PrivateStore):
    """The token row of this request; AuthenticationError without a valid one."""
    header = request.headers.get("Authorization", "")
    scheme, _sep, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise AuthenticationError(
            _("Pushing needs a partner token: send Authorization: Bearer TOKEN.")
        )
    token = private.partner_for(secret.strip())
    if token is None:
        raise AuthenticationError(
            _("The token is unknown or revoked; ask for a new one.")
        )
    return token


def _own_feed(partner: str):
    """The partner's graph named by ``?graph=``; ForbiddenError for any other."""
    from loaders.push import own_graph

    graph = request.args.get("graph")
    if not graph:
        raise InputError(_("Name the graph to write with ?graph=IRI."))
    base = get_store().base_iri
    feed = own_graph(base, partner, graph)
    if feed is None:
        raise ForbiddenError(
            _(
                "Partner %(partner)s may only write its own graphs, "
                "%(prefix)sNAME; not <%(graph)s>.",
                partner=partner,
                prefix=f"{base}graph/feed/{partner}/",
                graph=graph,
            )
        )
    return feed


def _body() -> tuple[bytes, str]:
    """The request body and its media type, refused when unreadable or too big."""
    media_type = request.mimetype
    if media_type not in MEDIA_TYPES:
        raise UnsupportedMediaTypeError(
            _(
                "A push takes %(types)s, not %(given)s.",
                types=", ".join(MEDIA_TYPES),
                given=media_type or _("a body without Content-Type"),
            )
        )
    limit = int(current_app.config["HARVEST_MAX_BYTES"])
    if (request.content_length or 0) > limit:
        raise _too_large(limit)
    chunks, size = [], 0
    while chunk := request.stream.read(1 << 20):
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks), media_type


def _too_large(limit: int) -> InputTooLargeError:
    return InputTooLargeError(
        _(
            "The pushed document is larger than HARVEST_MAX_BYTES (%(limit)d bytes).",
            limit=limit,
        )
    )
