"""Load benchmark: the store's load path against raw ``Store.bulk_load``.

For each size, a synthetic N-Triples file is generated once, then loaded into a
fresh on-disk store by (a) pyoxigraph's ``Store.bulk_load`` and (b)
``EmbeddedStore.replace_graph``, each in its own child process so that peak
resident memory is measured per run. Prints triples per second and peak RSS,
and the ratios of ours to raw (targets: speed >= 0.8, memory <= 1.25).

    python -m bench.load [--sizes 1000000,5000000] [--repeat 1]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic import generate

OUT = Path(__file__).parent / "out"
GRAPH = "https://data.wijkwijzer.nl/graph/bench"

_RAW = """
import sys, pyoxigraph as o
store = o.Store(sys.argv[1])
store.bulk_load(path=sys.argv[2], format=o.RdfFormat.N_TRIPLES,
                to_graph=o.NamedNode(sys.argv[3]))
store.flush()
"""

_OURS = """
import sys
from graph_service.store.embedded import EmbeddedStore
store = EmbeddedStore(sys.argv[1], "https://data.wijkwijzer.nl/")
report = store.replace_graph(sys.argv[3], sys.argv[2])
assert report.total > 0
store.close()
"""


def run_child(code: str, store_dir: str, data: Path) -> tuple[float, int]:
    """Run ``code`` in a child; return wall seconds and peak RSS in bytes."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code, store_dir, str(data), GRAPH],
        cwd=Path(__file__).resolve().parent.parent,
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"child failed with status {status}")
    return seconds, usage.ru_maxrss * 1024


def bench_size(triples: int, repeat: int) -> dict:
    """Measure both loaders on one size; best of ``repeat`` runs each."""
    OUT.mkdir(exist_ok=True)
    data = OUT / f"synthetic-{triples}.nt"
    if not data.exists():
        written = generate(triples, data)
        print(f"generated {written} triples into {data}")

    results = {"raw": [], "ours": []}
    for _ in range(repeat):
        for name, code in (("raw", _RAW), ("ours", _OURS)):
            with tempfile.TemporaryDirectory(dir=OUT) as folder:
                results[name].append(run_child(code, folder + "/store", data))

    raw_s = min(s for s, _ in results["raw"])
    ours_s = min(s for s, _ in results["ours"])
    raw_mem = min(m for _, m in results["raw"])
    ours_mem = min(m for _, m in results["ours"])
    return {
        "triples": triples,
        "raw_tps": triples / raw_s,
        "ours_tps": triples / ours_s,
        "speed_ratio": raw_s / ours_s,
        "raw_rss_mb": raw_mem / 2**20,
        "ours_rss_mb": ours_mem / 2**20,
        "memory_ratio": ours_mem / raw_mem,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one line per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000000,5000000")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)

    print(
        f"{'triples':>9} {'raw t/s':>10} {'ours t/s':>10} {'speed':>6} "
        f"{'raw MB':>8} {'ours MB':>8} {'memory':>7}"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        r = bench_size(size, args.repeat)
        print(
            f"{r['triples']:>9} {r['raw_tps']:>10.0f} {r['ours_tps']:>10.0f} "
            f"{r['speed_ratio']:>6.2f} {r['raw_rss_mb']:>8.0f} "
            f"{r['ours_rss_mb']:>8.0f} {r['memory_ratio']:>7.2f}"
        )
    print("targets: speed ratio >= 0.80, memory ratio <= 1.25")
    return 0


if __name__ == "__main__":
    sys.exit(main())
