"""The WijkWijzer vocabulary in Python, and the one prefix map of the project.

``WW`` mirrors the ``ww:`` terms declared in ``ontology/ww.ttl``. It is strict:
``WW.Praktijkvoorbeeld`` gives the full IRI, a typo such as ``WW.leefgebieden``
raises ``AttributeError`` instead of quietly minting a term nobody declared.
``tests/test_vocab.py`` checks that this module and the Turtle file agree.

A term is a :class:`Term`, a ``str`` that compares and hashes like the plain
IRI string, so it works as a pyoxigraph ``NamedNode`` value, a SPARQL
substitution or a dictionary key. ``.uriref`` and ``.named_node`` give the
rdflib and pyoxigraph nodes. (An rdflib ``URIRef`` is not equal to the plain
string, which is why terms are not URIRefs.)

``PREFIXES`` is the shared prefix map: Turtle and SPARQL written by the
service, the data twins and the validation reports all use these names.

>>> WW.leefgebied
Term('https://data.wijkwijzer.nl/def#leefgebied')
>>> WW.leefgebied == "https://data.wijkwijzer.nl/def#leefgebied"
True
>>> WW.leefgebieden
Traceback (most recent call last):
...
AttributeError: ww:leefgebieden is not declared in ontology/ww.ttl
>>> PREFIXES["schema"]
'http://schema.org/'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pyoxigraph import NamedNode
from rdflib import Graph, URIRef

WW_NAMESPACE = "https://data.wijkwijzer.nl/def#"

# Keep in step with ontology/ww.ttl; tests/test_vocab.py fails when they differ.
WW_TERMS = (
    # classes
    "Praktijkvoorbeeld",
    "Wijk",
    "Buurt",
    # properties
    "leefgebied",
    "werkwijze",
    "expertise",
    "harvestInterval",
    "indelingsjaar",
    # harvest runs and feeds
    "triplesAdded",
    "triplesRemoved",
    "triplesUnchanged",
    "recordsHarvested",
    "recordsQuarantined",
    "httpStatus",
    "etag",
    "lastModified",
    "inputDigest",
    "unmatchedKeyword",
    "columnMapping",
    "quarantine",
    "harvestState",
)


class Term(str):
    """A vocabulary IRI: a plain ``str`` with conversions to rdflib and pyoxigraph."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Term({str(self)!r})"

    @property
    def uriref(self) -> URIRef:
        """The term as an rdflib ``URIRef``."""
        return URIRef(self)

    @property
    def named_node(self) -> NamedNode:
        """The term as a pyoxigraph ``NamedNode``."""
        return NamedNode(self)


class StrictNamespace:
    """A namespace whose attributes are its declared terms, as full IRIs.

    Attribute access (``ns.term``) and item access (``ns["term"]``) return the
    term's full IRI as a :class:`Term`. Any name that is not declared raises
    ``AttributeError`` or ``KeyError`` naming the term.
    """

    def __init__(self, prefix: str, namespace: str, terms: Iterable[str]) -> None:
        self._prefix = prefix
        self._namespace = namespace
        self._terms = frozenset(terms)

    def __getattr__(self, name: str) -> Term:
        if name.startswith("_") or name not in self._terms:
            raise AttributeError(self._unknown(name))
        return Term(self._namespace + name)

    def __getitem__(self, name: str) -> Term:
        if name not in self._terms:
            raise KeyError(self._unknown(name))
        return Term(self._namespace + name)

    def __contains__(self, item: object) -> bool:
        if not isinstance(item, str):
            return False
        if item.startswith(self._namespace):
            item = item[len(self._namespace) :]
        return item in self._terms

    def __iter__(self) -> Iterator[Term]:
        return (Term(self._namespace + name) for name in sorted(self._terms))

    def __len__(self) -> int:
        return len(self._terms)

    def __dir__(self) -> list[str]:
        return sorted(self._terms)

    def __repr__(self) -> str:
        return f"StrictNamespace({self._prefix!r}, {self._namespace!r})"

    @property
    def namespace(self) -> str:
        """The namespace IRI that every term starts with."""
        return self._namespace

    @property
    def terms(self) -> frozenset[str]:
        """The local names of the declared terms."""
        return self._terms

    def _unknown(self, name: str) -> str:
        """The error message for an undeclared ``name``."""
        return f"{self._prefix}:{name} is not declared in ontology/ww.ttl"


WW = StrictNamespace("ww", WW_NAMESPACE, WW_TERMS)

PREFIXES: dict[str, str] = {
    "ww": WW_NAMESPACE,
    "wwsh": "https://data.wijkwijzer.nl/def/shapes#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "schema": "http://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "prov": "http://www.w3.org/ns/prov#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "bibo": "http://purl.org/ontology/bibo/",
    "adms": "http://www.w3.org/ns/adms#",
    "vann": "http://purl.org/vocab/vann/",
    "sh": "http://www.w3.org/ns/shacl#",
    "void": "http://rdfs.org/ns/void#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "tooi": "https://identifier.overheid.nl/tooi/def/ont/",
    "tooitop": "https://identifier.overheid.nl/tooi/def/thes/top/",
    "tooikern": "https://identifier.overheid.nl/tooi/def/thes/kern/",
    "gemeente": "https://identifier.overheid.nl/tooi/id/gemeente/",
    "provincie": "https://identifier.overheid.nl/tooi/id/provincie/",
    "ministerie": "https://identifier.overheid.nl/tooi/id/ministerie/",
}


def sparql_prefix_block() -> str:
    """Return a ``PREFIX`` line for every entry of ``PREFIXES``, one per line."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())


def bind_prefixes(graph: Graph) -> Graph:
    """Bind every ``PREFIXES`` entry on ``graph``, replacing clashes; return it."""
    for name, iri in PREFIXES.items():
        graph.bind(name, iri, override=True, replace=True)
    return graph
