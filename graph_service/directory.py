"""Listings of named things (partners, municipalities) with facets, sort and pages.

These lists are small (tens to hundreds of entries), so they are filtered and
counted in Python from the catalogue and the index's overall counts. They
follow the rules of the item listings: the whole state is in the URL, values
of one facet are alternatives, each facet's counts ignore its own choices,
every value is checked, and a bad page or sort is refused by name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from graph_service.facets import (
    MAX_FACET_VALUES,
    ListingError,
    ListingState,
    PageNotFoundError,
    facet_block,
    parse_page,
    parse_show_all,
)


@dataclass(frozen=True)
class DirectoryFacet:
    """A filter of a directory: its URL parameter and heading."""

    param: str
    heading: object


@dataclass
class Entry:
    """One row: what it links to, its label, item count and facet keys."""

    href: str
    label: object
    count: int
    keys: dict[str, list[str]] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    @property
    def sort_name(self) -> str:
        return str(self.label or "").casefold()


@dataclass
class Directory:
    """One page of a directory, its facets and how many pages there are."""

    state: ListingState
    rows: list[Entry]
    total: int
    pages: int
    facets: list[dict]


def read_directory(
    args,
    entries: list[Entry],
    facets: tuple[DirectoryFacet, ...],
    labels: dict[str, dict[str, str]],
    page_size: int,
) -> Directory:
    """Filter, count, sort and page ``entries`` as the query arguments say.

    ``labels`` maps each facet parameter to {key: label} of the values it
    knows; a value outside it is refused with ``ListingError``. Sort orders
    are ``naam`` (default) and ``aantal``.
    """
    state = parse_directory_state(args, facets, labels)

    chosen = {f.param: state.selected(f.param) for f in facets}
    rows = [e for e in entries if matches(e, chosen)]
    if state.sort == "aantal":
        rows.sort(key=lambda e: (-e.count, e.sort_name, e.href))
    else:
        rows.sort(key=lambda e: (e.sort_name, e.href))

    pages = max(1, math.ceil(len(rows) / page_size))
    if state.page > pages:
        raise PageNotFoundError(
            f"Page {state.page} does not exist; this list has {pages} page(s)."
        )
    start = (state.page - 1) * page_size
    views = [facet_view(f, entries, chosen, labels[f.param], state) for f in facets]
    shown = [view for view in views if view]
    return Directory(state, rows[start : start + page_size], len(rows), pages, shown)


def parse_directory_state(args, facets, labels) -> ListingState:
    """The checked state of a directory URL; ``ListingError`` names a bad value."""
    filters = []
    for facet in facets:
        for key in args.getlist(facet.param):
            key = key.strip()
            if key not in labels[facet.param]:
                raise ListingError(
                    f"The filter {facet.param}={key[:60]!r} names nothing we know; "
                    f"remove it or choose a value from the list of "
                    f"{facet.param} filters."
                )
            if (facet.param, key) not in filters:
                filters.append((facet.param, key))

    sort = args.get("sort") or "naam"
    if sort not in ("naam", "aantal"):
        raise ListingError(f"Unknown sort order {sort[:40]!r}; use naam or aantal.")

    expanded = parse_show_all(args, {f.param: f for f in facets})
    return ListingState(
        "", tuple(filters), sort, parse_page(args), expanded, default_sort="naam"
    )


def matches(entry: Entry, chosen: dict[str, list[str]], skip: str = "") -> bool:
    """True when the entry has one of the chosen keys of every facet but ``skip``."""
    for param, keys in chosen.items():
        if keys and param != skip and not set(keys) & set(entry.keys.get(param, ())):
            return False
    return True


def facet_view(facet, entries, chosen, labels, state) -> dict | None:
    """One facet's values with multi-select counts, as the templates show them."""
    counts: dict[str, int] = {}
    for entry in entries:
        if matches(entry, chosen, skip=facet.param):
            for key in entry.keys.get(facet.param, ()):
                counts[key] = counts.get(key, 0) + 1
    on = chosen[facet.param]
    values = sorted(
        ((key, labels.get(key, key), n, key in on) for key, n in counts.items()),
        key=lambda v: (-v[2], str(v[1]).casefold()),
    )
    values = [v for v in values if v[3]] + [v for v in values if not v[3]]
    expanded = facet.param in state.expanded
    shown = values if expanded else values[: max(MAX_FACET_VALUES, len(on))]
    if not shown:
        return None
    return facet_block(facet, values, shown, expanded, state)
