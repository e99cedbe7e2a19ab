"""Harvest a Linked Data Event Stream: follow the TREE links, keep the latest.

The crawl starts at the feed's URL (the stream or its root node) and follows
``tree:relation``/``tree:node`` links breadth first. Each fragment's links,
validators and freshness are remembered (:mod:`loaders.harvest_state`): a
fragment served with ``Cache-Control: immutable`` is never fetched again, one
with ``max-age`` not before it expires, and the others with a conditional
GET. Of all versions of an object (``ldes:versionOfPath``) only the newest by
``ldes:timestampPath`` is kept; a newer deletion (``as:Delete``) removes the
object. Objects not touched by new members are carried over from the feed's
current graph, found by their ``dct:source`` (the object IRI).
"""

from __future__ import annotations

import logging
import re
import time

from loaders import harvest_state
from loaders.errors import HarvestError
from loaders.report import problem
from loaders.write import old_records, records_by_source

logger = logging.getLogger(__name__)

MAX_FRAGMENTS = 10_000


def freshness(cache_control: str, now: float) -> tuple[bool, float]:
    """``(immutable, fresh until)`` from a Cache-Control header.

    >>> freshness("public, max-age=60", 1000.0)
    (False, 1060.0)
    >>> freshness("public, max-age=604800, immutable", 0.0)[0]
    True
    """
    value = cache_control.lower()
    if "no-store" in value or "no-cache" in value:
        return False, 0.0
    immutable = "immutable" in value
    match = re.search(r"max-age\s*=\s*(\d+)", value)
    until = now + int(match.group(1)) if match else 0.0
    return immutable, until


def newer(a: str, b: str) -> bool:
    """True when timestamp ``a`` is later than ``b`` (ISO 8601 text compares)."""
    return a.replace(" ", "T") > b.replace(" ", "T")


def applies(member: dict, held: dict | None) -> bool:
    """True when ``member`` is newer than the version the graph holds."""
    if held is None:
        return True
    if member["member"] == held.get("member"):
        return False
    if member["time"] and held.get("time"):
        return newer(member["time"], held["time"])
    return True


class Crawl:
    """One walk over the stream's fragments."""

    def __init__(self, harvester, feed, report, child, state: dict):
        self.harvester, self.feed, self.report, self.child = (
            harvester,
            feed,
            report,
            child,
        )
        self.known = state.get("fragments", {})
        self.fragments: dict[str, dict] = {}
        self.paths = state.get("paths", {})
        self.latest: dict[str, dict] = {}
        self.fetched = 0
        self.skipped = 0

    def run(self) -> None:
        """Visit every fragment reachable from the feed's URL."""
        queue, seen = [self.feed.url], set()
        while queue:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            if len(seen) > MAX_FRAGMENTS:
                raise HarvestError(
                    f"<{self.feed.url}> links more than {MAX_FRAGMENTS} fragments"
                )
            queue += self.visit(url)

    def visit(self, url: str) -> list[str]:
        """Fetch and read one fragment unless it is still fresh; its links."""
        now = time.time()
        known = self.known.get(url)
        if known and (known.get("immutable") or known.get("until", 0) > now):
            self.fragments[url] = known
            self.skipped += 1
            return known["links"]
        result = self.harvester.fetch(url, self.feed, self.report, known)
        self.fetched += 1
        immutable, until = freshness(result.cache_control, now)
        if result.not_modified and known:
            self.fragments[url] = {**known, "immutable": immutable, "until": until}
            return known["links"]
        media = self.harvester.check_type(self.feed, result)
        options = {"media_type": media, **self.paths}
        page = self.child.parse("ldes", result.body, url, options)
        self.paths = {k: v for k, v in page["paths"].items() if v}
        for member in page["members"]:
            self.offer(member)
        self.fragments[url] = {
            "links": page["links"],
            "immutable": immutable,
            "until": until,
            "etag": result.etag,
            "lastModified": result.last_modified,
        }
        return page["links"]

    def offer(self, member: dict) -> None:
        """Keep ``member`` if it is the newest version of its object seen yet."""
        current = self.latest.get(member["object"])
        if current is None or newer(member["time"], current["time"]):
            self.latest[member["object"]] = member


def harvest(harvester, feed, report, previous, child) -> None:
    """Harvest ``feed``; write the graph and save fragments and versions."""
    base = harvester.base
    state = harvest_state.load(harvester.store, feed.iri(base)) if previous else {}
    versions = state.get("versions", {})
    crawl = Crawl(harvester, feed, report, child, state)
    crawl.run()
    report.etag = report.last_modified = None

    records, touched, problems = [], [], []
    for obj, member in crawl.latest.items():
        if not applies(member, versions.get(obj)):
            continue
        touched.append(obj)
        versions[obj] = {
            "member": member["member"],
            "time": member["time"],
            "deleted": member["deleted"],
        }
        if not member["deleted"] and member["record"]:
            records.append(member["record"])
        elif not member["deleted"]:
            problems.append(
                problem(
                    member["member"],
                    "The member describes no schema:CreativeWork, Article, "
                    "Report or Book",
                    "Het lid beschrijft geen publicatie die wij kennen",
                )
            )
    logger.info(
        "LDES %s: %d fragments fetched, %d still fresh, %d objects changed",
        feed.url,
        crawl.fetched,
        crawl.skipped,
        len(touched),
    )

    carry = {}
    if previous:
        carry = old_records(harvester.store, feed.graph(base))
        sources = records_by_source(carry)
        for obj in touched:
            for subject in sources.get(obj, []):
                carry.pop(subject, None)
    saved = {"fragments": crawl.fragments, "paths": crawl.paths, "versions": versions}
    if previous and not touched:
        report.status = "unchanged"
        harvest_state.save(harvester.store, feed.iri(base), saved)
        return
    try:
        harvester.write_records(
            feed, report, records, harvester.context(feed.graph(base)), carry
        )
    finally:
        report.quarantined = report.quarantined + problems
    harvest_state.save(harvester.store, feed.iri(base), saved)
