"""Partner, municipality and concept listings: facets, sort and paging in the URL."""

from __future__ import annotations

import re

import pytest

from tests.pages.test_facets import facet, page


def rows(html: str) -> list[str]:
    return re.findall(r'<tr><td><a href="[^"]+">(?:<span lang="\w+">)?([^<]+)', html)


def test_partners_filter_by_expertise_theme(dutch):
    everyone = rows(page(dutch, "/partners"))
    youth = rows(page(dutch, "/partners?expertise=jeugd"))

    assert 0 < len(youth) < len(everyone)
    assert "<h3>Expertise</h3>" in page(dutch, "/partners")


def test_partner_type_counts_ignore_their_own_choice(dutch):
    everyone = page(dutch, "/partners?alle=soort")
    centres = page(dutch, "/partners?alle=soort&soort=kenniscentrum")

    assert facet(centres, "Organisatietype") == facet(everyone, "Organisatietype")
    assert len(rows(centres)) == facet(everyone, "Organisatietype")["kenniscentrum"]


def test_partners_sort_by_number_of_items(dutch):
    html = page(dutch, "/partners?sort=aantal")

    counts = [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', html)]
    assert counts == sorted(counts, reverse=True)


def test_municipalities_filter_by_province(dutch):
    html = page(dutch, "/gemeenten?provincie=pv28")

    assert "Den Haag" in rows(html)
    assert "Amsterdam" not in rows(html)
    assert re.search(r"<td>Zuid-Holland</td>", html)


def test_municipality_pages_are_stable_and_complete(dutch):
    first = page(dutch, "/gemeenten")
    total = int(re.search(r'role="status">(\d+) gemeenten', first).group(1))
    seen, number = [], 1
    while True:
        response = dutch.get(f"/gemeenten?pagina={number}")
        if response.status_code == 404:
            break
        seen += rows(response.get_data(as_text=True))
        number += 1

    assert number > 2
    assert len(seen) == len(set(seen)) == total
    assert seen == sorted(seen, key=str.casefold)


def test_directory_links_keep_the_whole_state(dutch):
    html = page(dutch, "/gemeenten?sort=aantal&provincie=pv30")

    assert 'href="/gemeenten?sort=aantal"' in html  # switch the province off
    assert 'href="/gemeenten?provincie=pv30"' in html  # sort by name


@pytest.mark.parametrize(
    "url", ["/themas", "/werkwijzen", "/leefgebieden", "/doelgroepen"]
)
def test_concept_listings_show_item_counts_per_concept(dutch, url):
    html = page(dutch, url)

    counts = re.findall(r'</a> <span class="meta">\((\d+)\)', html)
    assert counts and any(int(n) > 0 for n in counts)


@pytest.mark.parametrize(
    ("url", "status", "named"),
    [
        ("/partners?soort=kenniscentra", 400, "soort='kenniscentra'"),
        ("/partners?expertise=koken", 400, "expertise='koken'"),
        ("/partners?sort=nieuw", 400, "'nieuw'"),
        ("/partners?pagina=2", 404, "Page 2"),
        ("/partners?pagina=-1", 400, "'-1'"),
        ("/partners?alle=thema", 400, "alle='thema'"),
        ("/gemeenten?provincie=pv99", 400, "provincie='pv99'"),
        ("/gemeenten?pagina=1.5", 400, "'1.5'"),
        ("/gemeenten?pagina=40", 404, "Page 40"),
        ("/gemeenten?sort=titel", 400, "'titel'"),
    ],
)
def test_bad_directory_input_is_a_clear_4xx(client, url, status, named):
    response = client.get(url, headers={"Accept": "application/json"})

    assert response.status_code == status
    assert named in response.get_json()["error"]["message"]
