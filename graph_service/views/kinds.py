"""What each kind of page shows: item, concept, scheme, partner, municipality.

Each builder takes the resource and its statements and returns the template
and its context; :mod:`graph_service.views.documents` picks the builder by type.
"""

from __future__ import annotations

from urllib.parse import urlencode

from graph_service.charts import bar_chart, neighbourhood
from graph_service.describe import Labeler, incoming, literal_value, rows_of
from graph_service.iris import page_path
from graph_service.labels import Label, clean_text, pick
from graph_service.provenance import provenance
from graph_service.related import related_items

SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "http://schema.org/"
WW = "https://data.wijkwijzer.nl/def#"
ORG = "http://www.w3.org/ns/org#"
TOOI = "https://identifier.overheid.nl/tooi/def/ont/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ITEM_TYPES = {
    SCHEMA + "Report",
    SCHEMA + "Book",
    SCHEMA + "Article",
    WW + "Praktijkvoorbeeld",
}
# Index field holding each kind of concept, by the type in its IRI.
CONCEPT_FIELDS = {
    "thema": ("theme_all", "thema"),
    "leefgebied": ("leefgebied", "leefgebied"),
    "werkwijze": ("werkwijze", "werkwijze"),
    "doelgroep": ("audience", "doelgroep"),
}
MATCHES = (
    SKOS + "exactMatch",
    SKOS + "closeMatch",
    SKOS + "broadMatch",
    SKOS + "narrowMatch",
)


def kind_of(types: set[str]) -> str:
    """Which page template a resource with these types gets."""
    if types & ITEM_TYPES:
        return "item"
    if SKOS + "Concept" in types:
        return "concept"
    if SKOS + "ConceptScheme" in types:
        return "scheme"
    if ORG + "Organization" in types:
        return "partner"
    if TOOI + "Gemeente" in types:
        return "municipality"
    return "resource"


def texts(statements, prop: str) -> dict[str, str]:
    """Literal values of ``prop`` by language tag (one per language)."""
    found = {}
    for p, o in statements:
        if p == prop and type(o).__name__ == "Literal":
            found.setdefault(o.language or "", clean_text(o.value))
    return found


def objects(statements, prop: str) -> list[str]:
    """IRI values of ``prop``."""
    return [
        o.value for p, o in statements if p == prop and type(o).__name__ == "NamedNode"
    ]


def heading(statements, labeler: Labeler, iri: str) -> Label:
    """The page's title: preferred label, title or name, else the IRI."""
    for prop in (SKOS + "prefLabel", DCT + "title", TOOI + "voorkeursnaamExclSoort"):
        found = pick(texts(statements, prop), labeler.lang)
        if found:
            return found
    return labeler.label(iri) or Label(iri)


def item_page(store, index, iri, statements, labeler: Labeler) -> dict:
    """An item: its properties, related items and why, provenance, picture."""
    lang, base = labeler.lang, store.base_iri
    title = heading(statements, labeler, iri)
    related = related_items(index, iri, lang, base)
    links = [
        (labeler.text(o), kind)
        for kind, prop in (
            ("theme", DCT + "subject"),
            ("partner", DCT + "publisher"),
            ("method", WW + "werkwijze"),
        )
        for o in objects(statements, prop)
    ]
    links += [(r.title, "related") for r in related[:5]]
    return {
        "title": title,
        "abstract": pick(texts(statements, DCT + "abstract"), lang),
        "rows": rows_of(statements, labeler, skip={DCT + "title", DCT + "abstract"}),
        "incoming": incoming(store, iri, labeler),
        "related": related,
        "provenance": provenance(store, iri, statements, labeler),
        "picture": neighbourhood(title.text, links, title.text),
        "jsonld": schema_org(iri, statements, labeler, title),
    }


