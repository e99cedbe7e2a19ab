"""Where an item's statements came from: curated graph or partner feed, when.

Harvested items live in ``graph/feed/{partner}/{feed}``; each harvest is a
``prov:Activity`` in ``graph/meta`` that used the feed and generated the graph.
Curated items live in ``graph/catalogue``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph_service.describe import Labeler, Value

DCT = "http://purl.org/dc/terms/"


@dataclass
class Origin:
    """One graph an item's data is in, and what we know of how it got there."""

    graph: str
    kind: str  # "feed", "curated", "reference" or "other"
    feed: Value | None = None
    partner: Value | None = None
    harvested: str = ""
    access_url: Value | None = None
    licences: list[Value] = field(default_factory=list)


@dataclass
class Provenance:
    """The origins of an item plus its own source links and licences."""

    origins: list[Origin]
    sources: list[Value]
    licences: list[Value]


def provenance(store, iri: str, statements, labeler: Labeler) -> Provenance:
    """Gather the provenance box of ``iri`` from its graphs and harvest runs."""
    base = store.base_iri
    origins = []
    for row in store.named("resource_graphs", resource=iri):
        graph = row["graph"].value
        if graph.startswith(base + "graph/feed/"):
            origins.append(_feed_origin(store, graph, labeler))
        elif graph == base + "graph/catalogue":
            origins.append(Origin(graph, "curated"))
        elif graph.startswith(base + "graph/reference/"):
            origins.append(Origin(graph, "reference"))
        else:
            origins.append(Origin(graph, "other"))
    origins.sort(key=lambda o: o.graph)
    sources = [
        labeler.link(o.value, DCT + "source")
        for p, o in statements
        if p == DCT + "source"
    ]
    licences = [labeler.value(o) for p, o in statements if p == DCT + "license"]
    return Provenance(origins, sources, licences)


def _feed_origin(store, graph: str, labeler: Labeler) -> Origin:
    origin = Origin(graph, "feed")
    runs = store.named("graph_latest_run", graph=graph)
    if not runs:
        return origin
    run = runs[0]
    if "ended" in run:
        origin.harvested = run["ended"].value
    if "feed" not in run:
        return origin
    feed = run["feed"].value
    origin.feed = labeler.link(feed)
    for detail in store.named("feed_details", feed=feed):
        if "publisher" in detail and origin.partner is None:
            origin.partner = labeler.link(detail["publisher"].value)
        if "accessURL" in detail and origin.access_url is None:
            origin.access_url = labeler.link(
                detail["accessURL"].value, "http://www.w3.org/ns/dcat#accessURL"
            )
        if "license" in detail:
            licence = labeler.link(detail["license"].value)
            if licence.iri not in [v.iri for v in origin.licences]:
                origin.licences.append(licence)
    return origin
