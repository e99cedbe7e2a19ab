"""Only public graphs are visible: the remote store's control graph cannot be reached.

On the remote backend the graph ``urn:wijkwijzer:control`` holds bookkeeping;
every way of naming it (GRAPH ?g, FROM, FROM NAMED, the protocol's dataset
parameters, prefixes, escapes, the Graph Store Protocol) must come up empty.
The embedded backend keeps nothing private in the store; its checkpoint
follows writes.
"""

from __future__ import annotations

import time

import pytest

from graph_service.store.base import CONTROL_GRAPH
from graph_service.store.embedded import EmbeddedStore
from tests.conftest import BASE, DATA, remote_store
from tests.sparql.conftest import TEST_GRAPH, make_app

CONTROL_QUERIES = [
    ("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", {}),
    (f"SELECT * WHERE {{ GRAPH <{CONTROL_GRAPH}> {{ ?s ?p ?o }} }}", {}),
    (f"SELECT * FROM <{CONTROL_GRAPH}> WHERE {{ ?s ?p ?o }}", {}),
    (f"SELECT * FROM NAMED <{CONTROL_GRAPH}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", {}),
    (
        "PREFIX c: <urn:wijkwijzer:> SELECT * FROM c:control WHERE { ?s ?p ?o }",
        {},
    ),
    (
        "SELECT * FROM <urn:wijkwijzer:contro\\u006C> WHERE { ?s ?p ?o }",
        {},
    ),
    ("SELECT * WHERE { ?s ?p ?o }", {"default-graph-uri": CONTROL_GRAPH}),
    (
        "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }",
        {"named-graph-uri": CONTROL_GRAPH},
    ),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"default-graph-uri": CONTROL_GRAPH}),
    (f"DESCRIBE <{CONTROL_GRAPH}>", {}),
]


@pytest.fixture
def remote_app(oxigraph_server):
    store = remote_store(oxigraph_server)
    store.replace_graph(TEST_GRAPH, DATA / "store" / "two_publications.ttl")
    app = make_app(store)
    yield app
    app.extensions["public_queries"].close()
    store.close()


@pytest.mark.parametrize("query, params", CONTROL_QUERIES)
def test_control_graph_is_unreachable_on_the_remote_store(remote_app, query, params):
    response = remote_app.test_client().post(
        "/sparql", data={"query": query, **params}, headers={"Accept": "*/*"}
    )

    assert response.status_code == 200
    assert CONTROL_GRAPH.encode() not in response.data
    assert b"#version" not in response.data


def test_public_graphs_are_visible_on_the_remote_store(remote_app):
    response = remote_app.test_client().get(
        "/sparql",
        query_string={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"},
    )

    graphs = [b["g"]["value"] for b in response.get_json()["results"]["bindings"]]
    assert graphs == [TEST_GRAPH]


def test_graph_store_does_not_serve_the_control_graph(remote_app):
    client = remote_app.test_client()

    assert (
        client.get("/graph-store", query_string={"graph": CONTROL_GRAPH}).status_code
        == 404
    )
    default = client.get("/graph-store?default")
    assert default.status_code == 200 and CONTROL_GRAPH.encode() not in default.data


def test_service_description_lists_no_control_graph(remote_app):
    response = remote_app.test_client().get(
        "/sparql", headers={"Accept": "text/turtle"}
    )

    assert TEST_GRAPH.encode() in response.data
    assert CONTROL_GRAPH.encode() not in response.data


@pytest.mark.slow
def test_embedded_checkpoint_follows_writes(tmp_path):
    store = EmbeddedStore(tmp_path / "var" / "store", BASE)
    store.replace_graph(TEST_GRAPH, DATA / "store" / "two_publications.ttl")
    app = make_app(
        store, STORE="embedded", DATA_DIR=str(tmp_path / "var"), QUERY_REFRESH_SECONDS=0
    )
    client = app.test_client()
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    try:
        before = client.get("/sparql", query_string={"query": count}).get_json()
        store.replace_graph(BASE + "graph/more", DATA / "store" / "partner_graph.nt")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            after = client.get("/sparql", query_string={"query": count}).get_json()
            if after != before:
                break
            time.sleep(0.05)
    finally:
        app.extensions["public_queries"].close()
        store.close()

    assert before["results"]["bindings"][0]["n"]["value"] == "5"
    assert after != before
    assert not (tmp_path / "var" / "query-checkpoints").exists()
