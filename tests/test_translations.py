"""Every interface string has a Dutch translation; the compiled catalogue is current."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
NL = ROOT / "graph_service" / "translations" / "nl" / "LC_MESSAGES"
METHODS = [("graph_service/**.py", "python"), ("templates/**.html", "jinja2")]


def _msgids() -> set:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), METHODS
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _translated(catalog, msgid) -> bool:
    entry = catalog.get(msgid)
    if entry is None:
        return False
    strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
    return all(strings)


def test_every_interface_string_has_a_dutch_translation():
    catalog = read_po(io.BytesIO((NL / "messages.po").read_bytes()))

    missing = sorted(m for m in _msgids() if not _translated(catalog, m))

    assert missing == []


def test_compiled_dutch_catalogue_matches_the_source():
    source = read_po(io.BytesIO((NL / "messages.po").read_bytes()))
    compiled = read_mo(io.BytesIO((NL / "messages.mo").read_bytes()))

    expected = {_key(m.id): _key(m.string) for m in source if m.id and m.string}
    actual = {_key(m.id): _key(m.string) for m in compiled if m.id}
    assert actual == expected


def _key(value):
    return tuple(value) if isinstance(value, (list, tuple)) else value
