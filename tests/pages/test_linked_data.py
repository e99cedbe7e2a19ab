"""Linked-data behaviour: 303s, content negotiation, data twins, caching."""

from __future__ import annotations

import json

import pytest
from pyoxigraph import RdfFormat, parse

from tests.conftest import BASE
from tests.pages.conftest import caught_up

JEUGD = "/doc/thema/jeugd"


def test_thing_iri_redirects_303_to_its_document(client):
    response = client.get("/id/thema/jeugd")

    assert response.status_code == 303
    assert response.headers["Location"].endswith(JEUGD)


def test_browser_gets_html_with_vary_accept(client):
    response = client.get(JEUGD, headers={"Accept": "text/html,*/*;q=0.8"})

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "Accept" in response.headers["Vary"]


@pytest.mark.parametrize(
    ("accept", "media_type", "format"),
    [
        ("text/turtle", "text/turtle", RdfFormat.TURTLE),
        ("application/ld+json", "application/ld+json", RdfFormat.JSON_LD),
        ("application/n-triples", "application/n-triples", RdfFormat.N_TRIPLES),
        ("application/rdf+xml", "application/rdf+xml", RdfFormat.RDF_XML),
    ],
)
def test_rdf_clients_get_the_data_twin_by_accept(client, accept, media_type, format):
    response = client.get(JEUGD, headers={"Accept": accept})

    assert response.mimetype == media_type
    triples = list(parse(response.data, format=format))
    assert any(t.subject.value == BASE + "id/thema/jeugd" for t in triples)


def test_accept_q_values_choose_the_preferred_type(client):
    accept = "text/html;q=0.5, text/turtle;q=0.9, application/ld+json;q=0.1"

    assert client.get(JEUGD, headers={"Accept": accept}).mimetype == "text/turtle"


@pytest.mark.parametrize(
    ("url", "media_type"),
    [
        (JEUGD + ".ttl", "text/turtle"),
        (JEUGD + ".jsonld", "application/ld+json"),
        (JEUGD + ".nt", "application/n-triples"),
        (JEUGD + ".rdf", "application/rdf+xml"),
        (JEUGD + "?format=ttl", "text/turtle"),
        (JEUGD + ".html", "text/html"),
    ],
)
def test_extension_or_format_argument_overrides_accept(client, url, media_type):
    response = client.get(url, headers={"Accept": "text/html"})

    assert response.status_code == 200
    assert response.mimetype == media_type


def test_unsupported_type_is_406_listing_what_is_available(client):
    response = client.get(JEUGD, headers={"Accept": "image/png"})

    assert response.status_code == 406
    assert "text/turtle" in response.get_data(as_text=True)
    assert "application/ld+json" in response.get_data(as_text=True)


def test_unknown_format_argument_is_406(client):
    response = client.get(JEUGD + "?format=pdf", headers={"Accept": "application/json"})

    assert response.status_code == 406
    assert "pdf" in response.get_json()["error"]["message"]


def test_unknown_iri_is_404_naming_it_in_angle_brackets(client):
    response = client.get("/doc/thema/bestaat-niet")

    assert response.status_code == 404
    assert f"&lt;{BASE}id/thema/bestaat-niet&gt;" in response.get_data(as_text=True)


def test_html_advertises_alternates_and_canonical(client):
    html = client.get(JEUGD).get_data(as_text=True)

    assert f'<link rel="canonical" href="{BASE}doc/thema/jeugd">' in html
    assert f'rel="alternate" type="text/turtle" href="{JEUGD}.ttl"' in html


def test_link_header_names_the_alternates(client):
    link = client.get(JEUGD).headers["Link"]

    assert f'<{JEUGD}.ttl>; rel="alternate"; type="text/turtle"' in link
    assert 'rel="canonical"' in link


def test_unchanged_page_answers_304_to_its_etag(client):
    first = client.get(JEUGD)

    again = client.get(JEUGD, headers={"If-None-Match": first.headers["ETag"]})

    assert again.status_code == 304
    assert again.data == b""


def test_unchanged_page_answers_304_to_if_modified_since(client):
    first = client.get(JEUGD)

    again = client.get(
        JEUGD, headers={"If-Modified-Since": first.headers["Last-Modified"]}
    )

    assert again.status_code == 304


def test_etag_changes_after_a_write(client, store, app):
    before = client.get(JEUGD).headers["ETag"]

    store.replace_graph(BASE + "graph/extra", b"<urn:a> <urn:b> <urn:c> .", format="nt")
    caught_up(app)

    assert client.get(JEUGD).headers["ETag"] != before
    response = client.get(JEUGD, headers={"If-None-Match": before})
    assert response.status_code == 200


def test_etag_differs_per_representation(client):
    html = client.get(JEUGD).headers["ETag"]
    turtle = client.get(JEUGD, headers={"Accept": "text/turtle"}).headers["ETag"]

    assert html != turtle


def test_item_page_embeds_schema_org_json_ld(client):
    html = client.get("/doc/publicatie/wijk-in-zicht").get_data(as_text=True)

    start = html.index('<script type="application/ld+json">') + 35
    data = json.loads(html[start : html.index("</script>", start)])
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == ["Report"]
    assert data["name"] == "Wijk in zicht"
    assert data["publisher"][0]["name"] == "Platform31"


def test_generic_resource_page_for_a_foreign_iri(client):
    iri = "https://identifier.overheid.nl/tooi/id/gemeente/gm0363"

    response = client.get("/resource", query_string={"iri": iri})

    assert response.status_code == 200
    assert "Amsterdam" in response.get_data(as_text=True)


def test_generic_resource_has_data_twin_by_format(client):
    iri = "https://identifier.overheid.nl/tooi/id/gemeente/gm0363"

    response = client.get("/resource", query_string={"iri": iri, "format": "nt"})

    assert response.mimetype == "application/n-triples"
    assert iri.encode() in response.data


def test_resource_page_for_our_own_iri_redirects_to_its_document(client):
    response = client.get("/resource", query_string={"iri": BASE + "id/thema/jeugd"})

    assert response.status_code == 301
    assert response.headers["Location"].endswith(JEUGD)


def test_sitemap_lists_documents_with_lastmod(client):
    index = client.get("/sitemap.xml").get_data(as_text=True)
    assert "<sitemapindex" in index

    part = client.get("/sitemap/1.xml").get_data(as_text=True)

    assert "/doc/publicatie/wijk-in-zicht</loc>" in part
    assert "<lastmod>" in part


def test_robots_txt_points_to_the_sitemap(client):
    text = client.get("/robots.txt").get_data(as_text=True)

    assert "Sitemap: http://localhost/sitemap.xml" in text


def test_vocabulary_documentation_lists_terms_schemes_and_shapes(dutch):
    html = dutch.get("/def").get_data(as_text=True)

    assert 'id="Praktijkvoorbeeld"' in html
    assert "leefgebieden" in html
    assert 'id="PublicationShape"' in html


def test_vocabulary_as_turtle(client):
    response = client.get("/def", headers={"Accept": "text/turtle"})

    assert response.mimetype == "text/turtle"
    assert b"Praktijkvoorbeeld" in response.data
