"""Hostile and broken feeds: a clear error, the old graph intact, other feeds fine."""

from __future__ import annotations

import gzip

import pytest

from loaders import provenance
from tests.loaders.conftest import DEMO_FEEDS, FEEDS, graph_triples, register

RSS = (DEMO_FEEDS / "platform31" / "rss.xml").read_bytes()
ATOM = (DEMO_FEEDS / "verwey-jonker-instituut" / "atom.xml").read_bytes()
TURTLE = (DEMO_FEEDS / "bzk" / "publicaties.ttl").read_bytes()


@pytest.fixture
def two_feeds(server, seeded_store, harvester):
    """Two feeds harvested once: the RSS feed under test and a bystander."""
    route = server.route("/rss", body=RSS, content_type="application/rss+xml")
    server.route("/atom", body=ATOM, content_type="application/atom+xml")
    feed = register(seeded_store, server, "/rss", "rss")
    other = register(
        seeded_store, server, "/atom", "atom", partner="verwey-jonker-instituut"
    )
    assert harvester.harvest(feed).status == "ok"
    assert harvester.harvest(other).status == "ok"
    base = seeded_store.base_iri
    before = graph_triples(seeded_store, feed.graph(base))
    other_before = graph_triples(seeded_store, other.graph(base))
    return route, feed, other, before, other_before


def _assert_failed_safely(store, harvester, feed, other, before, other_before, match):
    report = harvester.harvest(feed, force=True)
    assert report.status == "failed"
    assert match.lower() in report.error.lower(), report.error
    base = store.base_iri
    assert graph_triples(store, feed.graph(base)) == before
    assert harvester.harvest(other, force=True).status == "ok"
    assert graph_triples(store, other.graph(base)) == other_before
    assert provenance.runs(store, feed.iri(base))[0]["error"] == report.error
    return report


def _set(route, body=None, content_type=None, status=None, fault=None, statuses=None):
    if body is not None:
        route.body = body
    if content_type is not None:
        route.content_type = content_type
    if status is not None:
        route.status = status
    if fault is not None:
        route.fault = fault
    if statuses is not None:
        route.statuses = statuses


FAULTS = {
    "http_500": ({"status": 500}, "HTTP 500"),
    "retries_exhausted_429": (
        {"statuses": [(429, {"Retry-After": "0"})] * 5},
        "HTTP 429",
    ),
    "retry_after_beyond_deadline": (
        {"statuses": [(503, {"Retry-After": "3600"})]},
        "HARVEST_TIMEOUT",
    ),
    "slow_trickle": ({"fault": "trickle"}, "HARVEST_TIMEOUT"),
    "truncated_body": ({"fault": "truncate"}, "truncated"),
    "wrong_content_type": ({"content_type": "text/html"}, "text/html"),
    "malformed_xml": ({"body": (FEEDS / "malformed.xml").read_bytes()}, "rss"),
    "entity_bomb": (
        {"body": (FEEDS / "entity_bomb.rdf").read_bytes()},
        "DOCTYPE or ENTITY",
    ),
    "changed_format_to_turtle": (
        {"body": TURTLE, "content_type": "text/turtle"},
        "changed format",
    ),
    "every_record_invalid": (
        {"body": RSS.replace(b"dc:date>", b"dc:x>")},
        "quarantined",
    ),
}  # fmt: skip


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_fault_fails_clearly_and_keeps_old_graph(
    fault, two_feeds, seeded_store, harvester
):
    route, feed, other, before, other_before = two_feeds
    change, match = FAULTS[fault]
    _set(route, **change)
    _assert_failed_safely(
        seeded_store, harvester, feed, other, before, other_before, match
    )


def test_retry_after_429_then_success(two_feeds, harvester, server):
    route, feed, *_ = two_feeds
    route.statuses = [(429, {"Retry-After": "0"}), (502, {})]
    hits = route.hits
    report = harvester.harvest(feed, force=True)
    assert report.status == "ok" and route.hits == hits + 3


