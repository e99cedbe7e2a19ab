"""The full-text search index: derived from the graph, never the source of truth.

``extract`` reads items and concepts from the store, ``index`` builds and asks
a tantivy index, ``service`` keeps one current per data version. Why tantivy:
``docs/search.md``.
"""
