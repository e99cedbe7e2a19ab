"""The pages over the remote SPARQL backend: a smoke test on a real server."""

from __future__ import annotations

import pytest

from graph_service.app import create_app
from tests.conftest import remote_store
from tests.pages.conftest import caught_up, load_demo, load_file


@pytest.mark.slow
def test_pages_search_and_twins_work_over_a_remote_store(oxigraph_server):
    store = remote_store(oxigraph_server)
    load_demo(store)
    app = create_app({"STORE": "remote", "TESTING": True}, store=store)
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "nl"

    assert "Begin bij een leefgebied" in client.get("/").get_data(as_text=True)
    item = client.get("/doc/publicatie/lokale-gegevensdeling-jeugdoverlast")
    assert "gedeelde thema" in item.get_data(as_text=True)
    assert client.get("/doc/thema/jeugd.ttl").mimetype == "text/turtle"
    assert "Naar een wendbare wijkaanpak" in client.get(
        "/zoeken?q=buurtaanpak"
    ).get_data(as_text=True)

    load_file(store, "harvested_item.ttl", "graph/feed/platform31/artikelen")
    caught_up(app)

    assert "Geoogst artikel" in client.get("/zoeken?q=geoogst").get_data(as_text=True)
    store.close()
