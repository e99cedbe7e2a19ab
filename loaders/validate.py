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
    instances (partners, concepts), for ``sh:class``. Each property shape is
    turned once into a :class:`_Property` whose value test is a plain
    function, so a record costs a dictionary look-up per property it lacks.
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
        self._compiled = {
            id(s): (s, [_Property(p) for p in s["properties"]]) for s in spec.shapes
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

    def check(self, focus, data: dict, shapes: list[dict], memo=None) -> list[Result]:
        """Check one focus node; ``data`` maps subject -> predicate -> values.

        ``memo`` (a dict) may be shared by the checks of one unchanged
        ``data``, to answer each ``sh:class`` question about a value once.
        """
        memo = {} if memo is None else memo
        results: list[Result] = []
        described = data.get(focus, {})
        seen = set()
        for shape in shapes:
            if shape["shape"] in seen:
                continue
            seen.add(shape["shape"])
            for prop in self._properties(shape):
                values = described.get(prop.predicate)
                if not values and not prop.required:
                    continue
                failed = prop.failures(values, data, self, memo)
                if failed:
                    results += [prop.result(focus, value) for value in failed]
        return results

    def _properties(self, shape: dict) -> list[_Property]:
        known = self._compiled.get(id(shape))
        if known is None or known[0] is not shape:
            return [_Property(p) for p in shape["properties"]]
        return known[1]

    def is_instance(self, value, classes: tuple, data, memo: dict) -> bool:
        """True when ``value`` has every class, in ``data`` or in the context."""
        if isinstance(value, Literal):
            return False
        key = (value, classes)
        known = memo.get(key)
        if known is None:
            types = {
                getattr(t, "value", "") for t in data.get(value, {}).get(RDF_TYPE, ())
            }
            known = memo[key] = all(
                c in types or value.value in self.context.get(c, ()) for c in classes
            )
        return known


class _Property:
    """One compiled property shape: counts, a value test, classes, languages."""

    def __init__(self, prop: dict):
        self.spec = prop
        self.predicate = NamedNode(prop["path"])
        self.least = prop.get("min", 0)
        self.most = prop.get("max", 1 << 60)
        self.accepts = _acceptor(prop["value_checks"]) if prop["value_checks"] else None
        self.classes = tuple(prop["class"]) if "class" in prop else None
        self.unique_lang = bool(prop.get("unique_lang"))
        qualified = prop.get("qualified") or {}
        self.languages = qualified.get("languages")
        self.qualified_min = qualified.get("min", 0)
        self.required = self.least > 0 or self.qualified_min > 0

    def failures(self, values, data, checker: Checker, memo: dict) -> list:
        """The failing values, None standing for a failure without a value."""
        if not values:
            return [None] if self.required else []
        if len(values) > 1:
            values = list(dict.fromkeys(values))
        failed: list = []
        if len(values) < self.least or len(values) > self.most:
            failed.append(None)
        accepts, classes = self.accepts, self.classes
        for value in values:
            if accepts is not None and not accepts(value):
                failed.append(value)
            elif classes is not None and not checker.is_instance(
                value, classes, data, memo
            ):
                failed.append(value)
        if self.unique_lang:
            langs = [v.language for v in values if isinstance(v, Literal)]
            langs = [lang for lang in langs if lang]
            if len(langs) != len(set(langs)):
                failed.append(None)
        if self.languages is not None:
            matching = [v for v in values if _language_in(v, self.languages)]
            if len(matching) < self.qualified_min:
                failed.append(None)
        return list(dict.fromkeys(failed)) if len(failed) > 1 else failed

    def result(self, focus, value) -> Result:
        """The result for one failure of this property at ``focus``."""
        prop = self.spec
        return Result(
            _text(focus),
            prop["path"],
            None if value is None else _text(value),
            prop["severity"],
            prop["nl"],
            prop["en"],
            prop["shape"],
        )


_KINDS = {
    "IRI": (NamedNode,),
    "Literal": (Literal,),
    "BlankNode": (BlankNode,),
    "BlankNodeOrIRI": (BlankNode, NamedNode),
    "IRIOrLiteral": (NamedNode, Literal),
    "BlankNodeOrLiteral": (BlankNode, Literal),
}


def _acceptor(checks: dict):
    """A test of one value for datatype, nodeKind, pattern, ``or`` and ``not``."""
    tests = []
    datatype = checks.get("datatype")
    if datatype is not None:
        tests.append(functools.partial(_has_datatype, datatype=datatype))
    kind = checks.get("node_kind")
    if kind is not None:
        kinds = _KINDS[kind]
        tests.append(lambda value: isinstance(value, kinds))
    for pattern in checks.get("patterns", ()):
        search = _regex(pattern).search
        tests.append(
            lambda value, search=search: (
                not isinstance(value, BlankNode) and search(value.value) is not None
            )
        )
    if "or" in checks:
        alternatives = [_acceptor(alt) for alt in checks["or"]]
        tests.append(lambda value: any(alt(value) for alt in alternatives))
    if "not" in checks:
        negated = _acceptor(checks["not"])
        tests.append(lambda value: not negated(value))
    if len(tests) == 1:
        return tests[0]
    return lambda value: all(test(value) for test in tests)


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
