"""Facet counts are multi-select: a facet ignores its own choices, not others'."""

from __future__ import annotations

import re

import pytest


def facet(html: str, heading: str) -> dict[str, int]:
    """Label -> count of one facet's values as the page shows them."""
    block = html.split(f"<h3>{heading}</h3>", 1)[1].split("</ul>", 1)[0]
    pairs = re.findall(r"(?:✓ )?([^>\n]+?) <span class=\"count\">\((\d+)\)", block)
    return {label.strip(): int(count) for label, count in pairs}


def total(html: str) -> int:
    return int(re.search(r'<p class="summary" role="status">(\d+)', html).group(1))


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_choosing_a_theme_leaves_the_theme_counts_as_they_were(dutch):
    everything = page(dutch, "/publicaties?alle=thema")
    youth = page(dutch, "/publicaties?alle=thema&thema=jeugd")

    assert facet(youth, "Thema") == facet(everything, "Thema")
    assert facet(youth, "Leefgebied") != facet(everything, "Leefgebied")


def test_other_facets_narrow_the_counts(dutch):
    everything = page(dutch, "/publicaties?alle=thema")
    safety = page(dutch, "/publicaties?alle=thema&leefgebied=veiligheid")

    narrowed = facet(safety, "Thema")
    assert narrowed != facet(everything, "Thema")
    assert all(n <= facet(everything, "Thema")[k] for k, n in narrowed.items())


def test_values_of_one_facet_are_alternatives_and_counts_say_what_they_add(dutch):
    youth = page(dutch, "/publicaties?alle=thema&thema=jeugd")
    counts = facet(youth, "Thema")
    both = page(dutch, "/publicaties?thema=jeugd&thema=overlast")

    assert total(youth) == counts["jeugd"]
    assert max(counts["jeugd"], counts["overlast"]) <= total(both)
    assert total(both) <= counts["jeugd"] + counts["overlast"]
    assert total(both) > total(youth)


def test_a_long_facet_offers_every_value_through_the_url(dutch):
    top = page(dutch, "/publicaties")
    assert len(facet(top, "Thema")) == 5
    link = re.search(r'href="(/publicaties\?alle=thema)">Toon alle (\d+)', top)
    assert link

    everything = page(dutch, link.group(1))

    assert len(facet(everything, "Thema")) == int(link.group(2)) > 5
    assert 'href="/publicaties">Toon minder' in everything


def test_facet_links_keep_every_value_shown(dutch):
    html = page(dutch, "/publicaties?alle=thema")

    assert 'href="/publicaties?alle=thema&amp;thema=jeugd"' in html


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("/publicaties?alle=kleur", "alle='kleur'"),
        ("/zoeken?q=wijk&alle=", "alle=''"),
    ],
)
def test_showing_all_of_an_unknown_facet_is_refused(client, url, named):
    response = client.get(url, headers={"Accept": "application/json"})

    assert response.status_code == 400
    assert named in response.get_json()["error"]["message"]
