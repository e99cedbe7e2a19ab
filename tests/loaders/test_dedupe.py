"""One publication from two partners (same DOI, ISBN or landing page) is one item."""

from __future__ import annotations

import json

import pytest
from pyoxigraph import NamedNode

from loaders.screen import LINKS, group
from loaders.validate import Checker, default_spec
from tests.loaders.conftest import graph_triples, register

MAPPING = json.dumps(
    {
        "delimiter": ";",
        "columns": {
            "Titel": "title",
            "Soort": "type",
            "Samenvatting": "abstract",
            "Datum": "issued",
            "Webadres": "url",
            "Bron": "source",
            "DOI": "doi",
            "ISBN": "isbn",
            "Trefwoorden": "keywords",
        },
    }
)
HEADER = "Titel;Soort;Samenvatting;Datum;Webadres;Bron;DOI;ISBN;Trefwoorden\n"
DCT = "http://purl.org/dc/terms/"

# identity -> (the first partner's row, the second partner's row)
SAME = {
    "doi": (
        "https://a.example/wijken;https://a.example/bron;10.1234/wijk.1;",
        "https://b.example/buurten;https://b.example/bron;https://doi.org/10.1234/WIJK.1;",
    ),
    "isbn": (
        "https://a.example/wijken;https://a.example/bron;;978-90-1234-567-8",
        "https://b.example/buurten;https://b.example/bron;;9789012345678",
    ),
    "landing_page": (
        "https://a.example/wijken;https://a.example/bron;;",
        "http://www.a.example/wijken/;https://b.example/bron;;",
    ),
}  # fmt: skip


def csv_feed(title: str, ids: str, keywords: str) -> bytes:
    row = f"{title};Rapport;Over {title}.;2023-04-01;{ids};{keywords}\n"
    return (HEADER + row).encode()


@pytest.fixture
def two_partners(server, seeded_store):
    """The same report in a CSV feed of platform31 and one of movisie."""

    def make(identity: str):
        first, second = SAME[identity]
        server.route(
            "/a.csv",
            body=csv_feed("Wijken in beweging", first, "leefbaarheid"),
            content_type="text/csv",
        )
        server.route(
            "/b.csv",
            body=csv_feed("Buurten in beweging", second, "participatie | wonen"),
            content_type="text/csv",
        )
        a = register(seeded_store, server, "/a.csv", "csv", mapping=MAPPING)
        b = register(
            seeded_store, server, "/b.csv", "csv", partner="movisie", mapping=MAPPING
        )
        return a, b

    return make


def union_of(store, item: str) -> dict:
    triples = store.construct(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": NamedNode(item)}
    )
    return group(triples)


def items_of(store, graph: str) -> set[str]:
    return {
        t.subject.value
        for t in graph_triples(store, graph)
        if t.predicate.value == DCT + "publisher"
    }


@pytest.mark.parametrize("identity", SAME, ids=list(SAME))
def test_two_partners_one_item_with_both_sources(
    identity, two_partners, seeded_store, harvester
):
    a, b = two_partners(identity)
    base = seeded_store.base_iri

    assert harvester.harvest(a).status == "ok"
    report = harvester.harvest(b)

    assert report.status == "ok" and not report.quarantined
    (item,) = items_of(seeded_store, a.graph(base))
    assert items_of(seeded_store, b.graph(base)) == {item}
    data = union_of(seeded_store, item)[NamedNode(item)]
    values = {p.value: {o.value for o in objects} for p, objects in data.items()}
    assert values[DCT + "title"] == {"Wijken in beweging"}
    assert values[DCT + "publisher"] == {
        base + "id/partner/platform31",
        base + "id/partner/movisie",
    }
    assert values[DCT + "source"] == {
        "https://a.example/bron",
        "https://b.example/bron",
    }
    graphs = {
        r["graph"].value for r in seeded_store.named("resource_graphs", resource=item)
    }
    assert graphs == {a.graph(base), b.graph(base)}


def test_union_of_a_shared_item_passes_the_shapes(
    two_partners, seeded_store, harvester
):
    a, b = two_partners("doi")
    harvester.harvest(a)
    harvester.harvest(b)
    (item,) = items_of(seeded_store, a.graph(seeded_store.base_iri))

    data = union_of(seeded_store, item)
    checker = Checker(default_spec(), harvester.context())
    subject = NamedNode(item)
    results = checker.check(subject, data, checker.shapes_for(subject, data))

    assert [r for r in results if r.severity == "Violation"] == []


def test_second_feed_keeps_only_link_triples_and_its_themes(
    two_partners, seeded_store, harvester
):
    a, b = two_partners("doi")
    harvester.harvest(a)
    harvester.harvest(b)

    predicates = {
        t.predicate.value
        for t in graph_triples(seeded_store, b.graph(seeded_store.base_iri))
    }

    assert predicates <= LINKS
    assert DCT + "subject" in predicates and DCT + "title" not in predicates


def test_reharvest_of_either_feed_changes_nothing(
    two_partners, seeded_store, harvester
):
    a, b = two_partners("doi")
    harvester.harvest(a)
    harvester.harvest(b)
    base = seeded_store.base_iri
    before = (
        graph_triples(seeded_store, a.graph(base)),
        graph_triples(seeded_store, b.graph(base)),
    )

    again = harvester.harvest(a, force=True), harvester.harvest(b, force=True)

    assert [r.added + r.removed for r in again] == [0, 0]
    assert (
        graph_triples(seeded_store, a.graph(base)),
        graph_triples(seeded_store, b.graph(base)),
    ) == before


def test_item_described_by_the_second_feed_alone_is_written_whole(
    two_partners, seeded_store, harvester, server
):
    a, b = two_partners("doi")
    harvester.harvest(a)
    harvester.harvest(b)
    seeded_store.drop_graph(a.graph(seeded_store.base_iri))

    report = harvester.harvest(b)

    assert report.status == "ok"
    predicates = {
        t.predicate.value
        for t in graph_triples(seeded_store, b.graph(seeded_store.base_iri))
    }
    assert DCT + "title" in predicates


def test_landing_page_shared_by_two_items_merges_neither():
    from graph_service.store.embedded import EmbeddedStore
    from loaders.map import Vocabulary, identity_key
    from tests.conftest import BASE

    store = EmbeddedStore(None, BASE)
    store.replace_graph(
        BASE + "graph/catalogue",
        b"@prefix schema: <http://schema.org/> .\n"
        b"@prefix bibo: <http://purl.org/ontology/bibo/> .\n"
        b"<id/publicatie/deel-1> a schema:Report ;"
        b" schema:url <https://example.org/reeks> ; bibo:doi '10.1234/deel.1' .\n"
        b"<id/publicatie/deel-2> a schema:Report ;"
        b" schema:url <https://example.org/reeks> .\n",
        format="ttl",
    )

    identities = Vocabulary.from_store(store).identities

    assert identity_key("https://example.org/reeks") not in identities
    assert identities[identity_key("10.1234/deel.1")] == BASE + "id/publicatie/deel-1"
