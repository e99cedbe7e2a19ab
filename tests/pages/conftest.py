"""Fixtures for the page tests: an app over the real demo data, and its client."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_service.app import create_app
from graph_service.demo import init_bundles
from graph_service.store.embedded import EmbeddedStore
from tests.conftest import BASE

PAGES_DATA = Path(__file__).parent / "data"


def load_demo(store) -> None:
    """Load ontology, reference and demo data into ``store``."""
    for bundle in init_bundles(True):
        store.replace_graph(BASE + bundle.graph, bundle.read(), format=bundle.format)


def load_file(store, name: str, graph: str) -> None:
    """Load one file of ``tests/pages/data`` into ``{base}{graph}``."""
    store.replace_graph(BASE + graph, PAGES_DATA / name)


def caught_up(app) -> None:
    """Wait until the app's search index has caught up with every write."""
    assert app.extensions["search"].wait(timeout=60)


@pytest.fixture
def store():
    """A fresh in-memory store with the demo data."""
    store = EmbeddedStore(None, BASE)
    load_demo(store)
    yield store
    store.close()


@pytest.fixture
def app(store):
    return create_app({"STORE": "memory", "TESTING": True}, store=store)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def dutch(client):
    """A client whose browser asks for Dutch."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "nl"
    return client
