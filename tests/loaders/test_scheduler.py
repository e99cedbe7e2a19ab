"""The running service harvests each feed again when its interval has passed."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from graph_service.app import create_app
from loaders import provenance
from loaders import scheduler as scheduling
from loaders.scheduler import start
from tests.conftest import remote_store
from tests.loaders.conftest import DEMO_FEEDS, register

RSS = (DEMO_FEEDS / "platform31" / "rss.xml").read_bytes()


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_scheduled_feed_is_harvested_twice_and_stops_cleanly(
    server, seeded_store, harvest_config
):
    route = server.route("/rss", body=RSS, content_type="application/rss+xml")
    feed = register(seeded_store, server, "/rss", "rss", interval="PT0.3S")
    app = create_app(harvest_config, store=seeded_store)
    scheduler = start(app)
    try:
        assert wait_for(lambda: scheduler.harvests >= 2, 30), scheduler.harvests
    finally:
        scheduler.stop(timeout=30)
        app.extensions["public_queries"].close()

    assert not scheduler.is_alive()
    hits, harvests = route.hits, scheduler.harvests
    runs = provenance.runs(seeded_store, feed.iri(seeded_store.base_iri))
    assert len(runs) == harvests >= 2 and hits >= 2
    assert [r["status"].rsplit("/", 1)[-1] for r in runs][-1] == (
        "CompletedActionStatus"
    )
    time.sleep(0.5)
    assert route.hits == hits


def test_testing_app_does_not_schedule_by_itself(seeded_store, harvest_config):
    app = create_app(harvest_config, store=seeded_store)
    try:
        assert "harvest_scheduler" not in app.extensions
    finally:
        app.extensions["public_queries"].close()


@pytest.fixture
def lock(server, seeded_store, tmp_path, monkeypatch):
    """A feed due every 0.2 s, quick retries, and where the schedule's lock goes."""
    monkeypatch.setattr(scheduling, "MAX_SLEEP", 0.2)
    server.route("/rss", body=RSS, content_type="application/rss+xml")
    register(seeded_store, server, "/rss", "rss", interval="PT0.2S")
    return tmp_path / "harvest-schedule.lock"


def test_one_scheduler_per_lock_harvests_and_another_takes_over(
    lock, seeded_store, harvest_config
):
    first = scheduling.Scheduler(seeded_store, harvest_config, lock)
    second = scheduling.Scheduler(seeded_store, harvest_config, lock)
    first.start()
    try:
        assert wait_for(lambda: first.harvests >= 2, 30), first.harvests
        second.start()
        time.sleep(0.6)
        assert second.harvests == 0 and not second.leading
        first.stop(timeout=30)

        assert wait_for(lambda: second.harvests >= 1, 30)
    finally:
        first.stop(timeout=30)
        second.stop(timeout=30)
    assert lock.read_text().strip().isdigit()


def test_a_lock_held_by_another_process_keeps_the_schedule_off(
    lock, seeded_store, harvest_config
):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time\n"
            f"fd = os.open({str(lock)!r}, os.O_RDWR | os.O_CREAT)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\n"
            "print('held', flush=True)\n"
            "time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    scheduler = scheduling.Scheduler(seeded_store, harvest_config, lock)
    try:
        assert holder.stdout.readline().strip() == "held"
        scheduler.start()
        time.sleep(0.8)
        assert scheduler.harvests == 0

        holder.kill()
        holder.wait()

        assert wait_for(lambda: scheduler.harvests >= 1, 30)
    finally:
        holder.kill()
        scheduler.stop(timeout=30)


def test_the_remote_store_schedules_under_a_lock_in_data_dir(oxigraph_server, tmp_path):
    store = remote_store(oxigraph_server)
    app = create_app(
        {"STORE": "remote", "TESTING": True, "DATA_DIR": str(tmp_path)}, store=store
    )
    scheduler = scheduling.start(app)
    try:
        assert scheduler.lock_path == tmp_path / "harvest-schedule.lock"
    finally:
        scheduler.stop(timeout=30)
        app.extensions["public_queries"].close()
