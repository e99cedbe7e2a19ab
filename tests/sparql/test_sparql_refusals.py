"""Queries refused before any engine sees them: network access, updates, size, depth."""

from __future__ import annotations

import pytest

from graph_service.public_query.scan import scan


def _error(client, query):
    response = client.get("/sparql", query_string={"query": query})
    return response.status_code, response.get_json()["error"]["message"]


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { service silent <http://localhost/> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE?x{ ?s ?p ?o } }",
        "SELECT * WHERE { # a comment\n SeRvIcE <http://169.254.169.254/> {} }",
    ],
)
def test_service_is_refused(client, query):
    status, message = _error(client, query)

    assert status == 400
    assert "SERVICE" in message


@pytest.mark.parametrize(
    "query",
    [
        "LOAD <http://127.0.0.1:1/data.ttl>",
        "LOAD SILENT <file:///etc/passwd> INTO GRAPH <urn:x>",
        "CLEAR ALL",
        "DROP GRAPH <urn:wijkwijzer:control>",
        "PREFIX x: <urn:x> WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "COPY DEFAULT TO <urn:x>",
    ],
)
def test_load_and_other_updates_are_refused(client, query):
    status, message = _error(client, query)

    assert status == 400
    assert "updates" in message


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?service WHERE { ?service a <http://schema.org/Service> }",
        'SELECT * WHERE { ?s ?p "SERVICE <http://127.0.0.1/> {}" }',
        "SELECT * WHERE { ?s <http://e/SERVICE> ?o } # SERVICE <http://x/> {}",
        "PREFIX service: <http://e/> SELECT * WHERE { ?s service:x ?o }",
    ],
)
def test_the_word_service_elsewhere_is_not_refused(client, query):
    response = client.get("/sparql", query_string={"query": query})

    assert response.status_code == 200


def test_query_over_the_length_limit_is_refused(app_with):
    client = app_with(QUERY_MAX_LENGTH=100).test_client()

    status, message = _error(client, "ASK {}" + " " * 200)

    assert status == 400
    assert "QUERY_MAX_LENGTH" in message


@pytest.mark.parametrize("bracket", ["{}", "()", "[]"])
def test_query_nested_deeper_than_the_limit_is_refused(client, bracket):
    opened, closed = bracket
    query = "SELECT * WHERE " + opened * 40 + closed * 40

    status, message = _error(client, query)

    assert status == 400
    assert "QUERY_MAX_DEPTH" in message


def test_thousands_of_levels_are_refused_without_running(client):
    response = client.post("/sparql", data={"query": "ASK " + "{" * 5000 + "}" * 5000})

    assert response.status_code == 400
    assert "QUERY_MAX_DEPTH" in response.get_json()["error"]["message"]


def test_scanner_survives_hostile_input():
    text = "{" * 200000 + '"""' + "\\" * 1000 + "<" * 1000

    found = scan(text)

    assert found.depth == 200000 and not found.balanced


def test_scanner_reads_dataset_clauses_through_prefixes_and_escapes():
    found = scan(
        "PREFIX c: <urn:wijkwijzer:> SELECT * FROM c:control "
        "FROM NAMED <urn:wijkwijzer:contro\\u006C> WHERE { ?s ?p ?o }"
    )

    assert found.default_graphs == ["urn:wijkwijzer:control"]
    assert found.named_graphs == ["urn:wijkwijzer:control"]
