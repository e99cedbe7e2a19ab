"""The landing page: what the platform is for, what it holds, where to start."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from graph_service.app import get_store
from graph_service.charts import bar_chart
from graph_service.iris import page_path
from graph_service.negotiation import cached
from graph_service.search.service import current_index
from graph_service.views.kinds import year_chart

bp = Blueprint("home", __name__)

# Classes counted on the landing page, in display order.
KINDS = (
    ("http://schema.org/Report", _l("Reports")),
    ("http://schema.org/Book", _l("Books")),
    ("http://schema.org/Article", _l("Articles")),
    ("https://data.wijkwijzer.nl/def#Praktijkvoorbeeld", _l("Practice examples")),
    ("http://www.w3.org/ns/org#Organization", _l("Organisations")),
    ("http://www.w3.org/2004/02/skos/core#Concept", _l("Concepts")),
    ("http://www.w3.org/2004/02/skos/core#ConceptScheme", _l("Concept schemes")),
    ("https://identifier.overheid.nl/tooi/def/ont/Gemeente", _l("Municipalities")),
)


# Counts per kind of the last data version seen, per store: (tag, counts).
_COUNTS: dict[int, tuple[str, dict[str, int]]] = {}


def kind_counts(store) -> list[tuple[str, int]]:
    """Label and count per kind, in display order, zero where absent.

    The counting query scans every typed resource, so its answer is kept until
    the data version changes.
    """
    tag = store.data_version().tag
    cached_tag, found = _COUNTS.get(id(store), ("", {}))
    if cached_tag != tag:
        found = {
            row["type"].value: int(row["count"].value)
            for row in store.named("counts_by_type")
        }
        _COUNTS[id(store)] = (tag, found)
    return [(str(label), found.get(iri, 0)) for iri, label in KINDS]


def entry_points(index, scheme: str, lang: str, base: str) -> list[dict]:
    """The top concepts of a scheme with their item counts, by label."""
    catalogue = index.catalogue
    counts = {**index.overall["theme_all"], **index.overall["leefgebied"]}
    tops = [
        c
        for c in catalogue.concepts_in(f"{base}id/begrippenkader/{scheme}")
        if not catalogue.broader.get(c)
    ]
    found = [
        {
            "href": page_path(c, base),
            "label": catalogue.label(c, lang),
            "count": counts.get(c, 0),
        }
        for c in tops
    ]
    return sorted(found, key=lambda e: e["label"].text.casefold())


@bp.get("/")
@cached
def index():
    """The landing page with counts, newest items, entry points and charts."""
    store, search = get_store(), current_index()
    lang, base = str(get_locale() or "nl"), store.base_iri
    newest = search.listing("", [], "nieuw", 0, 6)
    themes = sorted(search.overall["theme"].items(), key=lambda kv: -kv[1])[:10]
    partners = sorted(
        (
            {
                "href": page_path(p, base),
                "label": search.catalogue.label(p, lang),
                "count": search.overall["partner"].get(p, 0),
            }
            for p in search.catalogue.partners
        ),
        key=lambda p: -p["count"],
    )
    return render_template(
        "home.html",
        counts=kind_counts(store),
        newest=[
            (page_path(h.iri, base), *h.title(lang), h.first("issued"))
            for h in newest.hits
        ],
        leefgebieden=entry_points(search, "leefgebieden", lang, base),
        themes=entry_points(search, "themas", lang, base),
        partners=partners[:12],
        year_chart=year_chart(list(search.overall["year"].items())),
        theme_chart=bar_chart(
            "themes",
            [
                (search.catalogue.text(t, lang), n, page_path(t, base))
                for t, n in themes
            ],
        ),
    )
