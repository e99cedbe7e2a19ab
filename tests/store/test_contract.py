"""One contract for every backend: in memory, on disk, and a real oxigraph server."""

from __future__ import annotations

import io

import pytest
from pyoxigraph import Literal, NamedNode, QueryResultsFormat, RdfFormat, parse

from graph_service.errors import (
    InputError,
    InputTooLargeError,
    QueryError,
    RDFSyntaxError,
    UnsupportedFormatError,
)
from tests.conftest import BASE, DATA

G = BASE + "graph/test"
G2 = BASE + "graph/other"
FILES = DATA / "store"
TITLES = "SELECT ?t WHERE { ?s <http://purl.org/dc/terms/title> ?t } ORDER BY ?t"


def titles(store) -> list[str]:
    return [row["t"].value for row in store.select(TITLES)]


def test_replace_loads_a_file_and_resolves_relative_iris(store):
    report = store.replace_graph(G, FILES / "two_publications.ttl")

    assert report.added == 5 and report.total == 5
    rows = store.select("SELECT ?s WHERE { ?s a <http://schema.org/Report> }")
    assert {r["s"].value for r in rows} == {
        BASE + "id/publicatie/een",
        BASE + "id/publicatie/twee",
    }


def test_queries_see_the_union_of_graphs(store):
    store.replace_graph(G, FILES / "two_publications.ttl")
    store.replace_graph(G2, FILES / "partner_graph.nt")

    assert store.ask("ASK { ?p <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }")
    assert titles(store) == ["Een", "One", "Twee"]


def test_replacing_with_the_same_file_writes_nothing(store):
    store.replace_graph(G, FILES / "two_publications.ttl")
    before = store.data_version()

    report = store.replace_graph(G, FILES / "two_publications.ttl")

    assert not report.changed and report.unchanged == 5
    assert store.data_version() == before


def test_replacing_writes_only_the_difference(store):
    store.replace_graph(G, FILES / "two_publications.ttl")
    before = store.data_version()

    report = store.replace_graph(G, FILES / "two_publications_changed.ttl")

    assert (report.added, report.removed, report.unchanged) == (1, 1, 4)
    assert "Twee (herzien)" in titles(store) and "Twee" not in titles(store)
    assert store.data_version() != before


def test_replacing_a_graph_with_blank_nodes_keeps_one_copy(store):
    store.replace_graph(G, FILES / "with_blank_nodes.ttl")
    store.replace_graph(G, FILES / "with_blank_nodes.ttl")

    rows = store.select("SELECT ?n WHERE { ?a <http://schema.org/name> ?n }")
    assert [r["n"].value for r in rows] == ["Anna"]


def test_syntax_error_names_line_and_leaves_old_graph(store):
    store.replace_graph(G, FILES / "two_publications.ttl")

    with pytest.raises(RDFSyntaxError) as caught:
        store.replace_graph(G, FILES / "syntax_error_line_5.ttl")

    assert caught.value.line == 5
    assert "syntax_error_line_5.ttl" in str(caught.value)
    assert titles(store) == ["Een", "One", "Twee"]


def test_syntax_error_in_new_graph_leaves_nothing(store):
    with pytest.raises(RDFSyntaxError):
        store.replace_graph(G, FILES / "syntax_error_line_5.ttl")

    assert titles(store) == []
    assert [g.iri for g in store.graphs()] == []


@pytest.mark.parametrize("name", ["empty.ttl", "only_prefixes.ttl"])
def test_empty_input_is_refused(store, name):
    store.replace_graph(G, FILES / "two_publications.ttl")

    with pytest.raises(InputError, match="nothing to load"):
        store.replace_graph(G, FILES / name)

    assert len(titles(store)) == 3


def test_missing_file_is_refused(store):
    with pytest.raises(InputError, match="does not exist"):
        store.replace_graph(G, FILES / "no-such-file.ttl")


def test_unknown_format_is_refused(store, tmp_path):
    path = tmp_path / "data.xyz"
    path.write_text("<a> <b> <c> .")

    with pytest.raises(UnsupportedFormatError, match="--format"):
        store.replace_graph(G, path)


