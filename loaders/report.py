"""The report of one harvest or push: what happened, counted, with reasons."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field


@dataclass
class HarvestReport:
    """One run on one feed graph.

    ``status`` is ``ok`` (the graph was replaced, perhaps with no change),
    ``not-modified`` (HTTP 304), ``unchanged`` (the same bytes as last time),
    or ``failed`` (``error`` says why; the old graph is untouched).
    """

    feed: str
    graph: str
    url: str
    partner: str = ""
    started: datetime.datetime | None = None
    ended: datetime.datetime | None = None
    status: str = "failed"
    stage: str = ""
    error: str = ""
    http_status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    digest: str | None = None
    records: int = 0
    quarantined: list[dict] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    warnings: int = 0
    ignored: int = 0
    added: int = 0
    removed: int = 0
    unchanged: int = 0
    triples: int = 0
    milliseconds: int = 0
    kind: str = "harvest"

    @property
    def ok(self) -> bool:
        """True unless the run failed."""
        return self.status != "failed"

    def as_dict(self) -> dict:
        """JSON-ready: times as ISO strings."""
        data = asdict(self)
        for key in ("started", "ended"):
            if data[key] is not None:
                data[key] = data[key].isoformat()
        return data

    def summary(self) -> str:
        """One line for the CLI."""
        if not self.ok:
            return f"{self.feed}: failed at {self.stage}: {self.error}"
        return (
            f"{self.feed}: {self.status}, {self.records} records, "
            f"{len(self.quarantined)} quarantined, {self.added} added, "
            f"{self.removed} removed, {self.unchanged} unchanged"
        )


def problem(focus: str, message_en: str, message_nl: str) -> dict:
    """A quarantine entry for a document or member that gave no record.

    Used for sitemap pages without usable JSON-LD and LDES members that
    describe no publication, so they are listed with the reason like
    quarantined records.
    """
    result = {
        "focus": focus,
        "path": None,
        "value": None,
        "severity": "Violation",
        "message_nl": message_nl,
        "message_en": message_en,
        "shape": "",
    }
    return {"focus": focus, "results": [result]}
