"""The ww: vocabulary: ontology/ww.ttl and graph_service.vocab agree both ways."""

from __future__ import annotations

import re

import pytest
from pyoxigraph import NamedNode
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from graph_service.resources import resource_path
from graph_service.vocab import (
    PREFIXES,
    WW,
    WW_NAMESPACE,
    bind_prefixes,
    sparql_prefix_block,
)

BASE = "https://data.wijkwijzer.nl/"
ONTOLOGY_IRI = URIRef("https://data.wijkwijzer.nl/def")
ONTOLOGY = resource_path("ontology")


@pytest.fixture(scope="module")
def vocabulary() -> Graph:
    """The parsed ontology/ww.ttl."""
    return Graph().parse(ONTOLOGY / "ww.ttl", format="turtle")


def ww_iris(graph: Graph) -> set[URIRef]:
    """Every IRI in the ww: namespace that occurs anywhere in ``graph``."""
    return {
        term
        for triple in graph
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(WW_NAMESPACE)
    }


def declared_terms(graph: Graph) -> set[URIRef]:
    """ww: IRIs that have an rdf:type in ``graph``."""
    return {s for s in graph.subjects(RDF.type, None) if s in ww_iris(graph)}


def languages(graph: Graph, subject, predicate) -> list[str]:
    """The language tags of the literal values of ``predicate``."""
    return sorted(
        (o.language or "" for o in graph.objects(subject, predicate)),
    )


def test_every_term_in_the_turtle_is_in_python(vocabulary):
    for iri in ww_iris(vocabulary):
        name = iri[len(WW_NAMESPACE) :]
        assert getattr(WW, name).uriref == iri


def test_every_term_in_python_is_declared_in_the_turtle(vocabulary):
    declared = declared_terms(vocabulary)
    for term in WW:
        assert term.uriref in declared, f"{term} is in vocab.py, not in ww.ttl"


def test_python_and_turtle_have_the_same_terms(vocabulary):
    in_python = {term.uriref for term in WW}
    assert in_python == declared_terms(vocabulary) == ww_iris(vocabulary)


@pytest.mark.parametrize("name", ["leefgebieden", "Praktijkvoorbeelden", "title"])
def test_unknown_term_raises_attribute_error_naming_it(name):
    with pytest.raises(AttributeError, match=f"ww:{name} is not declared"):
        getattr(WW, name)


def test_unknown_term_by_item_raises_key_error():
    with pytest.raises(KeyError, match="ww:Wijken"):
        WW["Wijken"]


def test_private_and_dunder_names_raise_attribute_error():
    assert not hasattr(WW, "__wrapped__")
    assert not hasattr(WW, "_leefgebied")


def test_term_is_a_full_iri_string():
    assert WW.Praktijkvoorbeeld == "https://data.wijkwijzer.nl/def#Praktijkvoorbeeld"
    assert isinstance(WW.leefgebied, str)
    assert WW["harvestInterval"] == WW.harvestInterval
    assert {WW.Wijk: 1}["https://data.wijkwijzer.nl/def#Wijk"] == 1


def test_term_converts_to_rdflib_and_pyoxigraph():
    assert WW.Buurt.uriref == URIRef(WW_NAMESPACE + "Buurt")
    assert WW.Buurt.named_node == NamedNode(WW_NAMESPACE + "Buurt")


def test_membership_accepts_names_and_iris():
    assert "werkwijze" in WW
    assert WW_NAMESPACE + "werkwijze" in WW
    assert "werkwijzen" not in WW
    assert 42 not in WW


def test_every_ww_iri_used_in_the_ontology_folder_is_declared(vocabulary):
    declared = declared_terms(vocabulary)
    for path in sorted(ONTOLOGY.rglob("*.ttl")):
        graph = Graph().parse(path, format="turtle", publicID=BASE)
        unknown = ww_iris(graph) - declared
        assert not unknown, f"{path.name} uses undeclared terms {sorted(unknown)}"


@pytest.mark.parametrize(
    "term", [t.uriref for t in WW], ids=lambda t: t[len(WW_NAMESPACE) :]
)
def test_term_has_dutch_and_english_label_and_definition(vocabulary, term):
    assert languages(vocabulary, term, RDFS.label) == ["en", "nl"]
    assert languages(vocabulary, term, SKOS.definition) == ["en", "nl"]
    assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in vocabulary


@pytest.mark.parametrize(
    "term", [t.uriref for t in WW], ids=lambda t: t[len(WW_NAMESPACE) :]
)
def test_term_is_a_class_or_a_property(vocabulary, term):
    types = set(vocabulary.objects(term, RDF.type))
    assert types & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}


def test_properties_have_a_range(vocabulary):
    for term in WW:
        if (term.uriref, RDF.type, RDF.Property) in vocabulary:
            assert vocabulary.value(term.uriref, RDFS.range) is not None, term


def test_ontology_has_title_description_and_version(vocabulary):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in vocabulary
    assert languages(vocabulary, ONTOLOGY_IRI, DCTERMS.title) == ["en", "nl"]
    assert languages(vocabulary, ONTOLOGY_IRI, DCTERMS.description) == ["en", "nl"]
    assert isinstance(vocabulary.value(ONTOLOGY_IRI, OWL.versionInfo), Literal)


def test_schema_org_is_the_http_namespace_everywhere():
    assert PREFIXES["schema"] == "http://schema.org/"
    for path in sorted(ONTOLOGY.rglob("*.ttl")):
        assert "https://schema.org/" not in path.read_text(encoding="utf-8"), path


def test_prefix_declarations_in_the_ontology_agree_with_prefixes():
    declaration = re.compile(r"@prefix\s+([\w-]*):\s*<([^>]*)>", re.MULTILINE)
    for path in sorted(ONTOLOGY.rglob("*.ttl")):
        for name, iri in declaration.findall(path.read_text(encoding="utf-8")):
            if name in PREFIXES:
                assert PREFIXES[name] == iri, f"{path.name}: {name}: <{iri}>"


def test_no_two_prefixes_share_a_namespace():
    assert len(set(PREFIXES.values())) == len(PREFIXES)


def test_sparql_prefix_block_declares_every_prefix_once():
    block = sparql_prefix_block()
    lines = block.splitlines()
    assert len(lines) == len(PREFIXES)
    for name, iri in PREFIXES.items():
        assert f"PREFIX {name}: <{iri}>" in lines


def test_sparql_prefix_block_makes_a_valid_query():
    graph = Graph().parse(ONTOLOGY / "ww.ttl", format="turtle")
    query = (
        sparql_prefix_block() + "SELECT ?c WHERE { ?c rdfs:subClassOf schema:Place }"
    )
    found = {str(row.c) for row in graph.query(query)}
    assert found == {WW.Wijk, WW.Buurt}


def test_bind_prefixes_overrides_rdflib_defaults():
    graph = bind_prefixes(Graph())
    bound = {prefix: str(namespace) for prefix, namespace in graph.namespaces()}
    assert bound["schema"] == "http://schema.org/"
    assert bound["ww"] == WW_NAMESPACE
