"""Record each harvest or push in ``{base}graph/meta`` with PROV.

A run is ``prov:Activity`` with ``prov:used`` (the feed), ``prov:generated``
(the feed's graph), start and end times, ``schema:actionStatus`` and
``schema:error`` for the outcome, HTTP status and validators, counts, and one
``sh:ValidationResult`` per quarantined record (``ww:quarantine``). Runs are
appended in one transaction each.
"""

from __future__ import annotations

import datetime
import secrets

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from graph_service.vocab import PREFIXES, WW
from loaders.report import HarvestReport

PROV, SCHEMA, SH, XSD = (PREFIXES[p] for p in ("prov", "schema", "sh", "xsd"))
RDF_TYPE = PREFIXES["rdf"] + "type"
STATUS = {
    "failed": SCHEMA + "FailedActionStatus",
    "ok": SCHEMA + "CompletedActionStatus",
    "unchanged": SCHEMA + "CompletedActionStatus",
    "not-modified": SCHEMA + "CompletedActionStatus",
}


def meta_graph(base: str) -> str:
    """``{base}graph/meta``."""
    return base + "graph/meta"


def run_triples(report: HarvestReport, base: str) -> list[Triple]:
    """The PROV description of one run."""
    stamp = report.started.strftime("%Y%m%dT%H%M%S")
    feed_path = report.feed[len(base + "id/feed/") :] or "push"
    run = NamedNode(f"{base}id/run/{feed_path}/{stamp}-{secrets.token_hex(3)}")
    triples: list[Triple] = []

    def add(predicate: str, obj) -> None:
        triples.append(Triple(run, NamedNode(predicate), obj))

    def count(predicate: str, value: int) -> None:
        add(
            predicate,
            Literal(str(value), datatype=NamedNode(XSD + "nonNegativeInteger")),
        )

    add(RDF_TYPE, NamedNode(PROV + "Activity"))
    add(PROV + "used", NamedNode(report.feed))
    add(PROV + "generated", NamedNode(report.graph))
    add(PROV + "startedAtTime", _time(report.started))
    add(PROV + "endedAtTime", _time(report.ended))
    add(SCHEMA + "actionStatus", NamedNode(STATUS[report.status]))
    add(PREFIXES["dct"] + "type", Literal(f"{report.kind}:{report.status}"))
    if report.error:
        add(SCHEMA + "error", Literal(report.error))
    if report.http_status is not None:
        add(
            str(WW.httpStatus),
            Literal(str(report.http_status), datatype=NamedNode(XSD + "integer")),
        )
    validators = (
        (WW.etag, report.etag),
        (WW.lastModified, report.last_modified),
        (WW.inputDigest, report.digest),
    )
    for term, value in validators:
        if value:
            add(str(term), Literal(value))
    count(str(WW.recordsHarvested), report.records)
    count(str(WW.recordsQuarantined), len(report.quarantined))
    count(str(WW.triplesAdded), report.added)
    count(str(WW.triplesRemoved), report.removed)
    count(str(WW.triplesUnchanged), report.unchanged)
    count(PREFIXES["void"] + "triples", report.triples)
    for keyword in report.unmatched:
        add(str(WW.unmatchedKeyword), Literal(keyword))
    for index, record in enumerate(report.quarantined):
        for number, result in enumerate(record["results"]):
            node = NamedNode(f"{run.value}/quarantaine/{index}-{number}")
            add(str(WW.quarantine), node)
            triples += _result(node, result)
    return triples


def _result(node: NamedNode, result: dict) -> list[Triple]:
    pairs = [
        ("type", NamedNode(SH + "ValidationResult")),
        ("focusNode", _term(result["focus"])),
        ("resultSeverity", NamedNode(SH + result["severity"])),
        ("resultMessage", Literal(result["message_nl"], language="nl")),
        ("resultMessage", Literal(result["message_en"], language="en")),
    ]
    out = [
        Triple(node, NamedNode(RDF_TYPE if p == "type" else SH + p), o)
        for p, o in pairs
    ]
    if result.get("path"):
        out.append(
            Triple(node, NamedNode(SH + "resultPath"), NamedNode(result["path"]))
        )
    if result.get("value"):
        out.append(Triple(node, NamedNode(SH + "value"), Literal(result["value"])))
    return out


def _term(text: str):
    if text.startswith(("http://", "https://", "urn:")):
        return NamedNode(text)
    return Literal(text) if not text.startswith("_:") else BlankNode(text[2:])


def _time(value: datetime.datetime) -> Literal:
    text = value.isoformat().replace("+00:00", "Z")
    return Literal(text, datatype=NamedNode(XSD + "dateTime"))


def record_run(store, report: HarvestReport, keep: int = 0) -> None:
    """Append the run to ``graph/meta`` in one transaction.

    With ``keep`` (setting HARVEST_KEEP_RUNS), older runs of the same feed
    beyond the newest ``keep`` are then removed (``prune_runs``).
    """
    body = " .\n".join(str(t) for t in run_triples(report, store.base_iri))
    graph = NamedNode(meta_graph(store.base_iri))
    store.update(f"INSERT DATA {{ GRAPH {graph} {{\n{body} .\n}} }}")
    if keep > 0:
        prune_runs(store, report.feed, keep)


def prune_runs(store, feed: str, keep: int) -> int:
    """Remove the runs of ``feed`` older than its newest ``keep``; return how many.

    The newest run that did not fail is kept whatever its age: the next
    harvest takes its HTTP validators and digest from it. A removed run takes
    its quarantined results with it.
    """
    rows = runs(store, feed)
    if len(rows) <= keep:
        return 0
    newest_ok = next(
        (row["run"] for row in rows if row.get("status") != STATUS["failed"]), None
    )
    drop = [row["run"] for row in rows[keep:] if row["run"] != newest_ok]
    if not drop:
        return 0
    graph = NamedNode(meta_graph(store.base_iri))
    values = " ".join(str(NamedNode(run)) for run in drop)
    quarantine = NamedNode(str(WW.quarantine))
    store.update(
        f"DELETE {{ GRAPH {graph} {{ ?q ?qp ?qo }} }} WHERE {{ "
        f"VALUES ?run {{ {values} }} GRAPH {graph} {{ ?run {quarantine} ?q . "
        "?q ?qp ?qo } } ;\n"
        f"DELETE {{ GRAPH {graph} {{ ?run ?p ?o }} }} WHERE {{ "
        f"VALUES ?run {{ {values} }} GRAPH {graph} {{ ?run ?p ?o }} }}"
    )
    return len(drop)


def runs(store, feed: str | None = None) -> list[dict]:
    """Recorded runs, newest first, as rows of plain values; one feed or all."""
    rows = store.named("harvest_runs", graph=meta_graph(store.base_iri))
    out = []
    for row in rows:
        plain = {k: v.value for k, v in row.items() if k != "graph"}
        if feed is None or plain["feed"] == feed:
            out.append(plain)
    return out


def last_success(store, feed: str) -> dict | None:
    """The newest run of ``feed`` that did not fail, or None."""
    for row in runs(store, feed):
        if row.get("status") != STATUS["failed"]:
            return row
    return None


def quarantine(store, run: str) -> tuple[list[dict], list[str]]:
    """The quarantined results and unmatched keywords of one run."""
    results, keywords = [], []
    for row in store.named("harvest_quarantine", run=run):
        if "keyword" in row:
            keywords.append(row["keyword"].value)
        else:
            results.append({k: v.value for k, v in row.items() if k != "run"})
    return results, sorted(keywords)
