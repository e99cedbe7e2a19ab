"""How the CLI finds a running service that owns the embedded store.

A service that opens the embedded store writes ``DATA_DIR/service.json`` (mode
0600) with its URL, process id and a random admin token, and removes it when it
stops. The CLI reads the file and sends its commands to the service's admin
API instead of opening the store itself; the store stays with one process.
"""

from __future__ import annotations

import atexit
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import requests

from graph_service.errors import ServiceError
from graph_service.store.base import GraphInfo, LoadReport
from graph_service.store.source import as_source


@dataclass(frozen=True)
class ServiceInfo:
    """Where a running service listens and the token its admin API wants."""

    url: str
    pid: int
    token: str


def service_file(data_dir: str | os.PathLike) -> Path:
    """The file a running service announces itself in."""
    return Path(data_dir) / "service.json"


def announce(data_dir: str | os.PathLike, url: str) -> ServiceInfo:
    """Write the service file for this process; it is removed at exit."""
    info = ServiceInfo(url, os.getpid(), secrets.token_urlsafe(32))
    path = service_file(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(info.__dict__, handle)
    atexit.register(_withdraw, path, info.pid)
    return info


def _withdraw(path: Path, pid: int) -> None:
    """Remove the service file if it is still ours."""
    found = _read(path)
    if found is not None and found.pid == pid:
        path.unlink(missing_ok=True)


def _read(path: Path) -> ServiceInfo | None:
    try:
        return ServiceInfo(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def running_service(data_dir: str | os.PathLike) -> ServiceInfo | None:
    """The service that owns the store under ``data_dir``, if one is alive."""
    info = _read(service_file(data_dir))
    if info is None or not _alive(info.pid):
        return None
    try:
        requests.get(info.url + "/_admin/version", timeout=3, headers=_auth(info))
    except requests.RequestException:
        return None
    return info


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _auth(info: ServiceInfo) -> dict[str, str]:
    return {"Authorization": f"Bearer {info.token}"}


class ServiceClient:
    """The CLI's view of a running service: the store operations it needs."""

    def __init__(self, info: ServiceInfo, timeout: float = 3600):
        self.info = info
        self.timeout = timeout
        self.kind = "service"

    def _call(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {**_auth(self.info), **kwargs.pop("headers", {})}
        try:
            response = requests.request(
                method,
                self.info.url + path,
                headers=headers,
                timeout=self.timeout,
                **kwargs,
            )
        except requests.RequestException as error:
            raise ServiceError(
                f"The running service at {self.info.url} did not answer: {error}"
            ) from None
        if response.status_code >= 400:
            try:
                message = response.json()["error"]["message"]
            except (ValueError, KeyError, TypeError):
                message = response.text[:300]
            raise ServiceError(message)
        return response

    def replace_graph(self, graph, source, *, format=None, progress=None, **_):
        """Send a file to the service, which replaces the graph with it."""
        src = as_source(source, format=format)
        with src.open(progress) as stream:
            response = self._call(
                "PUT",
                "/_admin/graphs",
                params={"graph": graph},
                data=iter(lambda: stream.read(1 << 20), b""),
                headers={"Content-Type": src.format.media_type, "X-Source": src.name},
            )
        return LoadReport(**response.json())

    def drop_graph(self, graph: str) -> bool:
        """Ask the service to drop a graph."""
        return self._call("DELETE", "/_admin/graphs", params={"graph": graph}).json()[
            "dropped"
        ]

    def graphs(self):
        """Named graphs and their sizes, from the service."""
        rows = self._call("GET", "/_admin/graphs").json()["graphs"]
        return [GraphInfo(r["iri"], r["triples"]) for r in rows]

    def dump(self, output, format=None, graph=None) -> None:
        """Stream a dump from the service into ``output``."""
        params = {"format": format.file_extension if format else "nq"}
        if graph:
            params["graph"] = graph
        response = self._call("GET", "/_admin/dump", params=params, stream=True)
        for chunk in response.iter_content(1 << 20):
            output.write(chunk)

    def backup(self, target: str) -> None:
        """Ask the service to back its store up into ``target``."""
        self._call(
            "POST", "/_admin/backup", json={"target": str(Path(target).resolve())}
        )

    def data_version(self):
        """The service's data version."""
        return self._call("GET", "/_admin/version").json()["version"]

    def close(self) -> None:
        """Nothing to release."""

    # -- feeds and harvests (see loaders/) ------------------------------------

    def feeds(self) -> list[dict]:
        """The registered feeds, from the service."""
        return self._call("GET", "/_admin/feeds").json()["feeds"]

    def add_feed(self, feed: dict) -> None:
        """Ask the service to register (or replace) a feed."""
        self._call("POST", "/_admin/feeds", json=feed)

    def remove_feed(self, key: str) -> None:
        """Ask the service to unregister ``partner/feed``."""
        self._call("DELETE", "/_admin/feeds", params={"feed": key})

    def harvest(self, key: str, force: bool = False) -> dict:
        """Ask the service to harvest one feed now; return the report."""
        response = self._call(
            "POST", "/_admin/harvest", json={"feed": key, "force": force}
        )
        return response.json()

    # -- partner tokens (see graph_service/private.py) ------------------------

    def tokens(self) -> list[dict]:
        """Every partner token, from the service."""
        return self._call("GET", "/_admin/tokens").json()["tokens"]

    def create_token(self, partner: str) -> dict:
        """Ask the service for a new token; the answer holds the secret once."""
        return self._call("POST", "/_admin/tokens", json={"partner": partner}).json()

    def revoke_token(self, token_id: int) -> None:
        """Ask the service to revoke a token."""
        self._call("DELETE", f"/_admin/tokens/{int(token_id)}")
