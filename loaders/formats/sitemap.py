"""Sitemaps (sitemaps.org 0.9) and the schema.org JSON-LD in the pages they list.

Two parsers, both run in the parse child. :func:`parse_sitemap` reads a
``<urlset>`` (pages with their ``lastmod``) or a ``<sitemapindex>`` (further
sitemaps); a gzip file (``sitemap.xml.gz``) is inflated no further than the
fetch size cap, and DOCTYPE/ENTITY declarations are refused as in every XML
format. :func:`parse_page` reads one HTML page with lxml's HTML parser and
turns the publications described in its ``<script type="application/ld+json">``
blocks into records; remote ``@context`` URLs are replaced by the vetted local
copies in ``ontology/contexts/``, nothing is fetched.
"""

from __future__ import annotations

import json

from lxml import etree
from pyoxigraph import RdfFormat
from pyoxigraph import parse as rdf_parse

from loaders.errors import ParseError
from loaders.fetch import gunzip
from loaders.formats import schema_org
from loaders.formats.jsonld import inline_contexts
from loaders.formats.oai_pmh import xml_tree
from loaders.safety import check_json_depth, check_xml_depth
from loaders.screen import group

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
GZIP_MAGIC = b"\x1f\x8b"


def parse_sitemap(data: bytes, name: str, options: dict) -> dict:
    """Parse a sitemap or sitemap index.

    Answers ``{"kind": "urlset" | "index", "entries": [{"loc", "lastmod"}]}``;
    raises :class:`ParseError` for anything else, naming line and column.
    """
    if data.startswith(GZIP_MAGIC):
        data = gunzip(data, name, int(options.get("max_bytes", 256 * 1024**2)))
    check_xml_depth(data, name)
    root = xml_tree(data, name)
    if root.tag == SM + "urlset":
        kind, child = "urlset", SM + "url"
    elif root.tag == SM + "sitemapindex":
        kind, child = "index", SM + "sitemap"
    else:
        raise ParseError(
            f"{name} is not a sitemap: the root element is <{root.tag}>, not "
            "<urlset> or <sitemapindex> in the sitemaps.org 0.9 namespace"
        )
    entries = []
    for element in root.iter(child):
        loc = (element.findtext(SM + "loc") or "").strip()
        if not loc:
            raise ParseError(
                f"{name}, line {element.sourceline}: an entry without <loc>"
            )
        lastmod = (element.findtext(SM + "lastmod") or "").strip() or None
        entries.append({"loc": loc, "lastmod": lastmod})
    return {"kind": kind, "entries": entries}


def parse_page(data: bytes, name: str, options: dict) -> dict:
    """Records for the publications a page's JSON-LD describes.

    Answers ``{"records": [...], "problem": None | "..."}``: a page without
    JSON-LD, or whose JSON-LD describes no publication, gives no records and a
    problem for the harvest report instead of failing the feed.
    """
    scripts = _scripts(data, name)
    if not scripts:
        return {
            "records": [],
            "problem": f'{name} has no <script type="application/ld+json">',
        }
    triples = []
    for number, (line, text) in enumerate(scripts, start=1):
        where = f"{name}, JSON-LD block {number} (line {line})"
        check_json_depth(text.encode(), where)
        try:
            document = json.loads(text)
        except ValueError as error:
            raise ParseError(f"{where} is not JSON: {error}") from None
        document = inline_contexts(document, where)
        try:
            triples += [
                q.triple
                for q in rdf_parse(
                    json.dumps(document).encode(),
                    RdfFormat.JSON_LD,
                    base_iri=name,
                    without_named_graphs=True,
                )
            ]
        except SyntaxError as error:
            raise ParseError(f"{where} is not valid JSON-LD: {error}") from None
    data_by_subject = schema_org.normalise(group(triples))
    found = schema_org.publications(data_by_subject)
    if not found:
        return {
            "records": [],
            "problem": f"The JSON-LD of {name} describes no schema:CreativeWork, "
            "Article, ScholarlyArticle, Report or Book",
        }
    records = [
        schema_org.record(subject, data_by_subject, name, fallback_url=name)
        for subject in found
    ]
    return {"records": records, "problem": None}


def _scripts(data: bytes, name: str) -> list[tuple[int, str]]:
    """The text of every JSON-LD script element, with its line."""
    parser = etree.HTMLParser(no_network=True, remove_comments=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise ParseError(f"{name} is not readable HTML: {error}") from None
    if root is None:
        return []
    found = []
    for script in root.iter("script"):
        kind = (script.get("type") or "").split(";")[0].strip().lower()
        if kind == "application/ld+json" and (script.text or "").strip():
            found.append((script.sourceline or 0, script.text))
    return found
