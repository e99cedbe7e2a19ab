"""JSON-LD with remote contexts resolved only against vetted local copies.

Nothing is fetched at parse time: a ``@context`` naming a known URL is
replaced by the file in ``ontology/contexts/``; any other remote context is
refused with a message naming it.

>>> doc = {"@context": "https://schema.org", "name": "x"}
>>> inline_contexts(doc, "f")["@context"]["@vocab"]
'http://schema.org/'
"""

from __future__ import annotations

import functools
import json

from graph_service.resources import resource_path
from loaders.errors import ParseError

CONTEXTS = resource_path("ontology") / "contexts"

KNOWN = {
    "schema.org": "schema-org.jsonld",
    "www.w3.org/ns/dcat": "dcat.jsonld",
    "w3id.org/ldes": "ldes.jsonld",
    "w3id.org/tree": "ldes.jsonld",
}


@functools.cache
def local_context(url: str) -> dict:
    """The vetted local context standing in for ``url``."""
    key = url.split("://", 1)[-1].rstrip("/").removesuffix(".jsonld")
    key = key.removesuffix("/context").removesuffix("/docs/jsonldcontext.json")
    for prefix, filename in KNOWN.items():
        if key == prefix or key.startswith(prefix + "/") or key.startswith(prefix):
            text = (CONTEXTS / filename).read_text(encoding="utf-8")
            return json.loads(text)["@context"]
    raise KeyError(url)


def inline_contexts(node, name: str):
    """Replace every remote ``@context`` in ``node`` by its local copy."""
    if isinstance(node, list):
        return [inline_contexts(item, name) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "@context":
            out[key] = _resolve(value, name)
        else:
            out[key] = inline_contexts(value, name)
    return out


def _resolve(value, name: str):
    if isinstance(value, list):
        return [_resolve(v, name) for v in value]
    if isinstance(value, str):
        try:
            return local_context(value)
        except KeyError:
            raise ParseError(
                f"{name} uses the remote JSON-LD context <{value}>, which has no "
                "vetted local copy in ontology/contexts/; nothing is fetched"
            ) from None
    return value
