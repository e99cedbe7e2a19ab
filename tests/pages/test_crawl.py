"""Every link reachable from the home page of the demo site answers without 5xx."""

from __future__ import annotations

import re
from collections import deque
from html import unescape

import pytest

# Other areas of the site, tested by their own suites.
SKIP = ("/sparql", "/harvest", "/_admin", "/api", "/graph-store", "/.well-known")
MAX_PAGES = 1500
HREF = re.compile(r'href="([^"]+)"')


def internal_links(html: str) -> list[str]:
    """Local links of a page, without fragments."""
    links = []
    for href in HREF.findall(html):
        href = unescape(href).split("#", 1)[0]
        if href.startswith("/") and not href.startswith("//"):
            links.append(href)
    return links


def crawl(client, start: str = "/", limit: int = MAX_PAGES) -> dict[str, int]:
    """Breadth-first over local links; return the status of each page visited."""
    seen: dict[str, int] = {}
    todo = deque([start])
    while todo and len(seen) < limit:
        url = todo.popleft()
        if url in seen or url.startswith(SKIP):
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.mimetype == "text/html" and response.status_code == 200:
            todo.extend(internal_links(response.get_data(as_text=True)))
    return seen


@pytest.mark.slow
def test_no_link_from_the_home_page_leads_to_a_server_error(dutch):
    statuses = crawl(dutch)

    errors = {url: status for url, status in statuses.items() if status >= 500}
    broken = {url: status for url, status in statuses.items() if status >= 400}
    assert len(statuses) > 300
    assert errors == {}
    assert broken == {}
