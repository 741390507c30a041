"""Benchmark the SPARQL endpoint on a graph of about a million triples (a script, not a test).

Generates a synthetic graph in the builder's shape (benchmarks/synthetic_graph.py), serves the same data
with `policykg serve` (Granian, one worker process per core), `oxigraph serve` (the reference for this
machine) and rdflib-endpoint (the Python peer), then prints side by side:

* per query, the median and p99 latency over HTTP through policykg and through Oxigraph server, and their
  ratio: the named queries in queries/*.rq as policykg serves them (GET /api/queries/{name}, goal: <= 1.5),
  the same bound texts POSTed to /sparql ("as text"), and a handful of representative SELECTs; Oxigraph
  always gets the text, each request made distinct by a comment so that policykg's answer cache cannot
  serve it (named queries have no answer cache);
* requests per second for a tiny SELECT under concurrent load for all three (goal: policykg >= 2x
  rdflib-endpoint), once with the same query repeated (which policykg's answer cache and
  rdflib-endpoint's parsed-query cache serve) and once with a distinct query each request (which no cache
  serves).

The servers are prepared, started and stopped by benchmarks/servers_under_test.py and timed by
benchmarks/http_timing.py.

    pip install -e '.[test,bench]'
    python benchmarks/bench_server.py                      # about 1,000,000 triples
    python benchmarks/bench_server.py --triples 100000 --workdir /tmp/pkbench   # quicker, reusable data
    python benchmarks/bench_server.py --triples 10000000 --workdir /tmp/pkbench-10m  # larger
    # at 10M the heaviest named queries take about two minutes a run on two cores: fewer runs
    python benchmarks/bench_server.py --triples 10000000 --workdir /tmp/pkbench-10m --no-load --no-rdflib \
        --only '^named' --runs 1 --warmups 1
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import signal
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from http_timing import Ask, latencies, named_query, percentile, text_query, throughput
from servers_under_test import BIN, Server, request, servers

from policykg.ontology.namespaces import sparql_prologue

PLAN = "https://w3id.org/policykg/id/plan/shi-1-sannian-xingdong-jihua"
PKG = "https://w3id.org/policykg/ontology#"
TINY = f"SELECT ?label WHERE {{ <{PLAN}> <http://www.w3.org/2000/01/rdf-schema#label> ?label }}"

#: Representative questions of researchers and planners, beside the named queries.
QUERIES: dict[str, str] = {
    "tiny: labels of one plan": TINY,
    "institutions by type": """
        SELECT ?type (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i a ?type . ?type rdfs:subClassOf pkg:Institution }
        GROUP BY ?type ORDER BY DESC(?n)""",
    "investment by status": """
        SELECT ?status (SUM(?investment) AS ?total) (COUNT(?part) AS ?parts)
        WHERE { ?part pkg:status ?status ; pkg:investment ?investment } GROUP BY ?status""",
    "targets due by 2025": """
        SELECT ?target ?label ?value ?unit WHERE {
          ?target a pkg:Target ; pkg:deadlineYear ?year ; rdfs:label ?label ;
                  pkg:value ?value ; pkg:unit ?unit .
          FILTER(?year <= "2025"^^xsd:gYear && LANG(?label) = "zh") } LIMIT 1000""",
    "everything placed in a plan's city": f"""
        SELECT ?entity ?type WHERE {{
          <{PLAN}> pkg:coversPlace ?city .
          {{ ?entity pkg:locatedIn ?city }}
          UNION {{ ?entity pkg:locatedIn ?district . ?district pkg:within ?city }}
          ?entity a ?type }}""",
    "source sentences of a plan's numbers": f"""
        SELECT ?target ?printed ?sentence WHERE {{
          <{PLAN}> pkg:hasDomain/pkg:hasTask/pkg:hasTarget ?target .
          ?target pkg:printedValue ?printed ; prov:wasDerivedFrom/pkg:sentence ?sentence }}""",
    "institutions shared across domains": """
        SELECT ?institution (COUNT(DISTINCT ?domain) AS ?domains) WHERE {
          ?domain a pkg:Domain ; pkg:hasTask/pkg:mentions ?institution .
          ?institution a/rdfs:subClassOf pkg:Institution }
        GROUP BY ?institution HAVING (COUNT(DISTINCT ?domain) > 3) ORDER BY DESC(?domains) LIMIT 100""",
    "label search with FILTER(CONTAINS)": """
        SELECT ?entity ?label WHERE { ?entity rdfs:label ?label FILTER(CONTAINS(?label, "实验室")) }
        LIMIT 100""",
}


def sample_arguments(oxigraph: Server) -> dict[str, str]:
    """Return values for the named queries' parameters, looked up in the generated graph."""
    samples = {"plan": PLAN, "text": "实验室"}
    tasks = f"<{PLAN}> <{PKG}hasDomain>/<{PKG}hasTask>"
    lookups = {
        "place": f"SELECT ?x WHERE {{ <{PLAN}> <{PKG}coversPlace> ?x }}",
        "task": f"SELECT ?x WHERE {{ {tasks} ?x }} LIMIT 1",
        "subject": f"SELECT ?x WHERE {{ {tasks}/<{PKG}hasTarget> ?x }} LIMIT 1",
    }
    for name, query in lookups.items():
        status, body = request(oxigraph, query, connection=None)
        bindings = json.loads(body)["results"]["bindings"] if status == 200 else []
        if bindings:
            samples[name] = bindings[0]["x"]["value"]
    return samples


