"""The demo's sitemap (LPB) and event stream (LSA) harvest for real."""

from __future__ import annotations

from loaders.demo_feeds import SECOND, demo_feeds, serve
from loaders.registry import add_feed


def test_demo_sitemap_and_event_stream_harvest_every_item(seeded_store, harvester):
    server, url = serve()
    try:
        feeds = [f for f in demo_feeds(url) if f.protocol in {"sitemap", "ldes"}]
        reports = []
        for feed in feeds:
            add_feed(seeded_store, feed)
            reports.append(harvester.harvest(feed))
    finally:
        server.shutdown()
        server.server_close()
    assert sorted(f.partner for f in feeds) == sorted(SECOND)
    assert [(r.status, r.quarantined) for r in reports] == [("ok", [])] * 2
    assert sorted(r.records for r in reports) == [5, 9]
