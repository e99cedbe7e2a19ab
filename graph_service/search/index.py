"""Build a tantivy index from records, and ask it: search, facets, related items.

One :class:`SearchIndex` serves one data version. It answers listings (filters,
stable sort orders, pages), facet counts, ranked full-text search with
highlighted snippets, suggestions for the search box and related items.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

import tantivy
from markupsafe import Markup

from graph_service.catalogue import Catalogue
from graph_service.search.dutch import uninflect, uninflected_words
from graph_service.search.extract import Record
from graph_service.search.results import Hit, Results, highlight
from graph_service.search.schema import (
    DUTCH_FIELDS,
    ENGLISH_FIELDS,
    INFLECTION_FIELDS,
    build_schema,
    register_analyzers,
)

ITEM_KINDS = ("publicatie", "praktijkvoorbeeld")
# Weight of one shared value per kind of link, when ranking related items.
RELATED_WEIGHTS = {
    "theme": 3.0,
    "werkwijze": 3.0,
    "leefgebied": 1.5,
    "partner": 1.0,
    "municipality": 1.0,
}
_NOT_A_WORD = re.compile(r"[^\w]+", re.UNICODE)


def words_of(text: str) -> list[str]:
    """The words of user input, lower-cased, without query syntax.

    >>> words_of('Wijk AND "veilig"* -x:y')
    ['wijk', 'and', 'veilig', 'x', 'y']
    """
    return [w for w in _NOT_A_WORD.sub(" ", text.lower()).split() if w]


def linked_labels(iri: str, catalogue: Catalogue, cache: dict) -> tuple[list, list]:
    """Dutch and English labels and synonyms of a linked thing, computed once."""
    found = cache.get(iri)
    if found is None:
        dutch, english = [], []
        for lang, text in catalogue.labels.get(iri, {}).items():
            (english if lang == "en" else dutch).append(text)
        for text, lang in catalogue.alt_labels.get(iri, ()):
            (english if lang == "en" else dutch).append(text)
        found = cache[iri] = (dutch, english)
    return found


def to_document(
    record: Record, catalogue: Catalogue, ranks: dict, cache: dict | None = None
) -> tantivy.Document:
    """The index document of one record."""
    cache = {} if cache is None else cache
    linked = record.themes + record.leefgebieden + record.werkwijzen + record.partners
    dutch_labels, english_labels = [], []
    for iri in linked:
        dutch, english = linked_labels(iri, catalogue, cache)
        dutch_labels += dutch
        english_labels += english
    for text, lang in record.synonyms:
        (english_labels if lang == "en" else dutch_labels).append(text)
    titles = record.titles
    themes_all = set(record.themes)
    for theme in record.themes:
        key = ("ancestors", theme)
        if key not in cache:
            cache[key] = catalogue.ancestors(theme)
        themes_all |= cache[key]
    dutch_title = [t for lang, t in titles.items() if lang != "en"] or list(
        titles.values()
    )
    dutch_body = [t for lang, t in record.abstracts.items() if lang != "en"]
    doc = tantivy.Document(
        iri=record.iri,
        kind=record.kind,
        type=record.types or [record.kind],
        title=dutch_title,
        labels=dutch_labels,
        body=dutch_body,
        uninflected=uninflected_words(
            " ".join([*dutch_title, *dutch_labels, *dutch_body])
        ),
        english=[titles.get("en", ""), record.abstracts.get("en", ""), *english_labels],
        suggest=[*titles.values(), *(t for t, _ in record.synonyms)],
        title_nl=titles.get("nl", titles.get("", "")),
        title_en=titles.get("en", ""),
        issued=record.issued,
        theme=record.themes,
        theme_all=sorted(themes_all),
        leefgebied=record.leefgebieden,
        werkwijze=record.werkwijzen,
        audience=record.audiences,
        partner=record.partners,
        municipality=record.municipalities,
    )
    doc.add_unsigned("rank_new", ranks.get(("new", record.iri), 1 << 40))
    doc.add_unsigned("rank_title", ranks.get(("title", record.iri), 1 << 40))
    if record.year is not None:
        doc.add_integer("year", record.year)
    return doc


def sort_ranks(records: list[Record]) -> dict[tuple[str, str], int]:
    """Unique positions of items by date and by title: a stable total order."""
    items = [r for r in records if r.kind in ITEM_KINDS]
    by_new = sorted(items, key=lambda r: r.iri)
    by_new.sort(key=lambda r: r.issued, reverse=True)
    by_title = sorted(
        items,
        key=lambda r: (
            (r.titles.get("nl") or next(iter(r.titles.values()), "")).casefold(),
            r.iri,
        ),
    )
    ranks = {("new", r.iri): n for n, r in enumerate(by_new)}
    ranks.update({("title", r.iri): n for n, r in enumerate(by_title)})
    return ranks


class SearchIndex:
    """A built index for one data version, with the catalogue it was built from."""

    def __init__(self, index: tantivy.Index, catalogue: Catalogue):
        self.index = index
        self.catalogue = catalogue
        self.schema = index.schema
        self.searcher = index.searcher()

    @classmethod
    def build(
        cls, records: list[Record], catalogue: Catalogue, path: Path | None = None
    ) -> SearchIndex:
        """Index ``records`` in memory, or in the new folder ``path``."""
        schema = build_schema()
        if path is not None:
            path.mkdir(parents=True, exist_ok=True)
            index = tantivy.Index(schema, path=str(path), reuse=False)
        else:
            index = tantivy.Index(schema)
        register_analyzers(index)
        ranks = sort_ranks(records)
        writer = index.writer(heap_size=128_000_000, num_threads=2)
        cache: dict = {}
        for record in records:
            writer.add_document(to_document(record, catalogue, ranks, cache))
        writer.commit()
        writer.wait_merging_threads()
        index.reload()
        return cls(index, catalogue)

    @classmethod
    def open(cls, path: Path, catalogue: Catalogue) -> SearchIndex | None:
        """Open an index built earlier in ``path``; None when it cannot be used."""
        try:
            index = tantivy.Index(build_schema(), path=str(path), reuse=True)
        except (OSError, ValueError):
            return None
        register_analyzers(index)
        index.reload()
        return cls(index, catalogue)

    # -- building queries ------------------------------------------------

    def text_query(self, text: str) -> tantivy.Query | None:
        """A query for every word of ``text`` in titles, labels and abstracts.

        A Dutch adjective is looked for in both its inflected and uninflected
        forms ("kwetsbare" and "kwetsbaar"), see ``search/dutch.py``.
        """
        words = words_of(text)
        if not words:
            return None
        fields = {**DUTCH_FIELDS, **ENGLISH_FIELDS, **INFLECTION_FIELDS}
        must = []
        for word in words:
            forms = dict.fromkeys((word, uninflect(word)))
            query = self.index.parse_query(
                " ".join(forms),
                default_field_names=list(fields),
                field_boosts=fields,
                conjunction_by_default=False,
            )
            must.append((tantivy.Occur.Must, query))
        return tantivy.Query.boolean_query(must)

    def term(self, field_name: str, value) -> tantivy.Query:
        return tantivy.Query.term_query(self.schema, field_name, value)

    def any_of(self, field_name: str, values) -> tantivy.Query:
        clauses = [(tantivy.Occur.Should, self.term(field_name, v)) for v in values]
        return tantivy.Query.boolean_query(clauses)

    def items_query(
        self, text: tantivy.Query | None, filters: list[tuple[str, str]]
    ) -> tantivy.Query:
        """Items matching the text (if any) and the filters.

        Values of one field are alternatives (any of them matches); different
        fields must all match.
        """
        must = [self.any_of("kind", ITEM_KINDS)]
        if text is not None:
            must.append(text)
        by_field: dict[str, list] = {}
        for field_name, value in filters:
            typed = int(value) if field_name == "year" else value
            by_field.setdefault(field_name, []).append(typed)
        for field_name, values in by_field.items():
            if len(values) == 1:
                must.append(self.term(field_name, values[0]))
            else:
                must.append(self.any_of(field_name, values))
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in must])

    # -- asking ----------------------------------------------------------

    def hits(self, found, snippets=None) -> list[Hit]:
        out = []
        for score, address in found:
            doc = self.searcher.doc(address)
            hit = Hit(doc.to_dict(), score if isinstance(score, float) else 0.0)
            if snippets is not None:
                hit.snippet = snippets(doc)
            out.append(hit)
        return out

    def listing(
        self,
        text: str,
        filters: list[tuple[str, str]],
        sort: str,
        offset: int,
        limit: int,
        facet_fields: tuple[str, ...] = (),
    ) -> Results:
        """One page of items with facet counts; sort is relevantie/nieuw/oud/titel."""
        text_query = self.text_query(text)
        query = self.items_query(text_query, filters)
        if sort == "relevantie" and text_query is not None:
            found = self.searcher.search(query, limit, offset=offset)
        else:
            field_name = "rank_title" if sort == "titel" else "rank_new"
            order = tantivy.Order.Desc if sort == "oud" else tantivy.Order.Asc
            found = self.searcher.search(
                query, limit, offset=offset, order_by_field=field_name, order=order
            )
        snippets = self.snippet_maker(text_query) if text_query is not None else None
        results = Results(self.hits(found.hits, snippets), found.count)
        if facet_fields:
            results.facets = self.multi_select_counts(
                text_query, query, filters, facet_fields
            )
        return results

    def multi_select_counts(
        self,
        text: tantivy.Query | None,
        query: tantivy.Query,
        filters: list[tuple[str, str]],
        fields: tuple[str, ...],
    ) -> dict[str, list[tuple[str, int]]]:
        """Facet counts where each facet ignores its own filters but no other.

        So the other values of a facet in use say how many items choosing them
        as well would add. Facets without a filter share one aggregation.
        """
        filtered = {name for name, _ in filters if name in fields}
        counts = self.facet_counts(query, tuple(f for f in fields if f not in filtered))
        for name in fields:
            if name in filtered:
                others = [(f, v) for f, v in filters if f != name]
                counts.update(
                    self.facet_counts(self.items_query(text, others), (name,))
                )
        return counts

    def facet_counts(
        self, query: tantivy.Query, fields: tuple[str, ...], size: int = 500
    ) -> dict[str, list[tuple[str, int]]]:
        """Counts of each value of ``fields`` among the documents of ``query``."""
        aggs = {name: {"terms": {"field": name, "size": size}} for name in fields}
        answer = self.searcher.aggregate(query, aggs)
        counts = {}
        for name in fields:
            buckets = answer.get(name, {}).get("buckets", [])
            counts[name] = [(str(b["key"]), int(b["doc_count"])) for b in buckets]
        return counts

    @cached_property
    def overall(self) -> dict[str, dict[str, int]]:
        """Item counts per value of every linking field, over all items."""
        query = self.items_query(None, [])
        fields = (
            "theme",
            "theme_all",
            "leefgebied",
            "werkwijze",
            "audience",
            "partner",
            "municipality",
            "type",
            "year",
        )
        counts = self.facet_counts(query, fields, size=100_000)
        return {name: dict(pairs) for name, pairs in counts.items()}

    def snippet_maker(self, query: tantivy.Query):
        """A function giving a highlighted, escaped snippet of a document's text."""
        generators = []
        for name in ("body", "english"):
            generator = tantivy.SnippetGenerator.create(
                self.searcher, query, self.schema, name
            )
            generator.set_max_num_chars(220)
            generators.append(generator)

        def make(doc) -> Markup | None:
            for generator in generators:
                snippet = generator.snippet_from_doc(doc)
                if snippet.highlighted():
                    return highlight(snippet)
            return None

        return make

    def document(self, iri: str) -> Hit | None:
        """The stored fields of one document, or None."""
        found = self.searcher.search(self.term("iri", iri), 1).hits
        return self.hits(found)[0] if found else None

    def related(self, iri: str, limit: int = 6) -> list[Hit]:
        """Items sharing the most (weighted) themes, methods, partners, places."""
        item = self.document(iri)
        if item is None:
            return []
        should = []
        for field_name, weight in RELATED_WEIGHTS.items():
            for value in item.all(field_name):
                clause = tantivy.Query.const_score_query(
                    self.term(field_name, value), weight
                )
                should.append((tantivy.Occur.Should, clause))
        if not should:
            return []
        query = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, tantivy.Query.boolean_query(should)),
                (tantivy.Occur.Must, self.any_of("kind", ITEM_KINDS)),
                (tantivy.Occur.MustNot, self.term("iri", iri)),
            ]
        )
        return self.hits(self.searcher.search(query, limit).hits)

    def suggest(self, text: str, limit: int = 8) -> list[Hit]:
        """Documents whose title or label starts with the words typed so far."""
        words = words_of(text)
        if not words:
            return []
        query = tantivy.Query.phrase_prefix_query(self.schema, "suggest", words)
        return self.hits(self.searcher.search(query, limit).hits)

    def count(self, filters: list[tuple[str, str]]) -> int:
        """How many items match ``filters``."""
        return self.searcher.search(self.items_query(None, filters), 1).count
