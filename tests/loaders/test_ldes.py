"""LDES feeds: relations followed, immutable fragments never refetched, the
newest version of each object kept, deletions applied."""

from __future__ import annotations

import pytest

from loaders import harvest_state
from loaders.crawl_ldes import freshness
from tests.loaders.conftest import FEEDS, graph_triples, register

DCT = "http://purl.org/dc/terms/"
IMMUTABLE = {"Cache-Control": "public, max-age=31536000, immutable"}
NO_CACHE = {"Cache-Control": "no-cache"}
NEXT = b"\n<> <https://w3id.org/tree#relation> [ <https://w3id.org/tree#node> <3> ] .\n"


def _titles(store, feed) -> set[str]:
    graph = feed.graph(store.base_iri)
    return {
        t.object.value
        for t in graph_triples(store, graph)
        if t.predicate.value == DCT + "title"
    }


@pytest.fixture
def stream(server, seeded_store, harvester):
    """A two-fragment stream harvested once: an immutable root, a mutable tail."""
    routes = {
        1: server.route(
            "/ldes/1",
            body=(FEEDS / "ldes_root_immutable.ttl").read_bytes(),
            content_type="text/turtle",
            headers=IMMUTABLE,
        ),
        2: server.route(
            "/ldes/2",
            body=(FEEDS / "ldes_latest.ttl").read_bytes(),
            content_type="text/turtle",
            headers=NO_CACHE,
        ),
    }
    feed = register(seeded_store, server, "/ldes/1", "ldes", partner="lsa")
    report = harvester.harvest(feed)
    return routes, feed, report


def test_relations_are_followed_and_only_the_latest_version_is_kept(
    stream, seeded_store
):
    _, feed, report = stream
    assert report.status == "ok", report.error
    assert report.records == 3
    assert _titles(seeded_store, feed) == {
        "Altijd nieuw gedoe",
        "Buurtrechten: er zit schot in",
        "Bewoners creëren zelf welzijn",
    }


def test_members_link_our_concepts_by_iri_and_by_label(stream, seeded_store):
    _, feed, report = stream
    base = seeded_store.base_iri
    subjects = {
        t.object.value
        for t in graph_triples(seeded_store, feed.graph(base))
        if t.predicate.value == DCT + "subject"
    }
    assert {base + "id/thema/participatie", base + "id/thema/bewonersinitiatieven"} <= (
        subjects
    )
    werkwijzen = {
        t.object.value
        for t in graph_triples(seeded_store, feed.graph(base))
        if t.predicate.value.endswith("#werkwijze")
    }
    assert werkwijzen == {base + "id/werkwijze/right-to-challenge"}
    assert report.unmatched == []


def test_immutable_fragment_is_never_fetched_again(
    stream, server, seeded_store, harvester
):
    routes, feed, _ = stream
    routes[2].body += NEXT
    server.route(
        "/ldes/3",
        body=(FEEDS / "ldes_deletion.ttl").read_bytes(),
        content_type="text/turtle",
        headers=IMMUTABLE,
    )

    harvester.harvest(feed)
    harvester.harvest(feed)

    assert routes[1].hits == 1
    assert server.routes["/ldes/3"].hits == 1
    assert routes[2].hits == 3


def test_deletion_member_removes_the_object(stream, server, seeded_store, harvester):
    routes, feed, _ = stream
    routes[2].body += NEXT
    server.route(
        "/ldes/3",
        body=(FEEDS / "ldes_deletion.ttl").read_bytes(),
        content_type="text/turtle",
    )
    report = harvester.harvest(feed)
    assert report.status == "ok", report.error
    assert _titles(seeded_store, feed) == {
        "Altijd nieuw gedoe",
        "Bewoners creëren zelf welzijn",
    }
    versions = harvest_state.load(seeded_store, feed.iri(seeded_store.base_iri))[
        "versions"
    ]
    assert versions["https://www.lsabewoners.nl/buurtrechten-er-zit-schot-in/"][
        "deleted"
    ]


def test_older_version_arriving_later_does_not_win(
    stream, server, seeded_store, harvester
):
    routes, feed, _ = stream
    older = (FEEDS / "ldes_root_immutable.ttl").read_bytes()
    routes[2].body = older.replace(b"tree:node <2>", b"tree:node <1>")
    report = harvester.harvest(feed)
    assert report.status == "unchanged"
    assert "Altijd nieuw gedoe" in _titles(seeded_store, feed)


def test_unchanged_stream_is_recorded_as_unchanged(stream, harvester):
    _, feed, _ = stream
    assert harvester.harvest(feed).status == "unchanged"


def test_malformed_fragment_fails_with_line_and_keeps_the_graph(
    stream, seeded_store, harvester
):
    routes, feed, _ = stream
    before = graph_triples(seeded_store, feed.graph(seeded_store.base_iri))
    routes[2].body = b"<> a <https://w3id.org/tree#Node> .\n<broken"
    report = harvester.harvest(feed)
    assert report.status == "failed"
    assert "/ldes/2" in report.error and "line" in report.error.lower()
    assert graph_triples(seeded_store, feed.graph(seeded_store.base_iri)) == before


def test_cache_control_max_age_keeps_a_fragment_fresh():
    assert freshness("max-age=60", 100.0) == (False, 160.0)
    assert freshness("no-cache, max-age=60", 100.0) == (False, 0.0)
    assert freshness("public, max-age=31536000, immutable", 0.0)[0]
