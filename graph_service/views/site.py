"""Site-wide pages: vocabulary docs at /def, sitemap, robots.txt, language switch.

Also the guard that refuses over-long addresses before any view runs.
"""

from __future__ import annotations

from collections import defaultdict

from flask import Blueprint, Response, redirect, render_template, request
from flask_babel import get_locale

from graph_service.app import get_store
from graph_service.describe import Labeler
from graph_service.errors import WijkWijzerError
from graph_service.i18n import LANGUAGES
from graph_service.iris import page_path
from graph_service.labels import pick
from graph_service.negotiation import cached, choose, rdf_response
from graph_service.queries import library
from graph_service.search.service import current_index
from graph_service.vocab import sparql_prefix_block

bp = Blueprint("site", __name__)

MAX_QUERY_STRING = 4096
SITEMAP_CHUNK = 10_000
STATIC_PAGES = (
    "/",
    "/publicaties",
    "/praktijkvoorbeelden",
    "/themas",
    "/leefgebieden",
    "/werkwijzen",
    "/partners",
    "/gemeenten",
    "/def",
)


class AddressTooLongError(WijkWijzerError):
    """A URL whose query string is longer than we read."""

    status = 414


@bp.before_app_request
def refuse_long_addresses():
    """Refuse query strings longer than MAX_QUERY_STRING bytes."""
    if len(request.query_string) > MAX_QUERY_STRING:
        raise AddressTooLongError(
            f"The address has {len(request.query_string)} characters after '?'; "
            f"at most {MAX_QUERY_STRING} are read. Remove some filters."
        )


@bp.get("/taal/<code>")
def switch_language(code: str):
    """Remember the chosen interface language in a cookie and go back."""
    if code not in LANGUAGES:
        raise WijkWijzerError(f"Unknown language {code[:20]!r}; choose nl or en.")
    back = request.args.get("terug", "/")
    if not back.startswith("/") or back.startswith("//") or "\\" in back:
        back = "/"
    response = redirect(back, code=303)
    response.set_cookie("lang", code, max_age=365 * 24 * 3600, samesite="Lax")
    return response


@bp.get("/robots.txt")
def robots():
    """Let crawlers in, except the suggestion API, and point to the sitemap."""
    lines = [
        "User-agent: *",
        "Disallow: /zoeken/suggesties",
        "Allow: /",
        f"Sitemap: {request.url_root}sitemap.xml",
    ]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


@bp.get("/sitemap.xml")
@cached
def sitemap():
    """The sitemap index: the fixed pages and our things, in parts."""
    index = current_index()
    parts = 1 + index.count([]) // SITEMAP_CHUNK
    lastmod = get_store().data_version().modified.date().isoformat()
    body = render_template(
        "sitemap_index.xml", parts=range(1, parts + 1), lastmod=lastmod
    )
    return Response(body, mimetype="application/xml")


@bp.get("/sitemap/<int:part>.xml")
@cached
def sitemap_part(part: int):
    """One part of the sitemap; the first also lists pages, concepts, partners."""
    store, index = get_store(), current_index()
    if part < 1 or (part - 1) * SITEMAP_CHUNK > index.count([]):
        raise WijkWijzerError(f"There is no sitemap part {part}.")
    root = request.url_root.rstrip("/")
    base = store.base_iri
    urls = []
    if part == 1:
        urls += [root + path for path in STATIC_PAGES]
        own = [c for c in index.catalogue.scheme_of if c.startswith(base + "id/")]
        urls += [root + page_path(iri, base) for iri in sorted(own)]
        urls += [
            root + page_path(iri, base) for iri in sorted(index.catalogue.partners)
        ]
    results = index.listing("", [], "nieuw", (part - 1) * SITEMAP_CHUNK, SITEMAP_CHUNK)
    urls += [root + page_path(hit.iri, base) for hit in results.hits]
    lastmod = store.data_version().modified.date().isoformat()
    body = render_template("sitemap.xml", urls=urls, lastmod=lastmod)
    return Response(body, mimetype="application/xml")


@bp.get("/def")
@cached
def vocabulary():
    """Documentation of our vocabulary: classes, properties, schemes, shapes."""
    store = get_store()
    fmt = choose()
    if fmt.rdf is not None:
        named = library().get("def_twin")
        terms = named.bind({"graph": store.base_iri + "graph/ontology"})
        data = store.query_serialized(
            sparql_prefix_block() + named.text, fmt.rdf, terms
        )
        return rdf_response(data, fmt, "/def")

    lang = str(get_locale() or "nl")
    index = current_index()
    labeler = Labeler(store, index, lang)
    return render_template(
        "def.html",
        terms=vocabulary_terms(store, labeler),
        schemes=schemes(index, labeler),
        shapes=shapes(store, labeler),
        alternates=[(f"/def?format={k}", k) for k in ("ttl", "jsonld", "nt", "rdf")],
    )


def vocabulary_terms(store, labeler: Labeler) -> list[dict]:
    """Each ww: term once, with label and definition in the page language."""
    terms: dict[str, dict] = {}
    for row in store.named("def_terms"):
        term = terms.setdefault(row["term"].value, defaultdict(dict))
        term["kind"] = row["kind"].value.rsplit("#", 1)[-1]
        for name in ("label", "definition"):
            if name in row:
                term[name][row[name].language or ""] = row[name].value
        for name in ("domain", "range", "super"):
            if name in row:
                term.setdefault("links", {})[name] = labeler.link(row[name].value)
    found = []
    for iri, term in sorted(terms.items()):
        found.append(
            {
                "iri": iri,
                "anchor": iri.rsplit("#", 1)[-1],
                "kind": term["kind"],
                "label": pick(term["label"], labeler.lang),
                "definition": pick(term["definition"], labeler.lang),
                "links": term.get("links", {}),
            }
        )
    return found


def schemes(index, labeler: Labeler) -> list[dict]:
    """Our concept schemes with how many concepts each holds."""
    sizes: dict[str, int] = defaultdict(int)
    for scheme in index.catalogue.scheme_of.values():
        sizes[scheme] += 1
    return sorted(
        ({"link": labeler.link(s), "size": n} for s, n in sizes.items()),
        key=lambda s: s["link"].text.casefold(),
    )


def shapes(store, labeler: Labeler) -> list[dict]:
    """Node shapes with their targets and property rules."""
    found: dict[str, dict] = {}
    for row in store.named("def_shapes"):
        shape = found.setdefault(
            row["shape"].value, {"labels": {}, "targets": [], "rules": {}}
        )
        if "label" in row:
            shape["labels"][row["label"].language or ""] = row["label"].value
        if "target" in row and row["target"].value not in shape["targets"]:
            shape["targets"].append(row["target"].value)
    for row in store.named("def_shape_properties"):
        shape = found.get(row["shape"].value)
        if shape is None:
            continue
        rule = shape["rules"].setdefault(row["path"].value, {"messages": {}})
        for name in ("minCount", "maxCount"):
            if name in row:
                rule[name] = row[name].value
        if "message" in row:
            rule["messages"][row["message"].language or ""] = row["message"].value
    out = []
    for iri, shape in sorted(found.items()):
        out.append(
            {
                "anchor": iri.rsplit("#", 1)[-1],
                "label": pick(shape["labels"], labeler.lang),
                "targets": [labeler.link(t) for t in shape["targets"]],
                "rules": [
                    {
                        "path": labeler.link(path),
                        "min": rule.get("minCount"),
                        "max": rule.get("maxCount"),
                        "message": pick(rule["messages"], labeler.lang),
                    }
                    for path, rule in sorted(shape["rules"].items())
                ],
            }
        )
    return out
