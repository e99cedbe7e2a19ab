"""RDF formats: recognising them by name, extension or media type, and parse errors.

>>> guess_format("data.ttl").name
'Turtle'
>>> guess_format("x", media_type="application/n-triples; charset=utf-8").name
'N-Triples'
"""

from __future__ import annotations

import re
from pathlib import Path

from pyoxigraph import RdfFormat

from graph_service.errors import RDFSyntaxError, UnsupportedFormatError

# Names people type on the command line or in ?format=, mapped to formats.
FORMAT_NAMES: dict[str, RdfFormat] = {
    "ttl": RdfFormat.TURTLE,
    "turtle": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "ntriples": RdfFormat.N_TRIPLES,
    "n-triples": RdfFormat.N_TRIPLES,
    "nq": RdfFormat.N_QUADS,
    "nquads": RdfFormat.N_QUADS,
    "n-quads": RdfFormat.N_QUADS,
    "trig": RdfFormat.TRIG,
    "n3": RdfFormat.N3,
    "rdf": RdfFormat.RDF_XML,
    "xml": RdfFormat.RDF_XML,
    "rdfxml": RdfFormat.RDF_XML,
    "rdf/xml": RdfFormat.RDF_XML,
    "owl": RdfFormat.RDF_XML,
    "jsonld": RdfFormat.JSON_LD,
    "json-ld": RdfFormat.JSON_LD,
    "json": RdfFormat.JSON_LD,
}

_COMPRESSED = (".gz", ".bz2", ".xz")


def format_names() -> str:
    """A readable list of the format names we accept."""
    return ", ".join(sorted({"ttl", "nt", "nq", "trig", "n3", "rdf", "jsonld"}))


def parse_format_name(name: str) -> RdfFormat:
    """Return the format for a short name, media type or extension.

    Raises ``UnsupportedFormatError`` naming the value when it is unknown.
    """
    key = name.strip().lower().lstrip(".")
    if key in FORMAT_NAMES:
        return FORMAT_NAMES[key]
    by_type = RdfFormat.from_media_type(key)
    if by_type is not None:
        return by_type
    raise UnsupportedFormatError(
        f"Unknown RDF format {name!r}; use one of: {format_names()}"
    )


def guess_format(
    path: str | Path | None = None,
    *,
    name: str | None = None,
    media_type: str | None = None,
) -> RdfFormat:
    """Pick the format from an explicit name, else a media type, else the extension.

    Raises ``UnsupportedFormatError`` when none of them identifies a format.
    """
    if name:
        return parse_format_name(name)
    if media_type:
        found = RdfFormat.from_media_type(media_type.split(";")[0].strip().lower())
        if found is not None:
            return found
    if path is not None:
        suffix = Path(str(path)).suffix.lower()
        if suffix in _COMPRESSED:
            raise UnsupportedFormatError(
                f"Compressed input {str(path)!r} is not supported; decompress it first"
            )
        if suffix.lstrip(".") in FORMAT_NAMES:
            return FORMAT_NAMES[suffix.lstrip(".")]
    shown = str(path) if path is not None else media_type or "the input"
    raise UnsupportedFormatError(
        f"Cannot tell the RDF format of {shown!r}; name it with --format "
        f"({format_names()})"
    )


_POSITION = re.compile(r"line (\d+) column (\d+)")
_AT = re.compile(r"at (\d+):(\d+)")


def syntax_error(source: str, error: SyntaxError) -> RDFSyntaxError:
    """Turn a pyoxigraph ``SyntaxError`` into one that names source, line, column."""
    line = getattr(error, "lineno", None)
    column = getattr(error, "offset", None)
    message = str(error.args[0]) if error.args else str(error)
    if line is None:
        match = _POSITION.search(message) or _AT.search(message)
        if match:
            line, column = int(match.group(1)), int(match.group(2))
    detail = re.sub(r"^Parser error (between|at) [^:]*: ", "", message)
    return RDFSyntaxError(source, line, column, detail)
