"""Query worker processes: read-only Oxigraph servers over a checkpoint of the store.

Each worker is an ``oxigraph serve-read-only`` process on a loopback port that
runs one public query at a time, so a query that crashes or hangs its worker
costs only itself. A worker whose query overruns the time limit is killed
(pyoxigraph cannot cancel a running query, and the server's own timeout
answers 200 with a cut-off body) and started again in milliseconds.

The checkpoint is a backup of the embedded store made with hard links; after
every write a new one is made (debounced) and the workers move over to it.
"""

from __future__ import annotations

import ctypes
import http.client
import logging
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

from graph_service.public_query.wire import (
    AnswerTooLarge,
    Connection,
    Reply,
    WorkerFailed,
    WorkerTimeout,
)

__all__ = [
    "AnswerTooLarge",
    "Checkpoints",
    "Reply",
    "Worker",
    "WorkerFailed",
    "WorkerPool",
    "WorkerTimeout",
    "free_port",
    "post",
]

logger = logging.getLogger(__name__)

# How long a fresh worker may take to accept connections, in seconds.
_START_SECONDS = 15.0
_CHUNK = 1 << 16


def _die_with_parent() -> None:
    """In the child: ask Linux to stop this process when its parent dies."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)
    except OSError:
        pass


def _prepare_child(nice: int):
    """What a worker runs before ``exec``: die with us, then lower its priority."""

    def prepare() -> None:
        _die_with_parent()
        if nice:
            os.nice(nice)

    return prepare


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def post(
    connection: http.client.HTTPConnection,
    path: str,
    body: bytes,
    accept: str,
    deadline: float,
    max_bytes: int,
) -> Reply:
    """POST a form to ``path`` and read the whole answer before ``deadline``.

    Used for the remote store (any server, HTTPS too); the local workers use
    the leaner ``wire.Connection``. A kept-alive connection the server closed
    while idle is reopened once. Raises ``WorkerTimeout``, ``WorkerFailed`` or
    ``AnswerTooLarge``.
    """
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": accept,
    }
    reused = connection.sock is not None
    try:
        try:
            response = _send(connection, path, body, headers, deadline)
        except ConnectionError:
            if not reused:
                raise
            connection.close()
            response = _send(connection, path, body, headers, deadline)
        parts, size = [], 0
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise WorkerTimeout()
            connection.sock.settimeout(left)
            chunk = response.read1(_CHUNK)
            if not chunk:
                response.close()
                break
            size += len(chunk)
            if size > max_bytes:
                raise AnswerTooLarge()
            parts.append(chunk)
    except TimeoutError:
        raise WorkerTimeout() from None
    except (OSError, http.client.HTTPException) as error:
        raise WorkerFailed(str(error)) from None
    return Reply(
        response.status, response.getheader("Content-Type", ""), b"".join(parts)
    )


def _send(connection, path, body, headers, deadline) -> http.client.HTTPResponse:
    connection.timeout = max(0.001, deadline - time.monotonic())
    if connection.sock is not None:
        connection.sock.settimeout(connection.timeout)
    connection.request("POST", path, body, headers)
    return connection.getresponse()


class Worker:
    """One ``oxigraph serve-read-only`` process and a connection to it."""

    def __init__(self, engine: str, location: Path, nice: int = 0):
        self.engine = engine
        self.location = location
        self.nice = nice
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.connection: Connection | None = None

    @property
    def alive(self) -> bool:
        """True while the process runs."""
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        """Start the process and wait until it accepts connections."""
        self.port = free_port()
        # No --timeout-s: the server answers 200 with a cut body when it fires,
        # and oxigraph 0.5 arms it with a thread per query that sleeps for the
        # whole timeout (measured: 12,006 threads after 12,000 one-row
        # queries), so a busy worker ran out of threads and answered 500.
        # Our deadline kills the process instead (WorkerPool.release).
        self.process = subprocess.Popen(
            [
                self.engine,
                "serve-read-only",
                "--location",
                str(self.location / "oxigraph"),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--union-default-graph",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_prepare_child(self.nice),
        )
        deadline = time.monotonic() + _START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                probe = socket.create_connection(("127.0.0.1", self.port), 0.2)
            except OSError:
                time.sleep(0.005)
                continue
            self.connection = Connection("127.0.0.1", self.port, probe)
            return
        self.stop()
        raise WorkerFailed(f"the query engine did not start on {self.location}")

    def query(self, body: bytes, accept: str, deadline: float, max_bytes: int) -> Reply:
        """Run one query (a form-encoded protocol request) on this worker."""
        if self.connection is None:
            raise WorkerFailed("the worker is not running")
        return self.connection.post_form("/query", body, accept, deadline, max_bytes)

    def stop(self) -> None:
        """Kill the process (it holds nothing that needs a clean shutdown)."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
            self.process = None


class Checkpoints:
    """Numbered checkpoint folders under ``root``; the newest one is current."""

    def __init__(self, root: Path, make):
        self.root = root
        self.make = make
        self.current: Path | None = None
        self.version = ""
        self._counter = 0
        self._lock = threading.Lock()
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True, exist_ok=True)

    def refresh(self) -> Path:
        """Make a new checkpoint and make it current."""
        with self._lock:
            self._counter += 1
            target = self.root / f"{os.getpid()}-{self._counter}"
            started = time.perf_counter()
            self.version = self.make(target)
            self.current = target
            logger.info(
                "Query checkpoint %s made in %d ms",
                target.name,
                (time.perf_counter() - started) * 1000,
            )
            return target

    def prune(self, in_use: set[Path]) -> None:
        """Remove every checkpoint that is neither current nor in use."""
        with self._lock:
            for folder in self.root.iterdir():
                if folder != self.current and folder not in in_use:
                    shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        """Remove every checkpoint."""
        shutil.rmtree(self.root, ignore_errors=True)


class WorkerPool:
    """A fixed number of workers over the current checkpoint, one query each."""

    def __init__(self, size: int, engine: str, checkpoints: Checkpoints, nice=0):
        self.size = size
        self.nice = nice
        self.engine = engine
        self.checkpoints = checkpoints
        self._slots = threading.BoundedSemaphore(size)
        self._idle: list[Worker] = []
        self._all: list[Worker] = []
        self._lock = threading.Lock()

    def acquire(self, wait: float) -> Worker | None:
        """A started worker on the current checkpoint, or None after ``wait`` s."""
        if not self._slots.acquire(timeout=wait):
            return None
        try:
            with self._lock:
                if self._idle:
                    worker = self._idle.pop()
                else:
                    worker = Worker(self.engine, self.checkpoints.current, self.nice)
                    self._all.append(worker)
            current = self.checkpoints.current
            if worker.location != current or not worker.alive:
                worker.stop()
                worker.location = current
                worker.start()
            return worker
        except BaseException:
            self._slots.release()
            raise

    def release(self, worker: Worker, healthy: bool) -> None:
        """Give ``worker`` back; an unhealthy one is stopped and restarts later."""
        if not healthy:
            worker.stop()
        with self._lock:
            self._idle.append(worker)
        self._slots.release()
        if worker.location != self.checkpoints.current:
            self.prune()

    def prune(self) -> None:
        """Stop idle workers on old checkpoints, then drop unused checkpoints."""
        current = self.checkpoints.current
        with self._lock:
            for worker in self._idle:
                if worker.location != current and worker.alive:
                    worker.stop()
            in_use = {w.location for w in self._all if w.alive}
        self.checkpoints.prune(in_use)

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            for worker in self._all:
                worker.stop()
            self._all.clear()
            self._idle.clear()
