"""Read a public query before any engine sees it: what it is, and whether to run it.

The scanner is a flat tokenizer (one regular expression, no recursion), so no
input can make it crash or recurse, whatever its nesting. It knows enough of
SPARQL to find the query form, the dataset clauses, the nesting depth, the
top-level ``LIMIT`` and the keywords that are refused (``SERVICE`` and every
update operation). Parsing proper is left to the engine in its worker.

>>> scan("PREFIX ex: <http://e/> SELECT * FROM ex:g WHERE { ?s ?p ?o }").form
'SELECT'
>>> scan("SELECT * FROM <http://e/g> WHERE { { ?s ?p ?o } }").depth
2
>>> scan("ASK { SERVICE <http://127.0.0.1/> { ?s ?p ?o } }").service
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = frozenset(
    "INSERT DELETE LOAD CLEAR CREATE DROP ADD MOVE COPY WITH".split()
)
_OPEN, _CLOSE = "{([", "})]"

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''
      |\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      |'(?:[^'\\\n\r]|\\.)*'
      |"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
  | (?P<var>[?$][\w\u00b7-\uffff]+)
  | (?P<pname>(?:[A-Za-z_\u00c0-\uffff][\w.\-\u00b7-\uffff]*)?:
        (?:[\w\-:%\u00b7-\uffff]|\\[^\s]|\.(?=[\w\-:%\\\u00b7-\uffff]))*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<number>\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass(frozen=True)
class Token:
    """One lexical token: its kind, its text, where it starts, and its depth."""

    kind: str
    text: str
    start: int
    depth: int


@dataclass
class ScannedQuery:
    """What the scanner learnt about a query text."""

    text: str
    form: str | None = None
    update: str | None = None
    service: bool = False
    depth: int = 0
    balanced: bool = True
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    limit: tuple[int, int, int] | None = None
    values_at: int | None = None


def tokens(text: str):
    """Yield the tokens of ``text`` that matter (no spaces, no comments)."""
    depth = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind in ("space", "comment"):
            continue
        value = match.group()
        if kind == "other" and value in _CLOSE:
            depth -= 1
        yield Token(kind, value, match.start(), depth)
        if kind == "other" and value in _OPEN:
            depth += 1


def scan(text: str, base_iri: str = "") -> ScannedQuery:
    """Scan ``text``; never raises, whatever the input."""
    found = ScannedQuery(text)
    prefixes: dict[str, str] = {}
    base = base_iri
    items = list(tokens(text))
    for index, token in enumerate(items):
        found.depth = max(found.depth, _depth_after(token))
        if token.depth < 0:
            found.balanced = False
        if token.kind != "word":
            continue
        word = token.text.upper()
        following = items[index + 1 : index + 4]
        if word == "PREFIX" and len(following) >= 2 and found.form is None:
            name, iri = following[0], following[1]
            if name.kind == "pname" and iri.kind == "iri":
                prefixes[name.text[:-1]] = urljoin(base, _iri_text(iri.text))
        elif word == "BASE" and following and following[0].kind == "iri":
            base = urljoin(base, _iri_text(following[0].text))
        elif word == "SERVICE":
            found.service = True
        elif found.form is None and found.update is None:
            if word in QUERY_FORMS:
                found.form = word
            elif word in UPDATE_WORDS:
                found.update = word
        elif word == "FROM" and token.depth == 0:
            _dataset_clause(found, following, prefixes, base)
        elif word == "LIMIT" and token.depth == 0 and following:
            if following[0].kind == "number" and following[0].text.isdigit():
                number = following[0]
                end = number.start + len(number.text)
                found.limit = (int(number.text), number.start, end)
        elif word == "VALUES" and token.depth == 0 and found.form is not None:
            found.values_at = token.start
    if items and _depth_after(items[-1]) != 0:
        found.balanced = False
    return found


def _depth_after(token: Token) -> int:
    """The nesting depth just after ``token``."""
    return token.depth + (token.kind == "other" and token.text in _OPEN)


def _dataset_clause(found, following, prefixes, base) -> None:
    """Record the graph of a ``FROM`` or ``FROM NAMED`` clause."""
    named = bool(following) and following[0].text.upper() == "NAMED"
    target = following[1] if named and len(following) > 1 else None
    if not named and following:
        target = following[0]
    iri = _resolve(target, prefixes, base) if target is not None else None
    if iri is not None:
        (found.named_graphs if named else found.default_graphs).append(iri)


def _resolve(token: Token, prefixes: dict[str, str], base: str) -> str | None:
    """The absolute IRI an IRI or prefixed-name token stands for, if known."""
    if token.kind == "iri":
        return urljoin(base, _iri_text(token.text))
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    return None


def _iri_text(token: str) -> str:
    """The IRI inside ``<...>``, with ``\\u`` escapes resolved as the engine does."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), token[1:-1])


@dataclass(frozen=True)
class Edit:
    """A change made to a query text: at ``at``, ``removed`` chars became ``added``."""

    at: int
    removed: int
    added: int

    def original_offset(self, offset: int) -> int:
        """Where a position of the edited text was in the original text."""
        if offset < self.at:
            return offset
        if offset < self.at + self.added:
            return self.at
        return offset - self.added + self.removed


def with_row_cap(found: ScannedQuery, cap: int) -> tuple[str, Edit | None]:
    """The query text with its top-level LIMIT at most ``cap``, and the edit made.

    When there is an edit the cap may have cut the result, so the caller must
    count rows. Unbalanced text is returned as it is: the engine will report
    its syntax error at the right place.

    >>> text, edit = with_row_cap(scan("SELECT * { ?s ?p ?o }"), 11)
    >>> text.splitlines(), edit.original_offset(len(text))
    (['SELECT * { ?s ?p ?o }', 'LIMIT 11'], 21)
    """
    text = found.text
    if found.form != "SELECT" or not found.balanced:
        return text, None
    if found.limit is not None:
        value, start, end = found.limit
        if value <= cap - 1:
            return text, None
        return text[:start] + str(cap) + text[end:], Edit(
            start, end - start, len(str(cap))
        )
    clause = f"\nLIMIT {cap}\n"
    at = found.values_at if found.values_at is not None else len(text)
    return text[:at] + clause + text[at:], Edit(at, 0, len(clause))


def line_column(text: str, line: int, column: int) -> int:
    """The offset of a 1-based line and column in ``text``."""
    lines = text.split("\n")
    return sum(len(x) + 1 for x in lines[: line - 1]) + column - 1


def offset_line_column(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of an offset in ``text``."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1
