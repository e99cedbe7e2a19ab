"""Harvest benchmark: the whole pipeline against what pyoxigraph does alone.

One run reports, with their targets:

* first harvest of a synthetic Turtle feed (default 1M triples, served by a
  loopback HTTP server) as a speed ratio to raw ``Store.bulk_load`` of the
  same file (>= 0.5), and its peak memory as a ratio to the raw load's
  (<= 1.25);
* re-harvest of the unchanged feed as a time ratio to parsing the file with
  pyoxigraph (<= 1.5);
* records per second, end to end, for an RSS feed and an OAI-PMH feed
  (default 20,000 records each; >= 2,000).

Raw load, parse and the big harvest each run in their own child process;
peak memory comes from ``os.wait4`` (the harvest child's own peak and that of
its parse child, whichever is larger; their sum is printed too). The
synthetic items link real concept IRIs; the synthetic partners they name are
loaded into the store first, as a registered partner would be.

    python -m bench.harvest [--triples 1000000] [--records 20000]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from bench.synthetic import SYNTHETIC, generate
from bench.synthetic_feeds import oai_pages, rss

OUT = Path(__file__).parent / "out"
ROOT = Path(__file__).resolve().parent.parent
TYPES = {".ttl": "text/turtle", ".xml": "application/xml"}

_RAW = """
import sys, pyoxigraph as o
store = o.Store(sys.argv[1])
store.bulk_load(path=sys.argv[2], format=o.RdfFormat.TURTLE,
                to_graph=o.NamedNode("https://data.wijkwijzer.nl/graph/bench"))
store.flush()
"""

_PARSE = """
import sys, time, json, pyoxigraph as o
started = time.perf_counter()
count = sum(1 for _ in o.parse(path=sys.argv[2], format=o.RdfFormat.TURTLE))
print(json.dumps({"seconds": time.perf_counter() - started, "triples": count}))
"""

_HARVEST = """
import json, resource, sys, time
from bench.harvest import seeded_store, harvester_for
from loaders.registry import Feed, add_feed
store = seeded_store(sys.argv[1], sys.argv[3])
feed = Feed("synthetisch", "bench", "Bench", sys.argv[2], "rdf", "text/turtle")
add_feed(store, feed)
harvester = harvester_for(store)
out = {}
for name in ("first", "again"):
    started = time.perf_counter()
    report = harvester.harvest(feed)
    out[name] = {"seconds": time.perf_counter() - started,
                 "status": report.status, "error": report.error,
                 "records": report.records, "triples": report.triples,
                 "quarantined": len(report.quarantined)}
    if name == "first":
        out["self_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        out["child_rss"] = (
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)
store.close()
print(json.dumps(out))
"""


def seeded_store(path: str | None, partners: str | None = None):
    """A store with the ontology, TOOI data, real and synthetic partners."""
    from graph_service.demo import demo_bundles, ontology_bundle, reference_bundles
    from graph_service.store.embedded import EmbeddedStore

    base = "https://data.wijkwijzer.nl/"
    store = EmbeddedStore(path, base)
    for bundle in (ontology_bundle(), *reference_bundles(), demo_bundles()[0]):
        store.replace_graph(base + bundle.graph, bundle.read(), format=bundle.format)
    if partners:
        graph = base + "graph/bench-partners"
        store.replace_graph(graph, Path(partners).read_bytes(), format="nt")
    return store


def harvester_for(store):
    """A harvester allowed to fetch big files from loopback."""
    from graph_service import settings
    from loaders.pipeline import Harvester

    config = settings.resolve(
        {
            "STORE": "memory",
            "HARVEST_ALLOW_PRIVATE": True,
            "HARVEST_MAX_BYTES": 4 * 1024**3,
            "HARVEST_TIMEOUT": 3600,
            "HARVEST_PARSE_SECONDS": 3600,
            "HARVEST_PARSE_MEMORY_MB": 16384,
        }
    )
    return Harvester(store, config)


class _Files(BaseHTTPRequestHandler):
    """Serve files from ``folder``; ``/oai`` pages by resumptionToken."""

    def __init__(self, *args, folder: Path, **kwargs):
        self.folder = folder
        super().__init__(*args, **kwargs)

    def log_message(self, *args):
        pass

    def do_GET(self):
        parts = urlsplit(self.path)
        name = parts.path.lstrip("/")
        if name == "oai":
            token = parse_qs(parts.query).get("resumptionToken", ["page-1"])[0]
            name = f"oai/oai-{token.removeprefix('page-')}.xml"
        file = self.folder / name
        if not file.is_file():
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", TYPES.get(file.suffix, "text/plain"))
        self.send_header("Content-Length", str(file.stat().st_size))
        self.end_headers()
        with open(file, "rb") as handle:
            shutil.copyfileobj(handle, self.wfile, 1024 * 1024)


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``folder`` on a free loopback port."""
    handler = functools.partial(_Files, folder=folder)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def run_child(code: str, *args: str) -> tuple[float, int, str]:
    """Run ``code`` in a child; wall seconds, peak RSS (bytes) and stdout."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    output = child.stdout.read().decode()
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        raise SystemExit(f"benchmark child failed with status {status}")
    return time.perf_counter() - started, usage.ru_maxrss * 1024, output


def split_partners(data: Path, out: Path) -> Path:
    """Copy the synthetic partners' triples (they come first) to ``out``."""
    prefix = f"<{SYNTHETIC}id/partner/".encode()
    with open(data, "rb") as source, open(out, "wb") as target:
        for line in source:
            if not line.startswith(prefix):
                break
            target.write(line)
    return out


