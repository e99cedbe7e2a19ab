"""Human labels for IRIs and literals, chosen by language with a fallback.

A label is text with the language it is written in, so that a template can
mark content whose language differs from the page's (``lang`` attribute).
Labels of the terms we reuse (Dublin Core, schema.org, SKOS ...) live in the
gettext catalogues; labels of our own things come from the graph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

# Order in which languages are tried after the one asked for.
FALLBACK = ("nl", "en", "")

_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e]"
)
_SAFE_LINK = re.compile(r"^(https?://|mailto:)", re.I)


@dataclass(frozen=True)
class Label:
    """Text to show, and the language tag it is written in ('' when unknown)."""

    text: str
    lang: str = ""

    def __str__(self) -> str:
        return self.text


def clean_text(text: str) -> str:
    """Remove control and direction-override characters from harvested text.

    >>> clean_text("a\\x00b\\u202ec\\nd")
    'abc\\nd'
    """
    return _CONTROL.sub("", text)


def is_safe_link(iri: str) -> bool:
    """True for addresses a page may link to: http(s) and mailto only.

    >>> is_safe_link("https://example.org/"), is_safe_link("javascript:alert(1)")
    (True, False)
    """
    return bool(_SAFE_LINK.match(iri))


def pick(by_lang: dict[str, str], lang: str) -> Label | None:
    """The text in ``lang``, else Dutch, English, untagged, or any; None if empty.

    >>> pick({"nl": "wonen", "en": "housing"}, "en")
    Label(text='housing', lang='en')
    >>> pick({"de": "Wohnen"}, "nl")
    Label(text='Wohnen', lang='de')
    """
    if not by_lang:
        return None
    for tag in (lang, *FALLBACK):
        if tag in by_lang:
            return Label(by_lang[tag], tag)
    tag = sorted(by_lang)[0]
    return Label(by_lang[tag], tag)


def local_name(iri: str) -> str:
    """The last segment of an IRI, as a label of last resort.

    >>> local_name("http://purl.org/dc/terms/title")
    'title'
    """
    return re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri


DCT = "http://purl.org/dc/terms/"
DC = "http://purl.org/dc/elements/1.1/"
SCHEMA = "http://schema.org/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
OWL = "http://www.w3.org/2002/07/owl#"
BIBO = "http://purl.org/ontology/bibo/"
DCAT = "http://www.w3.org/ns/dcat#"
PROV = "http://www.w3.org/ns/prov#"
TOOI = "https://identifier.overheid.nl/tooi/def/ont/"

# Terms we reuse from standard vocabularies, labelled through gettext.
TERM_LABELS: dict[str, object] = {
    DCT + "title": _l("title"),
    DCT + "abstract": _l("abstract"),
    DCT + "issued": _l("issued"),
    DCT + "publisher": _l("publisher"),
    DCT + "subject": _l("theme"),
    DCT + "audience": _l("audience"),
    DCT + "spatial": _l("place"),
    DCT + "source": _l("source"),
    DCT + "language": _l("language"),
    DCT + "license": _l("licence"),
    DCT + "description": _l("description"),
    DCT + "conformsTo": _l("conforms to"),
    DCT + "identifier": _l("identifier"),
    DCT + "created": _l("created"),
    DCT + "modified": _l("modified"),
    DCT + "creator": _l("author"),
    DC + "creator": _l("author"),
    SCHEMA + "url": _l("web page"),
    SCHEMA + "Report": _l("report"),
    SCHEMA + "Book": _l("book"),
    SCHEMA + "Article": _l("article"),
    SCHEMA + "CreativeWork": _l("creative work"),
    SCHEMA + "Organization": _l("organisation"),
    SKOS + "prefLabel": _l("preferred label"),
    SKOS + "altLabel": _l("alternative label"),
    SKOS + "definition": _l("definition"),
    SKOS + "broader": _l("broader concept"),
    SKOS + "narrower": _l("narrower concept"),
    SKOS + "related": _l("related concept"),
    SKOS + "inScheme": _l("concept scheme"),
    SKOS + "topConceptOf": _l("top concept of"),
    SKOS + "hasTopConcept": _l("top concept"),
    SKOS + "closeMatch": _l("close match"),
    SKOS + "broadMatch": _l("broad match"),
    SKOS + "exactMatch": _l("exact match"),
    SKOS + "narrowMatch": _l("narrow match"),
    SKOS + "notation": _l("code"),
    SKOS + "Concept": _l("concept"),
    SKOS + "ConceptScheme": _l("concept scheme"),
    RDF + "type": _l("type"),
    RDFS + "label": _l("label"),
    RDFS + "comment": _l("comment"),
    RDFS + "seeAlso": _l("see also"),
    RDFS + "subClassOf": _l("subclass of"),
    RDFS + "isDefinedBy": _l("defined by"),
    RDFS + "Class": _l("class"),
    ORG + "classification": _l("organisation type"),
    ORG + "Organization": _l("organisation"),
    FOAF + "homepage": _l("homepage"),
    OWL + "sameAs": _l("same as"),
    BIBO + "doi": _l("DOI"),
    BIBO + "isbn13": _l("ISBN"),
    DCAT + "distribution": _l("distribution"),
    DCAT + "accessURL": _l("access address"),
    DCAT + "mediaType": _l("media type"),
    DCAT + "Dataset": _l("dataset"),
    PROV + "used": _l("used"),
    PROV + "generated": _l("generated"),
    PROV + "startedAtTime": _l("started"),
    PROV + "endedAtTime": _l("ended"),
    TOOI + "Gemeente": _l("municipality"),
    TOOI + "Provincie": _l("province"),
    TOOI + "ligtInProvincie": _l("in province"),
    TOOI + "gemeentecode": _l("municipality code"),
    TOOI + "organisatiecode": _l("organisation code"),
    TOOI + "voorkeursnaamExclSoort": _l("name"),
    TOOI + "officieleNaamExclSoort": _l("official name"),
    TOOI + "begindatum": _l("start date"),
    TOOI + "einddatum": _l("end date"),
}


def term_label(iri: str) -> Label | None:
    """The interface-language label of a reused vocabulary term, if we know one."""
    text = TERM_LABELS.get(iri)
    if text is None:
        return None
    from flask_babel import get_locale

    return Label(str(text), str(get_locale() or "nl"))
