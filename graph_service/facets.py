"""Facets: which filters a listing offers, how they read in a URL, and checks.

The whole state of a listing lives in its query string: ``thema=jeugd``,
``gemeente=gm0363``, ``jaar=2023``, ``sort=nieuw``, ``pagina=2``. Values of our
own things are their slugs, TOOI municipalities their code, anything else its
full IRI. Values of one facet are alternatives, different facets combine.
``alle=thema`` shows every value of a facet instead of the most frequent five.
A value that names nothing is refused with a message naming it.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from flask_babel import lazy_gettext as _l

from graph_service.catalogue import TOOI_GEMEENTE, Catalogue
from graph_service.errors import WijkWijzerError

MAX_FACET_VALUES = 5
# The URL parameter naming a facet whose every value is shown.
SHOW_ALL = "alle"
PAGE_SIZE = 20
MAX_PAGE = 10_000

# Item types: URL key -> class IRI.
ITEM_TYPES = {
    "rapport": "http://schema.org/Report",
    "boek": "http://schema.org/Book",
    "artikel": "http://schema.org/Article",
    "praktijkvoorbeeld": "https://data.wijkwijzer.nl/def#Praktijkvoorbeeld",
}

SORTS = {
    "relevantie": _l("relevance"),
    "nieuw": _l("newest first"),
    "oud": _l("oldest first"),
    "titel": _l("title A-Z"),
}


class ListingError(WijkWijzerError):
    """A listing or search request with a parameter that cannot be used."""


class PageNotFoundError(ListingError):
    """A page number past the last page of a listing."""

    status = 404


@dataclass(frozen=True)
class Facet:
    """A filter: its URL parameter, index field, id type and heading."""

    param: str
    field: str
    id_type: str | None
    heading: object


FACETS = (
    Facet("soort", "type", None, _l("Type")),
    Facet("thema", "theme_all", "thema", _l("Theme")),
    Facet("leefgebied", "leefgebied", "leefgebied", _l("Life domain")),
    Facet("werkwijze", "werkwijze", "werkwijze", _l("Working method")),
    Facet("doelgroep", "audience", "doelgroep", _l("Audience")),
    Facet("partner", "partner", "partner", _l("Partner")),
    Facet("gemeente", "municipality", None, _l("Municipality")),
    Facet("jaar", "year", None, _l("Year")),
)
BY_PARAM = {facet.param: facet for facet in FACETS}


def key_of(facet: Facet, value: str, base: str) -> str:
    """The URL key of an index value.

    >>> key_of(BY_PARAM["thema"], "https://b/id/thema/jeugd", "https://b/")
    'jeugd'
    >>> key_of(BY_PARAM["gemeente"], TOOI_GEMEENTE + "gm0363", "https://b/")
    'gm0363'
    """
    if facet.id_type:
        own = f"{base}id/{facet.id_type}/"
        return value[len(own) :] if value.startswith(own) else value
    if facet.param == "gemeente" and value.startswith(TOOI_GEMEENTE):
        return value[len(TOOI_GEMEENTE) :]
    return value


def value_of(facet: Facet, key: str, base: str) -> str:
    """The index value named by a URL key (the inverse of :func:`key_of`)."""
    if facet.id_type and "://" not in key:
        return f"{base}id/{facet.id_type}/{key}"
    if facet.param == "gemeente" and "://" not in key:
        return TOOI_GEMEENTE + key
    return key


def check_value(facet: Facet, key: str, value: str, catalogue: Catalogue) -> None:
    """Raise ``ListingError`` when ``key`` names nothing this facet knows."""
    if facet.param == "soort":
        known = key in ITEM_TYPES
    elif facet.param == "jaar":
        known = key.isdigit() and len(key) == 4
    elif facet.param == "partner":
        known = value in catalogue.partners
    elif facet.param == "gemeente":
        known = value in catalogue.labels
    else:
        known = value in catalogue.scheme_of
    if not known:
        raise ListingError(
            f"The filter {facet.param}={key!r} names nothing we know; "
            f"remove it or choose a value from the list of {facet.param} filters."
        )


@dataclass(frozen=True)
class ListingState:
    """Everything a listing URL says: text, filters, sort and page."""

    q: str = ""
    filters: tuple[tuple[str, str], ...] = ()
    sort: str = "nieuw"
    page: int = 1
    expanded: tuple[str, ...] = ()
    default_sort: str = "nieuw"

    def selected(self, param: str) -> list[str]:
        """The keys chosen for one facet."""
        return [key for p, key in self.filters if p == param]

    def query_string(self, **changes) -> str:
        """This state as a query string, with ``changes`` applied."""
        state = {
            "q": self.q,
            "filters": self.filters,
            "sort": self.sort,
            "page": self.page,
            "expanded": self.expanded,
        }
        state.update(changes)
        pairs = [("q", state["q"])] if state["q"] else []
        pairs += [(SHOW_ALL, param) for param in sorted(state["expanded"])]
        pairs += sorted(state["filters"])
        default_sort = "relevantie" if state["q"] else self.default_sort
        if state["sort"] != default_sort:
            pairs.append(("sort", state["sort"]))
        if state["page"] != 1:
            pairs.append(("pagina", str(state["page"])))
        return "?" + urlencode(pairs) if pairs else ""

    def toggle(self, param: str, key: str) -> str:
        """The query string with one filter switched on or off, back on page 1."""
        pair = (param, key)
        if pair in self.filters:
            filters = tuple(f for f in self.filters if f != pair)
        else:
            filters = (*self.filters, pair)
        return self.query_string(filters=filters, page=1)

    def show_all(self, param: str, on: bool = True) -> str:
        """The query string with every value of one facet shown, or only the top."""
        others = tuple(p for p in self.expanded if p != param)
        return self.query_string(expanded=(*others, param) if on else others)


def parse_state(args, catalogue: Catalogue, base: str) -> ListingState:
    """Read and check a listing's query arguments; ``ListingError`` names a bad one."""
    q = " ".join(args.get("q", "").split())
    if len(q) > 200:
        raise ListingError("The search text is longer than 200 characters; shorten it.")

    filters = []
    for param, facet in BY_PARAM.items():
        for key in args.getlist(param):
            key = key.strip()
            check_value(facet, key, value_of(facet, key, base), catalogue)
            if (param, key) not in filters:
                filters.append((param, key))

    sort = args.get("sort") or ("relevantie" if q else "nieuw")
    if sort not in SORTS or (sort == "relevantie" and not q):
        allowed = ", ".join(s for s in SORTS if q or s != "relevantie")
        raise ListingError(f"Unknown sort order {sort!r}; use one of: {allowed}.")

    expanded = parse_show_all(args, BY_PARAM)
    return ListingState(q, tuple(filters), sort, parse_page(args), expanded)