@dataclass(frozen=True)
class Named:
    """A named query of queries/*.rq with sample arguments, and its text with them bound."""

    name: str
    arguments: dict[str, str]
    text: str


def named_queries(samples: dict[str, str]) -> list[Named]:
    """Return the named queries (queries/*.rq) with parameters bound to sample values or their defaults."""
    try:
        from policykg.queries import bundled_queries
    except ImportError:
        return []
    found = []
    for name, named in bundled_queries().items():
        # Defaults are given explicitly, so that the server's own choices (the page's language) play no part.
        arguments = {p.name: p.default for p in named.parameters if p.default}
        arguments |= {p.name: samples[p.name] for p in named.parameters if p.name in samples}
        try:
            found.append(Named(name, arguments, named.bind(arguments)))
        except ValueError as error:
            print(f"(skipping {name}: {error})")
    return found


def latency_table(policykg: Server, oxigraph: Server, named: list[Named], args: argparse.Namespace) -> None:
    """Print the median and p99 latency of every query through policykg and Oxigraph server.

    A named query is asked of policykg as a named query (GET /api/queries/{name}, its parameters bound to a
    template checked once) and, in the "as text" rows, as the bound text any client could POST to /sparql;
    Oxigraph gets the bound text both times.
    """
    if not named:
        print("(no named queries in queries/*.rq: timing the representative queries only)")
    rows: list[tuple[str, str, Ask, Ask]] = []
    for query in named:
        ours = named_query(policykg, query.name, query.arguments)
        rows.append(("named", f"named: {query.name}", ours, text_query(oxigraph, query.text)))
    for query in named:
        text = query.text
        rows.append(
            ("text", f"as text: {query.name}", text_query(policykg, text), text_query(oxigraph, text))
        )
    for name, text in QUERIES.items():
        text = sparql_prologue() + text
        rows.append(("other", name, text_query(policykg, text), text_query(oxigraph, text)))
    if args.only:
        rows = [row for row in rows if re.search(args.only, row[1])]
    print(
        f"\nLatency over HTTP, {args.triples:,} triples; milliseconds (median / p99), ratio of medians;"
        " then the CPU milliseconds each server's processes used per request"
    )
    print(f"{'query':<40}{'rows':>7}{'policykg':>20}{'oxigraph':>20}{'ratio':>8}{'cpu/request':>18}")
    worst = {"named": 0.0, "text": 0.0, "other": 0.0}
    for kind, name, ask_ours, ask_theirs in rows:
        (ours, our_rows, our_cpu), (theirs, their_rows, their_cpu) = latencies(
            [policykg, oxigraph], [ask_ours, ask_theirs], args.budget, args.runs, 200, args.warmups
        )
        ratio = statistics.median(ours) / statistics.median(theirs)
        worst[kind] = max(worst[kind], ratio)
        same = "" if our_rows == their_rows else f"  (oxigraph: {their_rows} rows!)"
        print(
            f"{name[:39]:<40}{our_rows:>7}"
            f"{statistics.median(ours) * 1000:>10.1f} /{percentile(ours, 0.99) * 1000:>7.1f}"
            f"{statistics.median(theirs) * 1000:>10.1f} /{percentile(theirs, 0.99) * 1000:>7.1f}"
            f"{ratio:>8.2f}{our_cpu * 1000:>9.1f} /{their_cpu * 1000:>6.1f}{same}"
        )
    timed = {kind for kind, *_ in rows}  # (--only may leave some kinds out)
    labels = {
        "named": "named queries (/api/queries)",
        "text": "named queries as text (/sparql)",
        "other": "representative queries",
    }
    for kind, label in labels.items():
        if kind in timed:
            goal = " (goal <= 1.5)" if kind == "named" else ""
            print(f"worst ratio of medians, {label}: {worst[kind]:.2f}{goal}")


