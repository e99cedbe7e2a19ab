"""What every page needs to name things: labels, concept trees and partners.

A :class:`Catalogue` is read from the store in a handful of small queries and
is valid for one data version; :class:`graph_service.search.service` keeps one
next to the search index and replaces both after every write.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from graph_service.labels import Label, pick

SKOS = "http://www.w3.org/2004/02/skos/core#"
TOOI_GEMEENTE = "https://identifier.overheid.nl/tooi/id/gemeente/"


@dataclass
class Catalogue:
    """Labels and structure of the named things in one data version."""

    version: str
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    alt_labels: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    scheme_of: dict[str, str] = field(default_factory=dict)
    broader: dict[str, list[str]] = field(default_factory=dict)
    narrower: dict[str, list[str]] = field(default_factory=dict)
    partners: dict[str, str | None] = field(default_factory=dict)
    expertise: dict[str, list[str]] = field(default_factory=dict)
    province_of: dict[str, str] = field(default_factory=dict)

    def label(self, iri: str, lang: str) -> Label | None:
        """The label of ``iri`` in ``lang`` (with fallback), or None."""
        return pick(self.labels.get(iri, {}), lang)

    def text(self, iri: str, lang: str) -> str:
        """The label's text, or the IRI itself when there is none."""
        found = self.label(iri, lang)
        return found.text if found else iri

    def ancestors(self, concept: str) -> set[str]:
        """Every broader concept of ``concept``, transitively; cycles are safe."""
        seen: set[str] = set()
        todo = list(self.broader.get(concept, ()))
        while todo:
            step = todo.pop()
            if step not in seen:
                seen.add(step)
                todo.extend(self.broader.get(step, ()))
        return seen

    def descendants(self, concept: str) -> set[str]:
        """Every narrower concept of ``concept``, transitively."""
        seen: set[str] = set()
        todo = list(self.narrower.get(concept, ()))
        while todo:
            step = todo.pop()
            if step not in seen:
                seen.add(step)
                todo.extend(self.narrower.get(step, ()))
        return seen

    def concepts_in(self, scheme: str) -> list[str]:
        """The concepts of one scheme."""
        return [c for c, s in self.scheme_of.items() if s == scheme]

    def is_municipality(self, iri: str) -> bool:
        """True for a TOOI municipality IRI that the graph names."""
        return iri.startswith(TOOI_GEMEENTE) and iri in self.labels


def read_catalogue(store, version: str) -> Catalogue:
    """Read labels, concept trees and partners from ``store``."""
    catalogue = Catalogue(version)
    ranks: dict[tuple[str, str], int] = {}
    for row in store.named("labels_all"):
        thing, literal = row["thing"].value, row["label"]
        lang = getattr(literal, "language", None) or ""
        rank = int(row["rank"].value)
        if ranks.get((thing, lang), 99) > rank:
            ranks[(thing, lang)] = rank
            catalogue.labels.setdefault(thing, {})[lang] = literal.value

    alt = defaultdict(list)
    for row in store.named("concept_alt_labels"):
        literal = row["label"]
        alt[row["thing"].value].append((literal.value, literal.language or ""))
    catalogue.alt_labels = dict(alt)

    broader, narrower = defaultdict(list), defaultdict(list)
    for row in store.named("concept_tree"):
        concept = row["concept"].value
        if "scheme" in row:
            catalogue.scheme_of[concept] = row["scheme"].value
        if "broader" in row and row["broader"].value not in broader[concept]:
            broader[concept].append(row["broader"].value)
            narrower[row["broader"].value].append(concept)
    catalogue.broader, catalogue.narrower = dict(broader), dict(narrower)

    for row in store.named("partners_all"):
        kind = row.get("kind")
        catalogue.partners[row["partner"].value] = kind.value if kind else None

    expertise = defaultdict(list)
    for row in store.named("partner_expertise"):
        expertise[row["partner"].value].append(row["theme"].value)
    catalogue.expertise = dict(expertise)

    for row in store.named("municipality_provinces"):
        catalogue.province_of[row["municipality"].value] = row["province"].value
    return catalogue
