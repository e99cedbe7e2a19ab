"""Dutch by default, English on request, content language marked."""

from __future__ import annotations


def test_pages_are_dutch_by_default(client):
    html = client.get("/publicaties").get_data(as_text=True)

    assert '<html lang="nl">' in html
    assert "Publicaties" in html


def test_accept_language_english_gives_english(client):
    html = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(
        as_text=True
    )

    assert '<html lang="en">' in html
    assert "Start from a life domain" in html


def test_language_switch_sets_a_cookie_and_returns(client):
    response = client.get("/taal/en?terug=/themas")

    assert response.status_code == 303
    assert response.headers["Location"].endswith("/themas")
    assert "lang=en" in response.headers["Set-Cookie"]
    assert '<html lang="en">' in client.get("/themas").get_data(as_text=True)


def test_language_switch_never_leaves_the_site(client):
    response = client.get("/taal/nl?terug=//evil.example/")

    assert response.headers["Location"].endswith("/")
    assert "evil" not in response.headers["Location"]


def test_switch_link_is_on_every_page(client):
    html = client.get("/doc/thema/jeugd").get_data(as_text=True)

    assert 'href="/taal/en?terug=/doc/thema/jeugd" lang="en" hreflang="en"' in html


def test_dutch_title_on_english_page_is_marked_dutch(client):
    html = client.get(
        "/doc/publicatie/wijk-in-zicht", headers={"Accept-Language": "en"}
    ).get_data(as_text=True)

    assert '<h1><span lang="nl">Wijk in zicht</span></h1>' in html


def test_concept_labels_follow_the_language(client):
    english = client.get("/leefgebieden?lang=en").get_data(as_text=True)
    dutch = client.get("/leefgebieden?lang=nl").get_data(as_text=True)

    assert ">housing</a>" in english
    assert ">wonen</a>" in dutch
