"""Result formats of SPARQL answers, and content negotiation between them.

SELECT and ASK answer in the SPARQL results formats, CONSTRUCT and DESCRIBE
in RDF formats. A format is chosen by ``?format=`` (a short name, for links)
or by ``Accept`` with q-values and wildcards; a client that accepts nothing
we can write gets a 406.

>>> negotiate("SELECT", "text/csv;q=0.5, application/sparql-results+xml").name
'xml'
>>> negotiate("CONSTRUCT", "*/*").name
'ttl'
>>> negotiate("ASK", "application/*;q=0.2, text/tab-separated-values;q=0.1").name
'json'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from flask_babel import gettext as _
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from graph_service.errors import NotAcceptableError


@dataclass(frozen=True)
class ResultFormat:
    """A serialisation: short name, media type, aliases it also answers to."""

    name: str
    media_type: str
    label: str
    extension: str
    aliases: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        """The Content-Type header value, with the charset for text formats."""
        return f"{self.media_type}; charset=utf-8"


# The first format of each list is the default for that kind of answer.
TABULAR = (
    ResultFormat(
        "json", "application/sparql-results+json", "JSON", "srj", ("application/json",)
    ),
    ResultFormat(
        "xml",
        "application/sparql-results+xml",
        "XML",
        "srx",
        ("application/xml", "text/xml"),
    ),
    ResultFormat("csv", "text/csv", "CSV", "csv"),
    ResultFormat("tsv", "text/tab-separated-values", "TSV", "tsv"),
)
BOOLEAN = TABULAR[:2]
GRAPH = (
    ResultFormat("ttl", "text/turtle", "Turtle", "ttl", ("application/x-turtle",)),
    ResultFormat("nt", "application/n-triples", "N-Triples", "nt", ("text/plain",)),
    ResultFormat(
        "jsonld", "application/ld+json", "JSON-LD", "jsonld", ("application/json",)
    ),
    ResultFormat(
        "rdf", "application/rdf+xml", "RDF/XML", "rdf", ("application/xml", "text/xml")
    ),
    ResultFormat("nq", "application/n-quads", "N-Quads", "nq"),
)
HTML = ResultFormat("html", "text/html", "HTML", "html")


def formats_for(form: str | None) -> tuple[ResultFormat, ...]:
    """The formats an answer of query form ``form`` can take."""
    if form in ("CONSTRUCT", "DESCRIBE"):
        return GRAPH
    if form == "ASK":
        return BOOLEAN
    return TABULAR


def by_name(form: str | None, name: str) -> ResultFormat:
    """The format called ``name``; ``NotAcceptableError`` lists the known names."""
    choices = formats_for(form)
    for candidate in choices:
        if name in (candidate.name, candidate.media_type):
            return candidate
    raise NotAcceptableError(
        _(
            "The format %(name)r is not available for this answer; choose one of "
            "%(names)s.",
            name=name,
            names=", ".join(c.name for c in choices),
        )
    )


def negotiate(
    form: str | None,
    accept: str | None,
    name: str | None = None,
    html: bool = False,
) -> ResultFormat:
    """Pick the format for an answer of ``form``.

    ``name`` (from ``?format=``) wins over ``accept``. With ``html`` the HTML
    page is one of the candidates (last, so wildcards never choose it).
    Raises ``NotAcceptableError`` when nothing fits.
    """
    if name:
        if html and name == HTML.name:
            return HTML
        return by_name(form, name)
    choices = formats_for(form)
    if not accept or not accept.strip():
        return choices[0]
    found = _best_offer(form, accept, html)
    if found is None:
        raise NotAcceptableError(
            _(
                "None of the media types in the Accept header can be written for "
                "this answer; ask for one of %(types)s.",
                types=", ".join(c.media_type for c in choices),
            )
        )
    return found


@lru_cache(maxsize=256)
def _best_offer(form: str | None, accept: str, html: bool) -> ResultFormat | None:
    """The format ``accept`` prefers, or None; clients repeat their headers."""
    choices = formats_for(form)
    offers: dict[str, ResultFormat] = {}
    for candidate in choices:
        offers.setdefault(candidate.media_type, candidate)
    for candidate in choices:
        for alias in candidate.aliases:
            offers.setdefault(alias, candidate)
    if html:
        offers.setdefault(HTML.media_type, HTML)
    best = parse_accept_header(accept, MIMEAccept).best_match(list(offers))
    return None if best is None else offers[best]