def parse_page(args) -> int:
    """The ``pagina`` argument; ``ListingError`` unless a whole number in range."""
    raw_page = args.get("pagina", "1")
    if not raw_page.isdigit() or not 1 <= int(raw_page) <= MAX_PAGE:
        raise ListingError(
            f"The page number {raw_page[:20]!r} is not a whole number from 1 to "
            f"{MAX_PAGE}."
        )
    return int(raw_page)


def parse_show_all(args, known) -> tuple[str, ...]:
    """The facets whose every value is shown (``alle=thema``), each checked."""
    expanded = []
    for param in args.getlist(SHOW_ALL):
        if param not in known:
            raise ListingError(
                f"{SHOW_ALL}={param[:40]!r} names no filter of this list; use one "
                f"of: {', '.join(known)}."
            )
        if param not in expanded:
            expanded.append(param)
    return tuple(expanded)


def facet_block(facet: Facet, values, shown, expanded: bool, state) -> dict:
    """One facet as the templates show it.

    ``values`` are ``(key, label, count, on)`` tuples in display order and
    ``shown`` the part of them on screen.
    """
    return {
        "facet": facet,
        "values": [
            {
                "key": key,
                "label": label,
                "count": count,
                "on": on,
                "href": state.toggle(facet.param, key),
            }
            for key, label, count, on in shown
        ],
        "more": len(values) - len(shown),
        "all": len(values),
        "expanded": expanded and len(values) > MAX_FACET_VALUES,
        "show_all": state.show_all(facet.param),
        "show_top": state.show_all(facet.param, on=False),
    }


def index_filters(state: ListingState, base: str) -> list[tuple[str, str]]:
    """The state's filters as (index field, index value) pairs."""
    pairs = []
    for param, key in state.filters:
        facet = BY_PARAM[param]
        pairs.append((facet.field, value_of(facet, key, base)))
    return pairs
