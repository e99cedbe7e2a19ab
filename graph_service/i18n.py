"""Languages of the interface: Dutch first, English available.

The language is chosen, in order, by ``?lang=``, the ``lang`` cookie set by
the language switch, the browser's ``Accept-Language``, and DEFAULT_LANGUAGE.
UI strings live in gettext catalogues under ``graph_service/translations``.
"""

from __future__ import annotations

from flask import Flask, current_app, g, has_request_context, request
from flask_babel import Babel
from werkzeug.wrappers import Request

LANGUAGES = ("nl", "en")


def select_locale() -> str:
    """The language for this request.

    Outside a request context, the language of the request the query lane
    (``views/sparql_lane.py``) is answering, read from its WSGI environ.
    """
    if has_request_context():
        asked_by = request
    elif g and g.get("lane_request") is not None:
        asked_by = Request(g.lane_request)
    else:
        return current_app.config["DEFAULT_LANGUAGE"]
    asked = asked_by.args.get("lang") or asked_by.cookies.get("lang")
    if asked in LANGUAGES:
        return asked
    best = asked_by.accept_languages.best_match(LANGUAGES)
    return best or current_app.config["DEFAULT_LANGUAGE"]


def init_app(app: Flask) -> None:
    """Install Babel with our locale selector and catalogue folder."""
    Babel(
        app,
        locale_selector=select_locale,
        default_translation_directories="translations",
    )
    app.jinja_env.globals["current_language"] = select_locale
