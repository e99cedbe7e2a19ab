"""The SPARQL query editor in real Chromium: highlighting, examples, results."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import violations

QUERY = (
    "PREFIX dct: <http://purl.org/dc/terms/>\n"
    "SELECT ?item ?title WHERE { ?item dct:title ?title } # a comment\n"
    "ORDER BY ?title LIMIT 5"
)


@pytest.mark.slow
def test_the_editor_highlights_runs_and_links_without_other_hosts(page, site):
    hosts, failed = set(), []
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.on("response", lambda r: r.status >= 400 and failed.append((r.status, r.url)))
    page.goto(site + "/sparql/editor")
    area = page.locator("#query")

    area.fill(QUERY)
    code = page.locator(".sparql-highlight code")
    assert code.locator("span.sq-keyword", has_text="SELECT").count() == 1
    assert code.locator("span.sq-var", has_text="?title").count() == 3
    assert code.locator("span.sq-iri").count() == 1
    assert code.locator("span.sq-comment").inner_text() == "# a comment"
    assert page.locator(".sparql-editor.is-highlighted").count() == 1

    area.press("Control+Enter")
    page.wait_for_url("**/sparql/editor?query=*")
    table = page.locator("table.sparql-results")
    assert table.locator("tbody tr").count() == 5
    first = table.locator("tbody tr a").first
    downloads = page.locator(".sparql-downloads a")
    labels = downloads.all_inner_texts()
    assert {"JSON", "XML", "CSV", "TSV"} <= set(labels)
    href = downloads.first.get_attribute("href")
    assert page.request.get(site + href).ok
    assert violations(page) == []

    first.click()
    page.wait_for_url("**/doc/**")
    assert page.locator("h1").inner_text()
    assert hosts == {urlsplit(site).netloc}
    assert failed == []


@pytest.mark.slow
def test_an_example_fills_the_editor_and_highlights_it(page, site):
    page.goto(site + "/sparql/editor?lang=en")
    example = page.locator("[data-query]").first
    expected = example.get_attribute("data-query")

    example.click()

    assert page.locator("#query").input_value() == expected
    assert page.locator(".sparql-highlight code span.sq-keyword").count() > 0
    assert "/sparql/editor" in page.url and "example=" not in page.url


@pytest.mark.slow
def test_a_wrong_query_is_explained_in_the_page(page, site):
    page.goto(site + "/sparql/editor")
    page.locator("#query").fill("SELECT ?s WHERE { ?s ?p }}")
    page.get_by_role("button", name="Query uitvoeren").click()

    alert = page.get_by_role("alert")
    assert "regel 1" in alert.inner_text()
