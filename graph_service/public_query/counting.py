"""Count the rows or triples of an answer in its bytes, without building terms.

Both counts are exact but cheap: they run in C (``bytes.count``, the JSON
parser, the csv module) and are skipped when the answer is too short to be
over the limit (every row and every triple takes at least one byte).

>>> count_rows("tsv", b"?x\\n1\\n2\\n", limit=1)
2
>>> count_triples("nt", b"<a:s> <a:p> <a:o> .\\n" * 3, limit=2)
3
>>> count_triples("ttl", b"<a:s> <a:p> 1, 2, 3 .", limit=5) is None
True
"""

from __future__ import annotations

import csv
import io
import json

# Graph formats that hold one triple (or quad) per line.
LINE_FORMATS = frozenset({"nt", "nq"})


def count_rows(name: str, body: bytes, limit: int) -> int:
    """Rows in a SELECT answer in format ``name``; 0 when it cannot exceed ``limit``."""
    if len(body) <= limit:
        return 0
    if name == "json":
        return len(json.loads(body)["results"]["bindings"])
    if name == "xml":
        return body.count(b"<result>") + body.count(b"<result/>")
    if name == "tsv":
        return body.count(b"\n") - 1
    reader = csv.reader(io.StringIO(body.decode("utf-8"), newline=""))
    return sum(1 for _row in reader) - 1


def count_triples(name: str, body: bytes, limit: int) -> int | None:
    """Triples in a graph answer; 0 when it cannot exceed ``limit``.

    None when the answer might exceed the limit but its format cannot be
    counted in its bytes (Turtle, JSON-LD, RDF/XML): the caller then counts
    the same answer in N-Triples.
    """
    if len(body) <= limit:
        return 0
    if name in LINE_FORMATS:
        return body.count(b"\n")
    return None
