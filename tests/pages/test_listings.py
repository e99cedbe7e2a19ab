"""Listings: facets with counts, toggles, combined filters, sorting, paging."""

from __future__ import annotations

import re

import pytest


def titles(html: str) -> list[str]:
    return re.findall(
        r'<a class="title" href="[^"]+">(?:<span lang="\w+">)?([^<]+)', html
    )


def test_publications_listing_shows_facets_with_counts(dutch):
    html = dutch.get("/publicaties").get_data(as_text=True)

    assert "<h3>Thema</h3>" in html
    assert "<h3>Jaar</h3>" in html
    link = r'href="/publicaties\?thema=wijkaanpak">\s*wijkaanpak '
    assert re.search(link + r'<span class="count">\(\d+\)', html)


def test_a_facet_link_filters_and_shows_itself_switched_on(dutch):
    html = dutch.get("/publicaties?thema=jeugd").get_data(as_text=True)

    assert 'aria-current="true" class="on"' in html
    assert 'href="/publicaties"' in html
    assert "Lokale gegevensdeling om jeugdoverlast te bestrijden" in titles(html)


def test_filters_combine(dutch):
    one = dutch.get("/zoeken?thema=jeugd").get_data(as_text=True)
    two = dutch.get("/zoeken?thema=jeugd&leefgebied=veiligheid").get_data(as_text=True)

    assert 0 < len(titles(two)) < len(titles(one))
    assert "thema=jeugd&amp;leefgebied=veiligheid" not in two  # keys are sorted
    assert "leefgebied=veiligheid&amp;thema=jeugd" in two


def test_year_and_municipality_facets_filter(dutch):
    html = dutch.get("/zoeken?jaar=2023&gemeente=gm0518").get_data(as_text=True)

    assert titles(html) == [
        "Aan de slag met de buurtagenda? Neem deze lessen mee",
        "Lokale gegevensdeling om jeugdoverlast te bestrijden",
    ]


def test_sort_by_title_and_by_date(dutch):
    by_title = titles(dutch.get("/publicaties?sort=titel").get_data(as_text=True))
    newest = titles(dutch.get("/publicaties").get_data(as_text=True))
    oldest = titles(dutch.get("/publicaties?sort=oud").get_data(as_text=True))

    assert by_title == sorted(by_title, key=str.casefold)
    assert newest[0] == "Elke regio knelt anders"
    assert oldest[0] != newest[0]


def test_paging_is_stable_and_complete(dutch):
    seen = []
    page = 1
    while True:
        response = dutch.get(f"/publicaties?pagina={page}")
        if response.status_code == 404:
            break
        seen += titles(response.get_data(as_text=True))
        page += 1

    assert page > 2
    assert len(seen) == len(set(seen)) == 60


def test_the_practice_example_listing_holds_only_practice_examples(dutch):
    html = dutch.get("/praktijkvoorbeelden").get_data(as_text=True)

    assert "6 items" in html


@pytest.mark.parametrize(
    ("url", "status", "named"),
    [
        ("/publicaties?thema=bestaat-niet", 400, "thema='bestaat-niet'"),
        ("/publicaties?gemeente=gm9999", 400, "gemeente='gm9999'"),
        ("/publicaties?jaar=twintig", 400, "jaar='twintig'"),
        ("/publicaties?soort=film", 400, "soort='film'"),
        ("/publicaties?pagina=nul", 400, "'nul'"),
        ("/publicaties?pagina=0", 400, "'0'"),
        ("/publicaties?pagina=99", 404, "Page 99"),
        ("/publicaties?sort=willekeurig", 400, "'willekeurig'"),
        ("/publicaties?sort=relevantie", 400, "relevantie"),
        ("/publicaties?q=" + "x" * 300, 400, "200 characters"),
        ("/publicaties?thema=" + "x" * 5000, 414, "4096"),
        ("/gemeenten?sort=x", 400, "'x'"),
        ("/partners?soort=x", 400, "'x'"),
        ("/resource?iri=niet-absoluut", 400, "<niet-absoluut>"),
        ("/resource", 400, "?iri="),
        ("/taal/fr", 400, "'fr'"),
        ("/zoeken/suggesties?q=" + "y" * 300, 400, "200 characters"),
    ],
)
def test_bad_input_is_a_clear_4xx_in_the_json_shape(client, url, status, named):
    response = client.get(url, headers={"Accept": "application/json"})

    assert response.status_code == status
    error = response.get_json()["error"]
    assert set(error) == {"status", "type", "message"}
    assert named in error["message"]


def test_bad_input_is_a_readable_page_for_browsers(dutch):
    response = dutch.get("/publicaties?thema=bestaat-niet")

    assert response.status_code == 400
    assert "thema=&#39;bestaat-niet&#39;" in response.get_data(as_text=True)


def test_concept_listings_count_items(dutch):
    html = dutch.get("/themas").get_data(as_text=True)

    assert re.search(
        r'<a href="/doc/thema/wijkaanpak">wijkaanpak</a> <span class="meta">\(\d+\)',
        html,
    )


def test_partner_listing_filters_by_organisation_type(dutch):
    everyone = dutch.get("/partners").get_data(as_text=True)
    centres = dutch.get("/partners?soort=kenniscentrum").get_data(as_text=True)

    assert everyone.count("<tr><td>") > centres.count("<tr><td>") > 0


def test_municipality_listing_sorts_by_count(dutch):
    html = dutch.get("/gemeenten?sort=aantal").get_data(as_text=True)

    counts = [
        int(n) for n in re.findall(r'<td class="num"><a href="[^"]+">(\d+)', html)
    ]
    assert counts == sorted(counts, reverse=True)
