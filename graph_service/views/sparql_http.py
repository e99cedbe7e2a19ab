"""What the SPARQL, Graph Store and API blueprints share: CORS, errors, rate limit.

Errors keep the one JSON shape of ``views/errors.py``; machine clients (any
client that does not prefer HTML) get JSON, with ``Retry-After`` on 429/503.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import HTTPException

from graph_service.errors import QueryBusyError, WijkWijzerError
from graph_service.public_query.service import PublicQueries
from graph_service.views.errors import error_response

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type, If-None-Match",
    "Access-Control-Expose-Headers": "ETag, Retry-After, Content-Disposition",
    "Access-Control-Max-Age": "86400",
}
# Set in the WSGI environ once a request has been counted against the rate limit.
COUNTED = "wijkwijzer.query_counted"


def public_queries() -> PublicQueries:
    """The public query service of the current app."""
    return current_app.extensions["public_queries"]


def rate_limit() -> None:
    """Count this request against its client's QUERY_RATE_LIMIT."""
    from flask_babel import gettext as _

    from graph_service.errors import RateLimitedError

    if request.environ.get(COUNTED):
        return
    request.environ[COUNTED] = True
    wait = current_app.extensions["query_rate_limit"].take(request.remote_addr or "")
    if wait:
        raise RateLimitedError(
            _(
                "Too many queries from your address (setting QUERY_RATE_LIMIT: "
                "%(n)d per minute); try again in %(s)d seconds.",
                n=current_app.config["QUERY_RATE_LIMIT"],
                s=wait,
            ),
            retry_after=wait,
        )


def prefers_html() -> bool:
    """True for a browser: HTML preferred over JSON."""
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "text/html"


def _error(status: int, kind: str, message: str, retry_after: int | None = None):
    if prefers_html():
        body, status = error_response(status, kind, message)
        response = current_app.make_response((body, status))
    else:
        body = {"error": {"status": status, "type": kind, "message": message}}
        response = current_app.make_response((body, status))
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


def install(bp: Blueprint) -> None:
    """Add CORS headers and the error shape to every answer of ``bp``."""

    @bp.after_request
    def add_cors(response: Response) -> Response:
        headers = response.headers
        if "Access-Control-Allow-Origin" not in headers:
            headers.extend(CORS_HEADERS)
        return response

    @bp.errorhandler(WijkWijzerError)
    def known_error(error: WijkWijzerError):
        retry = error.retry_after if isinstance(error, QueryBusyError) else None
        return _error(error.status, type(error).__name__, str(error), retry)

    @bp.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        response = _error(error.code or 500, error.name, error.description or "")
        allow = error.get_response().headers.get("Allow")
        if allow:
            response.headers["Allow"] = allow
        return response
