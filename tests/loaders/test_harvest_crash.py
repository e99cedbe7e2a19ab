"""A harvest killed or crashing at any moment leaves the old graph or the new one."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph_service.demo import demo_bundles, ontology_bundle
from graph_service.store.embedded import EmbeddedStore
from loaders.parse_child import ParserChild
from loaders.pipeline import Harvester
from tests.loaders.conftest import BASE, DEMO_FEEDS, graph_triples, register

ROOT = Path(__file__).resolve().parents[2]
GRAPH = BASE + "graph/feed/bzk/groot"

# Harvests the one registered feed into the store at argv[1], saying when the
# write of the feed's graph starts and ends.
_CHILD = """
import sys
from graph_service import settings
from graph_service.store.embedded import EmbeddedStore
from loaders import pipeline
from loaders.registry import read_feeds

store = EmbeddedStore(sys.argv[1], "https://data.wijkwijzer.nl/")
original = pipeline.write_graph

def traced(*args, **kwargs):
    print("write", flush=True)
    report = original(*args, **kwargs)
    print("written", flush=True)
    return report

pipeline.write_graph = traced
config = settings.resolve({"STORE": "embedded", "HARVEST_ALLOW_PRIVATE": True})
report = pipeline.Harvester(store, config).harvest(read_feeds(store)[0], force=True)
print(report.status, report.error, flush=True)
store.close()
"""


def turtle(label: str, items: int) -> bytes:
    """``items`` valid reports of bzk whose titles carry ``label``."""
    lines = [
        "@prefix dct: <http://purl.org/dc/terms/> .",
        "@prefix schema: <http://schema.org/> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
    ]
    for i in range(items):
        lines.append(
            f"<{BASE}id/publicatie/groot-{i}> a schema:Report ; "
            f'dct:title "{label} {i}"@nl ; dct:abstract "Over {label} {i}."@nl ; '
            f'dct:issued "2020-01-01"^^xsd:date ; '
            f"dct:publisher <{BASE}id/partner/bzk> ; "
            f"dct:subject <{BASE}id/thema/participatie> ; "
            f"schema:url <https://example.org/{label}/{i}> ."
        )
    return "\n".join(lines).encode()


def content(location: Path) -> set:
    store = EmbeddedStore(location, BASE)
    try:
        return graph_triples(store, GRAPH)
    finally:
        store.close()


def seed(location: Path, server, harvest_config) -> None:
    """A store on disk with the ontology, partners and the old feed harvested."""
    store = EmbeddedStore(location, BASE)
    for bundle in (ontology_bundle(), demo_bundles()[0]):
        store.replace_graph(BASE + bundle.graph, bundle.read(), format="ttl")
    feed = register(store, server, "/groot.ttl", "rdf", partner="bzk", slug="groot")
    assert Harvester(store, harvest_config).harvest(feed).status == "ok"
    store.close()


def start_harvest(location: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(location)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.mark.slow
def test_sigkill_during_a_harvest_leaves_old_or_new_graph(
    tmp_path, server, harvest_config
):
    route = server.route(
        "/groot.ttl", body=turtle("oud", 4000), content_type="text/turtle"
    )
    seed(tmp_path / "seed", server, harvest_config)
    old = content(tmp_path / "seed")
    route.body = turtle("nieuw", 4000)

    # One undisturbed run gives the new graph and how long its write takes.
    shutil.copytree(tmp_path / "seed", tmp_path / "calibrate")
    child = start_harvest(tmp_path / "calibrate")
    assert child.stdout.readline().strip() == "write"
    started = time.monotonic()
    assert child.stdout.readline().strip() == "written"
    duration = time.monotonic() - started
    assert child.stdout.readline().startswith("ok")
    child.wait()
    new = content(tmp_path / "calibrate")
    assert new != old and len(new) == len(old)

    rng = random.Random(11)
    outcomes = {"old": 0, "new": 0}
    for attempt in range(6):
        location = tmp_path / f"attempt{attempt}"
        shutil.copytree(tmp_path / "seed", location)
        child = start_harvest(location)
        assert child.stdout.readline().strip() == "write"
        time.sleep(rng.uniform(0.0, duration * 1.2))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdout.close()

        found = content(location)
        assert found in (old, new), f"attempt {attempt}: {len(found)} triples"
        outcomes["old" if found == old else "new"] += 1
    print("write took", round(duration, 2), "s; outcomes", outcomes)


class _CrashingChild(ParserChild):
    """A parser child that dies of SIGABRT on its first request."""

    def _start(self):
        if self._process is None:
            self._process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    "import os,sys; sys.stdin.readline(); os.abort()",
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        return self._process


RSS = (DEMO_FEEDS / "platform31" / "rss.xml").read_bytes()


@pytest.fixture
def harvested(server, seeded_store, harvester):
    """An RSS feed harvested once; its route and graph before the next run."""
    route = server.route("/rss", body=RSS, content_type="application/rss+xml")
    feed = register(seeded_store, server, "/rss", "rss")
    assert harvester.harvest(feed).status == "ok"
    return route, feed, graph_triples(seeded_store, feed.graph(BASE))


def test_parser_crash_is_a_clear_error_and_keeps_the_old_graph(
    harvested, seeded_store, harvester, monkeypatch
):
    route, feed, before = harvested
    route.body = RSS.replace(b"</channel>", b"<!-- changed --></channel>")
    monkeypatch.setattr(harvester, "child", lambda: _CrashingChild(256, 10))

    report = harvester.harvest(feed)

    assert report.status == "failed" and report.stage == "parse"
    assert "parser crashed" in report.error and "signal 6" in report.error
    assert graph_triples(seeded_store, feed.graph(BASE)) == before


def test_parser_memory_limit_is_a_clear_error_and_keeps_the_old_graph(
    harvested, seeded_store, harvester
):
    route, feed, before = harvested
    item = (
        b"<item><title>%d</title><description>" + b"y" * 2000 + b"</description></item>"
    )
    route.body = RSS.replace(
        b"</channel>", b"".join(item % i for i in range(8000)) + b"</channel>"
    )
    harvester.config = {**harvester.config, "HARVEST_PARSE_MEMORY_MB": 120}

    report = harvester.harvest(feed)

    assert report.status == "failed" and "HARVEST_PARSE_MEMORY_MB" in report.error
    assert graph_triples(seeded_store, feed.graph(BASE)) == before
