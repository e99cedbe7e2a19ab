"""Harvest status pages: every feed, one partner's feeds, one feed (HTML and JSON)."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, request

from graph_service.app import get_store
from loaders import provenance
from loaders.registry import read_feeds

bp = Blueprint("harvest", __name__)


def _wants_json(suffix: bool) -> bool:
    accept = request.accept_mimetypes
    if suffix or request.args.get("format") == "json":
        return True
    return accept.best_match(["text/html", "application/json"]) == ("application/json")


def _status(feeds) -> list[dict]:
    """Each feed with its newest run and, for that run, what was quarantined."""
    store = get_store()
    runs = provenance.runs(store)
    rows = []
    for feed in feeds:
        iri = feed.iri(store.base_iri)
        mine = [r for r in runs if r["feed"] == iri]
        last = mine[0] if mine else None
        quarantined, keywords = (
            provenance.quarantine(store, last["run"]) if last else ([], [])
        )
        rows.append(
            {
                "feed": feed.key,
                "iri": iri,
                "title": feed.title,
                "url": feed.url,
                "protocol": feed.protocol,
                "interval": feed.interval,
                "last_run": last,
                "quarantined": quarantined,
                "unmatched_keywords": keywords,
                "runs": len(mine),
            }
        )
    return rows


def _page(feeds, title: str, suffix: bool):
    rows = _status(feeds)
    if _wants_json(suffix):
        return jsonify({"feeds": rows})
    return render_template("harvest/status.html", rows=rows, heading=title)


@bp.get("/harvest", defaults={"suffix": ""})
@bp.get("/harvest.json", defaults={"suffix": ".json"})
def overview(suffix):
    """Every registered feed and its last harvest."""
    return _page(read_feeds(get_store()), "", bool(suffix))


@bp.get("/harvest/<partner>", defaults={"suffix": ""})
@bp.get("/harvest/<partner>.json", defaults={"suffix": ".json"})
def partner(partner, suffix):
    """The feeds of one partner."""
    feeds = [f for f in read_feeds(get_store()) if f.partner == partner]
    if not feeds:
        abort(404, f"Partner {partner!r} has no registered feeds")
    return _page(feeds, partner, bool(suffix))


@bp.get("/harvest/<partner>/<feed>", defaults={"suffix": ""})
@bp.get("/harvest/<partner>/<feed>.json", defaults={"suffix": ".json"})
def feed(partner, feed, suffix):
    """One feed: its last run, counts, errors and quarantined records."""
    key = f"{partner}/{feed}"
    feeds = [f for f in read_feeds(get_store()) if f.key == key]
    if not feeds:
        abort(404, f"There is no feed {key!r}")
    return _page(feeds, key, bool(suffix))
