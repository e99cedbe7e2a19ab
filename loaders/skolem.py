"""Replace blank nodes by IRIs that depend only on what the blank node says.

A parser gives blank nodes fresh random labels on every run, so a re-harvest
of unchanged input would look like a complete change. Each blank node becomes
``{base}.well-known/genid/{hash}``, where the hash covers the feed graph, the
triple pointing at the node and the node's own triples (recursively), so the
same input always gives the same IRIs and writes nothing.

>>> from pyoxigraph import BlankNode, Literal, NamedNode, Triple
>>> a, p, b = NamedNode("http://e/a"), NamedNode("http://e/p"), BlankNode("x")
>>> data = {a: {p: [b]}, b: {p: [Literal("1")]}}
>>> names = skolem_names(data, "https://data.wijkwijzer.nl/", "g")
>>> names[b].value.startswith("https://data.wijkwijzer.nl/.well-known/genid/")
True
>>> names[b] == skolem_names(data, "https://data.wijkwijzer.nl/", "g")[b]
True
"""

from __future__ import annotations

import hashlib

from pyoxigraph import BlankNode, NamedNode

MAX_DEPTH = 50


def skolem_names(data: dict, base: str, graph: str) -> dict:
    """Map every blank node in ``data`` (subject -> predicate -> values) to an IRI."""
    blanks = {s for s in data if isinstance(s, BlankNode)}
    parents: dict = {}
    for subject, described in data.items():
        for predicate, values in described.items():
            for value in values:
                if isinstance(value, BlankNode):
                    blanks.add(value)
                    if not isinstance(subject, BlankNode):
                        parents.setdefault(value, f"{subject} {predicate}")
    memo: dict = {}
    names = {}
    for blank in sorted(blanks, key=lambda b: _content(b, data, memo, 0)):
        text = f"{graph}\n{parents.get(blank, '')}\n{_content(blank, data, memo, 0)}"
        digest = hashlib.sha256(text.encode()).hexdigest()[:32]
        # Two blank nodes saying exactly the same from the same place merge,
        # which leaves the meaning of the graph unchanged.
        names[blank] = NamedNode(f"{base}.well-known/genid/{digest}")
    return names


def _content(blank, data: dict, memo: dict, depth: int) -> str:
    """A canonical text of the blank node's triples, nested blank nodes inlined."""
    if blank in memo:
        return memo[blank]
    if depth > MAX_DEPTH:
        return "[deep]"
    memo[blank] = "[cycle]"
    lines = []
    for predicate, values in data.get(blank, {}).items():
        for value in values:
            text = (
                "[" + _content(value, data, memo, depth + 1) + "]"
                if isinstance(value, BlankNode)
                else str(value)
            )
            lines.append(f"{predicate} {text}")
    memo[blank] = ";".join(sorted(lines))
    return memo[blank]


def apply(term, names: dict):
    """The term itself, or its skolem IRI when it is a blank node."""
    return names.get(term, term) if isinstance(term, BlankNode) else term
