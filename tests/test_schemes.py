"""The SKOS concept schemes in ontology/schemes follow NL-SBB and our conventions."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from rdflib import RDF, SKOS, Graph, URIRef
from rdflib.namespace import DCTERMS

from graph_service.resources import resource_path

BASE = "https://data.wijkwijzer.nl/"
SCHEMES = resource_path("ontology") / "schemes"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# Scheme file name -> the type segment of its concept IRIs.
TYPES = {
    "leefgebieden": "leefgebied",
    "themas": "thema",
    "werkwijzen": "werkwijze",
    "organisatietypen": "organisatietype",
    "doelgroepen": "doelgroep",
    "vraagstatussen": "vraagstatus",
}

# Slugs that other data relies on. For the schemes marked exact, nothing else.
REQUIRED_SLUGS = {
    "leefgebieden": {
        "wonen", "werk", "inkomen", "opvoeding", "onderwijs", "veiligheid",
        "gezondheid",
    },
    "themas": {
        "wijkaanpak", "gebiedsgericht-werken", "integraal-samenwerken",
        "leefbaarheid", "ondermijning", "jeugd", "armoede-en-schulden",
        "participatie", "bewonersinitiatieven", "sociale-cohesie", "eenzaamheid",
        "criminaliteitspreventie", "jeugdcriminaliteit", "overlast",
        "veiligheidsbeleving", "zorg-en-welzijn", "sociale-basis",
        "kansengelijkheid", "kwetsbare-wijken", "polarisatie",
        "discriminatie-en-inclusie", "openbare-ruimte", "energiearmoede",
        "huisvesting-kwetsbare-groepen", "wijkmonitoring",
        "gezondheidsverschillen", "mentale-gezondheid", "huiselijk-geweld",
        "radicalisering", "stedelijke-vernieuwing", "schuldhulpverlening",
    },
    "werkwijzen": {
        "wijkteam", "buurtbemiddeling", "wijkschouw", "buurtpreventie",
        "right-to-challenge", "burgerbegroting", "abcd", "persoonsgerichte-aanpak",
        "participatief-actieonderzoek", "wijkvisie", "buurtcooperatie",
        "kennisatelier", "buurtsportcoach", "wijkagent", "huiskamer-van-de-wijk",
    },
    "organisatietypen": {
        "kenniscentrum", "gemeente", "ministerie", "bewonersorganisatie",
        "sociaal-ondernemer", "netwerkorganisatie", "belangenorganisatie",
    },
    "doelgroepen": {"beleidsmaker", "wijkprofessional", "actieve-bewoner"},
    "vraagstatussen": {
        "nieuw", "doorgestuurd", "in-behandeling", "beantwoord", "gesloten",
    },
}  # fmt: skip
EXACT = {"leefgebieden", "organisatietypen", "doelgroepen", "vraagstatussen"}

# Hierarchy that the field expects: (narrower, broader) in the theme scheme.
THEME_HIERARCHY = [
    ("bewonersinitiatieven", "participatie"),
    ("jeugdcriminaliteit", "criminaliteitspreventie"),
    ("schuldhulpverlening", "armoede-en-schulden"),
    ("energiearmoede", "armoede-en-schulden"),
    ("gebiedsgericht-werken", "wijkaanpak"),
    ("integraal-samenwerken", "wijkaanpak"),
]

# Words people type in the search box that must find a theme: (slug, altLabel).
SEARCH_WORDS = [
    ("gebiedsgericht-werken", "wijkgericht werken"),
    ("wijkaanpak", "buurtaanpak"),
    ("schuldhulpverlening", "schuldhulp"),
    ("bewonersinitiatieven", "burgerinitiatief"),
]

# TOOI concepts whose IRI and label were checked (see the comments in the
# scheme files). A mapping to anything else is a guess and fails the test.
VERIFIED_TOOI = {
    "thes/top/c_124eaf3a": "wonen",
    "thes/top/c_9d1917e9": "werk",
    "thes/top/c_76136c82": "gezin en kinderen",
    "thes/top/c_c232ae4a": "onderwijs en wetenschap",
    "thes/top/c_d58b78ca": "openbare orde en veiligheid",
    "thes/top/c_d772bf06": "veiligheid",
    "thes/top/c_fcac43e4": "criminaliteit",
    "thes/top/c_d0463fb7": "zorg en gezondheid",
    "thes/top/c_0fe7c5e7": "jeugdzorg",
    "thes/top/c_d4890526": "sociale zekerheid",
    "thes/top/c_f4f1867a": "energie",
    "thes/top/c_cfc7d5ab": "ruimte en infrastructuur",
    "thes/top/c_9af4b880": "ruimtelijke ordening",
    "thes/top/c_d2b1338a": "rechten en vrijheden",
    "thes/kern/c_49ea8180": "gemeente",
}
TOOI_DEF = "https://identifier.overheid.nl/tooi/def/"


def scheme_iri(name: str, base: str = BASE) -> URIRef:
    """The IRI of scheme ``name`` under ``base``."""
    return URIRef(f"{base}id/begrippenkader/{name}")


def concept_iri(name: str, slug: str) -> URIRef:
    """The IRI of concept ``slug`` of scheme ``name``."""
    return URIRef(f"{BASE}id/{TYPES[name]}/{slug}")


def load(name: str, base: str = BASE) -> Graph:
    """Parse the scheme file ``name`` with ``base`` as its base IRI."""
    return Graph().parse(SCHEMES / f"{name}.ttl", format="turtle", publicID=base)


def concepts(graph: Graph) -> set[URIRef]:
    """Every skos:Concept in ``graph``."""
    return set(graph.subjects(RDF.type, SKOS.Concept))


def tags(graph: Graph, subject, predicate) -> list[str]:
    """The language tags of the values of ``predicate``, sorted, '' if untagged."""
    return sorted(o.language or "" for o in graph.objects(subject, predicate))


@pytest.fixture(scope="module", params=sorted(TYPES))
def scheme(request) -> tuple[str, Graph]:
    """Each scheme file, by name, parsed with the default base."""
    return request.param, load(request.param)


def test_every_scheme_file_is_known():
    assert {path.stem for path in SCHEMES.glob("*.ttl")} == set(TYPES)


def test_scheme_is_described_in_dutch_and_english(scheme):
    name, graph = scheme
    iri = scheme_iri(name)
    assert (iri, RDF.type, SKOS.ConceptScheme) in graph
    for predicate in (
        SKOS.prefLabel,
        DCTERMS.title,
        SKOS.definition,
        DCTERMS.description,
    ):
        assert tags(graph, iri, predicate) == ["en", "nl"], predicate


def test_concepts_have_labels_definitions_and_scheme(scheme):
    name, graph = scheme
    for concept in concepts(graph):
        assert tags(graph, concept, SKOS.prefLabel) == ["en", "nl"], concept
        assert tags(graph, concept, SKOS.definition) == ["en", "nl"], concept
        assert (concept, SKOS.inScheme, scheme_iri(name)) in graph, concept


def test_concept_iris_follow_the_pattern(scheme):
    name, graph = scheme
    prefix = f"{BASE}id/{TYPES[name]}/"
    for concept in concepts(graph):
        assert concept.startswith(prefix), concept
        assert SLUG.match(concept[len(prefix) :]), concept


def test_every_subject_is_the_scheme_or_one_of_its_concepts(scheme):
    name, graph = scheme
    assert set(graph.subjects()) == concepts(graph) | {scheme_iri(name)}


def test_required_slugs_exist(scheme):
    name, graph = scheme
    slugs = {str(c).rsplit("/", 1)[-1] for c in concepts(graph)}
    missing = REQUIRED_SLUGS[name] - slugs
    assert not missing, f"{name} lacks {sorted(missing)}"
    if name in EXACT:
        assert slugs == REQUIRED_SLUGS[name]


def test_top_concepts_are_marked_both_ways(scheme):
    name, graph = scheme
    iri = scheme_iri(name)
    has_top = set(graph.objects(iri, SKOS.hasTopConcept))
    top_of = set(graph.subjects(SKOS.topConceptOf, iri))
    assert has_top == top_of
    assert has_top


def test_top_concepts_are_exactly_those_without_broader(scheme):
    name, graph = scheme
    roots = {c for c in concepts(graph) if graph.value(c, SKOS.broader) is None}
    assert roots == set(graph.subjects(SKOS.topConceptOf, scheme_iri(name)))


def test_broader_and_narrower_are_symmetric(scheme):
    _, graph = scheme
    broader = {(s, o) for s, o in graph.subject_objects(SKOS.broader)}
    narrower = {(o, s) for s, o in graph.subject_objects(SKOS.narrower)}
    assert broader == narrower
    for child, parent in broader:
        assert child in concepts(graph) and parent in concepts(graph)


def test_hierarchy_has_no_cycles(scheme):
    _, graph = scheme
    for concept in concepts(graph):
        seen, frontier = set(), {concept}
        while frontier:
            frontier = {p for c in frontier for p in graph.objects(c, SKOS.broader)}
            assert concept not in frontier, f"{concept} is its own ancestor"
            frontier -= seen
            seen |= frontier


def test_labels_are_unique_within_a_scheme(scheme):
    _, graph = scheme
    labels = Counter(
        (str(label).casefold(), label.language)
        for predicate in (SKOS.prefLabel, SKOS.altLabel)
        for concept in concepts(graph)
        for label in set(graph.objects(concept, predicate))
    )
    doubles = [label for label, count in labels.items() if count > 1]
    assert not doubles


@pytest.mark.parametrize("child, parent", THEME_HIERARCHY)
def test_theme_hierarchy(child, parent):
    graph = load("themas")
    assert (
        concept_iri("themas", child),
        SKOS.broader,
        concept_iri("themas", parent),
    ) in graph


@pytest.mark.parametrize("slug, word", SEARCH_WORDS)
def test_search_words_are_alternative_labels(slug, word):
    graph = load("themas")
    alt = {
        str(label)
        for label in graph.objects(concept_iri("themas", slug), SKOS.altLabel)
    }
    assert word in alt


def test_tooi_mappings_point_only_to_verified_concepts():
    mapped = set()
    for name in TYPES:
        graph = load(name)
        for predicate in (SKOS.closeMatch, SKOS.broadMatch, SKOS.exactMatch):
            for _, target in graph.subject_objects(predicate):
                assert str(target).startswith(TOOI_DEF), target
                key = str(target)[len(TOOI_DEF) :]
                assert key in VERIFIED_TOOI, f"unverified TOOI mapping <{target}>"
                mapped.add(key)
    assert mapped


def test_schemes_use_relative_iris_for_our_things():
    for path in SCHEMES.glob("*.ttl"):
        lines = path.read_text(encoding="utf-8").splitlines()
        statements = [line for line in lines if not line.lstrip().startswith("#")]
        assert not any("data.wijkwijzer.nl/id/" in line for line in statements), path


def test_schemes_follow_the_configured_base():
    other = "https://wijkwijzer.example.org/test/"
    graph = load("themas", base=other)
    jeugd = URIRef(f"{other}id/thema/jeugd")
    assert (jeugd, SKOS.inScheme, scheme_iri("themas", other)) in graph
    assert not any(str(s).startswith(BASE) for s in graph.subjects())
