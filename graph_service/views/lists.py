"""Listings with facets, the search page and the search box's suggestions.

``/publicaties``, ``/praktijkvoorbeelden`` and ``/zoeken`` are one view over
the search index: text, filters, sort and page all come from the URL. The
concept, partner and municipality listings count items per entry.
"""

from __future__ import annotations

import math

from flask import Blueprint, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from graph_service.app import get_store
from graph_service.directory import DirectoryFacet, Entry, read_directory
from graph_service.facets import (
    FACETS,
    ITEM_TYPES,
    MAX_FACET_VALUES,
    PAGE_SIZE,
    SORTS,
    ListingError,
    PageNotFoundError,
    facet_block,
    index_filters,
    key_of,
    parse_state,
)
from graph_service.iris import page_path
from graph_service.labels import term_label
from graph_service.negotiation import cached
from graph_service.search.service import current_index

bp = Blueprint("lists", __name__)

ITEM_LISTINGS = {
    "publicaties": ("publicatie", _l("Publications")),
    "praktijkvoorbeelden": ("praktijkvoorbeeld", _l("Practice examples")),
    "zoeken": (None, _l("Search")),
}
SCHEMES = {
    "themas": ("themas", _l("Themes")),
    "leefgebieden": ("leefgebieden", _l("Life domains")),
    "werkwijzen": ("werkwijzen", _l("Working methods")),
    "doelgroepen": ("doelgroepen", _l("Audiences")),
}


def lang() -> str:
    return str(get_locale() or "nl")


@bp.get("/publicaties", endpoint="publicaties")
@bp.get("/praktijkvoorbeelden", endpoint="praktijkvoorbeelden")
@bp.get("/zoeken", endpoint="zoeken")
@cached
def items():
    """Items of one kind (or all, with search text), filtered, sorted, paged."""
    name = request.endpoint.rsplit(".", 1)[-1]
    kind, heading = ITEM_LISTINGS[name]
    store, index = get_store(), current_index()
    base = store.base_iri
    state = parse_state(request.args, index.catalogue, base)

    filters = index_filters(state, base)
    if kind:
        filters.append(("kind", kind))
    offset = (state.page - 1) * PAGE_SIZE
    results = index.listing(
        state.q, filters, state.sort, offset, PAGE_SIZE, tuple(f.field for f in FACETS)
    )
    pages = max(1, math.ceil(results.total / PAGE_SIZE))
    if state.page > pages:
        raise PageNotFoundError(
            f"Page {state.page} does not exist; this listing has {pages} page(s)."
        )

    return render_template(
        "listing.html",
        heading=heading,
        endpoint="lists." + name,
        state=state,
        results=results,
        hits=[hit_view(hit, index) for hit in results.hits],
        facets=facet_views(results.facets, state, index, base),
        sorts=[
            (key, label)
            for key, label in SORTS.items()
            if state.q or key != "relevantie"
        ],
        pages=pages,
        concepts=index.suggest(state.q, 5) if state.q and state.page == 1 else [],
        show_search=name == "zoeken",
    )


def hit_view(hit, index) -> dict:
    """What a result line shows."""
    title, title_lang = hit.title(lang())
    base = get_store().base_iri
    return {
        "href": page_path(hit.iri, base),
        "title": title,
        "lang": title_lang,
        "types": [
            str(term_label(ITEM_TYPES[t]) or t)
            for t in hit.all("type")
            if t in ITEM_TYPES
        ],
        "issued": hit.first("issued"),
        "partners": [index.catalogue.text(p, lang()) for p in hit.all("partner")],
        "themes": [index.catalogue.text(t, lang()) for t in hit.all("theme")[:4]],
        "snippet": hit.snippet,
    }


def facet_views(counts, state, index, base) -> list[dict]:
    """Each facet with its most frequent values (or all) and every chosen one."""
    views = []
    for facet in FACETS:
        chosen = state.selected(facet.param)
        values = facet_values(facet, counts.get(facet.field, []), chosen, index, base)
        expanded = facet.param in state.expanded
        shown = values if expanded else top_values(values, chosen)
        if not shown:
            continue
        views.append(facet_block(facet, values, shown, expanded, state))
    return views


def facet_values(facet, counts, chosen, index, base) -> list[tuple]:
    """(key, label, count, chosen) of every value, years newest first."""
    values = []
    for value, count in counts:
        key = key_of(facet, value, base)
        values.append((key, facet_label(facet, value, index), count, key in chosen))
    if facet.param == "jaar":
        values.sort(key=lambda v: v[0], reverse=True)
    else:
        values.sort(key=lambda v: (-v[2], v[1].casefold()))
    for key in chosen:
        if key not in {v[0] for v in values}:
            values.insert(0, (key, key, 0, True))
    return values


