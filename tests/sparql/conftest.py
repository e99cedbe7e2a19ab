"""Fixtures for the SPARQL endpoint: apps over small stores, with real workers."""

from __future__ import annotations

import pytest

from graph_service.app import create_app
from graph_service.store.embedded import EmbeddedStore
from tests.conftest import BASE, DATA

SPARQL_DATA = DATA / "sparql"
W3C = "http://kasei.us/2009/09/sparql/data/"
TEST_GRAPH = BASE + "graph/test"
ITEMS_GRAPH = BASE + "graph/items"


def seeded_memory_store() -> EmbeddedStore:
    """Two publications, ten items and the three graphs of the W3C tests."""
    store = EmbeddedStore(None, BASE)
    store.replace_graph(TEST_GRAPH, DATA / "store" / "two_publications.ttl")
    store.replace_graph(ITEMS_GRAPH, SPARQL_DATA / "ten_items.ttl")
    for n in (1, 2, 3):
        store.replace_graph(f"{W3C}data{n}.rdf", SPARQL_DATA / f"w3c_data{n}.nt")
    return store


def make_app(store, **settings):
    """An app over ``store`` with the rate limit off unless a test sets it."""
    config = {"STORE": "memory", "TESTING": True, "QUERY_RATE_LIMIT": 0}
    config.update(settings)
    return create_app(config, store=store)


@pytest.fixture(scope="module")
def shared_app():
    """One app per test module over the seeded store; its workers stop after."""
    app = make_app(seeded_memory_store())
    yield app
    app.extensions["public_queries"].close()


@pytest.fixture
def client(shared_app):
    return shared_app.test_client()


@pytest.fixture
def app_with():
    """Build apps with particular settings; their workers stop after the test."""
    made = []

    def build(store=None, **settings):
        app = make_app(store or seeded_memory_store(), **settings)
        made.append(app)
        return app

    yield build
    for app in made:
        app.extensions["public_queries"].close()
