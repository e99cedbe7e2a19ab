"""Cheap checks that refuse hostile input before any parser sees it.

A 0.7 KB RDF/XML entity bomb grows pyoxigraph to 0.9 GB, and JSON-LD nested
about 5,000 deep crashes it. Feeds have no business declaring a DTD or
entities, and real metadata is never nested more than a few dozen levels, so
both are refused outright, with a message saying why.

>>> check_xml(b'<?xml version="1.0"?><rss/>', "feed")
>>> check_xml(b'<!DOCTYPE lolz [<!ENTITY lol "lol">]><x/>', "feed")
Traceback (most recent call last):
...
loaders.errors.UnsafeInputError: feed declares a DOCTYPE or ENTITY; ...
>>> check_json_depth(b'[[[1]]]', "feed", limit=2)
Traceback (most recent call last):
...
loaders.errors.UnsafeInputError: feed is nested more than 2 levels deep (line 1, ...
"""

from __future__ import annotations

import re

from loaders.errors import UnsafeInputError

MAX_DEPTH = 100

_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def as_utf8(data: bytes) -> bytes:
    """Re-encode UTF-16/32 input (by BOM) so byte-level checks see ASCII markup."""
    for bom, codec in (
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, "replace").encode("utf-8")
    return data


def check_xml(data: bytes, name: str) -> None:
    """Refuse XML that declares a DOCTYPE or entities."""
    if _DTD.search(as_utf8(data)):
        raise UnsafeInputError(
            f"{name} declares a DOCTYPE or ENTITY; feeds may not carry a DTD"
        )


def check_json_depth(data: bytes, name: str, limit: int = MAX_DEPTH) -> None:
    """Refuse JSON nested deeper than ``limit`` arrays/objects, naming where."""
    depth = 0
    in_string = escaped = False
    line, column = 1, 0
    for byte in as_utf8(data):
        column += 1
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
            continue
        if byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > limit:
                raise UnsafeInputError(
                    f"{name} is nested more than {limit} levels deep "
                    f"(line {line}, column {column})"
                )
        elif byte in (0x5D, 0x7D):
            depth -= 1
        elif byte == 0x0A:
            line, column = line + 1, 0


def check_xml_depth(data: bytes, name: str, limit: int = MAX_DEPTH) -> None:
    """Refuse XML whose elements nest deeper than ``limit`` (a rough tag count)."""
    depth = 0
    for match in re.finditer(rb"<(/?)([A-Za-z_][^\s/>]*)[^>]*?(/?)>", data):
        closing, _, empty = match.groups()
        if closing:
            depth -= 1
        elif not empty:
            depth += 1
            if depth > limit:
                line = data.count(b"\n", 0, match.start()) + 1
                raise UnsafeInputError(
                    f"{name} nests XML elements more than {limit} levels deep "
                    f"(line {line})"
                )
