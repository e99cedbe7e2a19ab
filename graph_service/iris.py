"""Where an IRI is shown on this site.

Our own things ``{base}id/{type}/{slug}`` have their document at
``/doc/{type}/{slug}``; any other IRI in the graph (TOOI organisations,
partners' own IRIs) has a generic page at ``/resource?iri=...``.

>>> page_path("https://data.wijkwijzer.nl/id/thema/jeugd", "https://data.wijkwijzer.nl/")
'/doc/thema/jeugd'
>>> page_path("https://example.org/x y", "https://data.wijkwijzer.nl/")
'/resource?iri=https%3A%2F%2Fexample.org%2Fx%20y'
"""

from __future__ import annotations

from urllib.parse import quote


def page_path(iri: str, base: str) -> str:
    """The local path of the page about ``iri``."""
    own = base + "id/"
    if iri.startswith(own) and "?" not in iri and "#" not in iri:
        return "/doc/" + iri[len(own) :]
    return "/resource?iri=" + quote(iri, safe="")


def thing_iri(path: str, base: str) -> str:
    """The IRI named by a local ``/id/...`` or ``/doc/...`` path."""
    for prefix in ("/id/", "/doc/"):
        if path.startswith(prefix):
            return base + "id/" + path[len(prefix) :]
    raise ValueError(f"{path!r} is not an /id/ or /doc/ path")
