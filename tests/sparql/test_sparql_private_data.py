"""Only public graphs are visible: nothing private can be reached by any query.

On the remote backend the graph ``urn:wijkwijzer:control`` holds bookkeeping;
every way of naming it (GRAPH ?g, FROM, FROM NAMED, the protocol's dataset
parameters, prefixes, escapes, the Graph Store Protocol) must come up empty.
Partners' tokens, the push audit and the admin secret never enter the RDF
store; a partner pushes, a stranger is refused, and every query that could
show the whole dataset is asked for them. The embedded backend's checkpoint
follows writes.
"""

from __future__ import annotations

import time

import pytest

from graph_service.store.base import CONTROL_GRAPH
from graph_service.store.embedded import EmbeddedStore
from tests.conftest import BASE, DATA, remote_store
from tests.loaders.conftest import item
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


PUSHED = BASE + "id/publicatie/gepusht"
TURTLE = "text/turtle"
PUSH_BODY = item("gepusht", "Gepusht")

# Every way a query could show the whole dataset, in a text format.
WHOLE_DATASET = [
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "application/n-triples"),
    (
        "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }",
        "text/tab-separated-values",
    ),
    (
        "SELECT ?s ?p ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } "
        'FILTER(CONTAINS(LCASE(STR(?o)), "ww_") || CONTAINS(STR(?o), "sqlite")) }',
        "application/sparql-results+json",
    ),
    ("SELECT * WHERE { ?s ?p ?o FILTER(ISLITERAL(?o)) }", "text/csv"),
]


@pytest.mark.slow
def test_tokens_push_log_and_admin_secret_are_unreachable_by_any_query(tmp_path):
    """A partner pushes with a token, a stranger is refused; then every query tries.

    The push and the refusal are audited (checked); the token, its hash, the
    refused token and the admin secret come back from none of the endpoint,
    the Graph Store Protocol, the Service Description or VoID, on the
    embedded store whose checkpoint the workers read.
    """
    from graph_service.demo import demo_bundles, ontology_bundle
    from graph_service.private import hash_token

    store = EmbeddedStore(tmp_path / "var" / "store", BASE)
    for bundle in (ontology_bundle(), demo_bundles()[0]):
        store.replace_graph(BASE + bundle.graph, bundle.read(), format="ttl")
    app = make_app(
        store,
        STORE="embedded",
        DATA_DIR=str(tmp_path / "var"),
        QUERY_REFRESH_SECONDS=0,
        ADMIN_TOKEN="admin-secret-7f3a",
    )
    client = app.test_client()
    private = app.extensions["private"]
    secret, _row = private.create_token("platform31")
    stranger = "ww_" + "x" * 40
    own = BASE + "graph/feed/platform31/push"
    try:
        pushed, refused = (
            client.put(
                "/graph-store",
                query_string={"graph": own},
                data=PUSH_BODY.encode(),
                headers={"Authorization": f"Bearer {bearer}", "Content-Type": TURTLE},
            )
            for bearer in (secret, stranger)
        )
        assert (pushed.status_code, refused.status_code) == (201, 401)
        audit = private.audit_rows()
        assert [row["status"] for row in audit] == [401, 201]

        # The workers' checkpoint has caught up with the push.
        seen = f"ASK {{ <{PUSHED}> ?p ?o }}"
        deadline = time.monotonic() + 15
        while not client.get("/sparql", query_string={"query": seen}).get_json()[
            "boolean"
        ]:
            assert time.monotonic() < deadline, "the checkpoint never showed the push"
            time.sleep(0.1)

        answers = [
            client.post("/sparql", data={"query": query}, headers={"Accept": accept})
            for query, accept in WHOLE_DATASET
        ]
        answers.append(
            client.get("/graph-store?default", headers={"Accept": "text/turtle"})
        )
        answers.append(client.get("/sparql", headers={"Accept": "text/turtle"}))
        answers.append(client.get("/sparql/void", headers={"Accept": "text/turtle"}))
        checkpoint_files = [
            path.name for path in (tmp_path / "var" / "query-checkpoints").rglob("*")
        ]
    finally:
        app.extensions["public_queries"].close()
        store.close()

    assert all(answer.status_code == 200 for answer in answers)
    assert PUSHED.encode() in answers[0].data  # the whole public dataset came back
    assert answers[2].get_json()["results"]["bindings"] == []
    secrets_ = [
        secret,
        hash_token(secret),
        stranger,
        hash_token(stranger),
        "admin-secret-7f3a",
    ]
    for answer in answers:
        for value in secrets_:
            assert value.encode() not in answer.data
        assert b"private.sqlite" not in answer.data
    assert checkpoint_files  # the workers read a checkpoint of the store ...
    assert not [name for name in checkpoint_files if "sqlite" in name]  # ... alone
