"""RSS 2.0 and Atom feeds, read with feedparser; items keyed by guid or atom:id.

An item's kind comes from a category whose scheme (Atom) or domain (RSS)
names ``type`` (``Report``, ``Book``, ``Article``, ``Praktijkvoorbeeld``);
without one an item is an article. Other categories are keywords, matched to
our concepts later. Dates are taken as written (``dc:date`` may be a year).
Plain RSS 2.0 is read by :mod:`loaders.formats.rss_plain`, which gives the
same records faster; feedparser reads everything else.
"""

from __future__ import annotations

import feedparser

from loaders.errors import ParseError
from loaders.formats.rss_plain import plain_records
from loaders.safety import check_xml, check_xml_depth


def parse(data: bytes, name: str, options: dict) -> dict:
    """Parse one RSS or Atom document into records."""
    check_xml(data, name)
    check_xml_depth(data, name)
    plain = plain_records(data)
    if plain is not None:
        return {"records": plain, "version": "rss20"}
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if parsed.bozo and not parsed.entries:
        error = parsed.get("bozo_exception")
        line = getattr(error, "getLineNumber", lambda: None)()
        where = f" (line {line})" if line else ""
        raise ParseError(f"{name} is not a readable RSS or Atom feed{where}: {error}")
    if not parsed.version and not parsed.entries:
        raise ParseError(f"{name} is neither RSS nor Atom")
    language = (parsed.feed.get("language") or "").split("-")[0].lower() or None
    records = [_record(entry, language) for entry in parsed.entries]
    return {"records": records, "version": parsed.version}


def _record(entry, language: str | None) -> dict:
    kinds, keywords = [], []
    for tag in entry.get("tags", []):
        scheme = (tag.get("scheme") or "").lower()
        (kinds if scheme.endswith("type") else keywords).append(tag.get("term"))
    link = entry.get("link")
    authors = [a.get("name") for a in entry.get("authors", []) if a.get("name")]
    title = entry.get("title_detail", {})
    return {
        "key": entry.get("id") or link,
        "source": link,
        "url": link,
        "type": kinds[0] if kinds else "Article",
        "title": entry.get("title"),
        "lang": (title.get("language") or language or "nl").split("-")[0],
        "abstract": entry.get("summary"),
        "issued": entry.get("dc_date")
        or entry.get("published")
        or entry.get("updated"),
        "creators": authors,
        "keywords": [k for k in keywords if k],
        "language": language,
        "license": entry.get("rights_detail", {}).get("href") or entry.get("license"),
        "doi": entry.get("prism_doi"),
    }
