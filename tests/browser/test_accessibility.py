"""axe-core in real Chromium finds no accessibility violations on any kind of page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import violations

GEMEENTE = "https://identifier.overheid.nl/tooi/id/gemeente/gm0518"
PAGES = [
    "/",
    "/publicaties",
    "/praktijkvoorbeelden?sort=titel",
    "/publicaties?thema=jeugd&leefgebied=veiligheid",
    "/zoeken?q=buurtaanpak",
    "/themas",
    "/leefgebieden",
    "/werkwijzen",
    "/partners",
    "/gemeenten",
    "/doc/publicatie/lokale-gegevensdeling-jeugdoverlast",
    "/doc/praktijkvoorbeeld/nuenen-met-hulp-van-het-ccv",
    "/doc/thema/wijkaanpak",
    "/doc/leefgebied/wonen",
    "/doc/werkwijze/persoonsgerichte-aanpak",
    "/doc/begrippenkader/themas",
    "/doc/partner/platform31",
    "/resource?iri=" + GEMEENTE,
    "/resource?iri=http%3A%2F%2Fschema.org%2FReport",
    "/def",
    "/doc/thema/bestaat-niet",
    "/publicaties?thema=bestaat-niet",
    "/?lang=en",
    "/doc/publicatie/wijk-in-zicht?lang=en",
]


@pytest.mark.slow
@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_accessibility_violations(page, site, path):
    page.goto(site + path)

    assert violations(page) == []


@pytest.mark.slow
def test_first_tab_reaches_the_skip_link_and_it_moves_focus(page, site):
    page.goto(site + "/")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "inhoud"


@pytest.mark.slow
def test_focus_is_visible(page, site):
    page.goto(site + "/")
    page.keyboard.press("Tab")

    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")

    assert outline == "solid"
