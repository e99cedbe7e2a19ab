"""Page benchmark: server-side time per page kind next to the page's own SPARQL.

For each size a synthetic graph (``bench/synthetic.py``) is loaded with the
ontology and TOOI reference data into a fresh on-disk store; the app builds its
search index, then every page kind is requested through the WSGI app (no
network) and timed, next to the named SPARQL queries the same page runs and to
the straightforward SPARQL a page without the derived index would need.

    python -m bench.pages [--sizes 1000000,5000000] [--requests 200]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from bench.synthetic import generate
from graph_service.app import create_app
from graph_service.demo import ontology_bundle, reference_bundles
from graph_service.store.embedded import EmbeddedStore

OUT = Path(__file__).parent / "out"
BASE = "https://data.wijkwijzer.nl/"
WORDS = ("wijkaanpak", "leefbaarheid", "jeugd", "armoede", "participatie", "overlast")
THEMES = ("wijkaanpak", "leefbaarheid", "jeugd", "participatie", "ondermijning")

# What a page would ask without the search index: related items by shared
# themes, and facet counts for a theme listing.
RELATED_SPARQL = """
SELECT ?other (COUNT(?t) AS ?shared) WHERE {
  VALUES ?item { %s }
  ?item <http://purl.org/dc/terms/subject> ?t .
  ?other <http://purl.org/dc/terms/subject> ?t .
  FILTER(?other != ?item)
} GROUP BY ?other ORDER BY DESC(?shared) LIMIT 6
"""
FACET_SPARQL = """
SELECT ?v (COUNT(?i) AS ?n) WHERE {
  VALUES ?theme { %s }
  ?i <http://purl.org/dc/terms/subject> ?theme ;
     <https://data.wijkwijzer.nl/def#leefgebied> ?v .
} GROUP BY ?v
"""


def timed(action, runs: int) -> list[float]:
    """Milliseconds of ``action(n)`` for n in range(runs)."""
    times = []
    for n in range(runs):
        started = time.perf_counter()
        action(n)
        times.append((time.perf_counter() - started) * 1000)
    return times


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms"


def bench_size(triples: int, runs: int) -> None:
    """Build one store, then time every page kind and its queries."""
    OUT.mkdir(exist_ok=True)
    data = OUT / f"pages-{triples}.nt"
    if not data.exists():
        generate(triples, data, base=BASE)
    folder = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    store = EmbeddedStore(folder / "store", BASE)
    started = time.perf_counter()
    store.replace_graph(BASE + "graph/bench", data)
    for bundle in [ontology_bundle(), *reference_bundles()]:
        store.replace_graph(BASE + bundle.graph, bundle.read(), format=bundle.format)
    print(f"\n{triples:,} triples loaded in {time.perf_counter() - started:.0f} s")

    started = time.perf_counter()
    app = create_app({"STORE": "embedded", "DATA_DIR": str(folder)}, store=store)
    client = app.test_client()
    with app.app_context():
        index = app.extensions["search"].current()
        items = [h.iri for h in index.listing("", [], "nieuw", 0, 2000).hits]
        total = index.count([])
    seconds = time.perf_counter() - started
    print(f"search index of {total:,} items built in {seconds:.1f} s")
    random.seed(1)
    sample = random.sample(items, min(runs, len(items)))

    def get(url: str) -> None:
        response = client.get(url, headers={"Accept-Language": "nl"})
        assert response.status_code == 200, (url, response.status_code)

    def item_url(n: int) -> str:
        return "/resource?iri=" + quote(sample[n % len(sample)], safe="")

    pages = {
        "item page": lambda n: get(item_url(n)),
        "listing with facets": lambda n: get(
            f"/publicaties?thema={THEMES[n % 5]}&pagina={1 + n % 7}"
        ),
        "search with facets": lambda n: get(
            f"/zoeken?q={WORDS[n % 6]}&pagina={1 + n % 3}"
        ),
        "concept page": lambda n: get(f"/doc/thema/{THEMES[n % 5]}"),
        "partner listing": lambda n: get("/partners"),
        "home": lambda n: get("/"),
    }
    for name, action in pages.items():
        action(0)
        print(f"  {name:<26} {summary(timed(action, runs))}")

    def own_queries(n: int) -> None:
        iri = sample[n % len(sample)]
        store.named("resource_out", resource=iri)
        store.named("resource_in", resource=iri)
        store.named("resource_graphs", resource=iri)

    print(f"  {'item page: its SPARQL':<26} {summary(timed(own_queries, runs))}")
    from pyoxigraph import NamedNode

    def related(n: int) -> None:
        store.select(RELATED_SPARQL % NamedNode(sample[n % len(sample)]))

    def facets(n: int) -> None:
        store.select(FACET_SPARQL % NamedNode(f"{BASE}id/thema/{THEMES[n % 5]}"))

    few = max(5, runs // 10)
    print(f"  {'plain SPARQL: related':<26} {summary(timed(related, few))}")
    print(f"  {'plain SPARQL: one facet':<26} {summary(timed(facets, few))}")
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000000")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    for size in args.sizes.split(","):
        bench_size(int(size), args.requests)


if __name__ == "__main__":
    main()