def big_feed(triples: int, url: str, folder: Path) -> dict:
    """Raw load, parse, first harvest and re-harvest of the Turtle feed."""
    data = folder / "big.ttl"
    partners = split_partners(data, folder / "partners.nt")
    with tempfile.TemporaryDirectory(dir=OUT) as store:
        raw_s, raw_rss, _ = run_child(_RAW, store + "/raw", str(data))
    _, _, parsed = run_child(_PARSE, "", str(data))
    with tempfile.TemporaryDirectory(dir=OUT) as store:
        _, _, output = run_child(
            _HARVEST, store + "/ours", f"{url}/big.ttl", str(partners)
        )
    ours = json.loads(output.strip().splitlines()[-1])
    parse_s = json.loads(parsed)["seconds"]
    peak = max(ours["self_rss"], ours["child_rss"])
    return {
        "raw_s": raw_s,
        "raw_rss": raw_rss,
        "parse_s": parse_s,
        "ours": ours,
        "speed": raw_s / ours["first"]["seconds"],
        "again": ours["again"]["seconds"] / parse_s,
        "memory": peak / raw_rss,
        "memory_sum": (ours["self_rss"] + ours["child_rss"]) / raw_rss,
    }


def record_feeds(url: str) -> dict:
    """Records per second for the RSS and OAI-PMH feeds, end to end."""
    from loaders.registry import Feed, add_feed

    store = seeded_store(None)
    harvester = harvester_for(store)
    rates = {}
    for protocol, path in (("rss", "/rss.xml"), ("oai-pmh", "/oai")):
        feed = Feed("platform31", protocol, "Bench", url + path, protocol, "text/xml")
        add_feed(store, feed)
        started = time.perf_counter()
        report = harvester.harvest(feed)
        seconds = time.perf_counter() - started
        if report.status != "ok":
            raise SystemExit(f"{protocol} harvest failed: {report.error}")
        rates[protocol] = (report.records, seconds, report.records / seconds)
    store.close()
    return rates


def main(argv: list[str] | None = None) -> int:
    """Generate the feeds, run every measurement, print figures and targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--records", type=int, default=20_000)
    args = parser.parse_args(argv)

    folder = OUT / "harvest"
    folder.mkdir(parents=True, exist_ok=True)
    big = folder / "big.ttl"
    if not big.exists() or big.stat().st_size == 0 or args.triples != _lines(big):
        generate(args.triples, big, fmt="ttl")
    rss(args.records, folder / "rss.xml")
    oai_pages(args.records, folder / "oai")
    server, url = serve(folder)
    try:
        r = big_feed(args.triples, url, folder)
        rates = record_feeds(url)
    finally:
        server.shutdown()
        server.server_close()
    _print(args.triples, r, rates)
    return 0


def _lines(path: Path) -> int:
    with open(path, "rb") as handle:
        return sum(
            chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")
        )


def _print(triples: int, r: dict, rates: dict) -> None:
    first, again = r["ours"]["first"], r["ours"]["again"]
    mb = 2**20
    print(
        f"Turtle feed: {triples} triples, {first['records']} records, "
        f"{first['quarantined']} quarantined, status {first['status']} "
        f"{first['error']}".rstrip()
    )
    print(f"  raw bulk_load      {r['raw_s']:8.2f} s  {r['raw_rss'] / mb:8.0f} MB")
    print(
        f"  first harvest      {first['seconds']:8.2f} s  "
        f"{max(r['ours']['self_rss'], r['ours']['child_rss']) / mb:8.0f} MB peak "
        f"(harvester {r['ours']['self_rss'] / mb:.0f} MB, parse child "
        f"{r['ours']['child_rss'] / mb:.0f} MB)"
    )
    print(f"  pyoxigraph parse   {r['parse_s']:8.2f} s")
    print(f"  re-harvest         {again['seconds']:8.2f} s  ({again['status']})")
    print(f"  speed ratio   {r['speed']:6.2f}  (target >= 0.50)")
    print(f"  re-harvest    {r['again']:6.2f}  x parse (target <= 1.50)")
    print(
        f"  memory ratio  {r['memory']:6.2f}  (target <= 1.25; "
        f"sum of both processes {r['memory_sum']:.2f})"
    )
    for protocol, (records, seconds, rate) in rates.items():
        print(
            f"{protocol:8} {records} records in {seconds:6.2f} s: "
            f"{rate:8.0f} records/s (target >= 2000)"
        )


if __name__ == "__main__":
    sys.exit(main())
