"""A Turtle feed that screening would not change is loaded from its own bytes."""

from __future__ import annotations

import pytest
from pyoxigraph import RdfFormat, parse, serialize

from loaders.formats import rdf
from tests.loaders.conftest import BASE, DEMO_FEEDS, graph_triples, register

CLEAN = (DEMO_FEEDS / "bzk" / "publicaties.ttl").read_bytes()
ITEM = "https://data.wijkwijzer.nl/id/publicatie/beleidsdoorlichting-burgerschap"
WITH_BLANK_NODE = (
    CLEAN
    + (
        f"\n<{ITEM}-2012-2016> <http://purl.org/dc/terms/creator> "
        '[ <http://schema.org/name> "BZK" ] .\n'
    ).encode()
)
WITH_STRAY_SUBJECT = CLEAN + b'\n<https://e.example/x> <https://e.example/p> "1" .\n'


def _answer(harvester, tmp_path, body: bytes, media_type="text/turtle") -> dict:
    options = {
        "media_type": media_type,
        "base_iri": BASE,
        "graph": BASE + "graph/feed/bzk/publicaties",
        "spec": harvester.spec.shapes,
        "context": harvester.context(),
        "workdir": str(tmp_path),
    }
    return rdf.parse(body, "the feed", options)


def test_clean_turtle_passes_through_without_output(harvester, tmp_path):
    answer = _answer(harvester, tmp_path, CLEAN)
    assert answer["passthrough"] and answer["output"] is None
    assert answer["records"] > 0 and not answer["quarantined"]
    assert not (tmp_path / "screened.nt").exists()


def test_clean_ntriples_passes_through(harvester, tmp_path):
    body = b"".join(f"{q.triple} .\n".encode() for q in parse(CLEAN, RdfFormat.TURTLE))
    answer = _answer(harvester, tmp_path, body, "application/n-triples")
    assert answer["passthrough"]


@pytest.mark.parametrize(
    "body",
    [WITH_BLANK_NODE, WITH_STRAY_SUBJECT],
    ids=["blank_node_to_skolemise", "subject_that_is_no_record"],
)
def test_turtle_that_screening_changes_is_written_screened(harvester, tmp_path, body):
    answer = _answer(harvester, tmp_path, body)
    assert not answer["passthrough"]
    assert (tmp_path / "screened.nt").stat().st_size > 0


def test_quarantine_turns_passthrough_off(harvester, tmp_path):
    body = CLEAN.replace(b'"2017-10-12"^^xsd:date', b'"gisteren"^^xsd:date', 1)
    answer = _answer(harvester, tmp_path, body)
    assert len(answer["quarantined"]) == 1 and not answer["passthrough"]


def test_rdf_xml_is_never_passed_through(harvester, tmp_path):
    triples = [q.triple for q in parse(CLEAN, RdfFormat.TURTLE)]
    body = serialize(triples, format=RdfFormat.RDF_XML)
    answer = _answer(harvester, tmp_path, body, "application/rdf+xml")
    assert not answer["passthrough"] and not answer["quarantined"]


def test_passed_through_feed_holds_what_was_published(server, seeded_store, harvester):
    server.route("/items.ttl", body=CLEAN, content_type="text/turtle")
    feed = register(seeded_store, server, "/items.ttl", "rdf", partner="bzk")
    report = harvester.harvest(feed)
    assert report.status == "ok" and report.ignored == 0
    expected = {q.triple for q in parse(CLEAN, RdfFormat.TURTLE, base_iri=BASE)}
    assert graph_triples(seeded_store, feed.graph(BASE)) == expected
    assert report.added == report.triples == len(expected)

    again = harvester.harvest(feed, force=True)
    assert again.status == "ok" and again.added == again.removed == 0


def test_screened_and_passed_through_loads_agree(server, seeded_store, harvester):
    """The same feed written both ways gives the same graph."""
    server.route("/a.ttl", body=CLEAN, content_type="text/turtle")
    server.route("/b.ttl", body=WITH_STRAY_SUBJECT, content_type="text/turtle")
    a = register(seeded_store, server, "/a.ttl", "rdf", partner="bzk", slug="a")
    b = register(seeded_store, server, "/b.ttl", "rdf", partner="bzk", slug="b")
    assert harvester.harvest(a).status == harvester.harvest(b).status == "ok"
    assert graph_triples(seeded_store, a.graph(BASE)) == graph_triples(
        seeded_store, b.graph(BASE)
    )
