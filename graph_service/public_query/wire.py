"""The loopback hop to a query worker: one keep-alive socket, bytes in, bytes out.

``http.client`` costs more per request than the trivial query it carries: it
writes the head and the body in two system calls and parses the answer's
head with the ``email`` package. A worker is an ``oxigraph`` server on
loopback that we started ourselves, so this module writes each request in one
call and reads just what the service needs (status, ``Content-Type`` and the
body, framed by ``Content-Length``, chunked encoding or the end of the
connection), with the deadline and the byte limit checked on every read.

A keep-alive connection that the worker closed while idle fails on its next
use before any answer arrives; such a request is sent once more on a fresh
connection (queries are read-only, so a resend is harmless).
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass

_CHUNK = 1 << 16
# The longest answer head we accept from a worker, in bytes.
_MAX_HEAD = 1 << 16


class WorkerTimeout(Exception):
    """The worker did not finish its answer before the deadline."""


class WorkerFailed(Exception):
    """The worker died or broke the connection while answering."""


class AnswerTooLarge(Exception):
    """The answer grew past the byte limit."""


class _Stale(WorkerFailed):
    """The connection was closed before any byte of the answer arrived."""


@dataclass
class Reply:
    """What a worker answered: status, media type and the complete body."""

    status: int
    content_type: str
    body: bytes


class Connection:
    """A keep-alive HTTP/1.1 connection to one worker on loopback."""

    def __init__(self, host: str, port: int, sock: socket.socket | None = None):
        self.host = host
        self.port = port
        self.sock = sock
        self._buffer = bytearray()
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def close(self) -> None:
        """Close the socket; the next request opens a new one."""
        if self.sock is not None:
            self.sock.close()
            self.sock = None
        self._buffer.clear()

    def post_form(
        self, path: str, body: bytes, accept: str, deadline: float, max_bytes: int
    ) -> Reply:
        """POST a URL-encoded form and read the whole answer before ``deadline``.

        Raises ``WorkerTimeout``, ``WorkerFailed`` or ``AnswerTooLarge``; after
        any of them the connection is closed.
        """
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Accept: {accept}\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        request = head.encode("latin-1") + body
        reused = self.sock is not None
        try:
            try:
                return self._exchange(request, deadline, max_bytes)
            except _Stale:
                if not reused:
                    raise
                self.close()
                return self._exchange(request, deadline, max_bytes)
        except TimeoutError:
            self.close()
            raise WorkerTimeout() from None
        except OSError as error:
            self.close()
            raise WorkerFailed(str(error)) from None
        except (WorkerTimeout, WorkerFailed, AnswerTooLarge):
            self.close()
            raise

    def _exchange(self, request: bytes, deadline: float, max_bytes: int) -> Reply:
        if self.sock is None:
            sock = socket.create_connection((self.host, self.port), _left(deadline))
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.sock = sock
        self._buffer.clear()
        try:
            self.sock.settimeout(_left(deadline))
            self.sock.sendall(request)
            end = self._read_head(deadline)
        except (BrokenPipeError, ConnectionResetError) as error:
            if not self._buffer:
                raise _Stale(str(error)) from None
            raise
        status, headers = _parse_head(bytes(self._buffer[:end]))
        del self._buffer[: end + 4]
        framing = headers.get("transfer-encoding", "").lower()
        if "chunked" in framing:
            body = self._read_chunked(deadline, max_bytes)
        elif "content-length" in headers:
            length = int(headers["content-length"])
            body = self._read_length(length, deadline, max_bytes)
        else:
            body = self._read_to_end(deadline, max_bytes)
        if headers.get("connection", "").lower() == "close":
            self.close()
        return Reply(status, headers.get("content-type", ""), body)

    def _fill(self, deadline: float) -> None:
        """Read more bytes into the buffer; the worker must still be there."""
        self.sock.settimeout(_left(deadline))
        chunk = self.sock.recv(_CHUNK)
        if not chunk:
            if not self._buffer:
                raise _Stale("the worker closed the connection")
            raise WorkerFailed("the worker closed the connection mid-answer")
        self._buffer += chunk

    def _read_head(self, deadline: float) -> int:
        """Read until the blank line ending the head; return where it starts."""
        start = 0
        while True:
            end = self._buffer.find(b"\r\n\r\n", start)
            if end >= 0:
                return end
            if len(self._buffer) > _MAX_HEAD:
                raise WorkerFailed("the worker sent an overlong answer head")
            start = max(0, len(self._buffer) - 3)
            self._fill(deadline)

    def _read_length(self, length: int, deadline: float, max_bytes: int) -> bytes:
        if length > max_bytes:
            raise AnswerTooLarge()
        while len(self._buffer) < length:
            self._fill(deadline)
        body = bytes(self._buffer[:length])
        del self._buffer[:length]
        return body

    def _read_chunked(self, deadline: float, max_bytes: int) -> bytes:
        parts, size, at = [], 0, 0
        while True:
            line_end = self._buffer.find(b"\r\n", at)
            if line_end < 0:
                self._fill(deadline)
                continue
            length = int(bytes(self._buffer[at:line_end]).split(b";")[0], 16)
            if length == 0:
                self._read_trailer(line_end, deadline)
                break
            size += length
            if size > max_bytes:
                raise AnswerTooLarge()
            start = line_end + 2
            while len(self._buffer) < start + length + 2:
                self._fill(deadline)
            parts.append(bytes(self._buffer[start : start + length]))
            at = start + length + 2
            if at > _CHUNK:
                del self._buffer[:at]
                at = 0
        self._buffer.clear()
        return b"".join(parts)

    def _read_trailer(self, at: int, deadline: float) -> None:
        """Wait for the end of the (usually empty) trailer after the last chunk."""
        while self._buffer[at + 2 : at + 4] != b"\r\n":
            if self._buffer.find(b"\r\n\r\n", at) >= 0:
                return
            self._fill(deadline)

    def _read_to_end(self, deadline: float, max_bytes: int) -> bytes:
        while True:
            if len(self._buffer) > max_bytes:
                raise AnswerTooLarge()
            self.sock.settimeout(_left(deadline))
            chunk = self.sock.recv(_CHUNK)
            if not chunk:
                break
            self._buffer += chunk
        body = bytes(self._buffer)
        self.close()
        return body


def _left(deadline: float) -> float:
    """Seconds to the deadline; ``WorkerTimeout`` when it has passed."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise WorkerTimeout()
    return left


def _parse_head(head: bytes) -> tuple[int, dict[str, str]]:
    """The status code and the (lower-cased) headers of an answer head."""
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
        raise WorkerFailed("the worker sent a malformed status line")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(parts[1]), headers
