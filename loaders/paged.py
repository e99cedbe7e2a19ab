"""Protocols that take more than one request: OAI-PMH, sitemaps, LDES.

Each keeps what did not change from the feed's current graph: records are
found there by their ``dct:source`` (the OAI GetRecord URL, the page URL,
the LDES member), so an incremental harvest fetches only what is new,
replaces what changed and removes what was deleted.
"""

from __future__ import annotations

from urllib.parse import urlencode

from loaders.errors import HarvestError
from loaders.write import old_records, records_by_source

MAX_PAGES = 10_000


def harvest(harvester, feed, report, previous, child) -> None:
    """Dispatch on the feed's protocol."""
    if feed.protocol == "oai-pmh":
        _oai(harvester, feed, report, previous, child)
    elif feed.protocol == "sitemap":
        from loaders import crawl_sitemap

        crawl_sitemap.harvest(harvester, feed, report, previous, child)
    elif feed.protocol == "ldes":
        from loaders import crawl_ldes

        crawl_ldes.harvest(harvester, feed, report, previous, child)
    else:
        raise HarvestError(f"The {feed.protocol} protocol is not supported")


def _oai(harvester, feed, report, previous, child) -> None:
    """ListRecords with resumptionToken paging, ``from`` when incremental."""
    endpoint = feed.url.split("?", 1)[0]
    since = previous["started"][:10] if previous else None
    params = {"verb": "ListRecords", "metadataPrefix": "oai_dc"}
    if since:
        params["from"] = since
    records, deleted = [], []
    url = f"{endpoint}?{urlencode(params)}"
    for _ in range(MAX_PAGES):
        result = harvester.fetch(url, feed, report, None)
        harvester.check_type(feed, result)
        page = child.parse(
            "oai-pmh",
            result.body,
            url,
            {"endpoint": endpoint, "base_iri": harvester.base},
        )
        records += page["records"]
        deleted += page["deleted"]
        if not page["token"]:
            break
        query = {"verb": "ListRecords", "resumptionToken": page["token"]}
        url = f"{endpoint}?{urlencode(query)}"
    else:
        raise HarvestError(f"<{endpoint}> gave more than {MAX_PAGES} pages")
    report.etag = report.last_modified = None

    carry = {}
    if since:
        carry = old_records(harvester.store, feed.graph(harvester.base))
        sources = records_by_source(carry)
        replaced = [r["source"] for r in records] + [
            f"{endpoint}?verb=GetRecord&metadataPrefix=oai_dc&identifier={i}"
            for i in deleted
        ]
        for source in replaced:
            for subject in sources.get(source, []):
                carry.pop(subject, None)
        if not records and not deleted:
            report.status = "unchanged"
            return
    harvester.write_records(
        feed, report, records, harvester.context(feed.graph(harvester.base)), carry
    )
