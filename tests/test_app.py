"""The web app: landing page, error shape, admin API guarded by a token."""

from __future__ import annotations

import pytest

from graph_service.app import create_app
from graph_service.store.embedded import EmbeddedStore
from tests.conftest import BASE, DATA


@pytest.fixture
def app():
    """An app over a fresh in-memory store with two publications."""
    store = EmbeddedStore(None, BASE)
    store.replace_graph(BASE + "graph/test", DATA / "store" / "two_publications.ttl")
    app = create_app({"STORE": "memory", "TESTING": True}, store=store)
    app.config["ADMIN_TOKEN"] = "secret-token"
    return app


@pytest.fixture
def client(app):
    return app.test_client()


def test_home_counts_reports(client):
    response = client.get("/")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="nl">' in html
    assert '<td>Rapporten</td><td class="num">2</td>' in html


def test_unknown_page_is_404_with_json_error_shape(client):
    response = client.get("/nergens", headers={"Accept": "application/json"})

    assert response.status_code == 404
    assert set(response.get_json()["error"]) == {"status", "type", "message"}


def test_admin_api_needs_the_token(client):
    assert client.get("/_admin/graphs").status_code == 401

    response = client.get(
        "/_admin/graphs", headers={"Authorization": "Bearer secret-token"}
    )

    assert response.status_code == 200
    assert response.get_json()["graphs"][0]["triples"] == 5


def test_admin_api_is_absent_without_a_token(app):
    app.config["ADMIN_TOKEN"] = None

    assert app.test_client().get("/_admin/graphs").status_code == 404


def test_admin_load_with_syntax_error_is_a_400_naming_the_source(client):
    response = client.put(
        "/_admin/graphs?graph=" + BASE + "graph/test",
        data=(DATA / "store" / "syntax_error_line_5.ttl").read_bytes(),
        headers={
            "Authorization": "Bearer secret-token",
            "Content-Type": "text/turtle",
            "X-Source": "upload.ttl",
        },
    )

    assert response.status_code == 400
    assert "upload.ttl, line 5" in response.get_json()["error"]["message"]
