"""graph/meta keeps HARVEST_KEEP_RUNS runs per feed, and always the newest success."""

from __future__ import annotations

import datetime

from pyoxigraph import NamedNode

from loaders import provenance
from loaders.pipeline import Harvester
from loaders.report import HarvestReport
from tests.conftest import BASE
from tests.loaders.conftest import DEMO_FEEDS, register

FEED_A = BASE + "id/feed/platform31/publicaties"
FEED_B = BASE + "id/feed/ccv/publicaties"
RSS = (DEMO_FEEDS / "platform31" / "rss.xml").read_bytes()


def _report(feed: str, minute: int, status: str, quarantined: int = 0):
    started = datetime.datetime(2026, 12, 1, 9, minute, tzinfo=datetime.UTC)
    result = {
        "focus": BASE + "id/publicatie/x",
        "severity": "Violation",
        "message_nl": "ontbreekt",
        "message_en": "missing",
    }
    return HarvestReport(
        feed=feed,
        graph=feed.replace("/id/feed/", "/graph/feed/"),
        url="https://example.org/feed",
        started=started,
        ended=started + datetime.timedelta(seconds=1),
        status=status,
        error="boom" if status == "failed" else "",
        etag=f'"v{minute}"',
        quarantined=[{"results": [result]}] * quarantined,
    )


def _meta_subjects(store) -> set[str]:
    graph = NamedNode(provenance.meta_graph(store.base_iri))
    rows = store.select(f"SELECT DISTINCT ?s WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
    return {row["s"].value for row in rows}


def test_only_the_newest_runs_of_each_feed_are_kept(seeded_store):
    for minute in range(5):
        provenance.record_run(seeded_store, _report(FEED_A, minute, "ok", 1), keep=3)
    for minute in range(2):
        provenance.record_run(seeded_store, _report(FEED_B, minute, "ok"), keep=3)

    kept = provenance.runs(seeded_store, FEED_A)
    assert [row["etag"] for row in kept] == ['"v4"', '"v3"', '"v2"']
    assert len(provenance.runs(seeded_store, FEED_B)) == 2
    results = {s for s in _meta_subjects(seeded_store) if "/quarantaine/" in s}
    assert results == {f"{row['run']}/quarantaine/0-0" for row in kept}


def test_the_newest_success_is_kept_behind_failures(seeded_store):
    provenance.record_run(seeded_store, _report(FEED_A, 0, "ok"), keep=2)
    for minute in range(1, 5):
        provenance.record_run(seeded_store, _report(FEED_A, minute, "failed"), keep=2)

    kept = provenance.runs(seeded_store, FEED_A)
    assert [row["etag"] for row in kept] == ['"v4"', '"v3"', '"v0"']
    assert provenance.last_success(seeded_store, FEED_A)["etag"] == '"v0"'


def test_zero_keeps_every_run(seeded_store):
    for minute in range(4):
        provenance.record_run(seeded_store, _report(FEED_A, minute, "ok"), keep=0)

    assert len(provenance.runs(seeded_store, FEED_A)) == 4


def test_harvests_keep_the_configured_number_of_runs(
    server, seeded_store, harvest_config
):
    server.route("/rss", body=RSS, content_type="application/rss+xml")
    feed = register(seeded_store, server, "/rss", "rss")
    harvester = Harvester(seeded_store, {**harvest_config, "HARVEST_KEEP_RUNS": 2})

    statuses = [harvester.harvest(feed, force=True).status for _ in range(4)]

    assert statuses[0] == "ok"
    runs = provenance.runs(seeded_store, feed.iri(seeded_store.base_iri))
    assert len(runs) == 2
