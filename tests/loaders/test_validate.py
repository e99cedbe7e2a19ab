"""The compiled shapes give the same results as pyshacl on the shape fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, parse
from rdflib import Graph

from graph_service.demo import demo_bundles, ontology_bundle
from graph_service.validation import validate
from loaders.screen import group
from loaders.validate import Checker, default_spec

BASE = "https://data.wijkwijzer.nl/"
SHAPE_FIXTURES = sorted((Path(__file__).parents[1] / "data" / "shapes").glob("*.ttl"))


def _union(fixture: Path) -> bytes:
    parts = [ontology_bundle().read(), demo_bundles()[0].read(), fixture.read_bytes()]
    return b"\n".join(parts)


def _compiled(data: bytes) -> set:
    triples = [q.triple for q in parse(data, RdfFormat.TURTLE, base_iri=BASE)]
    grouped = group(triples)
    checker = Checker(default_spec())
    referrers: dict = {}
    for described in grouped.values():
        for predicate, values in described.items():
            if predicate.value in checker.object_of_predicates:
                for value in values:
                    referrers.setdefault(value, []).append(predicate.value)
    found = set()
    for subject in grouped:
        shapes = checker.shapes_for(subject, grouped, referrers.get(subject, ()))
        for r in checker.check(subject, grouped, shapes):
            found.add((r.focus, r.path, r.message_nl))
    return found


def test_every_shape_compiles():
    assert len(default_spec().shapes) >= 10


@pytest.mark.parametrize("fixture", SHAPE_FIXTURES, ids=lambda p: p.stem)
def test_compiled_checks_agree_with_pyshacl(fixture):
    data = _union(fixture)
    report = validate(Graph().parse(data=data, format="turtle", publicID=BASE))
    expected = {
        (str(v.focus_node), str(v.path) if v.path else None, v.message_nl)
        for v in report.violations
    }
    assert _compiled(data) == expected
