"""Benchmark the public SPARQL endpoint against a plain ``oxigraph serve``.

Both serve the same synthetic store (``bench/synthetic.py``): our app under
gunicorn (threads, as in production, with its query workers) and Oxigraph's
own server on a copy of the same folder. A bounded loopback load generator
(threads, at most ``--requests`` requests and ``--seconds`` per run) sends the
same query mix to each, with each of two clients: ``requests`` and a lean
keep-alive ``http.client`` (``requests`` costs the generator about 1 ms of
CPU per request, which caps the rate it can measure). Throughput and p50/p95
latency are reported as ratios. Then page latency is measured alone and while
a hostile query runs on the endpoint.

Usage::

    python -m bench.sparql --triples 1000000 --threads 4 --folder /tmp/bench-1m

``--threads 1,2,4`` runs every comparison at each of those client concurrencies
(4, the default, is the level the issue's figures were taken at).
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import requests

from bench.synthetic import generate
from graph_service.public_query.workers import free_port
from graph_service.store.embedded import EmbeddedStore

BASE = "https://data.wijkwijzer.nl/"
P = (
    "PREFIX dct: <http://purl.org/dc/terms/> "
    "PREFIX ww: <https://data.wijkwijzer.nl/def#> "
)
HOSTILE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def realistic_mix(item: str, partner: str, word: str) -> list[str]:
    """Describe, related items, facet counts, listings, label search."""
    return [
        f"DESCRIBE <{item}>",
        f"SELECT ?p ?o WHERE {{ <{item}> ?p ?o }}",
        P + f"SELECT ?other (COUNT(*) AS ?shared) WHERE {{ <{item}> dct:subject ?t . "
        f"?other dct:subject ?t FILTER(?other != <{item}>) }} GROUP BY ?other "
        "ORDER BY DESC(?shared) LIMIT 10",
        P + "SELECT ?t (COUNT(?i) AS ?n) WHERE { ?i ww:leefgebied ?t } GROUP BY ?t",
        P + f"SELECT ?i ?title WHERE {{ ?i dct:publisher <{partner}> ; "
        "dct:title ?title } LIMIT 20",
        P + "SELECT ?i ?title WHERE { ?i dct:title ?title "
        f'FILTER(CONTAINS(LCASE(STR(?title)), "{word}")) }} LIMIT 20',
    ]


def trivial_mix(item: str) -> list[str]:
    """One-row SELECTs."""
    return ["SELECT (1 AS ?x) {}", f"SELECT ?p WHERE {{ <{item}> ?p ?o }} LIMIT 1"]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def requests_client(url: str):
    """A ``requests`` session: the generator the issue's figures were taken with."""
    session = requests.Session()

    def send(query: str) -> int:
        response = session.post(
            url, data={"query": query}, headers={"Accept": "*/*"}, timeout=60
        )
        return response.status_code

    return send


def lean_client(url: str):
    """One keep-alive ``http.client`` connection: far less client CPU per request.

    With ``requests`` the load generator itself needs about 1 ms of CPU per
    request, which caps a fast server's measured rate; this client measures
    the servers rather than itself.
    """
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "*/*"}

    def send(query: str) -> int:
        connection.request("POST", parts.path, urlencode({"query": query}), headers)
        response = connection.getresponse()
        response.read()
        return response.status

    return send


CLIENTS = {"requests": requests_client, "lean": lean_client}


