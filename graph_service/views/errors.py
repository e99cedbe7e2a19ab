"""One error type, one handler, one JSON error shape.

Every error answers ``{"error": {"status": ..., "type": ..., "message": ...}}``
to clients that want JSON (always on API routes that set ``g.json_errors``),
and an HTML page naming the problem to browsers. A failed push adds its
``report`` beside ``error``; a 401 carries ``WWW-Authenticate: Bearer``.
"""

from __future__ import annotations

import logging

from flask import Flask, g, render_template, request
from werkzeug.exceptions import HTTPException

from graph_service.errors import WijkWijzerError

logger = logging.getLogger(__name__)


def error_response(status: int, kind: str, message: str):
    """Render an error as JSON or HTML, whichever the client prefers."""
    wants_json = (
        request.path.startswith("/_admin")
        or g.get("json_errors", False)
        or request.accept_mimetypes.best_match(["text/html", "application/json"])
        == "application/json"
    )
    if wants_json:
        body = {"error": {"status": status, "type": kind, "message": message}}
        return body, status
    page = render_template("error.html", status=status, kind=kind, message=message)
    return page, status


def register(app: Flask) -> None:
    """Install the handlers on ``app``."""

    @app.errorhandler(WijkWijzerError)
    def known_error(error: WijkWijzerError):
        body, status = error_response(error.status, type(error).__name__, str(error))
        if isinstance(body, dict) and hasattr(error, "report"):
            body["report"] = error.report
        return body, status, getattr(error, "headers", None) or {}

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return error_response(error.code or 500, error.name, error.description or "")

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        logger.exception("Unhandled error on %s", request.path)
        return error_response(
            500, "InternalServerError", "Something went wrong on our side."
        )
