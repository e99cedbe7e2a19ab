"""Feed formats: each module turns one document's bytes into records or triples.

Runs in the parse child (:mod:`loaders.parse_child`). Record formats (RSS,
Atom, OAI-PMH, sitemaps, CSV) return plain JSON records that
:mod:`loaders.map` maps onto our vocabulary; RDF formats (RDF, JSON-LD, LDES)
return checked N-Triples written to a file.
"""

from __future__ import annotations

import importlib

# format name -> (module, function)
PARSERS = {
    "rdf": ("loaders.formats.rdf", "parse"),
    "rss": ("loaders.formats.rss_atom", "parse"),
    "atom": ("loaders.formats.rss_atom", "parse"),
    "oai-pmh": ("loaders.formats.oai_pmh", "parse"),
    "sitemap": ("loaders.formats.sitemap", "parse_sitemap"),
    "page": ("loaders.formats.sitemap", "parse_page"),
    "ldes": ("loaders.formats.ldes", "parse"),
    "csv": ("loaders.formats.csv_table", "parse"),
}


def parse_document(fmt: str, data: bytes, name: str, options: dict) -> dict:
    """Parse ``data`` (named ``name`` in messages) as ``fmt``; return JSON data."""
    module, function = PARSERS[fmt]
    return getattr(importlib.import_module(module), function)(data, name, options)
