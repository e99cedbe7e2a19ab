"""The plain RSS 2.0 reader gives feedparser's records, or declines."""

from __future__ import annotations

import feedparser
import pytest

from bench.synthetic_feeds import rss
from loaders.formats import rss_atom
from loaders.formats.rss_plain import plain_records
from tests.loaders.conftest import DEMO_FEEDS, FEEDS

ITEM = (
    "<item><title>Wijkaanpak in beeld</title>"
    "<link>https://e.example/items/1</link>{guid}"
    "<description>Een samenvatting.</description>{date}"
    '<category domain="Type">Report</category><category>wijkaanpak</category>'
    "</item>"
)


def _feed(items: str, language="<language>nl</language>", extra="") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>T</title><link>https://e.example/</link>{language}"
        f"{extra}{items}</channel></rss>"
    ).encode()


def _item(guid="", date="<dc:date>2020-03</dc:date>") -> str:
    return ITEM.format(guid=guid, date=date)


def _feedparser_records(data: bytes) -> list[dict]:
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    language = (parsed.feed.get("language") or "").split("-")[0].lower() or None
    return [rss_atom._record(entry, language) for entry in parsed.entries]


PLAIN = {
    "dutch": _feed(_item()),
    "region_subtag": _feed(_item(), "<language>nl-NL</language>"),
    "upper_case_language": _feed(_item(), "<language>NL</language>"),
    "no_language": _feed(_item(), ""),
    "guid_not_a_link": _feed(_item('<guid isPermaLink="false">urn:x:1</guid>')),
    "guid_is_the_link": _feed(_item("<guid>https://e.example/items/1</guid>")),
    "no_date": _feed(_item(date="")),
    "two_items": _feed(_item() + _item(date="<dc:date>2019</dc:date>")),
}
NOT_PLAIN = {
    "pub_date": _feed(_item(date="<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>")),
    "author": _feed(_item().replace("</item>", "<author>a@e.example</author></item>")),
    "entity": _feed(_item().replace("Een samenvatting", "Wijk &amp; buurt")),
    "markup": _feed(_item().replace("Een samenvatting.", "<![CDATA[<b>x</b>]]>")),
    "padded": _feed(_item().replace("<title>", "<title> ")),
    "xml_lang": _feed(_item().replace("<title>", '<title xml:lang="en">')),
    "relative_link": _feed(_item().replace("https://e.example/items/1", "/items/1")),
    "permalink_guid_differs": _feed(_item("<guid>https://e.example/other</guid>")),
    "channel_image": _feed(_item(), extra="<image><url>https://e/i</url></image>"),
    "atom": (DEMO_FEEDS / "lsa" / "atom.xml").read_bytes(),
    "demo_rss": (DEMO_FEEDS / "lpb" / "rss.xml").read_bytes(),
    "one_invalid_record": (FEEDS / "one_invalid_record.rss").read_bytes(),
    "malformed": b"<rss version='2.0'><channel><item></channel></rss>",
}


@pytest.mark.parametrize("data", PLAIN.values(), ids=PLAIN.keys())
def test_plain_rss_gives_feedparsers_records(data):
    records = plain_records(data)
    assert records is not None
    assert records == _feedparser_records(data)


@pytest.mark.parametrize("data", NOT_PLAIN.values(), ids=NOT_PLAIN.keys())
def test_anything_else_is_left_to_feedparser(data):
    assert plain_records(data) is None


def test_synthetic_benchmark_feed_gives_feedparsers_records(tmp_path):
    data = rss(300, tmp_path / "rss.xml").read_bytes()
    records = plain_records(data)
    assert records is not None and len(records) == 300
    assert records == _feedparser_records(data)
