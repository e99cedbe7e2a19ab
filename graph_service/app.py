"""The Flask application factory."""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from graph_service import settings
from graph_service.resources import resource_path
from graph_service.store import GraphStore, open_store


def create_app(config: dict | None = None, store: GraphStore | None = None) -> Flask:
    """Build the app: defaults, config file, ``WIJKWIJZER_*`` environment, ``config``.

    ``store`` lets a caller (the CLI, a test) hand over a store it already
    opened; otherwise the app opens the one the settings name.
    """
    app = Flask(
        __name__,
        template_folder=str(resource_path("templates")),
        static_folder=str(resource_path("templates") / "static"),
    )
    app.config.update(settings.resolve(config))
    app.config["SECRET_KEY"] = app.config["SECRET_KEY"] or _secret_key(app.config)
    app.session_interface = CookieSessions()
    logging.basicConfig(level=app.config["LOG_LEVEL"])

    app.extensions["store"] = store if store is not None else open_store(app.config)

    from graph_service import i18n
    from graph_service.search import service as search
    from graph_service.views import admin, documents, errors, home, lists, site

    i18n.init_app(app)
    search.init_app(app, app.extensions["store"])
    errors.register(app)
    app.register_blueprint(home.bp)
    app.register_blueprint(admin.bp)
    from graph_service.views import harvest as harvest_views

    app.register_blueprint(harvest_views.bp)
    app.register_blueprint(documents.bp)
    app.register_blueprint(lists.bp)
    app.register_blueprint(site.bp)

    from graph_service.views import sparql

    sparql.init_app(app)
    from graph_service.views import push

    push.init_app(app)
    from loaders import scheduler

    scheduler.init_app(app)
    return app


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, skipping the signer when no cookie came.

    Most requests (every SPARQL query, every page view) carry no session
    cookie; building the signer for them cost more than the rest of the
    request's bookkeeping.
    """

    def open_session(self, app, request):
        if "HTTP_COOKIE" not in request.environ or (
            self.get_cookie_name(app) not in request.cookies
        ):
            return self.session_class()
        return super().open_session(app, request)


def _secret_key(config: dict) -> str:
    """A stable random key kept in DATA_DIR, or a fresh one for in-memory stores."""
    if config["STORE"] == "memory":
        return secrets.token_hex(32)
    path = Path(config["DATA_DIR"]) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def get_store(app: Flask | None = None) -> GraphStore:
    """The store of the current (or given) app."""
    from flask import current_app

    return (app or current_app).extensions["store"]
