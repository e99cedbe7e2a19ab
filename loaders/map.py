"""Map parsed records onto our vocabulary (see docs/architecture.md).

A record is the plain dictionary a record format produces (RSS, Atom,
OAI-PMH, sitemap pages, CSV rows). Mapping gives each record an item IRI,
its class, title, abstract, date, creators, publisher (the feed's partner),
landing page and source, and turns partner keywords into our concepts by
their SKOS preferred and alternative labels. Keywords that match nothing are
returned, to be listed in the harvest report.

>>> vocab = Vocabulary({"wijkaanpak": ["https://data.wijkwijzer.nl/id/thema/wijkaanpak"]})
>>> vocab.match("  Wijkaanpak ")
['https://data.wijkwijzer.nl/id/thema/wijkaanpak']
>>> normalise_date("Tue, 05 Mar 2024 10:00:00 GMT")
('2024-03-05', 'date')
>>> normalise_date("2020-03")
('2020-03', 'gYearMonth')
"""

from __future__ import annotations

import email.utils
import hashlib
import re
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Triple

from graph_service.vocab import PREFIXES, WW

XSD = PREFIXES["xsd"]
SCHEMA, DCT, DC, BIBO = (
    PREFIXES["schema"],
    PREFIXES["dct"],
    PREFIXES["dc"],
    PREFIXES["bibo"],
)
RDF_TYPE = NamedNode(PREFIXES["rdf"] + "type")

CLASSES = {
    "report": ("publicatie", [SCHEMA + "Report"]),
    "rapport": ("publicatie", [SCHEMA + "Report"]),
    "book": ("publicatie", [SCHEMA + "Book"]),
    "boek": ("publicatie", [SCHEMA + "Book"]),
    "article": ("publicatie", [SCHEMA + "Article"]),
    "artikel": ("publicatie", [SCHEMA + "Article"]),
    "praktijkvoorbeeld": (
        "praktijkvoorbeeld", [SCHEMA + "CreativeWork", str(WW.Praktijkvoorbeeld)]
    ),
}  # fmt: skip

# Which property a concept is linked with, by the scheme folder of its IRI.
LINKS = {
    "thema": DCT + "subject",
    "leefgebied": str(WW.leefgebied),
    "werkwijze": str(WW.werkwijze),
    "doelgroep": DCT + "audience",
}


# Every predicate, class and datatype the mapping writes, as terms made once.
_NODES = {
    iri: NamedNode(iri)
    for iri in (
        RDF_TYPE.value,
        *(c for _, classes in CLASSES.values() for c in classes),
        *LINKS.values(),
        *(DCT + n for n in ("title", "abstract", "issued", "publisher", "source")),
        *(DCT + n for n in ("language", "license", "spatial")),
        SCHEMA + "url",
        DC + "creator",
        BIBO + "doi",
        BIBO + "isbn13",
        *(XSD + n for n in ("gYear", "gYearMonth", "date", "string")),
    )
}
_DATES = (
    (re.compile(r"\d{4}"), "gYear"),
    (re.compile(r"\d{4}-\d{2}"), "gYearMonth"),
    (re.compile(r"\d{4}-\d{2}-\d{2}"), "date"),
)
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T")
_TAG = re.compile(r"<[^>]+>")
_IRI = re.compile(r"^https?://[^\s<>\"]+$")


def normalise_label(text: str) -> str:
    """Case-fold and collapse spaces, for matching keywords to labels."""
    return re.sub(r"\s+", " ", text).strip().casefold()


@dataclass
class Vocabulary:
    """Our concepts by normalised label, and the items we already know.

    ``identities`` maps a DOI, ISBN or landing page to the item IRI that has
    it; ``homes`` maps an item IRI to the graphs that give it its type.
    """

    labels: dict[str, list[str]] = field(default_factory=dict)
    identities: dict[str, str] = field(default_factory=dict)
    homes: dict[str, set[str]] = field(default_factory=dict)

    def described_elsewhere(self, item: str, graph: str) -> bool:
        """True when a graph other than ``graph`` gives ``item`` its type."""
        return bool(self.homes.get(item, set()) - {graph})

    def fingerprint(self, graph: str) -> str:
        """What other graphs describe, for the digest of ``graph``'s input."""
        pairs = sorted(
            (item, home)
            for item, homes in self.homes.items()
            for home in homes
            if home != graph
        )
        return hashlib.sha256(repr(pairs).encode()).hexdigest()

    def match(self, keyword: str) -> list[str]:
        """Concept IRIs whose preferred or alternative label is ``keyword``.

        A keyword that is itself the IRI of one of our concepts (schema:about
        in JSON-LD, dct:subject in an LDES member) matches that concept.
        """
        if keyword.startswith(("http://", "https://")):
            known = any(keyword in found for found in self.labels.values())
            return [keyword.strip()] if known else []
        return self.labels.get(normalise_label(keyword), [])

    @classmethod
    def from_store(cls, store) -> Vocabulary:
        """Concept labels and item identities as the store has them now."""
        labels: dict[str, list[str]] = {}
        for row in store.named("harvest_concept_labels"):
            key = normalise_label(row["label"].value)
            concept = row["concept"].value
            if concept not in labels.setdefault(key, []):
                labels[key].append(concept)
        # A DOI, ISBN or landing page shared by several items (a series page)
        # identifies none of them, so it is not used to merge.
        claimed: dict[str, set[str]] = {}
        for row in store.named("harvest_identities"):
            for name in ("url", "doi", "isbn"):
                if name in row:
                    key = identity_key(row[name].value)
                    claimed.setdefault(key, set()).add(row["item"].value)
        identities = {k: next(iter(v)) for k, v in claimed.items() if len(v) == 1}
        homes: dict[str, set[str]] = {}
        for row in store.named("harvest_item_graphs"):
            homes.setdefault(row["item"].value, set()).add(row["graph"].value)
        return cls(labels, identities, homes)


