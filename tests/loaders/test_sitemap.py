"""Sitemap feeds: index and gzip, lastmod-driven page fetches, JSON-LD pages."""

from __future__ import annotations

import gzip

import pytest

from loaders import harvest_state, provenance
from tests.loaders.conftest import FEEDS, graph_triples, register

SCHEMA = "http://schema.org/"
DCT = "http://purl.org/dc/terms/"
ARTICLE_PAGE = "/publicaties/buurten-in-eindhoven.html"
PRACTICE_PAGE = "/praktijk/bewoners-creeren-zelf-welzijn.html"


def _fixture(server, name: str) -> bytes:
    return (
        (FEEDS / name)
        .read_text(encoding="utf-8")
        .replace("{host}", server.url)
        .encode()
    )


def _serve_site(server) -> dict:
    """The index, a gzip sitemap, a plain sitemap and three pages."""
    routes = {
        "index": server.route(
            "/sitemap.xml", body=_fixture(server, "sitemap_index.xml")
        ),
        "gzip": server.route(
            "/sitemap-publicaties.xml.gz",
            body=gzip.compress(_fixture(server, "sitemap_two_pages.xml")),
            content_type="application/gzip",
        ),
        "other": server.route(
            "/sitemap-overig.xml",
            body=_fixture(server, "sitemap_page_without_jsonld.xml"),
        ),
    }
    for path, name in (
        (ARTICLE_PAGE, "page_scholarly_article.html"),
        (PRACTICE_PAGE, "page_creative_work_practice.html"),
        ("/over-ons.html", "page_without_jsonld.html"),
    ):
        routes[path] = server.route(
            path, body=_fixture(server, name), content_type="text/html; charset=utf-8"
        )
    return routes


def _objects(store, graph: str, predicate: str) -> set[str]:
    return {
        t.object.value
        for t in graph_triples(store, graph)
        if t.predicate.value == predicate
    }


@pytest.fixture
def site(server, seeded_store, harvester):
    """The sitemap feed harvested once."""
    routes = _serve_site(server)
    feed = register(seeded_store, server, "/sitemap.xml", "sitemap", partner="lpb")
    report = harvester.harvest(feed)
    return routes, feed, report


def test_sitemap_index_with_gzip_sitemap_gives_one_item_per_jsonld_page(
    site, seeded_store
):
    routes, feed, report = site
    assert report.status == "ok", report.error
    assert report.records == 2
    graph = feed.graph(seeded_store.base_iri)
    titles = _objects(seeded_store, graph, DCT + "title")
    assert titles == {
        "Buurten in Eindhoven: omzien naar elkaar",
        "Bewoners creëren zelf welzijn",
    }
    assert routes["gzip"].hits == 1


def test_jsonld_page_maps_onto_our_vocabulary(site, seeded_store):
    _, feed, _ = site
    base = seeded_store.base_iri
    graph = feed.graph(base)
    types = _objects(
        seeded_store, graph, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    )
    assert {
        SCHEMA + "Article",
        "https://data.wijkwijzer.nl/def#Praktijkvoorbeeld",
    } <= types
    assert _objects(seeded_store, graph, DCT + "issued") == {"2022", "2016-02"}
    assert base + "id/thema/sociale-cohesie" in _objects(
        seeded_store, graph, DCT + "subject"
    )
    assert base + "id/doelgroep/beleidsmaker" in _objects(
        seeded_store, graph, DCT + "audience"
    )
    assert _objects(seeded_store, graph, DCT + "publisher") == {base + "id/partner/lpb"}
    assert (
        "https://lpb.nl/congres-2022-eindhoven/buurten-in-eindhoven-omzien-naar-elkaar/"
        in _objects(seeded_store, graph, SCHEMA + "url")
    )


