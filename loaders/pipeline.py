"""Harvest one feed: fetch -> parse -> map -> validate -> write, with provenance.

:class:`Harvester` runs the stages for every protocol. Whatever fails, the
feed's graph is left as it was, the run is recorded in ``graph/meta`` with the
error, and other feeds are not affected. Parsing happens in a child process
(:mod:`loaders.parse_child`); all writes go through the store's one writer.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import time

from pyoxigraph import RdfFormat

from graph_service.errors import WijkWijzerError
from loaders import provenance
from loaders.errors import FetchError, HarvestError
from loaders.fetch import FetchPolicy, FetchResult, fetch
from loaders.formats.rdf import rdf_format
from loaders.map import Vocabulary, map_record
from loaders.parse_child import ParserChild
from loaders.registry import Feed, now
from loaders.report import HarvestReport
from loaders.screen import paused_gc, screen
from loaders.validate import Checker, default_spec
from loaders.write import graph_exists, write_graph

logger = logging.getLogger(__name__)

PIPELINE_VERSION = "1"
RDF_TYPES = {
    "text/turtle",
    "application/n-triples",
    "application/rdf+xml",
    "application/ld+json",
    "text/n3",
}
XML = {"application/xml", "text/xml"}
ACCEPTED = {
    "rss": XML | {"application/rss+xml", "application/rdf+xml"},
    "atom": XML | {"application/atom+xml"},
    "oai-pmh": XML,
    "sitemap": XML | {"application/gzip", "application/x-gzip"},
    "csv": {"text/csv", "text/plain", "application/csv"},
    "rdf": RDF_TYPES,
    "ldes": RDF_TYPES,
}
VAGUE = {"", "application/octet-stream", "text/plain", "binary/octet-stream"}


class Harvester:
    """Harvests feeds into one store under the service's settings."""

    def __init__(self, store, config: dict, state=None):
        self.store = store
        self.config = config
        self.base = store.base_iri
        self.policy = FetchPolicy.from_config(config)
        self.spec = default_spec()
        self.state = state  # graph_service.private.PrivateStore, for page state
        self._vocabulary: Vocabulary | None = None

    # -- shared context --------------------------------------------------

    def context(self, exclude: str | None = None) -> dict[str, list[str]]:
        """Instances of every class a ``sh:class`` constraint asks about.

        ``exclude`` names a feed's own graph: what it held before must not
        vouch for the new data (which brings its own types), and leaving it
        out keeps the input digest of an unchanged feed the same.
        """
        members: dict[str, list[str]] = {}
        for cls in sorted(self.spec.referenced_classes):
            if exclude:
                rows = self.store.named(
                    "harvest_class_members_elsewhere", graph=exclude, **{"class": cls}
                )
            else:
                rows = self.store.named("harvest_class_members", **{"class": cls})
            members[cls] = sorted({r["member"].value for r in rows})
        return members

    def vocabulary(self) -> Vocabulary:
        """Concept labels and item identities, read once per harvester."""
        if self._vocabulary is None:
            self._vocabulary = Vocabulary.from_store(self.store)
        return self._vocabulary

    def checker(self, context: dict) -> Checker:
        """A checker for the compiled shapes with the store's class members."""
        return Checker(self.spec, context)

    def child(self) -> ParserChild:
        """A parser child under the HARVEST_PARSE_* limits."""
        return ParserChild(
            int(self.config["HARVEST_PARSE_MEMORY_MB"]),
            float(self.config["HARVEST_PARSE_SECONDS"]),
        )

    # -- one feed --------------------------------------------------------

    def harvest(self, feed: Feed, force: bool = False) -> HarvestReport:
        """Harvest ``feed``; never raises for a feed's fault, reports instead."""
        report = HarvestReport(
            feed=feed.iri(self.base),
            graph=feed.graph(self.base),
            url=feed.url,
            partner=feed.partner_iri(self.base),
            started=now(),
        )
        clock = time.perf_counter()
        self._vocabulary = None  # see what the feeds harvested before this one wrote
        try:
            previous = None if force else self._previous(feed)
            with self.child() as child:
                self._run(feed, report, previous, child)
        except HarvestError as error:
            report.status, report.stage, report.error = (
                "failed",
                error.stage,
                str(error),
            )
        except WijkWijzerError as error:
            report.status, report.stage, report.error = "failed", "write", str(error)
        report.ended = now()
        report.milliseconds = int((time.perf_counter() - clock) * 1000)
        provenance.record_run(self.store, report, self.config["HARVEST_KEEP_RUNS"])
        logger.info(
            "Harvested %s: %s %s, %d triples, %d ms",
            feed.url,
            report.http_status,
            report.status,
            report.triples,
            report.milliseconds,
        )
        return report

    def _previous(self, feed: Feed) -> dict | None:
        """The last good run, if the graph it wrote is still there."""
        if not graph_exists(self.store, feed.graph(self.base)):
            return None
        return provenance.last_success(self.store, feed.iri(self.base))

    def _run(self, feed, report, previous, child) -> None:
        if feed.protocol in {"oai-pmh", "sitemap", "ldes"}:
            from loaders import paged

            paged.harvest(self, feed, report, previous, child)
            return
        result = self.fetch(feed.url, feed, report, previous)
        if result.not_modified:
            report.status = "not-modified"
            return
        media = self.check_type(feed, result)
        context = self.context(exclude=feed.graph(self.base))
        report.digest = self.digest(result.body, context, feed)
        if previous and previous.get("digest") == report.digest:
            report.status = "unchanged"
            return
        if feed.protocol == "rdf":
            self._harvest_rdf(feed, report, result, media, context, child)
            return
        options = {"mapping": feed.mapping, "base_iri": self.base}
        parsed = child.parse(feed.protocol, result.body, feed.url, options)
        self.write_records(feed, report, parsed["records"], context)

    # -- stages ----------------------------------------------------------

    def fetch(self, url, feed, report, previous, accept="*/*") -> FetchResult:
        """Fetch with the previous run's validators; note status and validators."""
        conditional = previous or {}
        try:
            result = fetch(
                url,
                self.policy,
                etag=conditional.get("etag"),
                last_modified=conditional.get("lastModified"),
                accept=accept,
            )
        except FetchError:
            raise
        report.http_status = result.status
        report.etag = result.etag or conditional.get("etag")
        report.last_modified = result.last_modified or conditional.get("lastModified")
        return result

    def check_type(self, feed: Feed, result: FetchResult) -> str:
        """The media type to parse as; FetchError when the server sent another kind."""
        media = result.media_type
        if media in VAGUE:
            return feed.media_type
        if media not in ACCEPTED[feed.protocol]:
            raise FetchError(
                f"<{result.url}> sent {media}, not a {feed.protocol} document "
                f"({', '.join(sorted(ACCEPTED[feed.protocol]))}); the feed may have "
                "changed format: update its registration"
            )
        return media if feed.protocol in {"rdf", "ldes"} else feed.media_type

    def digest(self, body: bytes, context: dict, feed: Feed) -> str:
        """Fingerprint of the input and everything that decides the output."""
        h = hashlib.sha256()
        for part in (
            PIPELINE_VERSION,
            feed.mapping or "",
            json.dumps(self.spec.shapes),
        ):
            h.update(part.encode())
        h.update(json.dumps(context, sort_keys=True).encode())
        if feed.protocol != "rdf":  # records may be trimmed by what others hold
            h.update(self.vocabulary().fingerprint(feed.graph(self.base)).encode())
        h.update(body)
        return h.hexdigest()

    def _harvest_rdf(self, feed, report, result, media, context, child) -> None:
        options = {
            "media_type": media,
            "base_iri": self.base,
            "graph": feed.graph(self.base),
            "spec": self.spec.shapes,
            "context": context,
        }
        parsed = child.parse("rdf", result.body, feed.url, options, keep=True)
        result.body = b""
        self.write_parsed(feed, report, parsed, media)

    def map_records(self, feed: Feed, records: list[dict], report) -> dict:
        """Map records onto our vocabulary, grouped by subject."""
        vocab, partner = self.vocabulary(), feed.partner_iri(self.base)
        data: dict = {}
        unmatched = dict.fromkeys(report.unmatched)
        for record in records:
            mapped = map_record(record, partner, vocab, self.base)
            described = data.get(mapped.item)
            if described is None:
                data[mapped.item] = mapped.described
            else:  # two records for one item (same DOI, ISBN or page)
                for predicate, values in mapped.described.items():
                    described.setdefault(predicate, []).extend(values)
            unmatched.update(dict.fromkeys(mapped.unmatched))
        report.unmatched = sorted(unmatched)
        return data

    def write_records(self, feed, report, records, context, carry=None) -> None:
        """Map, screen and write records (plus ``carry``: old triples kept)."""
        with paused_gc():
            data = self.map_records(feed, records, report)
            for subject, described in (carry or {}).items():
                data.setdefault(subject, described)
            linked = self.linked(feed, data)
            self.write_data(feed, report, data, context, linked=linked)

    def linked(self, feed: Feed, data: dict) -> set:
        """Subjects of ``data`` that another graph describes (see screen.LINKS)."""
        vocab, graph = self.vocabulary(), feed.graph(self.base)
        return {s for s in data if vocab.described_elsewhere(s.value, graph)}

    def write_data(self, feed, report, data: dict, context: dict, linked=()) -> None:
        """Screen grouped triples and write the valid records."""
        output = io.StringIO()
        graph = feed.graph(self.base)
        checker = self.checker(context)
        screened = screen(data, checker, self.base, graph, output, linked)
        self.note_screening(report, screened.as_dict())
        self.write(feed, report, output.getvalue().encode())

    def note_screening(self, report: HarvestReport, screened: dict) -> None:
        """Copy the screening counts into the report."""
        report.records = screened["records"]
        report.quarantined = screened["quarantined"]
        report.warnings = screened["warnings"]
        report.ignored = screened["ignored"]

    def write_parsed(self, feed, report, parsed: dict, media_type: str) -> None:
        """Write what the child screened: its output, or the input unchanged.

        ``parsed`` comes from ``child.parse("rdf", ..., keep=True)``.
        """
        self.note_screening(report, parsed)
        if parsed.get("passthrough"):
            self.write(feed, report, parsed["input"], rdf_format(media_type))
        else:
            self.write(feed, report, parsed["output"])

    def write(
        self, feed: Feed, report: HarvestReport, source, fmt=RdfFormat.N_TRIPLES
    ) -> None:
        """Replace the feed's graph with ``source``; an empty result keeps the old."""
        if report.records == 0:
            raise HarvestError(f"<{feed.url}> holds no records; the old graph is kept")
        if report.records == len(report.quarantined):
            raise HarvestError(
                f"All {report.records} records of <{feed.url}> were quarantined; "
                "the old graph is kept"
            )
        load = write_graph(self.store, feed.graph(self.base), source, feed.url, fmt)
        report.status = "ok"
        report.added, report.removed = load.added, load.removed
        report.unchanged, report.triples = load.unchanged, load.total


def harvest_all(store, config, feeds: list[Feed], state=None, progress=None):
    """Harvest ``feeds`` one after the other; one report each."""
    harvester = Harvester(store, config, state)
    reports = []
    for feed in feeds:
        reports.append(harvester.harvest(feed))
        if progress is not None:
            progress(feed, reports[-1])
    return reports
