"""Parse untrusted feed bytes in a child process with memory and time limits.

The parent starts one child per harvest (``python -m loaders.parse_child``),
which caps its own address space (``RLIMIT_AS``) and CPU time before it
imports any parser, then answers requests, one JSON line each way::

    -> {"format": "rss", "input": "/tmp/.../body", "options": {...}}
    <- {"ok": true, "result": {...}}   or   {"ok": false, "error": "..."}

A parser that crashes (a Rust abort, a segfault, the memory limit) or runs
past the wall-clock limit costs only that harvest: the parent sees the child
die or kills it, and reports a :class:`ParseError` naming the feed.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from loaders.errors import ParseError

ROOT = Path(__file__).resolve().parent.parent


class ParserChild:
    """A child process that parses feed documents; use as a context manager."""

    def __init__(self, memory_mb: int = 4096, seconds: float = 300):
        self.memory_mb = memory_mb
        self.seconds = seconds
        self.folder = tempfile.TemporaryDirectory(prefix="wijkwijzer-parse-")
        self._process: subprocess.Popen | None = None
        self._count = 0

    def __enter__(self) -> ParserChild:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _start(self) -> subprocess.Popen:
        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "loaders.parse_child",
                    str(self.memory_mb),
                    str(int(self.seconds) + 5),
                ],
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )
        return self._process

    def path(self, name: str) -> Path:
        """A fresh file name in the child's working folder."""
        self._count += 1
        return Path(self.folder.name) / f"{self._count}-{name}"

    def parse(
        self, fmt: str, data: bytes, name: str, options: dict, keep: bool = False
    ) -> dict:
        """Parse ``data`` as ``fmt`` in the child; return its JSON result.

        With ``keep`` the input file stays in the child's folder until
        :meth:`close`, and the result names it as ``"input"``. Raises
        :class:`ParseError` with the child's message, or saying that the
        parser crashed or ran out of time.
        """
        source = self.path("input")
        source.write_bytes(data)
        request = {"format": fmt, "input": str(source), "name": name}
        request["options"] = {**options, "workdir": self.folder.name}
        process = self._start()
        try:
            process.stdin.write((json.dumps(request) + "\n").encode())
            process.stdin.flush()
        except BrokenPipeError:
            raise self._crashed(process, name) from None
        ready, _, _ = select.select([process.stdout], [], [], self.seconds)
        if not ready:
            self._kill()
            raise ParseError(
                f"Parsing {name} took longer than HARVEST_PARSE_SECONDS "
                f"({self.seconds:.0f} s)"
            )
        line = process.stdout.readline()
        if not keep:
            source.unlink(missing_ok=True)
        if not line:
            raise self._crashed(process, name)
        answer = json.loads(line)
        if not answer["ok"]:
            raise ParseError(answer["error"])
        if keep:
            answer["result"]["input"] = str(source)
        return answer["result"]

    def _crashed(self, process: subprocess.Popen, name: str) -> ParseError:
        code = process.wait(timeout=10)
        detail = process.stderr.read().decode("utf-8", "replace").strip()
        last = detail.splitlines()[-1] if detail else ""
        how = f"signal {-code}" if code < 0 else f"exit status {code}"
        if "MemoryError" in detail or "memory allocation" in detail:
            how += ", out of memory (HARVEST_PARSE_MEMORY_MB)"
        self._process = None
        return ParseError(f"The parser crashed on {name} ({how}) {last}".strip())

    def _kill(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._process = None

    def close(self) -> None:
        """Stop the child and remove its files."""
        if self._process is not None and self._process.poll() is None:
            self._process.stdin.close()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._kill()
        if self._process is not None:
            for stream in (self._process.stdout, self._process.stderr):
                stream.close()
        self._process = None
        self.folder.cleanup()


def _limit(memory_mb: int, seconds: int) -> None:
    """Cap this process before any parser is imported."""
    import resource

    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 5))


def _serve() -> None:
    """The child's loop: one request per line on stdin, one answer on stdout."""
    _limit(int(sys.argv[1]), int(sys.argv[2]))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    from loaders.errors import HarvestError
    from loaders.formats import parse_document

    for line in sys.stdin:
        request = json.loads(line)
        try:
            data = Path(request["input"]).read_bytes()
            result = parse_document(
                request["format"], data, request["name"], request["options"]
            )
            answer = {"ok": True, "result": result}
        except HarvestError as error:
            answer = {"ok": False, "error": str(error)}
        except MemoryError:
            answer = {
                "ok": False,
                "error": f"{request['name']} needs more memory than "
                "HARVEST_PARSE_MEMORY_MB allows",
            }
        except RecursionError:
            answer = {"ok": False, "error": f"{request['name']} is nested too deeply"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    _serve()
