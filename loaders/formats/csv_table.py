"""CSV feeds with a small column-mapping file, for partners with a spreadsheet.

The mapping (JSON, stored with the feed as ``ww:columnMapping``) names the
delimiter, the separator inside list cells and which column fills which
record field (``title``, ``type``, ``abstract``, ``issued``, ``creators``,
``url``, ``keywords``, ``doi``, ``isbn``, ``license``, ``language``)::

    {"delimiter": ";", "list_separator": " | ",
     "columns": {"Titel": "title", "Webadres": "url"}}

Encodings: a byte-order mark decides (UTF-8, UTF-16); otherwise UTF-8, and
Windows-1252 when the bytes are not UTF-8, as spreadsheets often save them.
"""

from __future__ import annotations

import csv
import io
import json

from loaders.errors import ParseError

LISTS = {"creators", "keywords", "spatial"}


def decode(data: bytes) -> str:
    """Text of a CSV file in whatever encoding its bytes show."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def parse(data: bytes, name: str, options: dict) -> dict:
    """Read rows into records as the mapping says."""
    if not options.get("mapping"):
        raise ParseError(f"{name} is a CSV feed without a column mapping")
    mapping = json.loads(options["mapping"])
    columns = mapping["columns"]
    separator = mapping.get("list_separator", "|")
    reader = csv.DictReader(
        io.StringIO(decode(data)), delimiter=mapping.get("delimiter", ",")
    )
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise ParseError(f"{name} has no column {', '.join(map(repr, missing))}")
    records = []
    for row in reader:
        record: dict = {"lang": mapping.get("language", "nl")}
        for column, target in columns.items():
            value = (row.get(column) or "").strip()
            if target in LISTS:
                record[target] = [
                    v.strip() for v in value.split(separator) if v.strip()
                ]
            else:
                record[target] = value or None
        record["key"] = record.get("url") or record.get("title")
        record.setdefault("source", record.get("url"))
        records.append(record)
    return {"records": records}
