"""Benchmark /api/search against the same label search written as SPARQL FILTER(CONTAINS), over HTTP.

Generates a graph of about a million triples in the builder's shape (many plans, with
``benchmarks/synthetic_graph.py``), loads it with the ontology into the embedded store, serves the app
on loopback and times, for each search text, the ranked search of /api/search and the SPARQL query that
a client would otherwise send to /sparql:

    SELECT ?s ?label WHERE { ?s rdfs:label|skos:altLabel ?label
      FILTER(CONTAINS(LCASE(STR(?label)), "text")) } ORDER BY STRLEN(STR(?label)) LIMIT 20

(SPARQL has no pinyin, so its answers to pinyin texts are empty; it still has to scan every label.)
This prints figures; it is not a test. Goals: /api/search's median at least 10x faster, and every
text answered in under 50 ms at ten million triples. The index is built once per store version into a
file beside the store (the first request waits for it) and then read from that file.

    python benchmarks/bench_search.py                    # about 1,000,000 triples
    python benchmarks/bench_search.py --triples 100000   # a quick run
    python benchmarks/bench_search.py --store DIR --sparql-repeat 0   # a store already loaded, API only
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).parent))

import synthetic_graph

from policykg.server.app import create_app
from policykg.server.store.embedded import OxigraphStore
from policykg.server.store.loading import ontology_path

#: Chinese, English and pinyin texts that the synthetic names contain (and one that nothing contains).
TEXTS = [
    "实验室",
    "Laboratory",
    "shiyanshi",
    "第12市",
    "City 12",
    "创新中心",
    "chuangxin zhongxin",
    "医院",
    "zz",
]

SPARQL = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?s ?label WHERE {{ ?s rdfs:label|skos:altLabel ?label FILTER(CONTAINS(LCASE(STR(?label)), {text})) }}
ORDER BY STRLEN(STR(?label)) LIMIT 20"""


def timed_get(url: str, headers: dict[str, str] | None = None, timeout: float = 120) -> tuple[float, bytes]:
    """Return the seconds a GET took and its body."""
    request = urllib.request.Request(url, headers=headers or {})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body = response.read()
    return time.perf_counter() - start, body


def percentile(values: list[float], fraction: float) -> float:
    """Return the value below which ``fraction`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def main() -> None:
    """Build the graph, serve it, and print the latencies side by side."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="size of the synthetic graph")
    parser.add_argument("--repeat", type=int, default=30, help="requests per text to /api/search")
    parser.add_argument("--sparql-repeat", type=int, default=5, help="requests per text to /sparql (0: none)")
    parser.add_argument(
        "--store", type=Path, help="a store directory already loaded (read-only; no graph made)"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="policykg-bench-") as folder:
        if args.store:
            store = OxigraphStore(args.store, read_only=True)
        else:
            graph = Path(folder) / "graph.nt"
            started = time.perf_counter()
            triples = synthetic_graph.write(graph, args.triples)
            print(f"generated {triples:,} triples in {time.perf_counter() - started:.1f} s")
            store = OxigraphStore(Path(folder) / "store")
            started = time.perf_counter()
            store.replace_all([(graph, None), (ontology_path(), None)], "bench-search")
            print(f"loaded into Oxigraph in {time.perf_counter() - started:.1f} s")

        # No answer cache: the FILTER(CONTAINS) query is sent repeatedly and must run each time.
        config = {"POLICYKG_STORE": store, "POLICYKG_TIMEOUT": 120.0, "POLICYKG_RESULT_CACHE_BYTES": 0}
        app = create_app(config)
        # The development server logs every request; that would bury the figures.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        root = f"http://127.0.0.1:{server.server_port}"
        try:
            build, _ = timed_get(f"{root}/api/search?q=warm", timeout=3600)
            print(
                f"first /api/search (builds or opens the index once per store version): {build * 1000:.0f} ms"
            )
            print()
            print(
                f"{'text':<20}{'hits':>7}  {'api median':>11}{'api p95':>10}{'api p99':>10}  "
                f"{'sparql median':>14}{'sparql p99':>11}{'speed-up':>10}"
            )
            ratios, medians, p95s = [], [], []
            for text in TEXTS:
                query = urllib.parse.urlencode({"q": text})
                api = [timed_get(f"{root}/api/search?{query}") for _ in range(args.repeat)]
                hits = json.loads(api[-1][1])["total"]
                api_times = [t for t, _ in api]
                medians.append(statistics.median(api_times))
                p95s.append(percentile(api_times, 0.95))
                api_ms = [medians[-1] * 1000, p95s[-1] * 1000, percentile(api_times, 0.99) * 1000]
                if args.sparql_repeat <= 0:
                    print(f"{text:<20}{hits:>7}  {api_ms[0]:>9.1f}ms{api_ms[1]:>8.1f}ms{api_ms[2]:>8.1f}ms")
                    continue
                sparql_text = SPARQL.format(text=json.dumps(text.lower(), ensure_ascii=False))
                sparql_query = urllib.parse.urlencode({"query": sparql_text})
                accept = {"Accept": "application/sparql-results+json"}
                sparql = [
                    timed_get(f"{root}/sparql?{sparql_query}", accept) for _ in range(args.sparql_repeat)
                ]
                sparql_times = [t for t, _ in sparql]
                ratio = statistics.median(sparql_times) / statistics.median(api_times)
                ratios.append(ratio)
                sparql_ms = (statistics.median(sparql_times) * 1000, percentile(sparql_times, 0.99) * 1000)
                print(
                    f"{text:<20}{hits:>7}  {api_ms[0]:>9.1f}ms{api_ms[1]:>8.1f}ms{api_ms[2]:>8.1f}ms  "
                    f"{sparql_ms[0]:>12.1f}ms{sparql_ms[1]:>9.1f}ms{ratio:>9.1f}x"
                )
            print()
            print(
                f"/api/search over the texts: median of medians {statistics.median(medians) * 1000:.1f} ms, "
                f"slowest median {max(medians) * 1000:.1f} ms, slowest p95 {max(p95s) * 1000:.1f} ms "
                "(goal: under 50 ms)"
            )
            if ratios:
                print(
                    f"median speed-up over the texts: {statistics.median(ratios):.1f}x (goal: at least 10x); "
                    f"smallest: {min(ratios):.1f}x"
                )
        finally:
            server.shutdown()
            server.server_close()
            store.close()


if __name__ == "__main__":
    main()
