"""The search index catches up with writes in the background, never blocking them."""

from __future__ import annotations

import threading
import time

import pytest

from graph_service.search.index import SearchIndex
from tests.pages.conftest import caught_up, load_file

NEW_ITEM = "Geoogst artikel over woningen in de wijk"


@pytest.fixture
def slow_builds(monkeypatch):
    """Make every index build take at least a second; count the builds."""
    original = SearchIndex.build.__func__
    started = []
    release = threading.Event()

    def slow(cls, *args, **kwargs):
        started.append(time.monotonic())
        release.wait(timeout=1.0)
        return original(cls, *args, **kwargs)

    monkeypatch.setattr(SearchIndex, "build", classmethod(slow))
    return started


def found(client, text: str) -> str:
    return client.get(f"/zoeken?q={text}").get_data(as_text=True)


def test_a_write_returns_before_the_index_has_caught_up(dutch, store, app, slow_builds):
    assert "Lokale gegevensdeling" in found(dutch, "gegevensdeling")

    started = time.perf_counter()
    load_file(store, "harvested_item.ttl", "graph/feed/platform31/artikelen")
    seconds = time.perf_counter() - started

    assert seconds < 0.5
    stale = dutch.get("/zoeken?q=geoogst")
    assert NEW_ITEM not in stale.get_data(as_text=True)
    assert "ETag" not in stale.headers  # no client may keep the stale page
    assert "Lokale gegevensdeling" in found(dutch, "gegevensdeling")

    caught_up(app)

    fresh = dutch.get("/zoeken?q=geoogst")
    assert NEW_ITEM in fresh.get_data(as_text=True)
    assert "ETag" in fresh.headers


def test_a_burst_of_writes_is_folded_into_one_rebuild(store, app, slow_builds):
    app.extensions["search"].current()
    slow_builds.clear()

    for n in range(5):
        store.update(f"INSERT DATA {{ GRAPH <urn:g> {{ <urn:a> <urn:b> {n} }} }}")
    caught_up(app)

    assert len(slow_builds) == 1
    assert app.extensions["search"].is_current()


def test_a_failed_rebuild_leaves_the_old_index_working(dutch, store, app, monkeypatch):
    service = app.extensions["search"]
    old = service.current()

    def broken(cls, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(SearchIndex, "build", classmethod(broken))
    load_file(store, "harvested_item.ttl", "graph/feed/platform31/artikelen")
    caught_up(app)

    assert isinstance(service.last_error, OSError)
    assert service.current() is old
    response = dutch.get("/zoeken?q=gegevensdeling")
    assert response.status_code == 200
    assert "Lokale gegevensdeling" in response.get_data(as_text=True)

    monkeypatch.undo()
    service.rebuild()

    assert NEW_ITEM in found(dutch, "geoogst")


def test_reindex_rebuilds_synchronously(store, app):
    service = app.extensions["search"]
    service.current()
    load_file(store, "harvested_item.ttl", "graph/feed/platform31/artikelen")

    index = service.rebuild()

    assert index.catalogue.version == store.data_version().tag
    assert service.is_current()


def test_a_store_closed_during_a_rebuild_ends_it_quietly(app, slow_builds, caplog):
    from graph_service.store.embedded import EmbeddedStore
    from tests.conftest import BASE

    store = EmbeddedStore(None, BASE)
    load_file(store, "harvested_item.ttl", "graph/feed/platform31/artikelen")
    service = type(app.extensions["search"])(store, None, quiet=0)
    service.schedule()
    while not slow_builds:  # the rebuild has read the catalogue and is building
        time.sleep(0.01)
    store.update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> 1 } }")
    service.schedule()  # the rebuild of that write will find the store closed
    store.close()

    assert service.wait(timeout=30)
    assert service.last_error is None
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
