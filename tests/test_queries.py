"""Every named query parses, runs, and declares its parameters properly."""

from __future__ import annotations

import pytest

from graph_service.errors import BindingError, UnknownQueryError
from graph_service.queries import NamedQuery, library
from graph_service.store.embedded import EmbeddedStore
from tests.conftest import BASE

QUERIES = [q.name for q in library()]


@pytest.mark.parametrize("name", QUERIES)
def test_named_query_runs_on_an_empty_store(name):
    store = EmbeddedStore(None, BASE)
    query = library().get(name)
    values = {p.name: _sample(p.type) for p in query.params if p.required}

    result = store.named(name, **values)

    assert result is not None


@pytest.mark.parametrize("name", QUERIES)
def test_named_query_has_a_title_and_description(name):
    query = library().get(name)

    assert query.title and query.title != name
    assert query.description


def test_unknown_query_is_named_in_the_error():
    with pytest.raises(UnknownQueryError, match="no-such-query"):
        library().get("no-such-query")


def test_wrong_parameter_type_names_the_parameter():
    query = NamedQuery.parse("q", "# param: n integer -- N\nSELECT ?n WHERE {}")

    with pytest.raises(BindingError, match="'n' expects a whole number"):
        query.bind({"n": "three"})


def test_missing_required_parameter_is_named():
    query = NamedQuery.parse("q", "# param: item iri -- I\nSELECT ?item WHERE {}")

    with pytest.raises(BindingError, match="needs parameter 'item'"):
        query.bind({})


def test_unknown_parameter_is_refused():
    query = NamedQuery.parse("q", "SELECT ?x WHERE {}")

    with pytest.raises(BindingError, match="no parameter 'y'"):
        query.bind({"y": "1"})


def test_parameter_outside_the_projection_is_refused_at_load():
    with pytest.raises(ValueError, match="must be in the SELECT clause"):
        NamedQuery.parse("q", "# param: item iri -- I\nSELECT ?x WHERE { ?item ?p ?x }")


def test_iri_parameter_refuses_text_that_is_not_an_iri():
    query = NamedQuery.parse("q", "# param: item iri -- I\nSELECT ?item WHERE {}")

    with pytest.raises(BindingError, match="absolute IRI"):
        query.bind({"item": "> } DROP ALL"})


def _sample(kind: str) -> str:
    return {
        "iri": BASE + "id/thema/jeugd",
        "integer": "1",
        "decimal": "1.5",
        "date": "2024-01-01",
        "boolean": "true",
        "language": "nl",
    }.get(kind, "wijk")
