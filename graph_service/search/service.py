"""Keep one search index and catalogue current for the store's data version.

After every write made through this process (``store.subscribe``) the index is
rebuilt from the graph; a request that finds the store at another version (a
write by another process on a remote store) rebuilds it first. The embedded
store keeps its index in ``DATA_DIR/search/{version}``, reused at start-up when
the version matches; the other backends keep it in memory.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from pathlib import Path

from flask import Flask, current_app

from graph_service.catalogue import read_catalogue
from graph_service.search.extract import concept_records, item_records
from graph_service.search.index import SearchIndex

logger = logging.getLogger(__name__)


class SearchService:
    """The current :class:`SearchIndex` of one store."""

    def __init__(self, store, folder: Path | None):
        self.store = store
        self.folder = folder
        self._lock = threading.Lock()
        self._current: SearchIndex | None = None
        store.subscribe(lambda version: self.rebuild())

    def current(self) -> SearchIndex:
        """The index of the store's current data version, rebuilt if stale."""
        version = self.store.data_version().tag
        found = self._current
        if found is not None and found.catalogue.version == version:
            return found
        with self._lock:
            found = self._current
            if found is None or found.catalogue.version != version:
                found = self._build(version)
            return found

    def rebuild(self) -> SearchIndex:
        """Rebuild the index from the graph now."""
        with self._lock:
            return self._build(self.store.data_version().tag)

    def _build(self, version: str) -> SearchIndex:
        started = time.perf_counter()
        catalogue = read_catalogue(self.store, version)
        path = None
        if self.folder is not None:
            path = self.folder / version
            if (path / "meta.json").exists() and self._current is None:
                reused = SearchIndex.open(path, catalogue)
                if reused is not None:
                    self._current = reused
                    return reused
            shutil.rmtree(path, ignore_errors=True)
        records = item_records(self.store)
        records += list(concept_records(catalogue, self.store.base_iri))
        built = SearchIndex.build(records, catalogue, path)
        self._current = built
        self._forget_old(version)
        logger.info(
            "Search index for version %s: %d documents in %.0f ms",
            version,
            len(records),
            (time.perf_counter() - started) * 1000,
        )
        return built

    def _forget_old(self, keep: str) -> None:
        """Remove index folders of earlier versions."""
        if self.folder is None or not self.folder.exists():
            return
        for child in self.folder.iterdir():
            if child.is_dir() and child.name != keep:
                shutil.rmtree(child, ignore_errors=True)


def init_app(app: Flask, store) -> None:
    """Attach a search service for ``store`` to ``app``."""
    location = getattr(store, "location", None)
    folder = Path(location).parent / "search" if location is not None else None
    app.extensions["search"] = SearchService(store, folder)


def current_index() -> SearchIndex:
    """The current index of this app's store."""
    return current_app.extensions["search"].current()