def test_304_means_nothing_to_do(two_feeds, harvester, server):
    route, feed, *_ = two_feeds
    route.headers = {"ETag": '"v1"'}
    assert harvester.harvest(feed, force=True).status == "ok"
    report = harvester.harvest(feed)
    assert report.status == "not-modified" and report.http_status == 304
    assert server.requests[-1][1].get("If-None-Match") == '"v1"'


def test_redirect_to_private_address_is_refused(
    two_feeds, seeded_store, harvest_config, server
):
    from loaders.pipeline import Harvester

    route, feed, other, before, other_before = two_feeds
    route.statuses = [(302, {"Location": "http://169.254.169.254/latest/meta-data"})]
    strict = Harvester(seeded_store, {**harvest_config, "HARVEST_ALLOW_PRIVATE": False})
    report = strict.harvest(feed, force=True)
    assert report.status == "failed" and "127.0.0.1" in report.error
    assert graph_triples(seeded_store, feed.graph(seeded_store.base_iri)) == before


def test_redirect_hop_to_link_local_is_checked(server):
    from loaders.errors import BlockedAddressError
    from loaders.fetch import check_address

    with pytest.raises(BlockedAddressError, match="169.254.169.254"):
        check_address("http://169.254.169.254/latest", allow_private=False)


def test_gzip_bomb_is_cut_at_the_size_cap(two_feeds, seeded_store, harvester):
    route, feed, other, before, other_before = two_feeds
    route.body = b"<rss>" + b" " * (40 * 1024 * 1024)
    route.fault = "gzip"
    harvester.policy = type(harvester.policy)(
        max_bytes=1024 * 1024, timeout=5, retries=0, backoff=0, allow_private=True
    )
    _assert_failed_safely(
        seeded_store, harvester, feed, other, before, other_before, "once decompressed"
    )


def test_oversized_body_is_refused(two_feeds, seeded_store, harvester):
    route, feed, other, before, other_before = two_feeds
    route.body = RSS * 20
    harvester.policy = type(harvester.policy)(
        max_bytes=len(RSS), timeout=5, retries=0, backoff=0, allow_private=True
    )
    _assert_failed_safely(
        seeded_store, harvester, feed, other, before, other_before, "HARVEST_MAX_BYTES"
    )


def test_gzip_encoded_feed_is_read(two_feeds, harvester):
    route, feed, *_ = two_feeds
    route.fault = "gzip"
    assert harvester.harvest(feed, force=True).status == "ok"


def test_deeply_nested_jsonld_is_refused_before_parsing(
    server, seeded_store, harvester
):
    server.route(
        "/deep.jsonld",
        body=(FEEDS / "deeply_nested.jsonld").read_bytes(),
        content_type="application/ld+json",
    )
    feed = register(seeded_store, server, "/deep.jsonld", "rdf", partner="vng")
    report = harvester.harvest(feed)
    assert report.status == "failed" and "nested more than" in report.error


def test_one_invalid_record_is_quarantined_not_the_feed(
    server, seeded_store, harvester
):
    server.route(
        "/mixed.rss",
        body=(FEEDS / "one_invalid_record.rss").read_bytes(),
        content_type="application/rss+xml",
    )
    feed = register(seeded_store, server, "/mixed.rss", "rss")
    report = harvester.harvest(feed)
    assert report.status == "ok" and report.records == 3
    assert len(report.quarantined) == 1
    result = report.quarantined[0]["results"][0]
    assert result["path"] == "http://purl.org/dc/terms/issued"
    assert "uitgiftedatum" in result["message_nl"]


def test_gzip_helper_refuses_a_truncated_stream():
    from loaders.errors import FetchError
    from loaders.fetch import gunzip

    with pytest.raises(FetchError, match="truncated"):
        gunzip(gzip.compress(b"x" * 1000)[:20], "f", 10_000)