def load_table(running: list[Server], args: argparse.Namespace, *, distinct: bool) -> None:
    """Print the tiny SELECT's requests per second under load for every server, taking turns."""
    rounds = args.rounds
    what = "a distinct query each request (no cache helps)" if distinct else "the same query repeated"
    print(
        f"\nTiny SELECT under load, {what}: {args.clients} client processes; {rounds} rounds of"
        f" {args.seconds / rounds:.0f} s per server, servers taking turns; median of the rounds"
    )
    samples: dict[str, list[float]] = {server.name: [] for server in running}
    errors: dict[str, int] = dict.fromkeys(samples, 0)
    for _ in range(rounds):
        for server in running:
            rate, failed = throughput(server, TINY, args.clients, args.seconds / rounds, distinct)
            samples[server.name].append(rate)
            errors[server.name] += failed
    rates = {name: statistics.median(values) for name, values in samples.items()}
    for name, rate in rates.items():
        spread = ", ".join(f"{value:.0f}" for value in samples[name])
        failed = f"  ({errors[name]} errors)" if errors[name] else ""
        print(f"{name:<20}{rate:>10.0f} req/s  (rounds: {spread}){failed}")
    if rates.get("rdflib-endpoint"):
        print(f"policykg / rdflib-endpoint: {rates['policykg'] / rates['rdflib-endpoint']:.1f}x (goal >= 2)")
    print(f"policykg / oxigraph: {rates['policykg'] / rates['oxigraph']:.2f}x")


def main() -> None:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="size of the synthetic graph")
    parser.add_argument(
        "--workdir", type=Path, default=None, help="keep data here to reuse it (default: temp)"
    )
    parser.add_argument("--budget", type=float, default=10.0, help="seconds of timing per query and server")
    parser.add_argument("--workers", type=int, default=0, help="policykg worker processes (0: its default)")
    parser.add_argument("--threads", type=int, default=0, help="policykg threads per worker (0: its default)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client processes for throughput")
    parser.add_argument("--seconds", type=float, default=15.0, help="load time per server, split into rounds")
    parser.add_argument("--rounds", type=int, default=5, help="turns each server takes under load")
    parser.add_argument("--only-load", action="store_true", help="skip the latency table")
    parser.add_argument("--no-load", action="store_true", help="skip the tables of requests under load")
    parser.add_argument("--only", default="", help="time only the queries whose row name matches this regex")
    parser.add_argument("--no-rdflib", action="store_true", help="skip rdflib-endpoint")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query and server, at least")
    parser.add_argument("--warmups", type=int, default=2, help="untimed runs per query and server first")
    parser.add_argument(
        "--query-memory", type=int, default=8, help="GiB a policykg query process may use (served: 1)"
    )
    args = parser.parse_args()
    # Stopped with SIGTERM, stop the servers this script started too (as on Ctrl-C).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    with_rdflib = not args.no_rdflib
    if with_rdflib and not (BIN / "rdflib-endpoint").exists():
        print("(rdflib-endpoint is not installed: pip install -e '.[bench]'; skipping it)")
        with_rdflib = False
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="policykg-bench-"))
    with servers(workdir, args, with_rdflib) as running:
        policykg, oxigraph = running[0], running[1]
        if not args.only_load:
            latency_table(policykg, oxigraph, named_queries(sample_arguments(oxigraph)), args)
        if not args.no_load:
            load_table(running, args, distinct=False)
            load_table(running, args, distinct=True)
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
