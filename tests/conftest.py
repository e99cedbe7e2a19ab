"""Shared fixtures: settings, stores of every backend, the app, its client and CLI."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

from graph_service import settings as settings_module
from graph_service.store.embedded import EmbeddedStore
from graph_service.store.remote import RemoteStore

BASE = "https://data.wijkwijzer.nl/"
DATA = Path(__file__).parent / "data"


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A real ``oxigraph serve`` on a free loopback port, for the remote backend."""
    binary = shutil.which("oxigraph")
    if binary is None:
        pytest.fail("the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    folder = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen(
        [binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(url + "/query?query=ASK%7B%7D", timeout=1)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("oxigraph serve did not start within 30 s")
    yield url
    process.terminate()
    process.wait(timeout=10)


def remote_store(url: str, **kwargs) -> RemoteStore:
    """A remote store on an emptied server."""
    requests.post(
        url + "/update",
        data="DROP ALL",
        headers={"Content-Type": "application/sparql-update"},
        timeout=10,
    ).raise_for_status()
    return RemoteStore(
        url + "/query", url + "/update", url + "/store", base_iri=BASE, **kwargs
    )


@pytest.fixture(params=["memory", "embedded", "remote"])
def backend(request):
    """The name of each backend in turn."""
    return request.param


@pytest.fixture
def make_store(backend, tmp_path, request):
    """Build a fresh store of the current backend, with optional limits."""
    made = []

    def build(**kwargs):
        if backend == "remote":
            url = request.getfixturevalue("oxigraph_server")
            store = remote_store(url, **kwargs)
        elif backend == "embedded":
            store = EmbeddedStore(tmp_path / f"store{len(made)}", BASE, **kwargs)
        else:
            store = EmbeddedStore(None, BASE, **kwargs)
        made.append(store)
        return store

    yield build
    for store in made:
        store.close()


@pytest.fixture
def store(make_store):
    """A fresh, empty store of the current backend."""
    return make_store()


@pytest.fixture
def config(tmp_path):
    """Settings for a test: an embedded store in a temporary folder."""
    return settings_module.resolve({"DATA_DIR": str(tmp_path / "var")})
