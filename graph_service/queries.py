"""Named queries: ``sparql/*.rq`` files with a short header, run with bound values.

Each file starts with comment lines that describe it::

    # title: Items per kind
    # description: Counts the publications, practice examples ... per class.
    # param: kind iri = http://schema.org/Report -- The class to count.

A parameter has a name, a type (``iri``, ``string``, ``integer``, ``decimal``,
``date``, ``boolean``, ``language``), an optional default after ``=`` and a
description after ``--``. Values are bound as RDF terms (pyoxigraph
``substitutions`` or an escaped ``VALUES`` block), never pasted into the text.

>>> q = NamedQuery.parse("demo", "# title: T\\n# param: n integer = 3 -- N\\nASK {}")
>>> q.params[0].name, q.params[0].type, q.params[0].default
('n', 'integer', '3')
>>> q.bind({})["n"]
<Literal value=3 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from graph_service.errors import BindingError, UnknownQueryError
from graph_service.resources import resource_path

XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_TYPES = ("iri", "string", "integer", "decimal", "date", "boolean", "language")
_HEADER = re.compile(r"^#\s*(\w+)\s*:\s*(.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s+(?P<type>\w+)"
    r"(?:\s*=\s*(?P<default>[^\s]+))?(?:\s*--\s*(?P<help>.*))?$"
)
_IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*$")


@dataclass(frozen=True)
class Param:
    """A typed parameter of a named query."""

    name: str
    type: str
    default: str | None = None
    help: str = ""

    @property
    def required(self) -> bool:
        """True when the caller must give a value."""
        return self.default is None

    def to_term(self, value: str):
        """Convert a text value to an RDF term; ``BindingError`` names what is wrong."""
        try:
            return _convert(self.type, value)
        except (ValueError, TypeError) as error:
            raise BindingError(
                f"Parameter {self.name!r} expects {_expected(self.type)}, got {value!r}"
            ) from error


def _expected(kind: str) -> str:
    """Say in words what a parameter type accepts."""
    return {
        "iri": "an absolute IRI such as https://example.org/x",
        "integer": "a whole number",
        "decimal": "a number",
        "date": "a date as YYYY-MM-DD",
        "boolean": "true or false",
        "language": "a language tag such as nl or en",
    }.get(kind, "a text")


def _convert(kind: str, value: str):
    """Turn ``value`` into a term of ``kind`` or raise ``ValueError``."""
    if not isinstance(value, str):
        value = str(value)
    if kind == "iri":
        if not _IRI.match(value):
            raise ValueError(value)
        return NamedNode(value)
    if kind == "integer":
        return Literal(str(int(value)), datatype=NamedNode(XSD + "integer"))
    if kind == "decimal":
        return Literal(str(float(value)), datatype=NamedNode(XSD + "decimal"))
    if kind == "date":
        return Literal(
            datetime.date.fromisoformat(value).isoformat(),
            datatype=NamedNode(XSD + "date"),
        )
    if kind == "boolean":
        if value.lower() not in {"true", "false"}:
            raise ValueError(value)
        return Literal(value.lower(), datatype=NamedNode(XSD + "boolean"))
    if kind == "language":
        if not re.fullmatch(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*", value):
            raise ValueError(value)
        return Literal(value.lower())
    return Literal(value)


@dataclass(frozen=True)
class NamedQuery:
    """A query file: its name, header fields and text."""

    name: str
    text: str
    title: str = ""
    description: str = ""
    params: tuple[Param, ...] = field(default_factory=tuple)

    @classmethod
    def parse(cls, name: str, text: str) -> NamedQuery:
        """Read the header comments of a query file.

        Raises ``ValueError`` naming the file and line for a malformed header.
        """
        fields: dict[str, str] = {}
        params = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.startswith("#"):
                break
            match = _HEADER.match(line)
            if not match:
                continue
            key, value = match.group(1).lower(), match.group(2).strip()
            if key == "param":
                params.append(_parse_param(name, number, value))
            else:
                fields[key] = value
        _check_projection(name, text, params)
        return cls(
            name,
            text,
            fields.get("title", name),
            fields.get("description", ""),
            tuple(params),
        )

    def bind(self, values: dict[str, object]) -> dict[str, object]:
        """Return terms for every parameter: given values, else defaults.

        Raises ``BindingError`` for an unknown parameter, a missing required one
        or a value of the wrong type.
        """
        known = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise BindingError(
                f"Query {self.name!r} has no parameter {unknown[0]!r}; it takes: "
                f"{', '.join(known) or 'none'}"
            )
        terms = {}
        for param in self.params:
            value = values.get(param.name)
            if value is None or value == "":
                if param.required:
                    raise BindingError(
                        f"Query {self.name!r} needs parameter {param.name!r}"
                    )
                value = param.default
            terms[param.name] = value if _is_term(value) else param.to_term(value)
        return terms


def _is_term(value: object) -> bool:
    """True for a pyoxigraph term that can be bound as it is."""
    return isinstance(value, (NamedNode, Literal))


_SELECT_CLAUSE = re.compile(r"\bSELECT\b(.*?)(\bWHERE\b|\{)", re.S | re.I)


def _check_projection(name: str, text: str, params: list[Param]) -> None:
    """A SELECT query must project its parameters, so that they can be bound.

    (pyoxigraph binds only variables of the projection, as SEP-0007 asks.)
    """
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    match = _SELECT_CLAUSE.search(body)
    if match is None or "*" in match.group(1):
        return
    for param in params:
        if not re.search(rf"[?$]{param.name}\b", match.group(1)):
            raise ValueError(
                f"{name}.rq: parameter {param.name!r} must be in the SELECT clause "
                f"to be bound; add ?{param.name} to it"
            )


def _parse_param(query: str, line: int, value: str) -> Param:
    """Parse ``name type [= default] [-- help]``."""
    match = _PARAM.match(value)
    if not match or match.group("type") not in PARAM_TYPES:
        raise ValueError(
            f"{query}.rq, line {line}: a parameter reads 'name type [= default] "
            f"[-- help]' with type one of {', '.join(PARAM_TYPES)}; got {value!r}"
        )
    return Param(
        match.group("name"),
        match.group("type"),
        match.group("default"),
        (match.group("help") or "").strip(),
    )


class QueryLibrary:
    """All named queries of a folder, read once."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._queries = {
            path.stem: NamedQuery.parse(path.stem, path.read_text(encoding="utf-8"))
            for path in sorted(folder.glob("*.rq"))
        }

    def __iter__(self):
        return iter(self._queries.values())

    def __contains__(self, name: str) -> bool:
        return name in self._queries

    def get(self, name: str) -> NamedQuery:
        """Return the query ``name``; ``UnknownQueryError`` if there is none."""
        try:
            return self._queries[name]
        except KeyError:
            raise UnknownQueryError(
                f"There is no named query {name!r}; known: "
                f"{', '.join(sorted(self._queries))}"
            ) from None


@cache
def library() -> QueryLibrary:
    """The project's own named queries, from ``sparql/``."""
    return QueryLibrary(resource_path("sparql"))