def test_unmatched_keyword_and_page_without_jsonld_are_reported(site):
    _, _, report = site
    assert "buurtbarbecue" in report.unmatched
    focus = [q["focus"] for q in report.quarantined]
    assert any(f.endswith("/over-ons.html") for f in focus)
    message = report.quarantined[0]["results"][0]["message_en"]
    assert "application/ld+json" in message


def test_second_harvest_fetches_only_pages_whose_lastmod_changed(
    site, server, seeded_store, harvester
):
    routes, feed, _ = site
    before = graph_triples(seeded_store, feed.graph(seeded_store.base_iri))
    changed = _fixture(server, "sitemap_two_pages.xml").replace(
        b"2024-04-12T09:30:00+02:00", b"2024-06-01"
    )
    routes["gzip"].body = gzip.compress(changed)

    report = harvester.harvest(feed)

    assert report.status == "ok", report.error
    assert routes[ARTICLE_PAGE].hits == 1
    assert routes["/over-ons.html"].hits == 1
    assert routes[PRACTICE_PAGE].hits == 2
    assert graph_triples(seeded_store, feed.graph(seeded_store.base_iri)) == before
    saved = harvest_state.load(seeded_store, feed.iri(seeded_store.base_iri))
    assert saved["pages"][server.url + PRACTICE_PAGE] == "2024-06-01"


def test_unchanged_sitemap_fetches_no_page(site, seeded_store, harvester):
    routes, feed, _ = site
    report = harvester.harvest(feed)
    assert report.status == "unchanged"
    assert [routes[p].hits for p in (ARTICLE_PAGE, PRACTICE_PAGE)] == [1, 1]


def test_page_dropped_from_the_sitemap_drops_its_item(
    site, server, seeded_store, harvester
):
    routes, feed, _ = site
    text = _fixture(server, "sitemap_two_pages.xml").decode()
    kept = "\n".join(line for line in text.splitlines() if PRACTICE_PAGE not in line)
    routes["gzip"].body = gzip.compress(kept.encode())
    report = harvester.harvest(feed)
    assert report.status == "ok", report.error
    titles = _objects(seeded_store, feed.graph(seeded_store.base_iri), DCT + "title")
    assert titles == {"Buurten in Eindhoven: omzien naar elkaar"}


def test_malformed_sitemap_fails_with_line_and_keeps_the_graph(
    site, server, seeded_store, harvester
):
    routes, feed, _ = site
    before = graph_triples(seeded_store, feed.graph(seeded_store.base_iri))
    routes["other"].body = _fixture(server, "sitemap_malformed.xml")
    report = harvester.harvest(feed)
    assert report.status == "failed"
    assert "sitemap-overig.xml" in report.error and "line" in report.error
    assert graph_triples(seeded_store, feed.graph(seeded_store.base_iri)) == before
    assert provenance.runs(seeded_store, feed.iri(seeded_store.base_iri))[0]["error"]


def test_sitemap_with_entity_declarations_is_refused(site, seeded_store, harvester):
    routes, feed, _ = site
    routes["index"].body = (FEEDS / "entity_bomb.rdf").read_bytes()
    report = harvester.harvest(feed, force=True)
    assert report.status == "failed"
    assert "DOCTYPE or ENTITY" in report.error


def test_gzip_sitemap_is_inflated_no_further_than_the_size_cap(
    site, seeded_store, harvest_config
):
    from loaders.pipeline import Harvester

    routes, feed, _ = site
    routes["gzip"].body = gzip.compress(b" " * 3_000_000)
    small = Harvester(seeded_store, {**harvest_config, "HARVEST_MAX_BYTES": 1_000_000})
    report = small.harvest(feed, force=True)
    assert report.status == "failed"
    assert "HARVEST_MAX_BYTES" in report.error


def test_page_on_a_private_address_is_refused_when_not_allowed(server):
    from loaders.errors import BlockedAddressError
    from loaders.fetch import FetchPolicy, fetch

    with pytest.raises(BlockedAddressError):
        fetch(server.url + ARTICLE_PAGE, FetchPolicy(allow_private=False))
