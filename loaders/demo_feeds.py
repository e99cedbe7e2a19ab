"""The demo partners' feeds, served on loopback and harvested for real.

``wijkwijzer demo`` calls :func:`start`: it serves ``demo/feeds/`` from a
local HTTP server on 127.0.0.1 (a free port), registers one feed per demo
partner in the registry, and harvests them all before the site opens. The
files hold real items of ``demo/catalogue.ttl`` (see ``make_feeds.py``).
"""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from graph_service.resources import resource_path
from loaders.registry import PROTOCOLS, Feed, add_feed

# partner -> (feed name, protocol, path, media type)
DEMO = {
    "platform31": ("nieuws", "rss", "/platform31/rss.xml", None),
    "verwey-jonker-instituut": (
        "publicaties", "atom", "/verwey-jonker-instituut/atom.xml", None
    ),
    "movisie": ("repository", "oai-pmh", "/movisie/oai", None),
    "ccv": ("spreadsheet", "csv", "/ccv/publicaties.csv", None),
    "lpb": ("nieuws", "rss", "/lpb/rss.xml", None),
    "lsa": ("publicaties", "atom", "/lsa/atom.xml", None),
    "bzk": ("publicaties", "rdf", "/bzk/publicaties.ttl", "text/turtle"),
    "vng": ("publicaties", "rdf", "/vng/publicaties.jsonld", "application/ld+json"),
}  # fmt: skip
# A second feed for two partners: their website's sitemap, their event stream.
SECOND = {
    "lpb": ("website", "sitemap", "/lpb/sitemap.xml", None),
    "lsa": ("gebeurtenissen", "ldes", "/lsa/ldes/1.ttl", None),
}
TYPES = {".xml": "application/xml", ".ttl": "text/turtle", ".csv": "text/csv",
         ".jsonld": "application/ld+json", ".html": "text/html"}  # fmt: skip


class _Handler(SimpleHTTPRequestHandler):
    """Static files, plus the OAI-PMH verbs mapped onto page files."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def log_message(self, *args):
        pass

    def do_GET(self):
        parts = urlsplit(self.path)
        if parts.path.endswith("/oai"):
            query = parse_qs(parts.query)
            page = "oai-2.xml" if query.get("resumptionToken") else "oai-1.xml"
            self.path = parts.path[: -len("oai")] + page
        if parts.path.endswith("/sitemap.xml"):
            self._sitemap(parts.path)
            return
        super().do_GET()

    def _sitemap(self, path: str) -> None:
        """A sitemap with this server's address in place of ``{host}``."""
        file = resource_path("demo") / "feeds" / path.lstrip("/")
        if not file.is_file():
            self.send_error(404)
            return
        host = f"http://{self.headers.get('Host', '127.0.0.1')}"
        body = file.read_bytes().replace(b"{host}", host.encode())
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve() -> tuple[ThreadingHTTPServer, str]:
    """Serve ``demo/feeds/`` on a free loopback port in a daemon thread."""
    folder = resource_path("demo") / "feeds"
    handler = functools.partial(_Handler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def demo_feeds(url: str) -> list[Feed]:
    """One feed per demo partner, served under ``url``."""
    folder = resource_path("demo") / "feeds"
    feeds = []
    listed = list(DEMO.items()) + list(SECOND.items())
    for partner, (name, protocol, path, media) in listed:
        mapping = folder / partner / "mapping.json"
        feeds.append(
            Feed(
                partner=partner,
                slug=name,
                title=f"Demofeed {name} ({protocol})",
                url=url + path,
                protocol=protocol,
                media_type=media or PROTOCOLS[protocol][1],
                interval="PT1H",
                mapping=mapping.read_text(encoding="utf-8")
                if mapping.exists()
                else None,
            )
        )
    return feeds


def start(store, config: dict, echo=print) -> ThreadingHTTPServer:
    """Serve, register and harvest the demo feeds; return the running server."""
    from loaders.pipeline import Harvester

    server, url = serve()
    harvester = Harvester(store, {**config, "HARVEST_ALLOW_PRIVATE": True})
    for feed in demo_feeds(url):
        add_feed(store, feed)
        echo(harvester.harvest(feed, force=True).summary())
    return server
