"""A person's path through the site in real Chromium, with and without JavaScript.

Set WIJKWIJZER_SCREENSHOTS=1 to write the screenshots in docs/screenshots/.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.conftest import violations

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def snap(page, name: str) -> None:
    """Keep a screenshot of the page when asked to."""
    if os.environ.get("WIJKWIJZER_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


@pytest.mark.slow
def test_a_policy_maker_finds_related_knowledge_in_a_few_clicks(page, site):
    page.goto(site + "/")
    snap(page, "home")
    assert page.locator("html").get_attribute("lang") == "nl"

    page.get_by_role("link", name="veiligheid", exact=True).first.click()
    assert "/doc/leefgebied/veiligheid" in page.url
    snap(page, "leefgebied")

    page.locator("ul.hits a").first.click()
    assert "/doc/" in page.url
    page.goto(site + "/doc/publicatie/lokale-gegevensdeling-jeugdoverlast")
    snap(page, "item")
    reasons = page.locator("ul.reasons").first.inner_text()
    assert "gedeelde thema" in reasons

    page.locator("ol.related a").first.click()
    assert "/doc/" in page.url
    assert page.locator("h1").inner_text()

    box = page.locator("#zoekveld")
    box.click()
    box.press_sequentially("buurtag", delay=40)
    page.locator("#suggesties li").first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    snap(page, "autocomplete")
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url("**/doc/**")
    assert "buurtagenda" in page.locator("h1").inner_text().lower()

    box = page.locator("#zoekveld")
    box.fill("wijkaanpak")
    box.press("Enter")
    page.wait_for_url("**/zoeken?q=wijkaanpak")
    assert page.locator("mark").count() > 0
    snap(page, "search")

    page.locator("section.facets ul.facet a").nth(1).click()
    assert "q=wijkaanpak" in page.url and "&" in page.url
    assert page.locator('ul.facet a[aria-current="true"]').count() == 1
    snap(page, "facet")
    assert violations(page) == []

    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "q=wijkaanpak" in page.url
    page.goto(site + "/doc/partner/platform31")
    snap(page, "partner-english")


@pytest.mark.slow
def test_search_and_facets_work_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    page.goto(site + "/")

    page.locator("#zoekveld").fill("buurtaanpak")
    page.locator("form.search button").click()
    page.wait_for_url("**/zoeken?q=buurtaanpak")
    page.locator("section.facets ul.facet a").first.click()

    assert "thema=" in page.url or "soort=" in page.url
    assert page.locator("ol.results > li").count() > 0
    context.close()


@pytest.mark.slow
def test_screenshots_of_other_page_kinds(page, site):
    for name, path in (
        ("concept", "/doc/thema/wijkaanpak"),
        ("listing", "/publicaties?leefgebied=veiligheid"),
        ("municipality", "/gemeenten"),
        ("vocabulary", "/def"),
    ):
        page.goto(site + path)
        snap(page, name)
        assert page.locator("h1").count() == 1
