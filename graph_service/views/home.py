"""The landing page: what the platform is, and how much it holds."""

from __future__ import annotations

from flask import Blueprint, render_template

from graph_service.app import get_store

bp = Blueprint("home", __name__)

# Classes counted on the landing page, in display order, with Dutch labels.
KINDS = (
    ("http://schema.org/Report", "Rapporten"),
    ("http://schema.org/Book", "Boeken"),
    ("http://schema.org/Article", "Artikelen"),
    ("https://data.wijkwijzer.nl/def#Praktijkvoorbeeld", "Praktijkvoorbeelden"),
    ("http://www.w3.org/ns/org#Organization", "Organisaties"),
    ("http://www.w3.org/2004/02/skos/core#Concept", "Begrippen"),
    ("http://www.w3.org/2004/02/skos/core#ConceptScheme", "Begrippenkaders"),
    ("https://identifier.overheid.nl/tooi/def/ont/Gemeente", "Gemeenten"),
)


def kind_counts(store) -> list[tuple[str, int]]:
    """Label and count per kind, in display order, zero where absent."""
    found = {
        row["type"].value: int(row["count"].value)
        for row in store.named("counts_by_type")
    }
    return [(label, found.get(iri, 0)) for iri, label in KINDS]


@bp.get("/")
def index():
    """The landing page with counts per kind."""
    store = get_store()
    return render_template(
        "home.html",
        counts=kind_counts(store),
        newest=store.named("newest_items"),
    )
