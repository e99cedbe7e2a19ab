"""The fields of the search index and the analyzers that read Dutch and English."""

from __future__ import annotations

import tantivy

# Text fields searched by a query, with their boost.
DUTCH_FIELDS = {"title": 3.0, "labels": 1.5, "body": 1.0}
ENGLISH_FIELDS = {"english": 1.0}
# Uninflected forms of Dutch adjectives in the text (see ``search/dutch.py``).
INFLECTION_FIELDS = {"uninflected": 1.0}
# Fields holding IRIs or keys, used for filters, facets and related items.
KEY_FIELDS = (
    "kind",
    "type",
    "theme",
    "theme_all",
    "leefgebied",
    "werkwijze",
    "audience",
    "partner",
    "municipality",
)


def build_schema() -> tantivy.Schema:
    """The index schema: stored display fields, stemmed text, fast key fields."""
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("iri", stored=True, tokenizer_name="raw", fast=True)
    for name in DUTCH_FIELDS:
        builder.add_text_field(name, stored=True, tokenizer_name="dutch")
    builder.add_text_field("english", stored=True, tokenizer_name="english")
    builder.add_text_field("uninflected", stored=False, tokenizer_name="dutch")
    builder.add_text_field("suggest", stored=True, tokenizer_name="folded")
    builder.add_text_field("title_nl", stored=True, index_option="basic")
    builder.add_text_field("title_en", stored=True, index_option="basic")
    builder.add_text_field("issued", stored=True, index_option="basic")
    for name in KEY_FIELDS:
        builder.add_text_field(name, stored=True, tokenizer_name="raw", fast=True)
    builder.add_integer_field("year", stored=True, indexed=True, fast=True)
    builder.add_unsigned_field("rank_new", fast=True)
    builder.add_unsigned_field("rank_title", fast=True)
    return builder.build()


def register_analyzers(index: tantivy.Index) -> None:
    """Dutch and English stemming, and accent-folded words for suggestions."""
    for name, language in (("dutch", "dutch"), ("english", "english")):
        analyzer = (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(40))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.ascii_fold())
            .filter(tantivy.Filter.stemmer(language))
            .build()
        )
        index.register_tokenizer(name, analyzer)
    folded = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )
    index.register_tokenizer("folded", folded)
