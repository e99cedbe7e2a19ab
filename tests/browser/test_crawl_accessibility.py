"""Every page reachable from the home page answers without error and passes axe.

The crawl runs in one Chromium tab: it opens each page, checks the status,
runs axe-core (injected by the context into every document it loads) and
follows the page's local links, breadth first. Two pages that differ only in
``pagina`` or ``sort`` count as one, so later pages of a listing and its other
orders are skipped; data twins, static files, the language switch and the
areas tested by their own suites are not opened.
"""

from __future__ import annotations

import time
from collections import deque
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from tests.browser.conftest import AXE_TAGS, axe_script

# Far above what a breadth-first walk of the demo site needs to reach every
# kind of page; the facet combinations of the listings go on much longer.
MAX_PAGES = 300
SKIP_PREFIXES = (
    "/sparql",
    "/harvest",
    "/_admin",
    "/api",
    "/graph-store",
    "/.well-known",
    "/static/",
    "/taal/",
    "/zoeken/suggesties",
)
SKIP_SUFFIXES = (".ttl", ".jsonld", ".nt", ".rdf", ".xml", ".txt", ".json")
ORDER_PARAMS = ("pagina", "sort")
# Filtered views of these listings take turns with all other pages, so that
# the cap cuts into facet combinations and documents alike.
LISTINGS = (
    "/publicaties",
    "/praktijkvoorbeelden",
    "/zoeken",
    "/partners",
    "/gemeenten",
)
LINKS = "els => els.map(e => e.getAttribute('href'))"
AXE_RUN = """tags => axe.run(document, {
    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']
}).then(r => r.violations.map(v => ({id: v.id, targets:
    v.nodes.slice(0, 3).map(n => n.target)})))"""


def page_key(url: str) -> str:
    """The URL without paging and sort parameters: one key per distinct page.

    >>> page_key("/publicaties?pagina=3&thema=jeugd&sort=titel")
    '/publicaties?thema=jeugd'
    """
    parts = urlsplit(url)
    kept = [(k, v) for k, v in parse_qsl(parts.query) if k not in ORDER_PARAMS]
    return parts.path + ("?" + urlencode(sorted(kept)) if kept else "")


def worth_opening(href: str | None) -> bool:
    """True for a local link to an HTML page of this suite's area."""
    if not href or not href.startswith("/") or href.startswith("//"):
        return False
    path = urlsplit(href).path
    return not (
        path.startswith(SKIP_PREFIXES)
        or path.endswith(SKIP_SUFFIXES)
        or "format=" in href
    )


@pytest.fixture
def crawler(browser):
    """One tab whose every document gets axe-core injected as it loads."""
    context = browser.new_context(
        locale="nl-NL", viewport={"width": 1280, "height": 900}
    )
    context.add_init_script(script=axe_script())
    yield context.new_page()
    context.close()


@pytest.mark.slow
def test_every_page_reachable_from_home_is_accessible(crawler, site):
    """Measured on 2 shared cores: 300 distinct pages in about 130 s (axe about
    0.28 s and loading about 0.16 s a page), the whole browser suite in about
    3 minutes.

    Within the cap the walk reaches every practice example, theme, working
    method, leefgebied, partner and concept scheme page, about 45 of the 60
    publications, /def and every listing, and about 150 filtered listings; the
    facet combinations of the demo site go on for many thousands more.
    """
    started = time.perf_counter()
    seen: set[str] = set()
    pages, filtered = deque(["/"]), deque()
    statuses: dict[str, int] = {}
    problems: dict[str, list] = {}
    while (pages or filtered) and len(statuses) < MAX_PAGES:
        turn = pages if (len(seen) % 2 == 0 and pages) or not filtered else filtered
        url = turn.popleft()
        key = page_key(url)
        if key in seen:
            continue
        seen.add(key)

        response = crawler.goto(site + url, wait_until="load")
        statuses[url] = response.status if response else 0
        if statuses[url] != 200:
            continue

        found = crawler.evaluate(AXE_RUN, AXE_TAGS)
        if found:
            problems[url] = found
        hrefs = crawler.eval_on_selector_all("a[href]", LINKS)
        for href in hrefs:
            if worth_opening(href):
                href = href.split("#", 1)[0]
                is_filtered = "?" in href and href.startswith(LISTINGS)
                (filtered if is_filtered else pages).append(href)

    seconds = time.perf_counter() - started
    print(f"\naxe on {len(statuses)} pages in {seconds:.0f} s")
    assert len(statuses) > 200
    assert {u: s for u, s in statuses.items() if s != 200} == {}
    assert problems == {}
