"""The feed registry: partner feeds described with DCAT in ``{base}graph/feeds``.

A feed is ``{base}id/feed/{partner}/{feed}``, a ``dcat:Dataset`` with
``dct:publisher`` (the partner), ``dct:title``, ``ww:harvestInterval`` and
one ``dcat:Distribution`` (``dcat:accessURL``, ``dct:conformsTo`` naming the
protocol, ``dcat:mediaType``, ``dct:license``). What a harvest of the feed
wrote lives in ``{base}graph/feed/{partner}/{feed}``.
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, serialize

from graph_service.errors import InputError
from graph_service.vocab import PREFIXES, WW

DCAT, DCT = PREFIXES["dcat"], PREFIXES["dct"]
XSD = PREFIXES["xsd"]

# protocol name -> (dct:conformsTo IRI, default media type)
PROTOCOLS = {
    "rdf": ("https://www.w3.org/TR/rdf11-concepts/", "text/turtle"),
    "rss": ("https://www.rssboard.org/rss-specification", "application/rss+xml"),
    "atom": ("https://www.rfc-editor.org/rfc/rfc4287", "application/atom+xml"),
    "oai-pmh": ("http://www.openarchives.org/OAI/2.0/", "text/xml"),
    "sitemap": ("https://www.sitemaps.org/protocol.html", "application/xml"),
    "ldes": ("https://w3id.org/ldes/specification", "text/turtle"),
    "csv": ("https://www.rfc-editor.org/rfc/rfc4180", "text/csv"),
}
BY_IRI = {iri: name for name, (iri, _) in PROTOCOLS.items()}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


@dataclass(frozen=True)
class Feed:
    """One registered feed of one partner."""

    partner: str
    slug: str
    title: str
    url: str
    protocol: str
    media_type: str
    interval: str = "P1D"
    license: str | None = None
    mapping: str | None = None

    def iri(self, base: str) -> str:
        """``{base}id/feed/{partner}/{feed}``."""
        return f"{base}id/feed/{self.partner}/{self.slug}"

    def graph(self, base: str) -> str:
        """The named graph a harvest of this feed writes."""
        return f"{base}graph/feed/{self.partner}/{self.slug}"

    def partner_iri(self, base: str) -> str:
        """The partner that publishes the feed."""
        return f"{base}id/partner/{self.partner}"

    @property
    def key(self) -> str:
        """``partner/feed``, as the CLI and the status pages name it."""
        return f"{self.partner}/{self.slug}"

    def interval_seconds(self) -> float:
        """The harvest interval in seconds (months count as 30 days)."""
        return duration_seconds(self.interval)


def duration_seconds(text: str) -> float:
    """Seconds in an xsd:duration such as ``P1D`` or ``PT6H``.

    >>> duration_seconds("P1DT2H"), duration_seconds("PT30M")
    (93600.0, 1800.0)
    """
    match = re.fullmatch(
        r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?",
        text or "",
    )
    if not match:
        raise InputError(f"{text!r} is not an xsd:duration such as P1D or PT6H")
    y, mo, d, h, mi, s = (float(g) if g else 0.0 for g in match.groups())
    return ((((y * 365 + mo * 30 + d) * 24 + h) * 60) + mi) * 60 + s


def check_feed(feed: Feed) -> None:
    """Raise InputError naming what is wrong with a feed description."""
    for label, value in (("partner", feed.partner), ("feed", feed.slug)):
        if not _SLUG.match(value):
            raise InputError(
                f"{label} {value!r} must be lower-case letters, digits and hyphens"
            )
    if feed.protocol not in PROTOCOLS:
        raise InputError(
            f"Unknown protocol {feed.protocol!r}; use one of {', '.join(PROTOCOLS)}"
        )
    if not re.match(r"^https?://\S+$", feed.url):
        raise InputError(f"<{feed.url}> is not an http or https URL")
    if duration_seconds(feed.interval) <= 0:
        raise InputError(f"The harvest interval {feed.interval!r} must be positive")


def feeds_graph(base: str) -> str:
    """``{base}graph/feeds``."""
    return base + "graph/feeds"


def read_feeds(store) -> list[Feed]:
    """Every registered feed, sorted by partner and name."""
    base = store.base_iri
    rows = store.named("harvest_feeds", graph=feeds_graph(base))
    feeds = {}
    for row in rows:
        iri = row["feed"].value
        partner, slug = iri[len(base + "id/feed/") :].split("/", 1)
        protocol = BY_IRI.get(row.get("conformsTo", NamedNode("x:")).value, "rdf")
        feeds[iri] = Feed(
            partner=partner,
            slug=slug,
            title=row["title"].value,
            url=row["url"].value,
            protocol=protocol,
            media_type=row["mediaType"].value
            if "mediaType" in row
            else PROTOCOLS[protocol][1],
            interval=row["interval"].value if "interval" in row else "P1D",
            license=row["license"].value if "license" in row else None,
            mapping=row["mapping"].value if "mapping" in row else None,
        )
    return sorted(feeds.values(), key=lambda f: f.key)


def describe(feeds: list[Feed], base: str) -> bytes:
    """The registry graph for ``feeds``, as N-Triples."""
    triples = []
    for feed in feeds:
        dataset = NamedNode(feed.iri(base))
        dist = NamedNode(feed.iri(base) + "/distributie")

        def add(s, p, o):
            triples.append(Triple(s, NamedNode(p), o))

        add(dataset, PREFIXES["rdf"] + "type", NamedNode(DCAT + "Dataset"))
        add(dataset, DCT + "title", Literal(feed.title, language="nl"))
        add(dataset, DCT + "publisher", NamedNode(feed.partner_iri(base)))
        add(
            dataset,
            str(WW.harvestInterval),
            Literal(feed.interval, datatype=NamedNode(XSD + "duration")),
        )
        add(dataset, DCAT + "distribution", dist)
        add(dist, PREFIXES["rdf"] + "type", NamedNode(DCAT + "Distribution"))
        add(dist, DCAT + "accessURL", NamedNode(feed.url))
        add(dist, DCT + "conformsTo", NamedNode(PROTOCOLS[feed.protocol][0]))
        add(dist, DCAT + "mediaType", Literal(feed.media_type))
        if feed.license:
            add(dist, DCT + "license", NamedNode(feed.license))
        if feed.mapping:
            add(dist, str(WW.columnMapping), Literal(feed.mapping))
    output = io.BytesIO()
    serialize(triples, output, RdfFormat.N_TRIPLES)
    return output.getvalue()


def save_feeds(store, feeds: list[Feed]) -> None:
    """Replace the registry graph with ``feeds`` (dropping it when empty)."""
    graph = feeds_graph(store.base_iri)
    if not feeds:
        store.drop_graph(graph)
        return
    store.replace_graph(graph, describe(feeds, store.base_iri), format="nt")


def add_feed(store, feed: Feed) -> list[Feed]:
    """Register ``feed``, replacing a feed of the same partner and name."""
    check_feed(feed)
    feeds = [f for f in read_feeds(store) if f.key != feed.key] + [feed]
    save_feeds(store, sorted(feeds, key=lambda f: f.key))
    return feeds


def remove_feed(store, key: str) -> Feed:
    """Unregister ``partner/feed`` and drop what it harvested; InputError if unknown."""
    feeds = read_feeds(store)
    found = [f for f in feeds if f.key == key]
    if not found:
        raise InputError(f"There is no feed {key!r}; see 'wijkwijzer feeds list'")
    save_feeds(store, [f for f in feeds if f.key != key])
    store.drop_graph(found[0].graph(store.base_iri))
    return found[0]


def now() -> datetime.datetime:
    """The current time in UTC, to the second."""
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)
