"""The SPARQL 1.1 Protocol on /sparql: methods, bodies, formats, status codes."""

from __future__ import annotations

import json

import pytest

from tests.sparql.conftest import TEST_GRAPH

SELECT = "SELECT ?s WHERE { ?s a <http://schema.org/Report> } ORDER BY ?s LIMIT 2"
ASK = "ASK { ?s a <http://schema.org/Report> }"
CONSTRUCT = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 2"
DESCRIBE = "DESCRIBE <https://data.wijkwijzer.nl/id/publicatie/een>"


def test_get_query_answers_json_by_default(client):
    response = client.get("/sparql", query_string={"query": SELECT})

    assert response.status_code == 200
    assert response.mimetype == "application/sparql-results+json"
    assert len(response.get_json()["results"]["bindings"]) == 2


def test_url_encoded_post_answers_the_query(client):
    response = client.post("/sparql", data={"query": ASK})

    assert response.status_code == 200
    assert response.get_json()["boolean"] is True


def test_direct_post_answers_the_query(client):
    response = client.post(
        "/sparql", data=ASK, headers={"Content-Type": "application/sparql-query"}
    )

    assert response.status_code == 200
    assert response.get_json()["boolean"] is True


@pytest.mark.parametrize(
    "query, accept, media_type",
    [
        (SELECT, "application/sparql-results+json", "application/sparql-results+json"),
        (SELECT, "application/sparql-results+xml", "application/sparql-results+xml"),
        (SELECT, "text/csv", "text/csv"),
        (SELECT, "text/tab-separated-values", "text/tab-separated-values"),
        (ASK, "application/sparql-results+json", "application/sparql-results+json"),
        (ASK, "application/sparql-results+xml", "application/sparql-results+xml"),
        (CONSTRUCT, "text/turtle", "text/turtle"),
        (CONSTRUCT, "application/n-triples", "application/n-triples"),
        (CONSTRUCT, "application/ld+json", "application/ld+json"),
        (CONSTRUCT, "application/rdf+xml", "application/rdf+xml"),
        (CONSTRUCT, "application/n-quads", "application/n-quads"),
        (DESCRIBE, "text/turtle", "text/turtle"),
        (DESCRIBE, "application/ld+json", "application/ld+json"),
    ],
)
def test_each_result_format_is_served_with_its_media_type(
    client, query, accept, media_type
):
    response = client.get(
        "/sparql", query_string={"query": query}, headers={"Accept": accept}
    )

    assert response.status_code == 200
    assert response.mimetype == media_type
    assert response.data


@pytest.mark.parametrize(
    "accept, media_type",
    [
        (
            "text/csv;q=0.4, application/sparql-results+xml;q=0.9",
            "application/sparql-results+xml",
        ),
        ("text/*", "text/csv"),
        ("*/*", "application/sparql-results+json"),
        ("application/json", "application/sparql-results+json"),
        ("image/png, text/tab-separated-values;q=0.1", "text/tab-separated-values"),
    ],
)
def test_accept_with_q_values_and_wildcards_is_negotiated(client, accept, media_type):
    response = client.get(
        "/sparql", query_string={"query": SELECT}, headers={"Accept": accept}
    )

    assert response.mimetype == media_type


def test_construct_with_wildcard_answers_turtle(client):
    response = client.get(
        "/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": "*/*"}
    )

    assert response.mimetype == "text/turtle"


def test_unacceptable_accept_is_406(client):
    response = client.get(
        "/sparql", query_string={"query": SELECT}, headers={"Accept": "image/png"}
    )

    assert response.status_code == 406


def test_format_parameter_overrides_accept(client):
    response = client.get(
        "/sparql",
        query_string={"query": SELECT, "format": "tsv"},
        headers={"Accept": "text/csv"},
    )

    assert response.mimetype == "text/tab-separated-values"


def test_two_query_parameters_are_a_400(client):
    response = client.get(
        "/sparql?query=ASK%7B%7D&query=ASK%7B%7D", headers={"Accept-Language": "en"}
    )

    assert response.status_code == 400
    assert "more than one query" in response.get_json()["error"]["message"]


def test_query_in_url_and_direct_body_is_a_400(client):
    response = client.post(
        "/sparql?query=ASK%7B%7D",
        data="ASK {}",
        headers={"Content-Type": "application/sparql-query"},
    )

    assert response.status_code == 400


def test_syntax_error_is_a_400_with_line_and_column(client):
    response = client.get(
        "/sparql",
        query_string={"query": "SELECT ?s\nWHERE { ?s ?p }"},
        headers={"Accept-Language": "en"},
    )

    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["type"] == "QuerySyntaxError"
    assert "line 2, column" in error["message"]


