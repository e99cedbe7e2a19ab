"""What a harvest over many documents remembers for the next one.

Sitemaps remember the ``lastmod`` of every page; LDES feeds remember the
fragments they saw (with their links and how long they stay fresh) and the
version of every object they hold. The state is JSON text on the feed in
``{base}graph/meta`` (``ww:harvestState``), written only after the feed's
graph was replaced, so it never claims more than the graph holds: a crash in
between costs at most some refetching.
"""

from __future__ import annotations

import json

from pyoxigraph import Literal, NamedNode

from graph_service.vocab import WW
from loaders.provenance import meta_graph


def load(store, feed_iri: str) -> dict:
    """The state the last good harvest of ``feed_iri`` saved; ``{}`` if none."""
    rows = store.named("harvest_state", graph=meta_graph(store.base_iri), feed=feed_iri)
    for row in rows:
        try:
            return json.loads(row["state"].value)
        except ValueError:
            return {}
    return {}


def save(store, feed_iri: str, state: dict) -> None:
    """Replace the saved state of ``feed_iri`` in one update."""
    graph = NamedNode(meta_graph(store.base_iri))
    feed = NamedNode(feed_iri)
    predicate = NamedNode(str(WW.harvestState))
    text = Literal(json.dumps(state, sort_keys=True, separators=(",", ":")))
    store.update(
        f"DELETE WHERE {{ GRAPH {graph} {{ {feed} {predicate} ?state }} }} ;\n"
        f"INSERT DATA {{ GRAPH {graph} {{ {feed} {predicate} {text} }} }}"
    )
