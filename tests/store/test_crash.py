"""A replacement killed at any moment leaves the complete old graph or the new one."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, RdfFormat, parse

from graph_service.store.embedded import EmbeddedStore
from tests.conftest import BASE

G = BASE + "graph/crash"
ROOT = Path(__file__).resolve().parents[2]

_CHILD = """
import sys
from graph_service.store.embedded import EmbeddedStore
store = EmbeddedStore(sys.argv[1], "https://data.wijkwijzer.nl/")
print("ready", flush=True)
store.replace_graph(sys.argv[2], sys.argv[3])
print("done", flush=True)
"""


def write_version(path: Path, label: str, items: int) -> set:
    """A file of ``items`` resources whose titles carry ``label``."""
    lines = []
    for i in range(items):
        s = f"<http://e/{label}/{i}>"
        lines.append(f'{s} <http://purl.org/dc/terms/title> "{label} {i}" .')
        lines.append(f"{s} <http://e/p> <http://e/{label}/{(i * 7) % items}> .")
    path.write_text("\n".join(lines) + "\n")
    return {q.triple for q in parse(path=str(path), format=RdfFormat.N_TRIPLES)}


def graph_content(location: Path) -> set:
    store = EmbeddedStore(location, BASE)
    try:
        quads = store._store.quads_for_pattern(None, None, None, NamedNode(G))
        return {q.triple for q in quads}
    finally:
        store.close()


def start_replace(location: Path, new_file: Path) -> subprocess.Popen:
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(location), G, str(new_file)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout.readline().strip() == "ready"
    return child


def seed(location: Path, old_file: Path, start_with_old: bool) -> None:
    if start_with_old:
        seeded = EmbeddedStore(location, BASE)
        seeded.replace_graph(G, old_file)
        seeded.close()


@pytest.mark.slow
@pytest.mark.parametrize("start_with_old", [True, False], ids=["diff", "bulk"])
def test_sigkill_during_replace_leaves_old_or_new(tmp_path, start_with_old):
    old_file, new_file = tmp_path / "old.nt", tmp_path / "new.nt"
    old = write_version(old_file, "old", 30_000)
    new = write_version(new_file, "new", 30_000)
    rng = random.Random(7)
    outcomes = {"old": 0, "new": 0}

    # Time one undisturbed replacement, so that kills land all through it.
    seed(tmp_path / "calibrate", old_file, start_with_old)
    started = time.monotonic()
    start_replace(tmp_path / "calibrate", new_file).wait()
    duration = time.monotonic() - started

    for attempt in range(8):
        location = tmp_path / f"store{attempt}"
        seed(location, old_file, start_with_old)
        child = start_replace(location, new_file)
        time.sleep(rng.uniform(0.0, duration * 1.2))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()

        found = graph_content(location)
        expected_old = old if start_with_old else set()
        assert found in (expected_old, new), (
            f"attempt {attempt}: graph has {len(found)} triples, neither version"
        )
        outcomes["old" if found == expected_old else "new"] += 1

    print("replace took", round(duration, 2), "s; outcomes", outcomes)