def load(url, queries, threads, count, seconds, client="requests"):
    """Send the mix from ``threads`` threads; return (requests/s, latencies ms)."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    sent = [0]
    deadline = time.monotonic() + seconds

    def run(offset: int) -> None:
        send = CLIENTS[client](url)
        n = offset
        while time.monotonic() < deadline:
            with lock:
                if sent[0] >= count:
                    return
                sent[0] += 1
            query = queries[n % len(queries)]
            n += 1
            started = time.perf_counter()
            status = send(query)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if status != 200:
                    failures.append(f"{url}: {status} for {query[:60]}")
                    return
                latencies.append(elapsed)

    started = time.perf_counter()
    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if failures:
        raise RuntimeError(failures[0])
    return len(latencies) / (time.perf_counter() - started), latencies


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def cpu_seconds(root: int) -> dict[str, float]:
    """CPU seconds so far of process ``root`` and its descendants, by kind.

    ``engine`` sums the ``oxigraph`` processes, ``web`` everything else (our
    server and its Python). Read from ``/proc``; a process that has ended
    no longer counts.
    """
    parents: dict[int, int] = {}
    spent: dict[int, tuple[str, float]] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as stat:
                text = stat.read()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        parents[int(entry)] = int(fields[1])
        spent[int(entry)] = (name, (int(fields[11]) + int(fields[12])) / tick)
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in tree:
                tree.add(pid)
                frontier.append(pid)
    totals = {"web": 0.0, "engine": 0.0}
    for pid in tree:
        name, seconds = spent.get(pid, ("", 0.0))
        totals["engine" if name == "oxigraph" else "web"] += seconds
    return totals


def _per_query(before: dict, after: dict, count: int) -> dict[str, float]:
    """Milliseconds of CPU per query, by kind, between two ``cpu_seconds``."""
    return {k: (after[k] - before[k]) * 1000 / max(1, count) for k in after}


def compare(name, ours_url, theirs_url, queries, args, client, threads) -> None:
    """Both targets, same mix, same client, one after the other."""
    for url in (ours_url, theirs_url):  # warm up caches on both sides
        load(url, queries, threads, len(queries) * 2, 30, client)
    measure = (threads, args.requests, args.seconds, client)
    before = cpu_seconds(args.ours_pid)
    ours_rate, ours = load(ours_url, queries, *measure)
    ours_cpu = _per_query(before, cpu_seconds(args.ours_pid), len(ours))
    ours_busy = ours_cpu["web"] * ours_rate / 1000
    before = cpu_seconds(args.theirs_pid)
    rate, theirs = load(theirs_url, queries, *measure)
    theirs_cpu = _per_query(before, cpu_seconds(args.theirs_pid), len(theirs))
    p50, p95 = percentile(ours, 0.5), percentile(ours, 0.95)
    t50, t95 = percentile(theirs, 0.5), percentile(theirs, 0.95)
    print(
        f"{name} [{client} client, {threads} threads]: "
        f"ours {ours_rate:.0f}/s p50 {p50:.2f} ms "
        f"p95 {p95:.2f} ms | oxigraph {rate:.0f}/s p50 {t50:.2f} ms "
        f"p95 {t95:.2f} ms | throughput ratio {ours_rate / rate:.2f}, "
        f"p50 ratio {p50 / t50:.2f}, p95 ratio {p95 / t95:.2f}, "
        f"p50 overhead {p50 - t50:.2f} ms",
        flush=True,
    )
    print(
        f"  CPU per query: ours {ours_cpu['web']:.3f} ms in the web process "
        f"({ours_busy:.0%} of a core) + {ours_cpu['engine']:.3f} ms in the query "
        f"workers | oxigraph {theirs_cpu['engine']:.3f} ms",
        flush=True,
    )


def page_latency(url: str, n: int = 40) -> float:
    session = requests.Session()
    times = []
    for _ in range(n):
        started = time.perf_counter()
        session.get(url, timeout=30).raise_for_status()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


SERVERS = {"gunicorn", "granian"}


def server_command(server: str, threads: int, port: int) -> list[str]:
    """The command line serving our app with ``server`` on loopback ``port``."""
    if server == "gunicorn":
        return [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "1",
            "--threads",
            str(threads),
            "--bind",
            f"127.0.0.1:{port}",
            "graph_service.app:create_app()",
        ]
    return [
        str(Path(sys.executable).parent / "granian"),
        "--interface",
        "wsgi",
        "--workers",
        "1",
        "--blocking-threads",
        str(threads),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--factory",
        "graph_service.app:create_app",
    ]


def prepare(folder: Path, triples: int) -> Path:
    """A store folder holding the synthetic graph; returns DATA_DIR."""
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "synthetic.nt"
    generate(triples, data, seed=1)
    store = EmbeddedStore(folder / "var" / "store", BASE)
    store.replace_graph(BASE + "graph/synthetic", data)
    store.backup(str(folder / "plain"))
    store.close()
    return folder / "var"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument(
        "--threads",
        default="4",
        help="client threads of the load generator; a comma list runs each level",
    )
    parser.add_argument(
        "--mixes",
        default="realistic,trivial",
        help="query mixes to run (realistic, trivial)",
    )
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument(
        "--clients",
        default="requests,lean",
        help="load generators to run, each on both targets (requests, lean)",
    )
    parser.add_argument(
        "--server",
        choices=sorted(SERVERS),
        default="granian",
        help="WSGI server for our app (one process either way: the embedded store)",
    )
    parser.add_argument(
        "--threads-per-process",
        type=int,
        default=8,
        help="handler threads of that one process",
    )
    parser.add_argument(
        "--folder",
        type=Path,
        help="keep the synthetic store here and reuse it on the next run",
    )
    args = parser.parse_args(argv)

    keep = args.folder is not None
    folder = args.folder or Path(tempfile.mkdtemp(prefix="bench-sparql-"))
    processes: list[subprocess.Popen] = []
    try:
        started = time.perf_counter()
        data_dir = folder / "var"
        if not (keep and (folder / "plain").exists()):
            data_dir = prepare(folder, args.triples)
        print(f"{args.triples} triples ready in {time.perf_counter() - started:.0f} s")
        binary = shutil.which("oxigraph") or str(
            Path(sys.executable).parent / "oxigraph"
        )
        plain_port, app_port = free_port(), free_port()
        processes.append(
            subprocess.Popen(
                [
                    binary,
                    "serve",
                    "--location",
                    str(folder / "plain" / "oxigraph"),
                    "--bind",
                    f"127.0.0.1:{plain_port}",
                    "--union-default-graph",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        env = dict(
            os.environ,
            WIJKWIJZER_DATA_DIR=str(data_dir),
            WIJKWIJZER_STORE="embedded",
            WIJKWIJZER_QUERY_RATE_LIMIT="0",
            WIJKWIJZER_LOG_LEVEL="WARNING",
        )
        processes.append(
            subprocess.Popen(
                server_command(args.server, args.threads_per_process, app_port),
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        args.theirs_pid, args.ours_pid = processes[0].pid, processes[1].pid
        theirs = f"http://127.0.0.1:{plain_port}/query"
        ours = f"http://127.0.0.1:{app_port}/sparql"
        wait_for(theirs + "?query=ASK%7B%7D")
        wait_for(ours + "?query=ASK%7B%7D")

        probe = requests.post(
            theirs,
            data={
                "query": P
                + (
                    "SELECT ?i ?p WHERE { ?i dct:subject ?t ; dct:publisher ?p } "
                    "LIMIT 1"
                )
            },
            headers={"Accept": "application/sparql-results+json"},
        ).json()
        row = probe["results"]["bindings"][0]
        item, partner = row["i"]["value"], row["p"]["value"]

        mixes = {
            "realistic": ("realistic mix", realistic_mix(item, partner, "wijk")),
            "trivial": ("trivial SELECT", trivial_mix(item)),
        }
        for client in args.clients.split(","):
            for threads in (int(n) for n in args.threads.split(",")):
                for mix in args.mixes.split(","):
                    name, queries = mixes[mix]
                    compare(name, ours, theirs, queries, args, client, threads)

        page = f"http://127.0.0.1:{app_port}/sparql/editor"
        quiet = page_latency(page)
        hostile = threading.Thread(
            target=lambda: requests.post(ours, data={"query": HOSTILE}, timeout=60)
        )
        hostile.start()
        time.sleep(0.5)
        busy = page_latency(page)
        hostile.join()
        print(
            f"page p50 alone {quiet:.2f} ms, while a hostile query runs {busy:.2f} ms"
        )
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
