"""Limits of public queries: time, rows, bytes, busy workers, rate; and isolation."""

from __future__ import annotations

import os
import threading
import time

import pytest

SLOW = (
    "SELECT (COUNT(*) AS ?n) WHERE { "
    + " ".join(
        f"VALUES ?v{i} {{ {' '.join(str(n) for n in range(60))} }}" for i in range(6)
    )
    + " }"
)
ROWS = "SELECT ?i WHERE { VALUES ?i { 1 2 3 4 5 6 7 8 9 10 } }"


@pytest.mark.slow
def test_query_over_the_time_limit_is_504_naming_the_setting(app_with):
    app = app_with(QUERY_TIME_LIMIT=1, QUERY_WORKERS=1)
    client = app.test_client()
    started = time.monotonic()

    response = client.get("/sparql", query_string={"query": SLOW})

    assert response.status_code == 504
    assert "QUERY_TIME_LIMIT" in response.get_json()["error"]["message"]
    assert time.monotonic() - started < 5
    assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_more_rows_than_the_limit_is_a_400_naming_the_setting(app_with, fmt):
    client = app_with(QUERY_ROW_LIMIT=5).test_client()

    response = client.get("/sparql", query_string={"query": ROWS, "format": fmt})

    assert response.status_code == 400
    assert "QUERY_ROW_LIMIT" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_rows_up_to_the_limit_are_answered_whole(app_with, fmt):
    client = app_with(QUERY_ROW_LIMIT=10).test_client()

    response = client.get("/sparql", query_string={"query": ROWS, "format": fmt})

    assert response.status_code == 200


def test_a_query_with_its_own_small_limit_is_answered(app_with):
    client = app_with(QUERY_ROW_LIMIT=5).test_client()

    response = client.get("/sparql", query_string={"query": ROWS + " LIMIT 3"})

    assert len(response.get_json()["results"]["bindings"]) == 3


def test_answer_over_the_byte_limit_is_a_400_naming_the_setting(app_with):
    client = app_with(QUERY_MAX_RESULT_BYTES=200).test_client()

    response = client.get("/sparql", query_string={"query": ROWS})

    assert response.status_code == 400
    assert "QUERY_MAX_RESULT_BYTES" in response.get_json()["error"]["message"]


TRIPLES = (
    "CONSTRUCT { ?s <https://example.org/p> ?i } "
    "WHERE { VALUES ?i { 1 2 3 4 5 6 7 8 9 10 } BIND(<https://example.org/s> AS ?s) }"
)


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "rdf", "nq"])
def test_more_triples_than_the_limit_is_a_400_naming_the_setting(app_with, fmt):
    client = app_with(QUERY_TRIPLE_LIMIT=5).test_client()

    response = client.get("/sparql", query_string={"query": TRIPLES, "format": fmt})

    assert response.status_code == 400
    assert "QUERY_TRIPLE_LIMIT" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "rdf", "nq"])
def test_triples_up_to_the_limit_are_answered_whole(app_with, fmt):
    client = app_with(QUERY_TRIPLE_LIMIT=10).test_client()

    response = client.get("/sparql", query_string={"query": TRIPLES, "format": fmt})

    assert response.status_code == 200


def test_graph_store_read_over_the_triple_limit_is_a_400(app_with):
    client = app_with(QUERY_TRIPLE_LIMIT=3).test_client()

    response = client.get("/graph-store", query_string={"default": ""})

    assert response.status_code == 400
    assert "QUERY_TRIPLE_LIMIT" in response.get_json()["error"]["message"]


@pytest.mark.slow
def test_all_workers_busy_is_503_with_retry_after(app_with):
    app = app_with(QUERY_TIME_LIMIT=2, QUERY_WORKERS=1, QUERY_QUEUE_SECONDS=0)
    client = app.test_client()
    app.extensions["public_queries"].start()
    slow = threading.Thread(
        target=lambda: app.test_client().get("/sparql", query_string={"query": SLOW})
    )
    slow.start()
    time.sleep(0.5)

    response = client.get("/sparql", query_string={"query": "ASK {}"})
    slow.join()

    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) >= 1


def test_rate_limit_per_client_is_429_with_retry_after(app_with):
    client = app_with(QUERY_RATE_LIMIT=2).test_client()

    statuses = [
        client.get("/sparql", query_string={"query": "ASK {}"}).status_code
        for _ in range(3)
    ]
    response = client.get("/sparql", query_string={"query": "ASK {}"})

    assert statuses == [200, 200, 429]
    assert "QUERY_RATE_LIMIT" in response.get_json()["error"]["message"]
    assert int(response.headers["Retry-After"]) >= 1


@pytest.mark.slow
def test_a_query_that_crashes_its_worker_costs_only_that_query(app_with):
    app = app_with(QUERY_MAX_DEPTH=10**6, QUERY_MAX_LENGTH=10**6)
    client = app.test_client()
    deep = "SELECT * WHERE " + "{" * 100000 + "}" * 100000

    crashed = client.post("/sparql", data={"query": deep})

    assert crashed.status_code in (400, 502)
    assert "error at" not in crashed.get_data(as_text=True)
    assert client.get("/").status_code == 200
    assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200


@pytest.mark.slow
def test_pages_answer_while_a_hostile_query_runs(app_with):
    app = app_with(QUERY_TIME_LIMIT=3)
    hostile = threading.Thread(
        target=lambda: app.test_client().get("/sparql", query_string={"query": SLOW})
    )
    app.extensions["public_queries"].start()
    hostile.start()
    time.sleep(0.3)
    started = time.monotonic()

    page = app.test_client().get("/")

    assert page.status_code == 200
    assert time.monotonic() - started < 1.0
    hostile.join()


def _niceness(pid: int) -> int:
    """The nice value of a process, from /proc (field 19 of its stat line)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[16])


def test_query_workers_run_at_the_configured_lower_priority(app_with):
    app = app_with(QUERY_WORKER_NICE=7)
    client = app.test_client()

    assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200

    alive = [w for w in app.extensions["public_queries"].pool._all if w.alive]
    expected = min(19, _niceness(os.getpid()) + 7)
    assert alive and [_niceness(w.process.pid) for w in alive] == [expected] * len(
        alive
    )


def test_worker_niceness_outside_0_to_19_is_refused(app_with):
    with pytest.raises(ValueError, match="QUERY_WORKER_NICE must be between 0 and 19"):
        app_with(QUERY_WORKER_NICE=20)


def test_a_request_body_longer_than_any_query_needs_is_413(app_with):
    app = app_with(QUERY_MAX_LENGTH=100)
    client = app.test_client()
    body = "query=" + "x" * 100 * 12 + "&" + "y=" + "z" * 70000

    form = client.post(
        "/sparql",
        data=body,
        content_type="application/x-www-form-urlencoded",
    )
    direct = client.post(
        "/sparql", data="A" * 80000, content_type="application/sparql-query"
    )

    assert form.status_code == 413 and direct.status_code == 413
    assert form.get_json()["error"]["status"] == 413


def _threads(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    raise AssertionError("no thread count")


def test_a_busy_worker_does_not_pile_up_threads(app_with):
    app = app_with(QUERY_WORKERS=1)
    client = app.test_client()

    statuses = {
        client.get("/sparql", query_string={"query": f"ASK {{ }} # {n}"}).status_code
        for n in range(400)
    }

    (worker,) = app.extensions["public_queries"].pool._all
    assert statuses == {200}
    assert _threads(worker.process.pid) < 50
