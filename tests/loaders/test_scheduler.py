"""The running service harvests each feed again when its interval has passed."""

from __future__ import annotations

import time

from graph_service.app import create_app
from loaders import provenance
from loaders.scheduler import start
from tests.loaders.conftest import DEMO_FEEDS, register

RSS = (DEMO_FEEDS / "platform31" / "rss.xml").read_bytes()


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_scheduled_feed_is_harvested_twice_and_stops_cleanly(
    server, seeded_store, harvest_config
):
    route = server.route("/rss", body=RSS, content_type="application/rss+xml")
    feed = register(seeded_store, server, "/rss", "rss", interval="PT0.3S")
    app = create_app(harvest_config, store=seeded_store)
    scheduler = start(app)
    try:
        assert wait_for(lambda: scheduler.harvests >= 2, 30), scheduler.harvests
    finally:
        scheduler.stop(timeout=30)
        app.extensions["public_queries"].close()

    assert not scheduler.is_alive()
    hits, harvests = route.hits, scheduler.harvests
    runs = provenance.runs(seeded_store, feed.iri(seeded_store.base_iri))
    assert len(runs) == harvests >= 2 and hits >= 2
    assert [r["status"].rsplit("/", 1)[-1] for r in runs][-1] == (
        "CompletedActionStatus"
    )
    time.sleep(0.5)
    assert route.hits == hits


def test_testing_app_does_not_schedule_by_itself(seeded_store, harvest_config):
    app = create_app(harvest_config, store=seeded_store)
    try:
        assert "harvest_scheduler" not in app.extensions
    finally:
        app.extensions["public_queries"].close()