def schema_org(iri: str, statements, labeler: Labeler, title: Label) -> dict:
    """schema.org JSON-LD describing an item, for search engines."""
    types = [
        t.rsplit("/", 1)[-1]
        for t in objects(statements, RDF_TYPE)
        if t.startswith(SCHEMA)
    ]
    data = {
        "@context": "https://schema.org",
        "@type": types or "CreativeWork",
        "@id": iri,
        "name": title.text,
    }
    abstract = pick(texts(statements, DCT + "abstract"), labeler.lang)
    if abstract:
        data["abstract"] = abstract.text
    issued = [o.value for p, o in statements if p == DCT + "issued"]
    if issued:
        data["datePublished"] = issued[0]
    authors = [
        o.value
        for p, o in statements
        if p.endswith("/creator") and type(o).__name__ == "Literal"
    ]
    if authors:
        data["author"] = [{"@type": "Person", "name": a} for a in authors]
    data["publisher"] = [
        {"@type": "Organization", "@id": p, "name": labeler.text(p)}
        for p in objects(statements, DCT + "publisher")
    ]
    data["about"] = [
        {"@type": "DefinedTerm", "@id": c, "name": labeler.text(c)}
        for c in objects(statements, DCT + "subject")
    ]
    data["spatialCoverage"] = [
        {"@type": "Place", "@id": m, "name": labeler.text(m)}
        for m in objects(statements, DCT + "spatial")
    ]
    urls = objects(statements, SCHEMA + "url")
    if urls:
        data["url"] = urls[0]
    return data


def concept_page(store, index, iri, statements, labeler: Labeler) -> dict:
    """A concept: definition, hierarchy, matches, and the items filed under it."""
    lang, base = labeler.lang, store.base_iri
    catalogue = index.catalogue
    kind = (
        iri[len(base + "id/") :].split("/", 1)[0]
        if iri.startswith(base + "id/")
        else ""
    )
    field_name, param = CONCEPT_FIELDS.get(kind, (None, None))
    items, total, chart = [], 0, None
    if field_name:
        results = index.listing("", [(field_name, iri)], "nieuw", 0, 10, ("year",))
        items, total = results.hits, results.total
        chart = year_chart(results.facets.get("year", []))
    narrower = sorted(
        catalogue.narrower.get(iri, []), key=lambda c: labeler.text(c).casefold()
    )
    return {
        "title": heading(statements, labeler, iri),
        "definition": pick(texts(statements, SKOS + "definition"), lang),
        "alt_labels": sorted(
            {
                o.value
                for p, o in statements
                if p == SKOS + "altLabel" and (o.language or "") in (lang, "")
            }
        ),
        "scheme": [labeler.link(s) for s in objects(statements, SKOS + "inScheme")],
        "broader": [labeler.link(c) for c in catalogue.broader.get(iri, [])],
        "narrower": [labeler.link(c) for c in narrower],
        "related_concepts": [
            labeler.link(c) for c in objects(statements, SKOS + "related")
        ],
        "matches": [
            (labeler.label(p), labeler.link(o.value))
            for p, o in statements
            if p in MATCHES
        ],
        "items": items,
        "total": total,
        "listing": search_link(param, iri.rsplit("/", 1)[-1]) if param else None,
        "chart": chart,
        "rows": rows_of(statements, labeler),
    }


def scheme_page(store, index, iri, statements, labeler: Labeler) -> dict:
    """A concept scheme: its concepts as a tree with item counts."""
    catalogue = index.catalogue
    members = set(catalogue.concepts_in(iri))
    counts = {
        **index.overall["theme_all"],
        **index.overall["leefgebied"],
        **index.overall["werkwijze"],
        **index.overall["audience"],
    }

    def branch(concept: str, depth: int) -> list:
        children = sorted(
            (c for c in catalogue.narrower.get(concept, []) if c in members),
            key=lambda c: labeler.text(c).casefold(),
        )
        node = (labeler.link(concept), counts.get(concept, 0), depth)
        return [node] + [n for c in children for n in branch(c, depth + 1)]

    tops = [c for c in members if not set(catalogue.broader.get(c, [])) & members]
    tree = [
        n
        for c in sorted(tops, key=lambda c: labeler.text(c).casefold())
        for n in branch(c, 0)
    ]
    return {
        "title": heading(statements, labeler, iri),
        "definition": pick(texts(statements, SKOS + "definition"), labeler.lang),
        "tree": tree,
        "rows": rows_of(statements, labeler, skip={SKOS + "hasTopConcept"}),
    }