def top_values(values: list[tuple], chosen) -> list[tuple]:
    """The chosen values, then the most frequent others up to the limit."""
    on = [v for v in values if v[3]]
    return on + [v for v in values if not v[3]][:MAX_FACET_VALUES]


def facet_label(facet, value: str, index) -> str:
    """The label of one facet value in the interface language."""
    if facet.param == "soort":
        return str(term_label(ITEM_TYPES.get(value, "")) or value)
    if facet.param == "jaar":
        return value
    return index.catalogue.text(value, lang())


@bp.get("/zoeken/suggesties")
def suggestions():
    """Titles and labels starting with what was typed, as JSON."""
    text = request.args.get("q", "")
    if len(text) > 200:
        raise ListingError("The search text is longer than 200 characters; shorten it.")
    base = get_store().base_iri
    found = []
    for hit in current_index().suggest(text, 8):
        title, title_lang = hit.title(lang())
        found.append(
            {
                "label": title,
                "lang": title_lang,
                "kind": hit.first("kind"),
                "url": page_path(hit.iri, base),
            }
        )
    return {"query": text, "suggestions": found}


@bp.get("/themas", endpoint="themas")
@bp.get("/leefgebieden", endpoint="leefgebieden")
@bp.get("/werkwijzen", endpoint="werkwijzen")
@bp.get("/doelgroepen", endpoint="doelgroepen")
@cached
def concepts():
    """The concepts of one scheme as a tree, each with how many items it has."""
    name = request.endpoint.rsplit(".", 1)[-1]
    scheme_slug, heading = SCHEMES[name]
    store, index = get_store(), current_index()
    from graph_service.describe import Labeler
    from graph_service.views.kinds import scheme_page

    scheme = f"{store.base_iri}id/begrippenkader/{scheme_slug}"
    context = scheme_page(store, index, scheme, [], Labeler(store, index, lang()))
    return render_template(
        "concepts.html",
        heading=heading,
        tree=context["tree"],
        scheme_href=page_path(scheme, store.base_iri),
    )


PARTNER_FACETS = (
    DirectoryFacet("soort", _l("Organisation type")),
    DirectoryFacet("expertise", _l("Expertise")),
)
MUNICIPALITY_FACETS = (DirectoryFacet("provincie", _l("Province")),)
MUNICIPALITY_PAGE_SIZE = PAGE_SIZE


@bp.get("/partners")
@cached
def partners():
    """Partner organisations by type and expertise, with their number of items."""
    store, index = get_store(), current_index()
    catalogue, base = index.catalogue, store.base_iri
    counts = index.overall["partner"]
    labels: dict[str, dict[str, str]] = {"soort": {}, "expertise": {}}
    entries = []
    for partner, kind in catalogue.partners.items():
        keys = {"soort": [], "expertise": []}
        if kind:
            keys["soort"].append(slug(kind))
            labels["soort"][slug(kind)] = catalogue.text(kind, lang())
        for theme in catalogue.expertise.get(partner, ()):
            keys["expertise"].append(slug(theme))
            labels["expertise"][slug(theme)] = catalogue.text(theme, lang())
        entries.append(
            Entry(
                page_path(partner, base),
                catalogue.label(partner, lang()),
                counts.get(partner, 0),
                keys,
                {"kind": catalogue.text(kind, lang()) if kind else ""},
            )
        )

    found = read_directory(request.args, entries, PARTNER_FACETS, labels, PAGE_SIZE)
    return render_template("partners.html", found=found, endpoint="lists.partners")


@bp.get("/gemeenten")
@cached
def municipalities():
    """Municipalities that items are about, by province, by name or count."""
    store, index = get_store(), current_index()
    catalogue = index.catalogue
    labels: dict[str, dict[str, str]] = {"provincie": {}}
    entries = []
    for iri, count in index.overall["municipality"].items():
        if not catalogue.is_municipality(iri):
            continue
        province = catalogue.province_of.get(iri)
        keys = {"provincie": [slug(province)] if province else []}
        if province:
            labels["provincie"][slug(province)] = catalogue.text(province, lang())
        entries.append(
            Entry(
                page_path(iri, store.base_iri),
                catalogue.label(iri, lang()),
                count,
                keys,
                {
                    "search": url_for("lists.zoeken", gemeente=slug(iri)),
                    "province": catalogue.text(province, lang()) if province else "",
                },
            )
        )

    found = read_directory(
        request.args, entries, MUNICIPALITY_FACETS, labels, MUNICIPALITY_PAGE_SIZE
    )
    return render_template(
        "municipalities.html", found=found, endpoint="lists.municipalities"
    )


def slug(iri: str) -> str:
    """The last segment of an IRI: the URL key of a type, theme or province."""
    return iri.rsplit("/", 1)[-1]
