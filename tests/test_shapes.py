"""The SHACL shapes catch what they should, in Dutch and English.

Each situation is one tiny Turtle file in tests/data/shapes, validated together
with the whole ontology folder and a valid partner (``partner.ttl``), as the
service validates the union of all its data.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import SH, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from graph_service.resources import resource_path
from graph_service.validation import (
    ValidationReport,
    Violation,
    load_shapes,
    validate,
)
from graph_service.vocab import PREFIXES

BASE = "https://data.wijkwijzer.nl/"
SITUATIONS = Path(__file__).parent / "data" / "shapes"
ONTOLOGY = resource_path("ontology")


def iri(text: str) -> URIRef:
    """Expand ``prefix:local`` with the shared prefix map, or a relative IRI."""
    prefix, _, local = text.partition(":")
    if prefix in PREFIXES:
        return URIRef(PREFIXES[prefix] + local)
    return URIRef(BASE + text)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    """Every Turtle file of the ontology folder, parsed with the default base."""
    graph = Graph()
    for path in sorted(ONTOLOGY.rglob("*.ttl")):
        graph.parse(path, format="turtle", publicID=BASE)
    return graph


def situation(ontology: Graph, name: str) -> Graph:
    """The ontology, the valid partner and the situation file ``name``."""
    graph = Graph()
    graph += ontology
    graph.parse(SITUATIONS / "partner.ttl", format="turtle", publicID=BASE)
    graph.parse(SITUATIONS / name, format="turtle", publicID=BASE)
    return graph


def check(ontology: Graph, name: str) -> ValidationReport:
    """Validate the situation file ``name``."""
    return validate(situation(ontology, name))


VALID = [
    "valid_publication.ttl",
    "valid_praktijkvoorbeeld.ttl",
    "publication_with_year_only.ttl",
    "valid_concept.ttl",
    "valid_feed.ttl",
    "valid_question_and_answer.ttl",
    "valid_wijk_and_buurt.ttl",
    "partner.ttl",
]

# Accepted, but with a warning.
WARNED = ["praktijkvoorbeeld_without_place.ttl"]

# file, focus node, path of the expected violation.
INVALID = [
    ("publication_without_title.ttl", "id/publicatie/voorbeeld", "dct:title"),
    ("publication_with_untagged_title.ttl", "id/publicatie/voorbeeld", "dct:title"),
    ("publication_with_wrong_date.ttl", "id/publicatie/voorbeeld", "dct:issued"),
    (
        "publication_with_plain_string_date.ttl",
        "id/publicatie/voorbeeld",
        "dct:issued",
    ),
    (
        "publication_with_wrong_year_month.ttl",
        "id/publicatie/voorbeeld",
        "dct:issued",
    ),
    ("publication_with_two_dates.ttl", "id/publicatie/voorbeeld", "dct:issued"),
    ("publication_with_unknown_theme.ttl", "id/publicatie/voorbeeld", "dct:subject"),
    (
        "publication_with_publisher_not_a_partner.ttl",
        "id/publicatie/voorbeeld",
        "dct:publisher",
    ),
    ("publication_without_url.ttl", "id/publicatie/voorbeeld", "schema:url"),
    ("publication_with_literal_source.ttl", "id/publicatie/voorbeeld", "dct:source"),
    (
        "praktijkvoorbeeld_without_publisher.ttl",
        "id/praktijkvoorbeeld/buurthuiskamer",
        "dct:publisher",
    ),
    ("concept_without_definition.ttl", "id/thema/buurtmoestuinen", "skos:definition"),
    ("concept_without_dutch_label.ttl", "id/thema/buurtmoestuinen", "skos:prefLabel"),
    (
        "concept_with_two_dutch_labels.ttl",
        "id/thema/buurtmoestuinen",
        "skos:prefLabel",
    ),
    ("concept_without_scheme.ttl", "id/thema/buurtmoestuinen", "skos:inScheme"),
    (
        "concept_scheme_without_definition.ttl",
        "id/begrippenkader/proef",
        "skos:definition",
    ),
    (
        "partner_without_classification.ttl",
        "id/partner/zonder-type",
        "org:classification",
    ),
    ("partner_with_literal_homepage.ttl", "id/partner/tekst-homepage", "foaf:homepage"),
    (
        "feed_with_bad_interval.ttl",
        "id/feed/kenniscentrum-voorbeeld/publicaties",
        "ww:harvestInterval",
    ),
    (
        "feed_with_zero_interval.ttl",
        "id/feed/kenniscentrum-voorbeeld/publicaties",
        "ww:harvestInterval",
    ),
    (
        "feed_distribution_without_access_url.ttl",
        "id/feed/kenniscentrum-voorbeeld/publicaties/turtle",
        "dcat:accessURL",
    ),
    ("question_without_text.ttl", "id/vraag/proef-1", "schema:text"),
    ("question_with_two_statuses.ttl", "id/vraag/proef-1", "adms:status"),
    ("answer_with_wrong_created.ttl", "id/antwoord/proef-1", "dct:created"),
    ("buurt_with_wrong_code.ttl", "id/buurt/bu03630000-2024", "skos:notation"),
]


def test_every_situation_file_is_used():
    used = set(VALID) | {name for name, _, _ in INVALID} | set(WARNED)
    assert {path.name for path in SITUATIONS.glob("*.ttl")} == used


def test_the_ontology_itself_conforms(ontology):
    report = validate(ontology)
    assert report.conforms, report.format("en")
    assert report.violations == []


@pytest.mark.parametrize("name", VALID)
def test_valid_situation_conforms_without_any_result(ontology, name):
    report = check(ontology, name)
    assert report.conforms, report.format("en")
    assert report.violations == []


@pytest.mark.parametrize("name, focus, path", INVALID)
def test_invalid_situation_is_caught(ontology, name, focus, path):
    report = check(ontology, name)

    assert not report.conforms
    caught = [v for v in report.violations if v.focus_node == iri(focus)]
    assert caught, report.format("en")
    assert {v.path for v in caught} == {iri(path)}
    assert all(v.severity == "Violation" for v in caught)


@pytest.mark.parametrize("name, focus, path", INVALID)
def test_violation_messages_are_dutch_and_english(ontology, name, focus, path):
    report = check(ontology, name)

    for violation in report.violations:
        assert violation.message_nl and violation.message_en
        assert violation.message_nl != violation.message_en
        assert violation.message("en") == violation.message_en
        assert violation.message("nl") == violation.message_nl


def test_wrong_date_names_the_value(ontology):
    report = check(ontology, "publication_with_wrong_date.ttl")

    (violation,) = report.violations
    assert str(violation.value) == "2023-13-45"
    assert "dct:issued" in violation.message_en
    assert "uitgiftedatum" in violation.message_nl


def test_practice_example_without_place_conforms_with_a_warning(ontology):
    report = check(ontology, "praktijkvoorbeeld_without_place.ttl")

    assert report.conforms
    (warning,) = report.violations
    assert warning.severity == "Warning"
    assert warning.path == DCTERMS.spatial


def test_report_has_one_line_per_violation_with_focus_in_angle_brackets(ontology):
    report = check(ontology, "publication_with_wrong_date.ttl")
    lines = report.format("nl").splitlines()

    assert len(lines) == 1 + len(report.violations)
    assert lines[0].startswith("1 melding(en); de gegevens voldoen niet")
    assert lines[1].startswith(
        "Overtreding <https://data.wijkwijzer.nl/id/publicatie/voorbeeld> dct:issued"
    )
    assert '"2023-13-45"^^xsd:date' in lines[1]


def test_report_speaks_english_when_asked(ontology):
    report = check(ontology, "publication_without_title.ttl")
    text = report.format("en")

    assert text.splitlines()[0].endswith("the data does not conform to the shapes:")
    assert "Violation <https://data.wijkwijzer.nl/id/publicatie/voorbeeld>" in text
    assert report.violations[0].message_en in text


def test_report_of_conforming_data_says_so():
    report = ValidationReport(conforms=True)

    assert report.format("nl").startswith("Geen meldingen")
    assert report.format("en").startswith("No results")


def test_report_refuses_an_unknown_language():
    with pytest.raises(ValueError, match="'de'"):
        ValidationReport(conforms=True).format("de")


def test_a_dataset_is_validated_as_the_union_of_its_graphs(ontology):
    dataset = Dataset()
    dataset.graph(URIRef(BASE + "graph/ontology")).__iadd__(ontology)
    dataset.graph(URIRef(BASE + "graph/catalogue")).parse(
        SITUATIONS / "valid_publication.ttl", format="turtle", publicID=BASE
    )
    dataset.graph(URIRef(BASE + "graph/partners")).parse(
        SITUATIONS / "partner.ttl", format="turtle", publicID=BASE
    )

    report = validate(dataset)
    assert report.conforms, report.format("en")


def test_each_result_is_reported_once(ontology):
    report = check(ontology, "feed_with_bad_interval.ttl")
    assert len(report.violations) == len(set(report.violations)) == 1


def test_shapes_are_loaded_once():
    assert load_shapes() is load_shapes()


def test_every_shape_message_is_in_dutch_and_english():
    shapes = load_shapes()
    with_message = set(shapes.subjects(SH.message, None))
    assert with_message
    for shape in with_message:
        tags = sorted(m.language for m in shapes.objects(shape, SH.message))
        assert tags == ["en", "nl"], shape


def test_every_property_shape_has_a_message():
    shapes = load_shapes()
    for shape in set(shapes.subjects(SH.path, None)):
        assert shapes.value(shape, SH.message) is not None, shape


def test_messages_are_literals():
    for message in load_shapes().objects(None, SH.message):
        assert isinstance(message, Literal)


def test_violation_is_a_plain_value():
    violation = Violation(
        focus_node=iri("id/thema/x"),
        path=None,
        value=None,
        severity="Violation",
        message_nl="nl",
        message_en="en",
        shape=None,
    )
    assert violation == Violation(
        iri("id/thema/x"), None, None, "Violation", "nl", "en", None
    )
