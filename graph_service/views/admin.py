"""The admin API the CLI uses while the service owns the embedded store.

It answers only requests carrying the token written to ``DATA_DIR/service.json``
at start-up; without a token configured, it does not exist (404).
"""

from __future__ import annotations

import hmac
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, request, stream_with_context

from graph_service.app import get_store
from graph_service.errors import InputError
from graph_service.rdfio import parse_format_name

bp = Blueprint("admin", __name__, url_prefix="/_admin")


@bp.before_request
def require_token():
    """Refuse any request without the service's admin token."""
    token = current_app.config.get("ADMIN_TOKEN")
    if not token:
        abort(404)
    given = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if not hmac.compare_digest(given.encode(), token.encode()):
        abort(401, "A valid admin token is required")


def _graph_arg() -> str:
    graph = request.args.get("graph", "")
    if not graph:
        raise InputError("Name the graph with ?graph=IRI")
    return graph


@bp.get("/version")
def version():
    """The store's data version."""
    return {"version": get_store().data_version().tag}


@bp.get("/graphs")
def graphs():
    """Named graphs with triple counts."""
    rows = [{"iri": g.iri, "triples": g.triples} for g in get_store().graphs()]
    return {"graphs": rows}


@bp.put("/graphs")
def replace_graph():
    """Replace one graph with the request body."""
    from graph_service.store.source import as_source

    source = as_source(
        request.stream,
        media_type=request.content_type,
        name=request.headers.get("X-Source") or "the request body",
    )
    report = get_store().replace_graph(_graph_arg(), source)
    return report.__dict__


@bp.delete("/graphs")
def drop_graph():
    """Drop one graph."""
    return {"dropped": get_store().drop_graph(_graph_arg())}


@bp.get("/dump")
def dump():
    """Stream the store, or one graph, in an RDF format."""
    fmt = parse_format_name(request.args.get("format", "nq"))
    graph = request.args.get("graph")
    store = get_store()

    import tempfile

    spool = tempfile.TemporaryFile()
    store.dump(spool, fmt, graph=graph)
    spool.seek(0)

    def chunks():
        with spool:
            yield from iter(lambda: spool.read(1 << 20), b"")

    return Response(stream_with_context(chunks()), mimetype=fmt.media_type)


@bp.post("/backup")
def backup():
    """Back the store up into a new folder."""
    target = (request.get_json(silent=True) or {}).get("target")
    if not target:
        raise InputError("Name the backup folder as JSON {'target': PATH}")
    get_store().backup(str(Path(target)))
    return {"target": target}


@bp.get("/feeds")
def feeds():
    """The registered feeds."""
    from loaders.registry import read_feeds

    return {"feeds": [f.__dict__ for f in read_feeds(get_store())]}


@bp.post("/feeds")
def add_feed():
    """Register or replace a feed."""
    from loaders.registry import Feed, add_feed

    add_feed(get_store(), Feed(**(request.get_json(silent=True) or {})))
    return {"ok": True}


@bp.delete("/feeds")
def remove_feed():
    """Unregister a feed and drop its graph."""
    from loaders.registry import remove_feed

    remove_feed(get_store(), request.args.get("feed", ""))
    return {"ok": True}


@bp.post("/harvest")
def harvest():
    """Harvest one feed now, through the service's single writer."""
    from loaders.pipeline import Harvester
    from loaders.registry import read_feeds

    body = request.get_json(silent=True) or {}
    found = [f for f in read_feeds(get_store()) if f.key == body.get("feed")]
    if not found:
        raise InputError(f"There is no feed {body.get('feed')!r}")
    report = Harvester(get_store(), current_app.config).harvest(
        found[0], force=bool(body.get("force"))
    )
    return report.as_dict()


@bp.get("/tokens")
def tokens():
    """Every partner token (never the secrets)."""
    from graph_service.views.push import get_private

    return {"tokens": [t.__dict__ for t in get_private().tokens()]}


@bp.post("/tokens")
def create_token():
    """A new token for a known partner; the secret is in this answer only."""
    from graph_service.views.push import get_private
    from loaders.push import partner_known

    partner = (request.get_json(silent=True) or {}).get("partner", "")
    if not partner_known(get_store(), partner):
        raise InputError(f"There is no partner {partner!r} in graph/partners")
    secret, token = get_private().create_token(partner)
    return {"token": secret, **token.__dict__}


@bp.delete("/tokens/<int:token_id>")
def revoke_token(token_id: int):
    """Revoke one token."""
    from graph_service.views.push import get_private

    if not get_private().revoke_token(token_id):
        raise InputError(f"There is no active token {token_id}")
    return {"revoked": token_id}
