"""SHACL validation of WijkWijzer data against ``ontology/shapes.ttl``.

Used by the CLI (``wijkwijzer validate``) and by the feed loaders. Validate
the union of everything that will be published: the ontology and concept
schemes, the partner registry, the items and the TOOI reference data, so that
``sh:class`` checks can see the types of concepts and partners.

>>> from rdflib import Graph
>>> report = validate(Graph())
>>> report.conforms, report.violations
(True, [])
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import pyshacl
from rdflib import RDF, SH, BNode, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.term import Node

from graph_service.resources import resource_path
from graph_service.vocab import PREFIXES

SHAPES_FILE = "shapes.ttl"

_HEADINGS = {
    "nl": {
        "ok": "Geen meldingen: de gegevens voldoen aan de shapes.",
        "conforms": "{n} melding(en); de gegevens voldoen aan de shapes:",
        "fails": "{n} melding(en); de gegevens voldoen niet aan de shapes:",
        "value": "waarde",
        "Violation": "Overtreding",
        "Warning": "Waarschuwing",
        "Info": "Info",
    },
    "en": {
        "ok": "No results: the data conforms to the shapes.",
        "conforms": "{n} result(s); the data conforms to the shapes:",
        "fails": "{n} result(s); the data does not conform to the shapes:",
        "value": "value",
        "Violation": "Violation",
        "Warning": "Warning",
        "Info": "Info",
    },
}


@dataclass(frozen=True)
class Violation:
    """One SHACL validation result, with its message in Dutch and English.

    ``severity`` is the local name of the SHACL severity: ``"Violation"``,
    ``"Warning"`` or ``"Info"``. ``path``, ``value`` and ``shape`` are ``None``
    when the result does not name them (a node-level constraint has no path).
    """

    focus_node: Node
    path: Node | None
    value: Node | None
    severity: str
    message_nl: str
    message_en: str
    shape: Node | None

    def message(self, lang: str = "nl") -> str:
        """Return the message in ``lang`` ("nl" or "en")."""
        return self.message_en if lang == "en" else self.message_nl


@dataclass
class ValidationReport:
    """The outcome of :func:`validate`.

    ``conforms`` is false only when there is at least one result of severity
    ``Violation``; warnings and infos are listed in ``violations`` too (with
    their ``severity``) but do not make the data non-conforming. ``graph`` is
    pyshacl's own results graph (an ``sh:ValidationReport``), for provenance.
    """

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    graph: Graph | None = field(default=None, repr=False, compare=False)

    def format(self, lang: str = "nl") -> str:
        """Return a readable report in ``lang``: a heading, then one line per result.

        Each line reads ``Severity <focus node> path (value: ...): message``, with
        IRIs shortened by the shared prefix map where possible.
        """
        if lang not in _HEADINGS:
            raise ValueError(f"unknown report language {lang!r}; use 'nl' or 'en'")
        words = _HEADINGS[lang]

        if not self.violations:
            return words["ok"]

        heading = words["conforms"] if self.conforms else words["fails"]
        lines = [heading.format(n=len(self.violations))]
        for violation in self.violations:
            lines.append(_format_line(violation, lang, words))
        return "\n".join(lines)


@functools.cache
def load_shapes() -> Graph:
    """Return the shapes graph parsed from ``ontology/shapes.ttl``.

    The graph is parsed once per process and shared: treat it as read-only.
    Raises ``FileNotFoundError`` when the ontology folder has no shapes file.
    """
    path = resource_path("ontology") / SHAPES_FILE
    if not path.is_file():
        raise FileNotFoundError(f"SHACL shapes not found at {path}")
    return Graph().parse(path, format="turtle")


def validate(data: Graph) -> ValidationReport:
    """Validate ``data`` against the WijkWijzer shapes and return the report.

    ``data`` should hold the union of all data to be published (see the module
    docstring). A ``Dataset`` or ``ConjunctiveGraph`` is validated as the union
    of its graphs, not graph by graph. No inference is done: ``sh:class`` sees
    ``rdf:type`` and ``rdfs:subClassOf`` triples only where the data has them.

    Results are sorted by focus node, path and message, so the same data gives
    the same report. Raises ``FileNotFoundError`` if the shapes are missing.
    """
    conforms, results_graph, _ = pyshacl.validate(
        _as_union(data),
        shacl_graph=load_shapes(),
        inference="none",
        allow_infos=True,
        allow_warnings=True,
    )

    # Two constraints of one shape failing on one value (say sh:datatype and
    # sh:pattern) give two results with the same message: report it once.
    violations = {
        _to_violation(results_graph, result)
        for result in results_graph.subjects(RDF.type, SH.ValidationResult)
    }
    ordered = sorted(violations, key=_sort_key)
    return ValidationReport(bool(conforms), ordered, results_graph)


def _as_union(data: Graph) -> Graph:
    """Return ``data`` as one plain graph; pyshacl checks named graphs separately."""
    if not isinstance(data, ConjunctiveGraph):
        return data

    union = Graph()
    for subject, predicate, obj, _ in data.quads((None, None, None, None)):
        union.add((subject, predicate, obj))
    return union


def _to_violation(results: Graph, result: Node) -> Violation:
    """Build a Violation from one sh:ValidationResult node of the results graph."""
    messages = list(results.objects(result, SH.resultMessage))
    severity = results.value(result, SH.resultSeverity)

    return Violation(
        focus_node=results.value(result, SH.focusNode),
        path=results.value(result, SH.resultPath),
        value=results.value(result, SH.value),
        severity=_local_name(severity) if severity is not None else "Violation",
        message_nl=_pick_message(messages, "nl"),
        message_en=_pick_message(messages, "en"),
        shape=results.value(result, SH.sourceShape),
    )


def _pick_message(messages: list[Node], lang: str) -> str:
    """Choose the message in ``lang``; else an untagged one; else any."""
    literals = [m for m in messages if isinstance(m, Literal)]
    for wanted in (lang, None):
        for message in literals:
            if message.language == wanted:
                return str(message)
    return str(literals[0]) if literals else ""


def _sort_key(violation: Violation) -> tuple[str, ...]:
    """Order results by focus node, path, message, then value and shape."""
    return (
        str(violation.focus_node),
        str(violation.path),
        violation.message_nl,
        str(violation.value),
        str(violation.shape),
    )


def _local_name(iri: Node) -> str:
    """Return the part of an IRI after its last '#' or '/'."""
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _format_line(violation: Violation, lang: str, words: dict[str, str]) -> str:
    """Render one result: severity, focus node in angle brackets, path, message."""
    severity = words.get(violation.severity, violation.severity)
    parts = [severity, _angle(violation.focus_node)]
    if violation.path is not None:
        parts.append(_short(violation.path))
    line = " ".join(parts)

    if violation.value is not None and violation.value != violation.focus_node:
        line += f" ({words['value']}: {_short(violation.value)})"
    return f"{line}: {violation.message(lang)}"


def _angle(node: Node) -> str:
    """Write a focus node as ``<iri>``, or ``_:id`` for a blank node."""
    if isinstance(node, BNode):
        return f"_:{node}"
    return f"<{node}>"


def _short(node: Node) -> str:
    """Write a node compactly: a prefixed name where the shared map allows."""
    if isinstance(node, URIRef):
        for name, namespace in PREFIXES.items():
            local = str(node)[len(namespace) :]
            if str(node).startswith(namespace) and _is_simple_local(local):
                return f"{name}:{local}"
        return f"<{node}>"
    if isinstance(node, Literal):
        return _short_literal(node)
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)


def _short_literal(literal: Literal) -> str:
    """Write a literal as in Turtle, shortening its datatype IRI."""
    text = '"' + str(literal).replace("\\", "\\\\").replace('"', '\\"') + '"'
    if literal.language:
        return f"{text}@{literal.language}"
    if literal.datatype is not None:
        return f"{text}^^{_short(literal.datatype)}"
    return text


def _is_simple_local(local: str) -> bool:
    """Tell whether ``local`` can follow a prefix without escaping."""
    return bool(local) and all(c.isalnum() or c in "_-" for c in local)
