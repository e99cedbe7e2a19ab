"""Harvest a sitemap feed: the sitemap (or index), then the pages that changed.

The feed's URL is a sitemap or a sitemap index (gzip allowed). Every page it
lists is fetched only when its ``lastmod`` differs from the one the last good
harvest saw (kept in :mod:`loaders.harvest_state`) or is missing; the records
of the other pages are carried over from the feed's current graph, found by
their ``dct:source`` (the page URL). Pages no longer listed drop out. A page
that cannot be fetched or read, or has no usable JSON-LD, is listed in the
report with the reason; its old records, if any, are kept.
"""

from __future__ import annotations

import logging

from loaders import harvest_state
from loaders.errors import FetchError, HarvestError, ParseError
from loaders.report import problem
from loaders.write import old_records, records_by_source

logger = logging.getLogger(__name__)

MAX_SITEMAPS = 1_000
PAGE_TYPES = {"text/html", "application/xhtml+xml", ""}


def listed_pages(harvester, feed, report, child) -> dict[str, str | None]:
    """Page URL -> lastmod for every page the sitemap (and its index) lists."""
    pages: dict[str, str | None] = {}
    queue, seen = [feed.url], set()
    options = {"max_bytes": harvester.policy.max_bytes}
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        if len(seen) > MAX_SITEMAPS:
            raise HarvestError(f"<{feed.url}> names more than {MAX_SITEMAPS} sitemaps")
        result = harvester.fetch(url, feed, report, None)
        harvester.check_type(feed, result)
        parsed = child.parse("sitemap", result.body, url, options)
        if parsed["kind"] == "index":
            queue += [entry["loc"] for entry in parsed["entries"]]
        else:
            for entry in parsed["entries"]:
                pages.setdefault(entry["loc"], entry["lastmod"])
    return pages


def harvest(harvester, feed, report, previous, child) -> None:
    """Harvest ``feed``; write the graph and save the pages' lastmod."""
    base = harvester.base
    known = harvest_state.load(harvester.store, feed.iri(base)) if previous else {}
    known_pages = known.get("pages", {})
    pages = listed_pages(harvester, feed, report, child)
    carried = old_records(harvester.store, feed.graph(base)) if previous else {}
    sources = records_by_source(carried)

    records, carry, problems, saved = [], {}, [], {}
    fetched = 0
    for url, lastmod in pages.items():
        if lastmod and url in known_pages and known_pages[url] == lastmod:
            _carry(carry, carried, sources, url)
            saved[url] = lastmod
            continue
        fetched += 1
        try:
            page = _page(harvester, feed, report, child, url)
        except (FetchError, ParseError) as error:
            problems.append(problem(url, str(error), f"Pagina niet gelezen: {error}"))
            _carry(carry, carried, sources, url)
            if url in known_pages:
                saved[url] = known_pages[url]
            continue
        if page["problem"]:
            problems.append(
                problem(url, page["problem"], "Pagina zonder bruikbare JSON-LD")
            )
        records += page["records"]
        saved[url] = lastmod
    report.etag = report.last_modified = None
    logger.info(
        "Sitemap %s: %d pages listed, %d fetched, %d problems",
        feed.url,
        len(pages),
        fetched,
        len(problems),
    )

    gone = any(url not in pages for url in sources)
    if previous and not records and not problems and not gone:
        report.status = "unchanged"
        harvest_state.save(harvester.store, feed.iri(base), {"pages": saved})
        return
    try:
        harvester.write_records(
            feed, report, records, harvester.context(feed.graph(base)), carry
        )
    finally:
        report.quarantined = report.quarantined + problems
    harvest_state.save(harvester.store, feed.iri(base), {"pages": saved})


def _page(harvester, feed, report, child, url: str) -> dict:
    """Fetch and parse one listed page."""
    result = harvester.fetch(url, feed, report, None, accept="text/html")
    if result.media_type not in PAGE_TYPES:
        raise FetchError(f"<{result.url}> sent {result.media_type}, not an HTML page")
    return child.parse("page", result.body, url, {})


def _carry(carry: dict, carried: dict, sources: dict, url: str) -> None:
    for subject in sources.get(url, []):
        if subject in carried:
            carry[subject] = carried[subject]
