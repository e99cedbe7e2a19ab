"""The app under the production WSGI servers the README names (as the bench runs it)."""

from __future__ import annotations

import os
import subprocess
import time

import pytest
import requests

from bench.sparql import server_command
from tests.conftest import free_port


@pytest.mark.slow
@pytest.mark.parametrize("server", ["granian", "gunicorn"])
def test_pages_and_public_queries_answer_under_the_server(server, tmp_path):
    port = free_port()
    env = dict(
        os.environ,
        WIJKWIJZER_DATA_DIR=str(tmp_path / "var"),
        WIJKWIJZER_STORE="embedded",
        WIJKWIJZER_HARVEST_SCHEDULE="0",
    )
    process = subprocess.Popen(
        server_command(server, 8, port),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                home = requests.get(base + "/", timeout=5)
                break
            except requests.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"{server} did not come up: {process.stderr.read()}")
                time.sleep(0.2)
        answer = requests.post(
            base + "/sparql",
            data={"query": "ASK { }"},
            headers={"Accept": "application/sparql-results+json"},
            timeout=30,
        )
        refused = requests.get(
            base + "/sparql",
            params={"query": "SELECT * { SERVICE <http://127.0.0.1/> { ?s ?p ?o } }"},
            timeout=30,
        )
    finally:
        process.terminate()
        process.wait(timeout=30)

    assert home.status_code == 200
    assert answer.status_code == 200 and answer.json()["boolean"] is True
    assert refused.status_code == 400
