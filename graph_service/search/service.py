"""Keep one search index and catalogue current for the store's data version.

A write never waits for the index. After every write made through this process
(``store.subscribe``), and when a request finds the store at another version
(a write by another process on a remote store), a background thread rebuilds
the index from the graph and swaps it in when it is complete; until then every
reader keeps the previous index. Bursts of writes are folded into one rebuild:
the thread waits until the store has been quiet for ``QUIET_SECONDS`` (at most
``MAX_WAIT_SECONDS`` after the first write). A rebuild that fails is logged
and leaves the previous index in place. Only the very first index of a process
is built while the request waits, because there is nothing older to show.

The embedded store keeps its index in ``DATA_DIR/search/{version}``, reused at
start-up when the version matches; the other backends keep it in memory.
``wijkwijzer reindex`` calls :meth:`SearchService.rebuild`, which is
synchronous.
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

# Wait this long after the last write before rebuilding, to fold bursts.
QUIET_SECONDS = 0.2
# Never postpone a rebuild longer than this after the first write of a burst.
MAX_WAIT_SECONDS = 5.0


class SearchService:
    """The current :class:`SearchIndex` of one store, rebuilt in the background."""

    def __init__(self, store, folder: Path | None, quiet: float = QUIET_SECONDS):
        self.store = store
        self.folder = folder
        self.quiet = quiet
        self.last_error: BaseException | None = None
        self._build_lock = threading.Lock()
        self._state = threading.Condition()
        self._current: SearchIndex | None = None
        self._pending_since: float | None = None
        self._last_request = 0.0
        self._worker: threading.Thread | None = None
        self._failed_version: str | None = None
        store.subscribe(lambda version: self.schedule())

    # -- reading -----------------------------------------------------------

    def current(self) -> SearchIndex:
        """The newest complete index; a stale one schedules a background rebuild.

        Only when no index exists yet is one built while the caller waits.
        """
        found = self._current
        if found is None:
            with self._build_lock:
                found = self._current
                if found is None:
                    found = self._build(self.store.data_version().tag)
            return found

        version = self.store.data_version().tag
        if found.catalogue.version != version and version != self._failed_version:
            self.schedule()
        return found

    def is_current(self) -> bool:
        """True when the index was built from the store's current data version."""
        found = self.current()
        return found.catalogue.version == self.store.data_version().tag

    def wait(self, timeout: float = 60.0) -> bool:
        """Block until no rebuild is pending or running; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._state:
            while self._pending_since is not None or self._worker is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._state.wait(remaining)
        return True

    # -- rebuilding --------------------------------------------------------

    def rebuild(self) -> SearchIndex:
        """Rebuild the index from the graph now, while the caller waits."""
        with self._build_lock:
            return self._build(self.store.data_version().tag)

    def schedule(self) -> None:
        """Ask for a background rebuild once the store has been quiet a moment."""
        with self._state:
            now = time.monotonic()
            self._last_request = now
            if self._pending_since is None:
                self._pending_since = now
            if self._worker is None:
                self._worker = threading.Thread(
                    target=self._work, name="search-index", daemon=True
                )
                self._worker.start()
            self._state.notify_all()

    def _work(self) -> None:
        """Rebuild until no request is left, then end the thread."""
        while True:
            with self._state:
                if self._pending_since is None:
                    self._worker = None
                    self._state.notify_all()
                    return
                self._wait_for_quiet()
                self._pending_since = None
            self._rebuild_keeping_old()

    def _wait_for_quiet(self) -> None:
        """Sleep (holding nothing) until writes pause or the longest wait ends."""
        while True:
            deadline = min(
                self._last_request + self.quiet,
                self._pending_since + MAX_WAIT_SECONDS,
            )
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            self._state.wait(remaining)

    def _rebuild_keeping_old(self) -> None:
        """One background rebuild; on failure the previous index stays in use."""
        version = "?"
        try:
            with self._build_lock:
                version = self.store.data_version().tag
                found = self._current
                if found is None or found.catalogue.version != version:
                    self._build(version)
            self.last_error = None
            self._failed_version = None
        except Exception as error:
            if self.store.closed:
                logger.debug("The store closed during a search index rebuild")
                return
            self.last_error = error
            self._failed_version = version
            logger.exception(
                "Rebuilding the search index for version %s failed; pages keep "
                "the previous index until the next write or `wijkwijzer reindex`",
                version,
            )

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


def index_is_current() -> bool:
    """True when this app has no search index or it matches the data version."""
    service = current_app.extensions.get("search")
    return service is None or service.is_current()
