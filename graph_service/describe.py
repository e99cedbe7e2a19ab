"""Turn the statements about a resource into labelled rows a page can show.

Every IRI gets a label in the interface language when one exists anywhere:
the catalogue (concepts, partners, TOOI organisations, vocabulary terms), the
gettext catalogue of reused terms, the search index (item titles) or, last,
the ``label`` named query. Links go to our page about a thing, or straight to
an outside address when the graph knows nothing more (http(s) only).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from flask_babel import format_date

from graph_service.iris import page_path
from graph_service.labels import (
    TERM_LABELS,
    Label,
    clean_text,
    is_safe_link,
    pick,
    term_label,
)

VOCABULARY = "https://data.wijkwijzer.nl/def#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
# Properties whose values are addresses on the web, not things in the graph.
WEB_ADDRESSES = {
    "http://schema.org/url",
    "http://xmlns.com/foaf/0.1/homepage",
    "http://purl.org/dc/terms/source",
    "http://www.w3.org/ns/dcat#accessURL",
}
# Display order of the properties an item page shows first.
ORDER = (
    RDF_TYPE,
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://purl.org/dc/terms/title",
    "http://www.w3.org/2004/02/skos/core#definition",
    "http://purl.org/dc/terms/abstract",
    "http://purl.org/dc/terms/description",
    "http://purl.org/dc/terms/issued",
    "http://purl.org/dc/elements/1.1/creator",
    "http://purl.org/dc/terms/publisher",
    "http://purl.org/dc/terms/subject",
    "https://data.wijkwijzer.nl/def#leefgebied",
    "https://data.wijkwijzer.nl/def#werkwijze",
    "http://purl.org/dc/terms/audience",
    "http://purl.org/dc/terms/spatial",
)


@dataclass
class Value:
    """One value of a property: a label, where it links, its language."""

    text: str
    lang: str = ""
    href: str | None = None
    external: bool = False
    iri: str | None = None


@dataclass
class Row:
    """A property with its label and values."""

    iri: str
    label: Label
    values: list[Value] = field(default_factory=list)


class Labeler:
    """Labels IRIs for one request: language, catalogue, index, store."""

    def __init__(self, store, index, lang: str):
        self.store = store
        self.index = index
        self.catalogue = index.catalogue
        self.lang = lang
        self.base = store.base_iri
        self._asked: dict[str, Label | None] = {}

    def label(self, iri: str) -> Label | None:
        """The best label of ``iri`` in this request's language, or None."""
        found = self.catalogue.label(iri, self.lang) or term_label(iri)
        if found:
            return found
        if iri not in self._asked:
            self._asked[iri] = self._look_up(iri)
        return self._asked[iri]

    def _look_up(self, iri: str) -> Label | None:
        hit = self.index.document(iri)
        if hit is not None:
            text, lang = hit.title(self.lang)
            return Label(text, lang)
        if not iri.startswith(("http://", "https://", "urn:")):
            return None
        rows = self.store.named("label", resource=iri)
        texts = {
            getattr(r["label"], "language", None) or "": r["label"].value for r in rows
        }
        return pick(texts, self.lang)

    def text(self, iri: str) -> str:
        found = self.label(iri)
        return found.text if found else iri

    def value(self, term, prop: str = "") -> Value:
        """A displayable value for an RDF term."""
        if type(term).__name__ == "NamedNode":
            return self.link(term.value, prop)
        if type(term).__name__ == "BlankNode":
            return Value("_:" + term.value)
        return literal_value(term, self.lang)

    def link(self, iri: str, prop: str = "") -> Value:
        """A value naming ``iri``, linked to its page or its web address."""
        if prop in WEB_ADDRESSES:
            return self._outside(iri)
        if iri.startswith(VOCABULARY):
            found = self.label(iri) or Label(iri[len(VOCABULARY) :])
            return Value(
                found.text, found.lang, "/def#" + iri[len(VOCABULARY) :], iri=iri
            )
        found = self.catalogue.label(iri, self.lang)
        if found is None and iri not in TERM_LABELS:
            found = self.label(iri)
        if found is not None:
            return Value(found.text, found.lang, page_path(iri, self.base), iri=iri)
        if iri.startswith(self.base + "id/"):
            return Value(iri, href=page_path(iri, self.base), iri=iri)
        outside = self._outside(iri)
        named = term_label(iri)
        if named is not None:
            outside.text, outside.lang = named.text, named.lang
        return outside

    def _outside(self, iri: str) -> Value:
        """An address outside this site: a link if it is safe, else plain text."""
        if is_safe_link(iri):
            return Value(clean_text(iri), href=iri, external=True, iri=iri)
        return Value(clean_text(iri), iri=iri)


def literal_value(term, lang: str) -> Value:
    """A literal as text, dates written out in the interface language."""
    text = clean_text(term.value)
    datatype = term.datatype.value if term.datatype else ""
    try:
        if datatype == XSD + "date":
            return Value(format_date(datetime.date.fromisoformat(text), "long"))
        if datatype == XSD + "gYearMonth":
            day = datetime.date.fromisoformat(text[:7] + "-01")
            return Value(format_date(day, "MMMM y"))
    except ValueError:
        pass
    return Value(text, term.language or "")


def rows_of(statements, labeler: Labeler, skip=()) -> list[Row]:
    """Group (predicate, object) pairs into labelled rows in display order."""
    rows: dict[str, Row] = {}
    for prop, obj in statements:
        if prop in skip:
            continue
        row = rows.get(prop)
        if row is None:
            label = labeler.label(prop) or Label(prop)
            row = rows[prop] = Row(prop, label)
        row.values.append(labeler.value(obj, prop))
    for row in rows.values():
        row.values.sort(
            key=lambda v: (v.lang not in ("", labeler.lang), v.text.casefold())
        )
    position = {iri: n for n, iri in enumerate(ORDER)}
    return sorted(
        rows.values(),
        key=lambda r: (position.get(r.iri, len(ORDER)), r.label.text.casefold()),
    )


def outgoing(store, iri: str) -> list[tuple[str, object]]:
    """(predicate IRI, object term) of every statement about ``iri``."""
    return [(r["p"].value, r["o"]) for r in store.named("resource_out", resource=iri)]


def incoming(store, iri: str, labeler: Labeler) -> list[tuple[Value, Label]]:
    """Things that point at ``iri``, labelled, with the property they use."""
    found = []
    for row in store.named("resource_in", resource=iri):
        prop = row["p"].value
        found.append((labeler.link(row["s"].value), labeler.label(prop) or Label(prop)))
    found.sort(key=lambda pair: (pair[1].text, pair[0].text.casefold()))
    return found
