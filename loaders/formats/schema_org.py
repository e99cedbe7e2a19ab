"""Records from RDF that describes publications with schema.org or Dublin Core.

Shared by sitemap pages (the schema.org JSON-LD embedded in each page) and
LDES members. Triples are grouped by subject (:func:`loaders.screen.group`);
every subject typed as a publication becomes one record dictionary for
:mod:`loaders.map`. ``https://schema.org/`` is read as ``http://schema.org/``.

>>> kind_of({"http://schema.org/ScholarlyArticle"}, [])
'Article'
>>> kind_of({"http://schema.org/CreativeWork"}, ["Praktijkvoorbeeld"])
'Praktijkvoorbeeld'
"""

from __future__ import annotations

import re

from pyoxigraph import BlankNode, Literal, NamedNode

SCHEMA = "http://schema.org/"
DCT = "http://purl.org/dc/terms/"
DC = "http://purl.org/dc/elements/1.1/"
BIBO = "http://purl.org/ontology/bibo/"
WW = "https://data.wijkwijzer.nl/def#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# schema.org class -> the kind loaders.map knows; a plain CreativeWork is an
# article, as an RSS item without a kind is, unless additionalType says more.
KINDS = {
    SCHEMA + "ScholarlyArticle": "Article",
    SCHEMA + "Article": "Article",
    SCHEMA + "NewsArticle": "Article",
    SCHEMA + "Report": "Report",
    SCHEMA + "Book": "Book",
    SCHEMA + "CreativeWork": "Article",
    WW + "Praktijkvoorbeeld": "Praktijkvoorbeeld",
}
TITLE = (SCHEMA + "name", SCHEMA + "headline", DCT + "title")
ABSTRACT = (SCHEMA + "abstract", SCHEMA + "description", DCT + "abstract")
ISSUED = (SCHEMA + "datePublished", DCT + "issued", SCHEMA + "dateCreated")
CREATORS = (SCHEMA + "author", SCHEMA + "creator", DC + "creator", DCT + "creator")
KEYWORDS = (
    SCHEMA + "keywords",
    SCHEMA + "about",
    DCT + "subject",
    WW + "leefgebied",
    WW + "werkwijze",
    DCT + "audience",
    SCHEMA + "audience",
)


def normalise(data: dict) -> dict:
    """Read ``https://schema.org/`` terms as ``http://schema.org/`` ones."""

    def fix(term):
        if isinstance(term, NamedNode) and term.value.startswith("https://schema.org/"):
            return NamedNode(SCHEMA + term.value[len("https://schema.org/") :])
        return term

    return {
        s: {fix(p): [fix(o) for o in values] for p, values in described.items()}
        for s, described in data.items()
    }


def kind_of(types: set[str], additional: list[str]) -> str | None:
    """Our kind for a set of class IRIs, or None when it is no publication."""
    if any("praktijkvoorbeeld" in a.lower() for a in additional):
        return "Praktijkvoorbeeld"
    for cls, kind in KINDS.items():
        if cls in types:
            return kind
    return None


def publications(data: dict) -> list:
    """The subjects of ``data`` typed as a publication, in document order."""
    found = []
    for subject, described in data.items():
        types = {t.value for t in described.get(NamedNode(RDF_TYPE), [])}
        if kind_of(types, []):
            found.append(subject)
    return found


def record(subject, data: dict, source: str | None, fallback_url=None) -> dict:
    """The record dictionary for one publication ``subject`` of ``data``."""
    described = data.get(subject, {})
    types = {t.value for t in _values(described, (RDF_TYPE,))}
    additional = [t.value for t in _values(described, (SCHEMA + "additionalType",))]
    titles = _values(described, TITLE)
    lang = next((t.language for t in titles if getattr(t, "language", None)), None)
    urls = [v.value for v in _values(described, (SCHEMA + "url",))]
    if not urls and isinstance(subject, NamedNode) and fallback_url is None:
        urls = [subject.value]
    identifiers = [
        v.value for v in _values(described, (SCHEMA + "identifier", SCHEMA + "sameAs"))
    ]
    doi = next((_doi(v) for v in identifiers if _doi(v)), None)
    doi = doi or _first(_values(described, (BIBO + "doi",)))
    isbn = _first(_values(described, (SCHEMA + "isbn", BIBO + "isbn13")))
    languages = [_text(v, data) for v in _values(described, (SCHEMA + "inLanguage",))]
    licence = _first(_values(described, (SCHEMA + "license", DCT + "license")))
    key = subject.value if isinstance(subject, NamedNode) else None
    return {
        "key": key or f"{source}#{_first(titles)}",
        "source": source,
        "url": urls[0] if urls else fallback_url,
        "type": kind_of(types, additional) or "Article",
        "title": _first(titles),
        "lang": (lang or "nl").split("-")[0],
        "abstract": _first(_values(described, ABSTRACT)),
        "issued": _first(_values(described, ISSUED)),
        "creators": [
            t for t in (_text(v, data) for v in _values(described, CREATORS)) if t
        ],
        "keywords": keywords(described, data),
        "language": languages[0] if languages else None,
        "license": licence,
        "doi": doi,
        "isbn": isbn,
        "spatial": [
            v.value
            for v in _values(described, (DCT + "spatial", SCHEMA + "spatialCoverage"))
            if isinstance(v, NamedNode)
        ],
    }


def keywords(described: dict, data: dict) -> list[str]:
    """Keyword texts and concept IRIs, for matching in :mod:`loaders.map`."""
    found = []
    for value in _values(described, KEYWORDS):
        if isinstance(value, Literal):
            found += [k.strip() for k in re.split(r"[,;]", value.value) if k.strip()]
            continue
        name = _name(value, data) or value.value
        if not isinstance(value, BlankNode) or name != value.value:
            found.append(name)
    return list(dict.fromkeys(found))


def _values(described: dict, predicates) -> list:
    out = []
    for predicate in predicates:
        out += described.get(NamedNode(predicate), [])
    return out


def _first(values: list) -> str | None:
    return values[0].value if values else None


def _name(node, data: dict) -> str | None:
    names = data.get(node, {}).get(NamedNode(SCHEMA + "name"), [])
    return names[0].value if names else None


def _text(value, data: dict) -> str | None:
    """A literal's text, or the schema:name of a node (an author, a language)."""
    if isinstance(value, Literal):
        return value.value
    name = _name(value, data)
    if name:
        return name
    return None if isinstance(value, BlankNode) else value.value


def _doi(value: str) -> str | None:
    match = re.match(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)(10\..+)$", value.strip())
    return match.group(1) if match else None
