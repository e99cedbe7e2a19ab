"""Read what the search index holds from the store: items, concepts, partners.

Items are read with one named query whose result the engine serialises as
SPARQL JSON (one parse in C instead of a Python object per row), then folded
into one :class:`Record` per item.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from pyoxigraph import QueryResultsFormat

from graph_service.catalogue import Catalogue
from graph_service.facets import ITEM_TYPES
from graph_service.labels import clean_text
from graph_service.queries import library
from graph_service.vocab import sparql_prefix_block

DCT = "http://purl.org/dc/terms/"
WW = "https://data.wijkwijzer.nl/def#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
TYPE_KEYS = {iri: key for key, iri in ITEM_TYPES.items()}
# Which record list each linking property fills.
LINKS = {
    DCT + "publisher": "partners",
    DCT + "subject": "themes",
    WW + "leefgebied": "leefgebieden",
    WW + "werkwijze": "werkwijzen",
    DCT + "audience": "audiences",
    DCT + "spatial": "municipalities",
}


@dataclass
class Record:
    """One document of the index: an item, a concept or a partner."""

    iri: str
    kind: str
    types: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    abstracts: dict[str, str] = field(default_factory=dict)
    issued: str = ""
    partners: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    leefgebieden: list[str] = field(default_factory=list)
    werkwijzen: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    municipalities: list[str] = field(default_factory=list)
    synonyms: list[tuple[str, str]] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        """The year of issue, when the date starts with four digits."""
        head = self.issued[:4]
        return int(head) if head.isdigit() else None


def item_records(store) -> list[Record]:
    """Every publication and practice example, with what the index needs."""
    text = sparql_prefix_block() + library().get("index_items").text
    result = json.loads(store.query_serialized(text, QueryResultsFormat.JSON))
    records: dict[str, Record] = {}
    for row in result["results"]["bindings"]:
        iri, prop, obj = row["item"]["value"], row["p"]["value"], row["o"]
        record = records.get(iri)
        if record is None:
            record = records[iri] = Record(iri, "publicatie")
        _fold(record, prop, obj)
    for record in records.values():
        if "praktijkvoorbeeld" in record.types:
            record.kind = "praktijkvoorbeeld"
    return list(records.values())


def _fold(record: Record, prop: str, obj: dict) -> None:
    """Add one property value to a record."""
    value = obj["value"]
    if prop == RDF_TYPE:
        key = TYPE_KEYS.get(value)
        if key and key not in record.types:
            record.types.append(key)
    elif prop == DCT + "title":
        record.titles.setdefault(obj.get("xml:lang", ""), clean_text(value))
    elif prop == DCT + "abstract":
        record.abstracts.setdefault(obj.get("xml:lang", ""), clean_text(value))
    elif prop == DCT + "issued":
        record.issued = record.issued or value
    elif prop in LINKS and obj["type"] == "uri":
        target = getattr(record, LINKS[prop])
        if value not in target:
            target.append(value)


def concept_records(catalogue: Catalogue, base: str) -> Iterator[Record]:
    """Our own concepts and every partner, so that search finds them by name."""
    own = base + "id/"
    for concept in catalogue.scheme_of:
        if concept.startswith(own):
            kind = concept[len(own) :].split("/", 1)[0]
            yield _named_record(concept, kind, catalogue)
    for partner in catalogue.partners:
        yield _named_record(partner, "partner", catalogue)


def _named_record(iri: str, kind: str, catalogue: Catalogue) -> Record:
    return Record(
        iri,
        kind,
        titles=dict(catalogue.labels.get(iri, {})),
        synonyms=list(catalogue.alt_labels.get(iri, ())),
    )
