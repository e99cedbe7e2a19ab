"""Service Description, VoID, Graph Store reads, the named-query API and the editor."""

from __future__ import annotations

import pytest

from graph_service.queries import library
from tests.sparql.conftest import ITEMS_GRAPH, TEST_GRAPH

HTML = {"Accept": "text/html"}


@pytest.mark.parametrize(
    "accept, media_type",
    [
        ("text/turtle", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("*/*", "text/turtle"),
    ],
)
def test_service_description_without_a_query(client, accept, media_type):
    response = client.get("/sparql", headers={"Accept": accept})

    assert response.status_code == 200
    assert response.mimetype == media_type
    assert b"sparql-service-description#" in response.data
    assert TEST_GRAPH.encode() in response.data


def test_service_description_page_for_people(client):
    response = client.get("/sparql", headers=HTML)

    assert response.mimetype == "text/html"
    assert "QUERY_TIME_LIMIT" in response.get_data(as_text=True)


def test_void_has_statistics_per_named_graph(client):
    response = client.get("/sparql/void", headers={"Accept": "text/turtle"})

    text = response.get_data(as_text=True)
    assert f"sd:name <{ITEMS_GRAPH}>" in text
    assert "void:distinctSubjects 10" in text


@pytest.mark.parametrize(
    "accept, media_type",
    [
        ("text/turtle", "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("application/ld+json", "application/ld+json"),
        ("application/rdf+xml", "application/rdf+xml"),
    ],
)
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_graph_store_read_has_the_right_content_type(
    client, accept, media_type, method
):
    response = client.open(
        "/graph-store",
        method=method,
        query_string={"graph": TEST_GRAPH},
        headers={"Accept": accept},
    )

    assert response.status_code == 200
    assert response.mimetype == media_type
    assert bool(response.data) == (method == "GET")


def test_graph_store_default_graph_is_the_union(client):
    response = client.get(
        "/graph-store?default", headers={"Accept": "application/n-triples"}
    )

    assert response.data.count(b"\n") >= 25


def test_graph_store_unknown_graph_is_404(client):
    response = client.get(
        "/graph-store", query_string={"graph": "http://example.org/none"}
    )

    assert response.status_code == 404


def test_graph_store_needs_graph_or_default(client):
    assert client.get("/graph-store").status_code == 400


def test_openapi_has_a_path_per_named_query(client):
    document = client.get("/api/openapi.json").get_json()

    assert document["openapi"].startswith("3.")
    for query in library():
        assert f"/api/queries/{query.name}" in document["paths"]


def test_named_query_bad_value_is_400_naming_the_parameter(client):
    response = client.get("/api/queries/label", query_string={"resource": "not an iri"})

    assert response.status_code == 400
    assert "'resource'" in response.get_json()["error"]["message"]


def test_named_query_missing_parameter_is_400(client):
    response = client.get("/api/queries/label")

    assert response.status_code == 400
    assert "resource" in response.get_json()["error"]["message"]


def test_unknown_named_query_is_404(client):
    assert client.get("/api/queries/nothing_like_this").status_code == 404


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_named_query_answers_in_each_tabular_format(client, fmt):
    response = client.get(
        "/api/queries/label",
        query_string={
            "resource": "https://data.wijkwijzer.nl/id/publicatie/een",
            "format": fmt,
        },
    )

    assert response.status_code == 200
    assert "Een" in response.get_data(as_text=True)


def test_named_query_page_has_a_form(client):
    response = client.get("/api/queries/label", headers=HTML)

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="resource"' in html and 'type="url"' in html


def test_named_query_index_lists_every_query(client):
    listed = client.get("/api/queries").get_json()["queries"]

    assert {q["name"] for q in listed} == {q.name for q in library()}


def test_editor_shows_prefixes_and_examples(client):
    html = client.get("/sparql/editor").get_data(as_text=True)

    assert "static/sparql/editor.js" in html
    assert "PREFIX ww:" in html
    assert "sparql/editor?example=" in html


def test_editor_runs_the_query_without_javascript(client):
    response = client.get(
        "/sparql/editor",
        query_string={"query": "SELECT ?s WHERE { ?s a <http://schema.org/Report> }"},
    )

    html = response.get_data(as_text=True)
    assert 'href="/doc/publicatie/een"' in html
    for fmt in ("json", "xml", "csv", "tsv"):
        assert f"format={fmt}" in html


def test_editor_shows_errors_in_the_page(client):
    response = client.get("/sparql/editor", query_string={"query": "SELECT WHERE"})

    assert response.status_code == 400
    assert "sparql-error" in response.get_data(as_text=True)


@pytest.mark.parametrize("lang, word", [("nl", "Voorbeelden"), ("en", "Examples")])
def test_editor_speaks_dutch_and_english(client, lang, word):
    html = client.get("/sparql/editor", query_string={"lang": lang}).get_data(
        as_text=True
    )

    assert word in html
