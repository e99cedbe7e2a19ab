"""Harvest every registered feed at its ``ww:harvestInterval``, in the background.

The running service starts one :class:`Scheduler` thread (setting
``HARVEST_SCHEDULE``). It reads the feed registry, harvests each feed whose
last run (from ``graph/meta``, or from this thread's own memory) is older
than its interval, and sleeps until the next feed is due (at most
``MAX_SLEEP`` seconds, so that newly registered feeds are seen). Harvests run one
after the other, through the store object and its one writer, so they never
fight with the CLI or the admin API. :meth:`Scheduler.stop` ends the thread
after the harvest in progress, if any.

On the remote store several web processes share one graph, and each starts a
scheduler; only the one holding an exclusive lock on
``DATA_DIR/harvest-schedule.lock`` harvests, the others try to take the lock
every ``MAX_SLEEP`` seconds, so when the holder's process ends another takes
over. (The embedded store has one web process; a memory store is its own.)
"""

from __future__ import annotations

import datetime
import fcntl
import logging
import os
import threading
import time
from pathlib import Path

from loaders import provenance
from loaders.registry import read_feeds

logger = logging.getLogger(__name__)

MAX_SLEEP = 30.0
MIN_SLEEP = 0.05


class Scheduler(threading.Thread):
    """A daemon thread that harvests feeds when they are due."""

    def __init__(self, store, config: dict, lock_path: Path | None = None):
        super().__init__(name="wijkwijzer-harvest-scheduler", daemon=True)
        self.store = store
        self.config = config
        self.lock_path = lock_path
        self.harvests = 0
        self._lock: int | None = None  # file descriptor holding the lock
        self._stopping = threading.Event()
        self._last: dict[str, float] = {}  # feed key -> time.time() of last start

    @property
    def leading(self) -> bool:
        """True when this scheduler may harvest (it holds the lock, or needs none)."""
        return self.lock_path is None or self._lock is not None

    def run(self) -> None:
        """Harvest what is due, then sleep until the next feed is due, until stopped."""
        while not self._stopping.is_set():
            if not self._take_lock():
                self._stopping.wait(MAX_SLEEP)
                continue
            try:
                wait = self.run_due()
            except Exception:  # one bad round must not end the schedule
                logger.exception("Scheduled harvest round failed; trying again later")
                wait = MAX_SLEEP
            self._stopping.wait(min(max(wait, MIN_SLEEP), MAX_SLEEP))

    def run_due(self) -> float:
        """Harvest every feed that is due now; return seconds until the next is."""
        from loaders.pipeline import Harvester

        feeds = read_feeds(self.store)
        harvester = None
        for feed in feeds:
            if self._stopping.is_set():
                break
            if self._wait(feed) > 0:
                continue
            harvester = harvester or Harvester(self.store, self.config)
            self._last[feed.key] = time.time()
            report = harvester.harvest(feed)
            self.harvests += 1
            logger.info("Scheduled harvest of %s: %s", feed.key, report.status)
        return min((self._wait(f) for f in feeds), default=MAX_SLEEP)

    def _wait(self, feed) -> float:
        """Seconds until ``feed`` is due (zero or less: due now)."""
        last = self._last.get(feed.key)
        if last is None:
            last = self._last_recorded(feed)
            if last is not None:
                self._last[feed.key] = last
        if last is None:
            return 0.0
        return last + feed.interval_seconds() - time.time()

    def _last_recorded(self, feed) -> float | None:
        """When the newest recorded run of ``feed`` started, as a timestamp."""
        runs = provenance.runs(self.store, feed.iri(self.store.base_iri))
        if not runs:
            return None
        started = datetime.datetime.fromisoformat(runs[0]["started"])
        return started.timestamp()

    def _take_lock(self) -> bool:
        """Hold the schedule's lock if nobody else does; True when this one leads."""
        if self.leading:
            return True
        try:
            self.lock_path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            logger.exception("Cannot open the harvest lock %s", self.lock_path)
            return False
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(descriptor)
            return False
        os.ftruncate(descriptor, 0)
        os.write(descriptor, f"{os.getpid()}\n".encode("ascii"))
        self._lock = descriptor
        logger.info("Process %d runs the harvest schedule", os.getpid())
        return True

    def stop(self, timeout: float | None = 60) -> None:
        """Stop after the harvest in progress; wait up to ``timeout`` seconds.

        The lock, if held, is let go once the thread has ended.
        """
        self._stopping.set()
        if self.is_alive():
            self.join(timeout)
        if self._lock is not None and not self.is_alive():
            os.close(self._lock)
            self._lock = None


def init_app(app) -> Scheduler | None:
    """Start the schedule for ``app`` when HARVEST_SCHEDULE allows, not in TESTING.

    A test asks for the schedule by calling :func:`start` itself.
    """
    if not app.config["HARVEST_SCHEDULE"] or app.config.get("TESTING"):
        return None
    return start(app)


def start(app) -> Scheduler:
    """Start a scheduler thread on ``app``'s store; it stops when the process exits."""
    import atexit

    store = app.extensions["store"]
    lock = None
    if store.kind == "remote":
        lock = Path(app.config["DATA_DIR"]) / "harvest-schedule.lock"
    scheduler = Scheduler(store, app.config, lock)
    app.extensions["harvest_scheduler"] = scheduler
    scheduler.start()
    atexit.register(scheduler.stop, 5)
    return scheduler