def identity_key(value: str) -> str:
    """One spelling per DOI, ISBN or landing page, for finding the same item twice."""
    value = value.strip()
    lower = value.lower()
    if lower.startswith(("https://doi.org/", "http://dx.doi.org/", "doi:")) or re.match(
        r"^10\.\d{4,9}/", lower
    ):
        return "doi:" + re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", lower)
    digits = re.sub(r"[^0-9X]", "", value.upper())
    if len(digits) == 13 and digits.startswith(("978", "979")):
        return "isbn:" + digits
    return "url:" + re.sub(r"^https?://(www\.)?", "", lower).rstrip("/")


def normalise_date(text: str | None) -> tuple[str, str] | None:
    """A date as written, or from RFC 822, as (lexical form, XSD type name)."""
    if not text:
        return None
    text = text.strip()
    for pattern, kind in _DATES:
        if pattern.fullmatch(text):
            return text, kind
    if _DATE_TIME.match(text):
        return text[:10], "date"
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat(), "date"
    except (TypeError, ValueError):
        return text, "string"


@dataclass
class Mapped:
    """One record mapped: its focus node, predicate -> values, unmatched keywords."""

    item: NamedNode
    described: dict[NamedNode, list]
    unmatched: list[str]

    @property
    def triples(self) -> list[Triple]:
        """The record's triples, in the order they were mapped."""
        return [
            Triple(self.item, predicate, value)
            for predicate, values in self.described.items()
            for value in values
        ]


def map_record(record: dict, partner: str, vocab: Vocabulary, base: str) -> Mapped:
    """Map one record onto our vocabulary; missing fields are left for the shapes."""
    folder, classes = CLASSES.get(
        str(record.get("type") or "article").strip().lower(), CLASSES["article"]
    )
    item = NamedNode(_item_iri(record, partner, vocab, base, folder))
    described: dict[NamedNode, list] = {}

    def add(predicate: str, obj) -> None:
        node = _NODES.get(predicate) or NamedNode(predicate)
        values = described.get(node)
        if values is None:
            described[node] = [obj]
        elif obj not in values:
            values.append(obj)

    for cls in classes:
        add(RDF_TYPE.value, _NODES[cls])
    lang = (record.get("lang") or "nl").lower()
    if record.get("title"):
        add(DCT + "title", Literal(_clean(record["title"]), language=lang))
    if record.get("abstract"):
        add(DCT + "abstract", Literal(_clean(record["abstract"]), language=lang))
    issued = normalise_date(record.get("issued"))
    if issued:
        add(DCT + "issued", Literal(issued[0], datatype=_NODES[XSD + issued[1]]))
    for creator in record.get("creators") or []:
        add(DC + "creator", Literal(_clean(creator)))
    add(DCT + "publisher", NamedNode(partner))
    for key, predicate in (("url", SCHEMA + "url"), ("source", DCT + "source")):
        if _is_iri(record.get(key)):
            add(predicate, NamedNode(record[key]))
    if record.get("language"):
        add(DCT + "language", Literal(record["language"].lower()))
    if _is_iri(record.get("license")):
        add(DCT + "license", NamedNode(record["license"]))
    if record.get("doi"):
        add(BIBO + "doi", Literal(record["doi"].strip()))
    if record.get("isbn"):
        add(BIBO + "isbn13", Literal(record["isbn"].strip()))
    for place in record.get("spatial") or []:
        if _is_iri(place):
            add(DCT + "spatial", NamedNode(place))

    unmatched = []
    for keyword in dict.fromkeys(record.get("keywords") or []):
        concepts = vocab.match(keyword)
        if not concepts:
            unmatched.append(keyword)
        for concept in concepts:
            scheme = concept[len(base) + 3 :].split("/", 1)[0]
            add(LINKS.get(scheme, DCT + "subject"), NamedNode(concept))
    return Mapped(item, described, unmatched)


def _item_iri(record: dict, partner: str, vocab: Vocabulary, base: str, folder: str):
    """The IRI an item already has (same DOI, ISBN or page), else a stable new one."""
    for key in ("doi", "isbn", "url"):
        if record.get(key):
            known = vocab.identities.get(identity_key(record[key]))
            if known:
                return known
    slug = partner.rstrip("/").rsplit("/", 1)[-1]
    seed = str(record.get("key") or record.get("url") or record.get("title"))
    return f"{base}id/{folder}/{slug}-{hashlib.sha1(seed.encode()).hexdigest()[:12]}"


def _clean(text: str) -> str:
    """Strip markup a feed may carry in titles and summaries.

    >>> _clean(" Wijk <b>aanpak</b>\\n in  beeld ")
    'Wijk aanpak in beeld'
    """
    text = str(text)
    if "<" in text:
        text = _TAG.sub(" ", text)
    return " ".join(text.split())  # splits on exactly what re's \s matches


def _is_iri(value) -> bool:
    return isinstance(value, str) and _IRI.match(value) is not None