def partner_page(store, index, iri, statements, labeler: Labeler) -> dict:
    """A partner: profile, type, expertise, items, feeds and charts."""
    lang = labeler.lang
    results = index.listing("", [("partner", iri)], "nieuw", 0, 10, ("year", "theme"))
    feeds = store.named("partner_feeds", partner=iri)
    themes = sorted(results.facets.get("theme", []), key=lambda kv: -kv[1])[:10]
    theme_chart = bar_chart(
        "themes",
        [(labeler.text(t), n, page_path(t, store.base_iri)) for t, n in themes],
    )
    return {
        "title": heading(statements, labeler, iri),
        "description": pick(texts(statements, DCT + "description"), lang),
        "kinds": [labeler.link(o) for o in objects(statements, ORG + "classification")],
        "expertise": sorted(
            (labeler.link(o) for o in objects(statements, WW + "expertise")),
            key=lambda v: v.text.casefold(),
        ),
        "homepages": [
            labeler.link(o, "http://xmlns.com/foaf/0.1/homepage")
            for o in objects(statements, "http://xmlns.com/foaf/0.1/homepage")
        ],
        "items": results.hits,
        "total": results.total,
        "listing": search_link("partner", facet_key(iri, "partner", store.base_iri)),
        "feeds": [
            {
                "feed": labeler.link(f["feed"].value),
                "title": f["title"].value if "title" in f else None,
                "access": labeler.link(
                    f["accessURL"].value, "http://www.w3.org/ns/dcat#accessURL"
                )
                if "accessURL" in f
                else None,
                "media_type": f["mediaType"].value if "mediaType" in f else None,
                "licence": labeler.link(f["license"].value) if "license" in f else None,
                "harvested": f["lastHarvest"].value if "lastHarvest" in f else None,
            }
            for f in feeds
        ],
        "year_chart": year_chart(results.facets.get("year", [])),
        "theme_chart": theme_chart,
        "rows": rows_of(statements, labeler),
    }


def municipality_page(store, index, iri, statements, labeler: Labeler) -> dict:
    """A municipality from the TOOI register: the items about it."""
    results = index.listing("", [("municipality", iri)], "nieuw", 0, 20, ())
    return {
        "title": heading(statements, labeler, iri),
        "items": results.hits,
        "total": results.total,
        "listing": search_link("gemeente", iri.rsplit("/", 1)[-1]),
        "rows": rows_of(statements, labeler),
    }


def resource_page(store, index, iri, statements, labeler: Labeler) -> dict:
    """Anything else: its statements and what points at it."""
    return {
        "title": heading(statements, labeler, iri),
        "rows": rows_of(statements, labeler),
        "incoming": incoming(store, iri, labeler),
    }


def year_chart(counts: list[tuple[str, int]]):
    """A bar chart of items per year, oldest first."""
    rows = sorted(counts)
    return bar_chart("years", [(year, n, None) for year, n in rows])


def search_link(param: str, key: str) -> str:
    """The search page filtered on one facet value."""
    return "/zoeken?" + urlencode({param: key})


def facet_key(iri: str, id_type: str, base: str) -> str:
    own = f"{base}id/{id_type}/"
    return iri[len(own) :] if iri.startswith(own) else iri


BUILDERS = {
    "item": item_page,
    "concept": concept_page,
    "scheme": scheme_page,
    "partner": partner_page,
    "municipality": municipality_page,
    "resource": resource_page,
}

__all__ = ["BUILDERS", "kind_of", "literal_value"]
