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

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e]")
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


def _ns(base: str, **names: str) -> dict[str, object]:
    return {base + local: _l(text) for local, text in names.items()}


# Terms we reuse from standard vocabularies, labelled through gettext.
TERM_LABELS: dict[str, object] = {
    **_ns(
        "http://purl.org/dc/terms/",
        title="title",
        abstract="abstract",
        issued="issued",
        publisher="publisher",
        subject="theme",
        audience="audience",
        spatial="place",
        source="source",
        language="language",
        license="licence",
        description="description",
        conformsTo="conforms to",
        identifier="identifier",
        created="created",
        modified="modified",
        creator="author",
    ),
    **_ns("http://purl.org/dc/elements/1.1/", creator="author"),
    **_ns(
        "http://schema.org/",
        url="web page",
        Report="report",
        Book="book",
        Article="article",
        CreativeWork="creative work",
        Organization="organisation",
    ),
    **_ns(
        "http://www.w3.org/2004/02/skos/core#",
        prefLabel="preferred label",
        altLabel="alternative label",
        definition="definition",
        broader="broader concept",
        narrower="narrower concept",
        related="related concept",
        inScheme="concept scheme",
        topConceptOf="top concept of",
        hasTopConcept="top concept",
        closeMatch="close match",
        broadMatch="broad match",
        exactMatch="exact match",
        narrowMatch="narrow match",
        notation="code",
        Concept="concept",
        ConceptScheme="concept scheme",
    ),
    **_ns("http://www.w3.org/1999/02/22-rdf-syntax-ns#", type="type"),
    **_ns(
        "http://www.w3.org/2000/01/rdf-schema#",
        label="label",
        comment="comment",
        seeAlso="see also",
        subClassOf="subclass of",
        isDefinedBy="defined by",
        Class="class",
    ),
    **_ns("http://www.w3.org/ns/org#", classification="organisation type"),
    **_ns("http://www.w3.org/ns/org#", Organization="organisation"),
    **_ns("http://xmlns.com/foaf/0.1/", homepage="homepage"),
    **_ns("http://www.w3.org/2002/07/owl#", sameAs="same as"),
    **_ns("http://purl.org/ontology/bibo/", doi="DOI", isbn13="ISBN"),
    **_ns(
        "http://www.w3.org/ns/dcat#",
        distribution="distribution",
        accessURL="access address",
        mediaType="media type",
        Dataset="dataset",
    ),
    **_ns(
        "http://www.w3.org/ns/prov#",
        used="used",
        generated="generated",
        startedAtTime="started",
        endedAtTime="ended",
    ),
    **_ns(
        "https://identifier.overheid.nl/tooi/def/ont/",
        Gemeente="municipality",
        Provincie="province",
        ligtInProvincie="in province",
        gemeentecode="municipality code",
        organisatiecode="organisation code",
        voorkeursnaamExclSoort="name",
        officieleNaamExclSoort="official name",
        begindatum="start date",
        einddatum="end date",
    ),
}


def term_label(iri: str) -> Label | None:
    """The interface-language label of a reused vocabulary term, if we know one."""
    text = TERM_LABELS.get(iri)
    if text is None:
        return None
    from flask_babel import get_locale

    return Label(str(text), str(get_locale() or "nl"))
