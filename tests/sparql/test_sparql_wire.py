"""The loopback hop to a worker: framing, limits, deadlines and stale connections.

Each test runs a tiny scripted HTTP server on loopback that answers with the
exact bytes of the situation it sets up.
"""

from __future__ import annotations

import socket
import threading
import time

import pytest

from graph_service.public_query.wire import (
    AnswerTooLarge,
    Connection,
    WorkerFailed,
    WorkerTimeout,
)

JSON_HEAD = b"HTTP/1.1 200 OK\r\ncontent-type: application/sparql-results+json\r\n"


class ScriptedServer:
    """Accepts connections; answers each request with the next scripted reply.

    A reply of None closes the connection instead of answering; a reply in a
    tuple is sent and then the connection is closed.
    """

    def __init__(self, replies: list):
        self.replies = list(replies)
        self.requests: list[bytes] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while self.replies:
            conn, _ = self.listener.accept()
            with conn:
                while self.replies:
                    data = conn.recv(65536)
                    if not data:
                        break
                    self.requests.append(data)
                    reply = self.replies.pop(0)
                    if reply is None:
                        break
                    if isinstance(reply, tuple):
                        conn.sendall(reply[0])
                        break
                    conn.sendall(reply)

    def connect(self) -> Connection:
        return Connection("127.0.0.1", self.port)


def ask(connection: Connection, max_bytes: int = 1000, seconds: float = 2.0):
    deadline = time.monotonic() + seconds
    return connection.post_form(
        "/query", b"query=ASK%7B%7D", "*/*", deadline, max_bytes
    )


def test_request_is_one_write_with_its_length():
    server = ScriptedServer([JSON_HEAD + b"content-length: 2\r\n\r\n{}"])

    ask(server.connect())

    assert server.requests[0].startswith(b"POST /query HTTP/1.1\r\n")
    assert server.requests[0].endswith(b"Content-Length: 15\r\n\r\nquery=ASK%7B%7D")


def test_chunked_answer_is_joined():
    body = b'5\r\n{"a":\r\n3\r\n 1}\r\n0\r\n\r\n'
    server = ScriptedServer([JSON_HEAD + b"transfer-encoding: chunked\r\n\r\n" + body])

    reply = ask(server.connect())

    assert (reply.status, reply.body) == (200, b'{"a": 1}')
    assert reply.content_type == "application/sparql-results+json"


def test_keep_alive_connection_is_reused():
    answer = JSON_HEAD + b"content-length: 2\r\n\r\n{}"
    server = ScriptedServer([answer, answer])
    connection = server.connect()

    first, second = ask(connection), ask(connection)

    assert first.body == second.body == b"{}"
    assert len(server.requests) == 2


def test_connection_closed_while_idle_is_reopened_once():
    answer = JSON_HEAD + b"content-length: 2\r\n\r\n{}"
    server = ScriptedServer([answer, None, answer])
    connection = server.connect()
    ask(connection)

    reply = ask(connection)

    assert reply.body == b"{}"


def test_answer_over_the_byte_limit_is_refused_from_its_length():
    server = ScriptedServer([JSON_HEAD + b"content-length: 5000\r\n\r\n"])

    with pytest.raises(AnswerTooLarge):
        ask(server.connect(), max_bytes=100)


def test_chunked_answer_over_the_byte_limit_is_refused():
    chunk = b"64\r\n" + b"x" * 100 + b"\r\n"
    server = ScriptedServer(
        [JSON_HEAD + b"transfer-encoding: chunked\r\n\r\n" + chunk * 3]
    )

    with pytest.raises(AnswerTooLarge):
        ask(server.connect(), max_bytes=250)


def test_answer_cut_off_mid_body_is_a_failure_not_a_short_answer():
    cut = JSON_HEAD + b'content-length: 50\r\n\r\n{"partial"'
    server = ScriptedServer([(cut,)])
    connection = server.connect()

    with pytest.raises(WorkerFailed):
        ask(connection)
    assert connection.sock is None


def test_silent_worker_runs_into_the_deadline():
    with socket.create_server(("127.0.0.1", 0)) as never_answers:
        port = never_answers.getsockname()[1]

        with pytest.raises(WorkerTimeout):
            ask(Connection("127.0.0.1", port), seconds=0.2)


def test_refused_connection_is_a_failure():
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]

    with pytest.raises(WorkerFailed):
        ask(Connection("127.0.0.1", port))
