"""Check harvested records against the SHACL shapes, fast, and quarantine the bad.

pyshacl over rdflib checks about 7,000 simple records a second; feeds of a
million triples need far more. The shapes in ``ontology/shapes.ttl`` stay the
one definition of validity: :func:`compile_shapes` reads them and turns every
node shape into a plain, JSON-serialisable :class:`Spec`, and :class:`Checker`
evaluates a spec per record on pyoxigraph terms. A shape using a constraint
the compiler does not know raises, so nothing is skipped silently;
``tests/loaders/test_validate.py`` proves the results equal pyshacl's on the
shape fixtures.

A record is one focus node of a shape (an item, a feed, a concept) with the
triples whose subject it is. ``sh:class`` sees the types in the feed and the
types already in the store (``context``), as the union validation does.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import BlankNode, Literal, NamedNode
from rdflib import RDF, SH, BNode, Graph, URIRef
from rdflib.collection import Collection

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = NamedNode(str(RDF.type))
LANG_STRING = str(RDF.langString)

# What a well-formed lexical value of each checked datatype looks like.
_LEXICAL = {
    XSD + "date": r"-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?",
    XSD + "gYear": r"-?\d{4,}(Z|[+-]\d{2}:\d{2})?",
    XSD + "gYearMonth": r"-?\d{4,}-\d{2}(Z|[+-]\d{2}:\d{2})?",
    XSD
    + "dateTime": r"-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?",
    XSD + "integer": r"[+-]?\d+",
    XSD + "nonNegativeInteger": r"\+?\d+",
    XSD + "boolean": r"true|false|1|0",
    XSD + "duration": r"-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?"
    r"(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?",
}
_KNOWN = {
    SH.path, SH.minCount, SH.maxCount, SH.datatype, SH.nodeKind, SH["class"],
    SH.uniqueLang, SH.pattern, SH["or"], SH["not"], SH.message, SH.severity,
    SH.qualifiedValueShape, SH.qualifiedMinCount, SH.languageIn, SH.name,
    SH.description, SH.order, SH.group, RDF.type,
}  # fmt: skip


@dataclass(frozen=True)
class Result:
    """One failed constraint: the focus node, path, value and messages."""

    focus: str
    path: str | None
    value: str | None
    severity: str
    message_nl: str
    message_en: str
    shape: str

    def as_dict(self) -> dict:
        """For reports and JSON."""
        return self.__dict__.copy()


@dataclass
class Spec:
    """Compiled node shapes: targets and property constraints as plain data."""

    shapes: list[dict] = field(default_factory=list)

    @property
    def target_classes(self) -> set[str]:
        """Every class some shape targets."""
        return {c for s in self.shapes for c in s["classes"]}

    @property
    def referenced_classes(self) -> set[str]:
        """Every class a ``sh:class`` constraint asks about."""
        return {
            c for s in self.shapes for p in s["properties"] for c in p.get("class", [])
        }


@functools.cache
def default_spec() -> Spec:
    """The compiled ``ontology/shapes.ttl`` of this installation."""
    from graph_service.validation import load_shapes

    return compile_shapes(load_shapes())


def compile_shapes(shapes: Graph) -> Spec:
    """Compile every node shape with targets in ``shapes`` into a :class:`Spec`.

    Raises ``NotImplementedError`` naming the shape and constraint when a
    shape uses something this compiler cannot evaluate.
    """
    spec = Spec()
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        classes = sorted(str(c) for c in shapes.objects(shape, SH.targetClass))
        objects_of = sorted(str(p) for p in shapes.objects(shape, SH.targetObjectsOf))
        if not classes and not objects_of:
            continue
        properties = [
            _compile_property(shapes, prop)
            for prop in shapes.objects(shape, SH.property)
        ]
        spec.shapes.append(
            {
                "shape": str(shape),
                "classes": classes,
                "objects_of": objects_of,
                "properties": properties,
            }
        )
    return spec


def _compile_property(shapes: Graph, prop) -> dict:
    for predicate in shapes.predicates(prop):
        if predicate not in _KNOWN:
            raise NotImplementedError(f"{prop}: {predicate} is not compiled")
    path = shapes.value(prop, SH.path)
    if not isinstance(path, URIRef):
        raise NotImplementedError(f"{prop}: only predicate paths are compiled")
    messages = {m.language: str(m) for m in shapes.objects(prop, SH.message)}
    severity = shapes.value(prop, SH.severity)
    compiled = {
        "shape": str(prop) if not isinstance(prop, BNode) else "",
        "path": str(path),
        "severity": str(severity).rsplit("#", 1)[-1] if severity else "Violation",
        "nl": messages.get("nl", messages.get(None, "")),
        "en": messages.get("en", messages.get(None, "")),
        "value_checks": _value_checks(shapes, prop),
    }
    for key, term in (("min", SH.minCount), ("max", SH.maxCount)):
        value = shapes.value(prop, term)
        if value is not None:
            compiled[key] = int(value)
    classes = [str(c) for c in shapes.objects(prop, SH["class"])]
    if classes:
        compiled["class"] = classes
    if shapes.value(prop, SH.uniqueLang) is not None:
        compiled["unique_lang"] = bool(shapes.value(prop, SH.uniqueLang).toPython())
    qualified = shapes.value(prop, SH.qualifiedValueShape)
    if qualified is not None:
        langs = shapes.value(qualified, SH.languageIn)
        if langs is None:
            raise NotImplementedError(f"{prop}: only languageIn qualified shapes")
        compiled["qualified"] = {
            "languages": [str(x) for x in Collection(shapes, langs)],
            "min": int(shapes.value(prop, SH.qualifiedMinCount)),
        }
    return compiled


def _value_checks(shapes: Graph, node) -> dict:
    """The per-value constraints of a shape: datatype, nodeKind, pattern, or, not."""
    checks: dict = {}
    datatype = shapes.value(node, SH.datatype)
    if datatype is not None:
        checks["datatype"] = str(datatype)
    kind = shapes.value(node, SH.nodeKind)
    if kind is not None:
        checks["node_kind"] = str(kind).rsplit("#", 1)[-1]
    patterns = [str(p) for p in shapes.objects(node, SH.pattern)]
    if patterns:
        checks["patterns"] = patterns
    alternatives = shapes.value(node, SH["or"])
    if alternatives is not None:
        checks["or"] = [
            _value_checks(shapes, m) for m in Collection(shapes, alternatives)
        ]
    negated = shapes.value(node, SH["not"])
    if negated is not None:
        checks["not"] = _value_checks(shapes, negated)
    return checks


class Checker:
    """Evaluate a :class:`Spec` on records held as pyoxigraph terms.

    ``context`` maps a class IRI to the IRIs the store already knows as its
    instances (partners, concepts), for ``sh:class``.
    """

    def __init__(self, spec: Spec, context: dict[str, Iterable[str]] | None = None):
        self.spec = spec
        self.context = {c: set(v) for c, v in (context or {}).items()}
        self._by_class: dict[str, list[dict]] = {}
        self._by_object_of: dict[str, list[dict]] = {}
        for shape in spec.shapes:
            for c in shape["classes"]:
                self._by_class.setdefault(c, []).append(shape)
            for p in shape["objects_of"]:
                self._by_object_of.setdefault(p, []).append(shape)
        self._predicates = {
            p["path"]: NamedNode(p["path"])
            for s in spec.shapes
            for p in s["properties"]
        }

    def shapes_for(self, focus, data: dict, referrers: Iterable = ()) -> list[dict]:
        """The shapes that target ``focus``: by its types, or as an object of."""
        found = []
        for t in data.get(focus, {}).get(RDF_TYPE, ()):
            found += self._by_class.get(getattr(t, "value", ""), [])
        for predicate in referrers:
            found += self._by_object_of.get(predicate, [])
        return found

    @property
    def object_of_predicates(self) -> set[str]:
        """Predicates whose objects are focus nodes (``sh:targetObjectsOf``)."""
        return set(self._by_object_of)

    def check(self, focus, data: dict, shapes: list[dict]) -> list[Result]:
        """Check one focus node; ``data`` maps subject -> predicate -> values."""
        results: list[Result] = []
        described = data.get(focus, {})
        seen = set()
        for shape in shapes:
            if shape["shape"] in seen:
                continue
            seen.add(shape["shape"])
            for prop in shape["properties"]:
                values = described.get(self._predicates[prop["path"]], [])
                results += self._check_property(focus, prop, values, data)
        return results

    def _check_property(self, focus, prop: dict, values: list, data) -> list[Result]:
        values = list(dict.fromkeys(values))
        failed: list = []  # None for a failure without a value
        if len(values) < prop.get("min", 0) or len(values) > prop.get("max", 1 << 60):
            failed.append(None)
        checks = prop["value_checks"]
        for value in values:
            if checks and not _conforms(value, checks):
                failed.append(value)
            elif "class" in prop and not self._is_instance(value, prop["class"], data):
                failed.append(value)
        if prop.get("unique_lang"):
            langs = [v.language for v in values if isinstance(v, Literal)]
            if any(langs.count(lang) > 1 for lang in langs if lang):
                failed.append(None)
        qualified = prop.get("qualified")
        if qualified:
            matching = [v for v in values if _language_in(v, qualified["languages"])]
            if len(matching) < qualified["min"]:
                failed.append(None)
        return [
            Result(
                _text(focus),
                prop["path"],
                None if value is None else _text(value),
                prop["severity"],
                prop["nl"],
                prop["en"],
                prop["shape"],
            )
            for value in dict.fromkeys(failed)
        ]

    def _is_instance(self, value, classes: list[str], data) -> bool:
        if isinstance(value, Literal):
            return False
        types = {getattr(t, "value", "") for t in data.get(value, {}).get(RDF_TYPE, ())}
        for c in classes:
            if c not in types and value.value not in self.context.get(c, ()):
                return False
        return True


def _conforms(value, checks: dict) -> bool:
    """True when ``value`` meets datatype, nodeKind, pattern, or and not."""
    datatype = checks.get("datatype")
    if datatype is not None and not _has_datatype(value, datatype):
        return False
    kind = checks.get("node_kind")
    if kind is not None and not _has_kind(value, kind):
        return False
    for pattern in checks.get("patterns", ()):
        if isinstance(value, BlankNode) or not _regex(pattern).search(value.value):
            return False
    if "or" in checks and not any(_conforms(value, alt) for alt in checks["or"]):
        return False
    if "not" in checks and _conforms(value, checks["not"]):
        return False
    return True


def _has_datatype(value, datatype: str) -> bool:
    if not isinstance(value, Literal):
        return False
    if value.language:
        return datatype == LANG_STRING
    if value.datatype.value != datatype:
        return False
    lexical = _LEXICAL.get(datatype)
    if lexical is None:
        return True
    if not re.fullmatch(lexical, value.value):
        return False
    if datatype == XSD + "date":
        try:
            datetime.date.fromisoformat(value.value[:10])
        except ValueError:
            return False
    return True


def _has_kind(value, kind: str) -> bool:
    is_iri = isinstance(value, NamedNode)
    is_blank = isinstance(value, BlankNode)
    is_literal = isinstance(value, Literal)
    return {
        "IRI": is_iri,
        "Literal": is_literal,
        "BlankNode": is_blank,
        "BlankNodeOrIRI": is_blank or is_iri,
        "IRIOrLiteral": is_iri or is_literal,
        "BlankNodeOrLiteral": is_blank or is_literal,
    }[kind]


def _language_in(value, languages: list[str]) -> bool:
    if not isinstance(value, Literal) or not value.language:
        return False
    tag = value.language.lower()
    return any(tag == x.lower() or tag.startswith(x.lower() + "-") for x in languages)


@functools.cache
def _regex(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _text(term) -> str:
    return term.value if isinstance(term, NamedNode) else str(term)