def test_engine_error_text_is_not_passed_raw(client):
    response = client.get(
        "/sparql", query_string={"query": "SELECT ?s WHERE { ?s ?p }"}
    )

    assert "error at" not in response.get_data(as_text=True)


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405_with_allow(client, method):
    response = client.open("/sparql?query=ASK%7B%7D", method=method)

    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]


@pytest.mark.parametrize("content_type", ["text/plain", None, "application/json"])
def test_post_with_another_media_type_is_415(client, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/sparql", data=b"ASK {}", headers=headers)

    assert response.status_code == 415


def test_direct_post_in_utf16_is_refused(client):
    response = client.post(
        "/sparql",
        data="ASK {}".encode("utf-16"),
        headers={"Content-Type": "application/sparql-query; charset=UTF-16"},
    )

    assert response.status_code == 415


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"query_string": {"update": "CLEAR ALL"}},
        {"method": "POST", "data": {"update": "CLEAR ALL"}},
        {
            "method": "POST",
            "data": "CLEAR ALL",
            "headers": {"Content-Type": "application/sparql-update"},
        },
        {"query_string": {"query": "INSERT DATA { <a:a> <a:b> <a:c> }"}},
        {"query_string": {"query": "PREFIX x: <a:> DELETE WHERE { ?s ?p ?o }"}},
    ],
    ids=["update-get", "update-form", "update-direct", "insert-as-query", "delete"],
)
def test_updates_are_refused(client, request_kwargs):
    kwargs = {"method": "GET", **request_kwargs}
    response = client.open("/sparql", **kwargs)

    assert response.status_code == 400
    assert "updates" in response.get_json()["error"]["message"]


def test_default_graph_uri_limits_the_default_graph(client):
    response = client.get(
        "/sparql",
        query_string={
            "query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
            "default-graph-uri": TEST_GRAPH,
        },
    )

    assert response.get_json()["results"]["bindings"][0]["n"]["value"] == "5"


def test_named_graph_uri_limits_the_named_graphs(client):
    response = client.get(
        "/sparql",
        query_string={
            "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
            "named-graph-uri": TEST_GRAPH,
        },
    )

    graphs = [b["g"]["value"] for b in response.get_json()["results"]["bindings"]]
    assert graphs == [TEST_GRAPH]


def test_graph_uri_that_is_not_an_iri_is_a_400(client):
    response = client.get(
        "/sparql", query_string={"query": ASK, "default-graph-uri": "no iri"}
    )

    assert response.status_code == 400


def test_cors_headers_on_get_post_and_preflight(client):
    get = client.get("/sparql", query_string={"query": ASK})
    post = client.post("/sparql", data={"query": ASK})
    preflight = client.options("/sparql", headers={"Origin": "https://x.example"})

    for response in (get, post, preflight):
        assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]


def test_get_has_an_etag_and_if_none_match_gives_304(client):
    first = client.get("/sparql", query_string={"query": SELECT})
    again = client.get(
        "/sparql",
        query_string={"query": SELECT},
        headers={"If-None-Match": first.headers["ETag"]},
    )

    assert first.headers["ETag"]
    assert again.status_code == 304
    assert again.headers["ETag"] == first.headers["ETag"]


def test_etag_differs_per_format(client):
    json_answer = client.get("/sparql", query_string={"query": SELECT})
    csv_answer = client.get("/sparql", query_string={"query": SELECT, "format": "csv"})

    assert json_answer.headers["ETag"] != csv_answer.headers["ETag"]


def test_head_answers_headers_only(client):
    response = client.head("/sparql", query_string={"query": SELECT})

    assert response.status_code == 200
    assert response.mimetype == "application/sparql-results+json"
    assert response.data == b""


def test_errors_keep_the_one_json_shape(client):
    response = client.get("/sparql", query_string={"query": "SELECT"})

    assert set(response.get_json()["error"]) == {"status", "type", "message"}


def test_browser_gets_the_results_page(client):
    response = client.get(
        "/sparql",
        query_string={"query": SELECT},
        headers={"Accept": "text/html,*/*;q=0.8"},
    )

    assert response.mimetype == "text/html"
    assert "/doc/publicatie/een" in response.get_data(as_text=True)


def test_select_answer_is_complete_json(client):
    response = client.get(
        "/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"}
    )

    assert len(json.loads(response.data)["results"]["bindings"]) > 5


def test_error_messages_are_dutch_by_default(client):
    response = client.get(
        "/sparql", query_string={"query": "SELECT ?s\nWHERE { ?s ?p }"}
    )

    assert "regel 2, kolom" in response.get_json()["error"]["message"]