def test_dataset_format_is_refused_for_one_graph(store, tmp_path):
    path = tmp_path / "data.nq"
    path.write_text("<http://a> <http://b> <http://c> <http://g> .\n")

    with pytest.raises(UnsupportedFormatError, match="named graphs"):
        store.replace_graph(G, path)


def test_file_over_the_size_limit_is_refused(make_store):
    store = make_store(max_load_bytes=50)

    with pytest.raises(InputTooLargeError, match="MAX_LOAD_BYTES"):
        store.replace_graph(G, FILES / "two_publications.ttl")

    assert titles(store) == []


def test_stream_over_the_size_limit_is_refused(make_store):
    store = make_store(max_load_bytes=50)
    body = (FILES / "two_publications.ttl").read_bytes()

    with pytest.raises(InputTooLargeError):
        store.replace_graph(G, io.BytesIO(body), format="ttl")

    assert titles(store) == []


def test_bytes_with_media_type_load(store):
    body = b'<http://e/a> <http://purl.org/dc/terms/title> "A" .\n'

    store.replace_graph(G, body, media_type="application/n-triples")

    assert titles(store) == ["A"]


def test_graphs_lists_counts(store):
    store.replace_graph(G, FILES / "two_publications.ttl")
    store.replace_graph(G2, FILES / "partner_graph.nt")

    assert [(g.iri, g.triples) for g in store.graphs()] == [(G2, 1), (G, 5)]


def test_drop_graph_removes_it(store):
    store.replace_graph(G, FILES / "two_publications.ttl")

    assert store.drop_graph(G) is True
    assert store.drop_graph(G) is False
    assert titles(store) == []


def test_dump_round_trips_as_n_quads(store):
    store.replace_graph(G, FILES / "two_publications.ttl")
    out = io.BytesIO()

    store.dump(out, RdfFormat.N_QUADS)

    quads = list(parse(out.getvalue(), RdfFormat.N_QUADS))
    assert len(quads) == 5
    assert {q.graph_name.value for q in quads} == {G}


def test_dump_of_one_graph_as_turtle(store):
    store.replace_graph(G, FILES / "two_publications.ttl")
    out = io.BytesIO()

    store.dump(out, RdfFormat.TURTLE, graph=G)

    assert len(list(parse(out.getvalue(), RdfFormat.TURTLE))) == 5


def test_update_changes_data_version(store):
    before = store.data_version()

    store.update(f'INSERT DATA {{ GRAPH <{G}> {{ <http://e/a> <http://e/p> "x" }} }}')

    assert store.data_version() != before
    assert store.data_version().modified >= before.modified


def test_invalid_query_raises_query_error(store):
    with pytest.raises(QueryError):
        store.select("SELECT ?s WHERE { ?s ?p }")


def test_bindings_are_terms_not_text(store):
    store.replace_graph(G, FILES / "two_publications.ttl")
    hostile = Literal('Een" } UNION { ?s ?p ?t } #', language="nl")

    rows = store.select(TITLES, {"t": hostile})
    assert rows == []

    rows = store.select(TITLES, {"t": Literal("Een", language="nl")})
    assert len(rows) == 1


def test_named_query_binds_typed_parameters(store):
    store.replace_graph(G, FILES / "two_publications.ttl")

    rows = store.named("label", resource=BASE + "id/publicatie/een")

    assert sorted(r["label"].value for r in rows) == ["Een", "One"]


def test_query_serialized_by_the_engine(store):
    store.replace_graph(G, FILES / "two_publications.ttl")

    body = store.query_serialized(TITLES, QueryResultsFormat.CSV)

    assert body.decode().splitlines() == ["t", "Een", "One", "Twee"]


def test_subject_binding_selects_one_resource(store):
    store.replace_graph(G, FILES / "two_publications.ttl")

    rows = store.select(
        "SELECT ?s ?t WHERE { ?s <http://purl.org/dc/terms/title> ?t }",
        {"s": NamedNode(BASE + "id/publicatie/twee")},
    )

    assert [r["t"].value for r in rows] == ["Twee"]


def test_listeners_hear_every_write(store):
    heard = []
    store.subscribe(heard.append)

    store.replace_graph(G, FILES / "two_publications.ttl")
    store.replace_graph(G, FILES / "two_publications.ttl")
    store.drop_graph(G)

    assert len(heard) == 2
    assert heard[-1] == store.data_version()
