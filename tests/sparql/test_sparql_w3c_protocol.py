"""The W3C SPARQL 1.1 Protocol tests (w3c/rdf-tests, sparql/sparql11/protocol).

Each case carries the test's name from the manifest. The update tests do not
apply to a read-only endpoint; what does apply to them is that every update
sent here is refused with a 4xx, and so they are encoded. ``query_multiple_dataset``
encodes its second named graph inside the first (``%26``), so it asks about
a graph that no dataset holds; it is an xfail with that reason.
"""

from __future__ import annotations

import pytest

D = "http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2F"
DIRECT = {"Content-Type": "application/sparql-query"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
ASK_1_2 = (
    "ASK { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type . "
    "<http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type . }"
)
ASK_NAMED = (
    "ASK { GRAPH ?g1 { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type } "
    "GRAPH ?g2 { <http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type } }"
)
ASK_FULL = (
    "ASK {\n  <http://kasei.us/2009/09/sparql/data/data3.rdf> a ?type\n"
    "  GRAPH ?g1 { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type }\n"
    "  GRAPH ?g2 { <http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type }\n}"
)

# name: (method, path, body, headers)
BOOLEAN_TRUE = {
    "query_post_form": (
        "POST",
        f"/sparql/?default-graph-uri={D}data0.rdf",
        "query=ASK%20%7B%7D",
        FORM,
    ),
    "query_dataset_default_graphs_get": (
        "GET",
        "/sparql/?query=ASK%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata"
        "%2Fdata1.rdf%3E%20a%20%3Ftype%20.%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql"
        f"%2Fdata%2Fdata2.rdf%3E%20a%20%3Ftype%20.%20%7D&default-graph-uri={D}data1.rdf"
        f"&default-graph-uri={D}data2.rdf",
        None,
        {},
    ),
    "query_dataset_default_graphs_post": (
        "POST",
        f"/sparql/?default-graph-uri={D}data1.rdf&default-graph-uri={D}data2.rdf",
        ASK_1_2,
        DIRECT,
    ),
    "query_dataset_named_graphs_post": (
        "POST",
        f"/sparql/?named-graph-uri={D}data1.rdf&named-graph-uri={D}data2.rdf",
        ASK_NAMED,
        DIRECT,
    ),
    "query_dataset_named_graphs_get": (
        "GET",
        "/sparql/?query=ASK%20%7B%20GRAPH%20%3Fg1%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009"
        "%2F09%2Fsparql%2Fdata%2Fdata1.rdf%3E%20a%20%3Ftype%20%7D%20GRAPH%20%3Fg2%20%7B%20"
        "%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf%3E%20a%20%3Ftype"
        f"%20%7D%20%7D&named-graph-uri={D}data1.rdf&named-graph-uri={D}data2.rdf",
        None,
        {},
    ),
    "query_dataset_full": (
        "POST",
        f"/sparql/?default-graph-uri={D}data3.rdf&named-graph-uri={D}data1.rdf"
        f"&named-graph-uri={D}data2.rdf",
        ASK_FULL,
        DIRECT,
    ),
    "query_get": (
        "GET",
        f"/sparql/?query=ASK%20%7B%7D&default-graph-uri={D}data0.rdf",
        None,
        {},
    ),
    "query_post_direct": ("POST", "/sparql/", "ASK {}", DIRECT),
}

CONTENT_TYPES = {
    "query_content_type_select": ("SELECT (1 AS ?value) {}", "tabular"),
    "query_content_type_ask": ("ASK {}", "boolean"),
    "query_content_type_describe": ("DESCRIBE <http://example.org/>", "rdf"),
    "query_content_type_construct": ("CONSTRUCT { <s> <p> 1 } WHERE {}", "rdf"),
}
EXPECTED_TYPES = {
    "tabular": {
        "application/sparql-results+xml",
        "application/sparql-results+json",
        "text/csv",
        "text/tab-separated-values",
    },
    "boolean": {"application/sparql-results+xml", "application/sparql-results+json"},
    "rdf": {
        "application/rdf+xml",
        "text/turtle",
        "application/n-triples",
        "application/ld+json",
    },
}

BAD = {
    "bad_query_method": (
        "PUT",
        f"/sparql/?query=ASK%20%7B%7D&default-graph-uri={D}data0.rdf",
        None,
        FORM,
    ),
    "bad_multiple_queries": (
        "GET",
        "/sparql/?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D",
        None,
        {},
    ),
    "bad_query_wrong_media_type": (
        "POST",
        "/sparql/",
        "ASK {}",
        {"Content-Type": "text/plain"},
    ),
    "bad_query_missing_form_type": ("POST", "/sparql/", "query=ASK%20%7B%7D", {}),
    "bad_query_missing_direct_type": ("POST", "/sparql/", "ASK {}", {}),
    "bad_query_non_utf8": (
        "POST",
        "/sparql/",
        "ASK {}".encode("utf-16"),
        {"Content-Type": "application/sparql-query; charset=UTF-16"},
    ),
    "bad_query_syntax": ("GET", "/sparql/?query=ASK%20%7B", None, {}),
    "bad_update_get": ("GET", "/sparql/?update=CLEAR%20ALL", None, {}),
    "bad_multiple_updates": (
        "POST",
        "/sparql/",
        "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT",
        FORM,
    ),
    "bad_update_wrong_media_type": (
        "POST",
        "/sparql/",
        "CLEAR NAMED",
        {"Content-Type": "text/plain"},
    ),
    "bad_update_missing_form_type": ("POST", "/sparql/", "update=CLEAR%20NAMED", {}),
    "bad_update_non_utf8": (
        "POST",
        "/sparql/",
        "CLEAR ALL".encode("utf-16"),
        {"Content-Type": "application/sparql-update; charset=UTF-16"},
    ),
    "bad_update_syntax": ("POST", "/sparql/", "update=CLEAR%20XYZ", FORM),
    "bad_update_dataset_conflict": (
        "POST",
        f"/sparql/?using-named-graph-uri={D}data1.rdf",
        "update=CLEAR%20ALL",
        FORM,
    ),
}
# Update tests of the suite: a read-only endpoint must refuse each one.
UPDATES = {
    "update_dataset_default_graph": (
        "CLEAR ALL ; INSERT DATA { GRAPH <http://e/> { <http://e/s> a <http://e/C> } }"
    ),
    "update_dataset_default_graphs": "CLEAR ALL",
    "update_dataset_named_graphs": "CLEAR ALL",
    "update_dataset_full": "CLEAR ALL",
    "update_post_form": "CLEAR ALL",
    "update_post_direct": "CLEAR ALL",
    "update_base_uri": "CLEAR GRAPH <http://example.org/protocol-base-test/>",
}


def _send(client, method, path, body, headers):
    return client.open(path, method=method, data=body, headers=headers)


@pytest.mark.parametrize("name", sorted(BOOLEAN_TRUE))
def test_w3c_query_answers_true(client, name):
    response = _send(client, *BOOLEAN_TRUE[name])

    assert 200 <= response.status_code < 400
    assert response.get_json()["boolean"] is True


@pytest.mark.xfail(reason="the test encodes both named graphs as one IRI (%26)")
def test_w3c_query_multiple_dataset(client):
    response = client.post(
        f"/sparql/?named-graph-uri={D}data1.rdf%26named-graph-uri%3D{D}data2.rdf",
        data="ASK FROM <http://kasei.us/2009/09/sparql/data/data3.rdf> "
        + ASK_NAMED[4:],
        headers=DIRECT,
    )

    assert response.get_json()["boolean"] is True


@pytest.mark.parametrize("name", sorted(CONTENT_TYPES))
def test_w3c_query_content_type(client, name):
    query, kind = CONTENT_TYPES[name]
    response = client.post(
        f"/sparql/?default-graph-uri={D}data0.rdf", data=query, headers=DIRECT
    )

    assert 200 <= response.status_code < 400
    assert response.mimetype in EXPECTED_TYPES[kind]


@pytest.mark.parametrize("name", sorted(BAD))
def test_w3c_bad_request_is_4xx(client, name):
    response = _send(client, *BAD[name])

    assert 400 <= response.status_code < 500


@pytest.mark.parametrize("name", sorted(UPDATES))
@pytest.mark.parametrize("how", ["form", "direct"])
def test_w3c_update_is_refused_by_the_read_only_endpoint(client, name, how):
    if how == "form":
        response = client.post("/sparql/", data={"update": UPDATES[name]})
    else:
        response = client.post(
            "/sparql/",
            data=UPDATES[name],
            headers={"Content-Type": "application/sparql-update"},
        )

    assert 400 <= response.status_code < 500
