"""A real HTTP server on loopback that serves fixture feeds and injects faults.

Routes map a path to a :class:`Route`: status, headers and body, plus a
fault (``trickle``, ``truncate``, ``gzip``, a sequence of statuses...).
Tests allow loopback explicitly with ``HARVEST_ALLOW_PRIVATE``.
"""

from __future__ import annotations

import gzip
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from graph_service import settings
from graph_service.demo import demo_bundles, ontology_bundle
from graph_service.store.embedded import EmbeddedStore
from loaders.pipeline import Harvester
from loaders.registry import Feed, add_feed

BASE = "https://data.wijkwijzer.nl/"
FEEDS = Path(__file__).resolve().parents[1] / "data" / "feeds"
DEMO_FEEDS = Path(__file__).resolve().parents[2] / "demo" / "feeds"


@dataclass
class Route:
    """What the server answers on one path."""

    body: bytes = b""
    content_type: str = "application/xml"
    status: int = 200
    headers: dict = field(default_factory=dict)
    fault: str = ""
    statuses: list = field(default_factory=list)  # answered first, in turn
    hits: int = 0


class FeedServer:
    """A threading HTTP server on 127.0.0.1 with settable routes."""

    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path) or server.routes.get(
                    self.path.split("?", 1)[0]
                )
                if route is None:
                    self.send_error(404)
                    return
                route.hits += 1
                server.answer(self, route)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def route(self, path: str, **kwargs) -> Route:
        """Serve ``path``; returns the route to change later."""
        self.routes[path] = Route(**kwargs)
        return self.routes[path]

    def answer(self, handler, route: Route) -> None:
        if route.statuses:
            status, headers = route.statuses.pop(0)
            handler.send_response(status)
            for k, v in headers.items():
                handler.send_header(k, v)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        etag = route.headers.get("ETag")
        if etag and handler.headers.get("If-None-Match") == etag:
            handler.send_response(304)
            handler.end_headers()
            return
        body = route.body
        handler.send_response(route.status)
        handler.send_header("Content-Type", route.content_type)
        for k, v in route.headers.items():
            handler.send_header(k, v)
        if route.fault == "gzip":
            body = gzip.compress(body)
            handler.send_header("Content-Encoding", "gzip")
        if route.fault == "truncate":
            handler.send_header("Content-Length", str(len(body) * 2))
        else:
            handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        try:
            if route.fault == "trickle":
                for byte in body:
                    handler.wfile.write(bytes([byte]))
                    handler.wfile.flush()
                    time.sleep(0.2)
            else:
                handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    """A fresh fixture feed server on loopback."""
    running = FeedServer()
    yield running
    running.close()


@pytest.fixture
def harvest_config():
    """Settings for quick harvests from loopback."""
    return settings.resolve(
        {
            "STORE": "memory",
            "TESTING": True,
            "HARVEST_ALLOW_PRIVATE": True,
            "HARVEST_TIMEOUT": 3,
            "HARVEST_RETRIES": 2,
            "HARVEST_BACKOFF_MS": 10,
            "HARVEST_PARSE_SECONDS": 20,
            "HARVEST_PARSE_MEMORY_MB": 2048,
        }
    )


@pytest.fixture
def seeded_store():
    """An in-memory store with the ontology and the real partners loaded."""
    store = EmbeddedStore(None, BASE)
    ontology = ontology_bundle()
    store.replace_graph(BASE + ontology.graph, ontology.read(), format="ttl")
    partners = demo_bundles()[0]
    store.replace_graph(BASE + partners.graph, partners.read(), format="ttl")
    yield store
    store.close()


@pytest.fixture
def harvester(seeded_store, harvest_config):
    """A harvester on the seeded store."""
    return Harvester(seeded_store, harvest_config)


def register(store, server, path: str, protocol: str, partner="platform31", **kw):
    """Register a feed of ``partner`` served at ``path``; return the Feed."""
    media = kw.pop("media_type", None)
    from loaders.registry import PROTOCOLS

    feed = Feed(
        partner=partner,
        slug=kw.pop("slug", "publicaties"),
        title=kw.pop("title", "Publicaties"),
        url=server.url + path,
        protocol=protocol,
        media_type=media or PROTOCOLS[protocol][1],
        **kw,
    )
    add_feed(store, feed)
    return feed


def graph_triples(store, graph: str) -> set:
    """The triples of one graph."""
    from pyoxigraph import NamedNode

    return {
        q.triple
        for q in store._store.quads_for_pattern(None, None, None, NamedNode(graph))
    }


def item(slug: str, title: str, partner: str = "platform31", issued="2024-05-01"):
    """A publication in Turtle that passes the shapes (unless told otherwise)."""
    return f"""
@prefix dct: <http://purl.org/dc/terms/> .
@prefix schema: <http://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{BASE}id/publicatie/{slug}> a schema:Report ;
    dct:title "{title}"@nl ;
    dct:abstract "Over {title}."@nl ;
    dct:issued "{issued}"^^xsd:date ;
    dct:publisher <{BASE}id/partner/{partner}> ;
    dct:subject <{BASE}id/thema/participatie> ;
    schema:url <https://example.org/{slug}> .
"""
