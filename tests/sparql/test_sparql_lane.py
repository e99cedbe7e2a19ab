"""The query lane answers plain queries as the Flask view would, without Flask."""

from __future__ import annotations

import io
from contextlib import contextmanager

import pytest
from flask import request_started
from werkzeug.test import Client

from tests.sparql.conftest import ITEMS_GRAPH, TEST_GRAPH

SELECT = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 5"
PLAIN = {
    "get-json": {"query_string": {"query": SELECT}},
    "get-csv-dataset": {
        "query_string": {"query": SELECT, "default-graph-uri": TEST_GRAPH},
        "headers": {"Accept": "text/csv"},
    },
    "form-xml": {
        "method": "POST",
        "data": {"query": SELECT, "named-graph-uri": ITEMS_GRAPH},
        "headers": {"Accept": "application/sparql-results+xml"},
    },
    "direct-construct": {
        "method": "POST",
        "data": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3",
        "headers": {
            "Content-Type": "application/sparql-query",
            "Accept": "application/n-triples",
        },
    },
    "ask-xml-q-values": {
        "query_string": {"query": "ASK { ?s ?p ?o }"},
        "headers": {"Accept": "text/html;q=0.1, application/sparql-results+xml"},
    },
}
FAILING = {
    "service": {"query_string": {"query": "SELECT * { SERVICE <http://x/> { } }"}},
    "syntax-nl": {"query_string": {"query": "SELECT ?s WHERE { ?s ?p }}"}},
    "syntax-en": {
        "query_string": {"query": "SELECT ?s WHERE { ?s ?p }}"},
        "headers": {"Accept-Language": "en"},
    },
    "syntax-lang-arg": {
        "method": "POST",
        "query_string": {"lang": "en"},
        "data": {"query": "SELECT ?s WHERE { ?s ?p }}"},
    },
    "not-acceptable": {
        "query_string": {"query": SELECT},
        "headers": {"Accept": "image/png"},
    },
    "browser-refusal": {
        "query_string": {"query": "SELECT * { SERVICE <http://x/> { } }"},
        "headers": {"Accept": "text/html,application/xhtml+xml"},
        "method": "POST",
    },
}


@pytest.fixture
def flask_only(shared_app):
    """A client of the app without the lane: every request through Flask."""
    return Client(shared_app.wsgi_app.wrapped)


@contextmanager
def flask_requests():
    """A list that collects every request Flask itself starts meanwhile."""
    started = []

    def count(sender, **extra):
        started.append(sender)

    with request_started.connected_to(count):
        yield started


def _seen(response) -> tuple:
    headers = sorted((k, v) for k, v in response.headers.items() if k != "Date")
    return response.status_code, headers, response.get_data()


@pytest.mark.parametrize("kwargs", PLAIN.values(), ids=PLAIN.keys())
def test_a_plain_query_gets_the_same_answer_without_flask(client, flask_only, kwargs):
    kwargs = {"method": "GET", **kwargs}
    with flask_requests() as started:
        lane = client.open("/sparql", **kwargs)
    direct = flask_only.open("/sparql", **kwargs)

    assert started == [], "the lane handed a plain query to Flask"
    assert lane.status_code == 200
    assert _seen(lane) == _seen(direct)


@pytest.mark.parametrize("kwargs", FAILING.values(), ids=FAILING.keys())
def test_an_error_from_the_lane_is_the_views_error(client, flask_only, kwargs):
    kwargs = {"method": "GET", **kwargs}

    lane = client.open("/sparql", **kwargs)
    direct = flask_only.open("/sparql", **kwargs)

    assert lane.status_code >= 400
    assert _seen(lane) == _seen(direct)


def test_error_messages_follow_the_language_of_the_request(client):
    query = {"query": "SELECT ?s WHERE { ?s ?p }}"}

    dutch = client.get("/sparql", query_string=query).get_json()
    english = client.get("/sparql", query_string={**query, "lang": "en"}).get_json()

    assert "regel" in dutch["error"]["message"]
    assert "line" in english["error"]["message"]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"query_string": {"query": SELECT}, "headers": {"Accept": "text/html"}},
        {"query_string": {"query": SELECT, "format": "csv"}},
        {"method": "HEAD", "query_string": {"query": SELECT}},
        {"query_string": {}},
    ],
    ids=["html", "format", "head", "no-query"],
)
def test_what_is_not_a_plain_query_goes_to_flask(client, kwargs):
    kwargs = {"method": "GET", **kwargs}
    with flask_requests() as started:
        response = client.open("/sparql", **kwargs)

    assert response.status_code == 200
    assert len(started) == 1


def test_a_query_handed_to_flask_counts_once_against_the_rate_limit(app_with):
    client = app_with(QUERY_RATE_LIMIT=2).test_client()
    html = {"query_string": {"query": "ASK {}"}, "headers": {"Accept": "text/html"}}

    statuses = [client.get("/sparql", **html).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_a_body_cut_short_is_a_400_and_not_a_query(shared_app):
    body = b"query=ASK%20%7B%7D"
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/sparql",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": io.StringIO(),
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body) + 10),
        "HTTP_ACCEPT": "application/json",
    }
    seen = []

    def start_response(status, headers, exc_info=None):
        seen.append(status)

    b"".join(shared_app.wsgi_app(environ, start_response))

    assert seen and seen[0].startswith("400")
