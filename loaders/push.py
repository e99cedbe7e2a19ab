"""A partner's push to its own graph, through the same stages as a harvest.

``PUT`` replaces the graph with the pushed document, ``POST`` merges (the new
content is the old graph plus the pushed triples, checked together, then
written as one replacement) and ``DELETE`` drops it. The pushed bytes are
parsed in the limited child process, screened against the shapes record by
record, skolemised and written atomically through the store's one writer,
and each push is recorded in ``graph/meta`` as a run of kind ``push``.
Nothing here knows about HTTP or tokens; see ``graph_service/views/push.py``.
"""

from __future__ import annotations

import logging
import re
import threading
import time

from pyoxigraph import NamedNode, RdfFormat

from graph_service.errors import WijkWijzerError
from graph_service.vocab import PREFIXES
from loaders import provenance
from loaders.errors import HarvestError
from loaders.registry import Feed, now
from loaders.report import HarvestReport
from loaders.write import graph_exists

logger = logging.getLogger(__name__)

METHODS = ("PUT", "POST", "DELETE")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_SHARED_LOCK = threading.RLock()


def own_graph(base: str, partner: str, graph: str) -> Feed | None:
    """The feed a partner's push names, if ``graph`` is one of the partner's own.

    A partner owns ``{base}graph/feed/{partner}/{name}`` for any ``name`` of
    lower-case letters, digits and hyphens; every other graph gives None.

    >>> own_graph("https://e/", "vng", "https://e/graph/feed/vng/push").key
    'vng/push'
    >>> own_graph("https://e/", "vng", "https://e/graph/feed/bzk/push") is None
    True
    """
    prefix = f"{base}graph/feed/{partner}/"
    name = graph[len(prefix) :] if graph.startswith(prefix) else ""
    if not _NAME.match(name):
        return None
    return Feed(
        partner=partner,
        slug=name,
        title=f"{partner} {name}",
        url=f"{base}graph-store?graph={graph}",
        protocol="rdf",
        media_type="text/turtle",
    )


def partner_known(store, partner: str) -> bool:
    """True when ``{base}id/partner/{partner}`` is an organisation in the graph."""
    iri = NamedNode(f"{store.base_iri}id/partner/{partner}")
    organisation = NamedNode(PREFIXES["org"] + "Organization")
    return store.ask("ASK { ?p a ?c }", {"p": iri, "c": organisation})


def push(harvester, feed: Feed, method: str, body: bytes, media_type: str):
    """Apply one push to ``feed``'s graph; never raises for the input's fault.

    Returns the :class:`HarvestReport` (``kind`` ``push``), already recorded
    in ``graph/meta``. A failed push leaves the graph as it was.
    """
    store, base = harvester.store, harvester.base
    report = HarvestReport(
        feed=feed.iri(base),
        graph=feed.graph(base),
        url=feed.url,
        partner=feed.partner_iri(base),
        started=now(),
        kind="push",
    )
    clock = time.perf_counter()
    try:
        if method == "DELETE":
            _delete(store, feed, report, base)
        else:
            _write(harvester, feed, report, method, body, media_type)
    except HarvestError as error:
        report.status, report.stage, report.error = "failed", error.stage, str(error)
    except WijkWijzerError as error:
        report.status, report.stage, report.error = "failed", "write", str(error)

    report.ended = now()
    report.milliseconds = int((time.perf_counter() - clock) * 1000)
    provenance.record_run(store, report, harvester.config["HARVEST_KEEP_RUNS"])
    logger.info(
        "Push %s %s by %s: %s, %d triples, %d ms",
        method,
        report.graph,
        feed.partner,
        report.status,
        report.triples,
        report.milliseconds,
    )
    return report


def _delete(store, feed: Feed, report: HarvestReport, base: str) -> None:
    triples = _count(store, feed.graph(base))
    if not store.drop_graph(feed.graph(base)):
        raise HarvestError(f"There is no graph <{feed.graph(base)}> to delete")
    report.status, report.removed = "ok", triples


def _write(harvester, feed, report, method, body, media_type) -> None:
    if method != "POST":
        _parse_and_write(harvester, feed, report, method, body, media_type)
        return
    # A merge reads the old graph and writes the new one: no other write may
    # come between, so it holds the store's one writer for the whole push.
    with writer_lock(harvester.store):
        _parse_and_write(harvester, feed, report, method, body, media_type)


def writer_lock(store):
    """The store's own write lock (reentrant), or one shared by this process."""
    return getattr(store, "_write_lock", None) or _SHARED_LOCK


def _parse_and_write(harvester, feed, report, method, body, media_type) -> None:
    graph = feed.graph(harvester.base)
    with harvester.child() as child:
        options = {
            "media_type": media_type,
            "base_iri": harvester.base,
            "graph": graph,
            "spec": harvester.spec.shapes,
            "context": harvester.context(),
        }
        if method == "POST" and graph_exists(harvester.store, graph):
            old = child.path("old.nt")
            with open(old, "wb") as handle:
                harvester.store.dump(handle, RdfFormat.N_TRIPLES, graph=graph)
            options["merge"] = str(old)
        parsed = child.parse("rdf", body, "the pushed document", options, keep=True)
        harvester.write_parsed(feed, report, parsed, media_type)


def _count(store, graph: str) -> int:
    rows = store.select(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
        {"g": NamedNode(graph)},
    )
    return int(rows[0]["n"].value) if rows else 0
