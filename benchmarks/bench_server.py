"""Benchmark the SPARQL endpoint on a graph of about a million triples (a script, not a test).

Generates a synthetic graph in the builder's shape (benchmarks/synthetic_graph.py), serves the same data
with `policykg serve` (Granian, one worker process per core), `oxigraph serve` (the reference for this
machine) and rdflib-endpoint (the Python peer), then prints side by side:

* per query (the named queries in queries/*.rq and a handful of representative SELECTs), the median and
  p99 latency over HTTP through policykg and through Oxigraph server, and their ratio (goal: <= 1.5),
  each request made distinct by a comment so that policykg's answer cache cannot serve it;
* requests per second for a tiny SELECT under concurrent load for all three (goal: policykg >= 2x
  rdflib-endpoint), once with the same query repeated (which policykg's answer cache and
  rdflib-endpoint's parsed-query cache serve) and once with a distinct query each request (which no cache
  serves).

    pip install -e '.[test,bench]'
    python benchmarks/bench_server.py                      # about 1,000,000 triples
    python benchmarks/bench_server.py --triples 100000 --workdir /tmp/pkbench   # quicker, reusable data
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import synthetic_graph

from policykg.ontology.namespaces import sparql_prologue
from policykg.server.store.loading import ontology_path

BIN = Path(sys.executable).parent
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


@dataclass
class Server:
    """A server under test: its name, process and query URL."""

    name: str
    process: subprocess.Popen[bytes]
    host: str
    port: int
    path: str

    def stop(self) -> None:
        """Stop the server process this script started."""
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)


def free_port() -> int:
    """Return a free loopback TCP port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(name: str, command: list[str], port: int, path: str, log: Path, wait: float = 900) -> Server:
    """Start a server process and wait until its endpoint answers a query."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    server = Server(name, process, "127.0.0.1", port, path)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited; see {log}")
        try:
            status, _ = request(server, "ASK {}", connection=None)
            if status == 200:
                return server
        except OSError:
            time.sleep(0.5)
    server.stop()
    raise RuntimeError(f"{name} did not answer within {wait} s; see {log}")


def cpu_seconds(pid: int) -> float:
    """Return the CPU time used so far by a process and all its descendants (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(cpu_seconds(int(child)) for child in children)


def wait_until_idle(server: Server, limit: float = 600) -> None:
    """Wait until a server's processes use under a tenth of a core, so that its warm-up is not measured."""
    deadline = time.monotonic() + limit
    before = cpu_seconds(server.process.pid)
    while time.monotonic() < deadline:
        time.sleep(1)
        now = cpu_seconds(server.process.pid)
        if now - before < 0.1:
            return
        before = now
    print(f"({server.name} still busy after {limit} s)")


def request(server: Server, query: str, connection: http.client.HTTPConnection | None) -> tuple[int, bytes]:
    """POST one form-encoded query (SPARQL 1.1 Protocol §2.1.2) and return the status and body."""
    own = connection is None
    connection = connection or http.client.HTTPConnection(server.host, server.port, timeout=120)
    try:
        body = urllib.parse.urlencode({"query": query})
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
        }
        connection.request("POST", server.path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        if own:
            connection.close()


def rows(body: bytes) -> int:
    """Count the solutions in a SPARQL JSON answer (1 for a boolean); refuse an answer that was cut."""
    answer = json.loads(body)
    if "truncated" in answer:
        raise RuntimeError(f"policykg cut this answer ({answer['truncated']}); raise its limits")
    return len(answer["results"]["bindings"]) if "results" in answer else 1


def latencies(
    pair: list[Server], query: str, budget: float, at_least: int, at_most: int
) -> list[tuple[list[float], int]]:
    """Time one query on each server, alternating between them so both meet the same machine load.

    Each request ends with its own comment line, so the engine does the work every time: no answer cache
    serves it. Returns, per server, the times in seconds and the row count; one keep-alive connection per
    server.
    """
    connections = [http.client.HTTPConnection(s.host, s.port, timeout=300) for s in pair]
    times: list[list[float]] = [[] for _ in pair]
    counts = [0 for _ in pair]
    try:
        for index, server in enumerate(pair):
            for _ in range(2):
                status, body = request(server, query, connections[index])
                if status != 200:
                    raise RuntimeError(f"{server.name} answered {status}: {body[:300]!r}")
                counts[index] = rows(body)
        started = time.monotonic()
        while len(times[0]) < at_most and (len(times[0]) < at_least or time.monotonic() - started < budget):
            for index, server in enumerate(pair):
                text = f"{query}\n# request {len(times[index])}"
                begin = time.perf_counter()
                status, body = request(server, text, connections[index])
                times[index].append(time.perf_counter() - begin)
                if status != 200 or body.startswith(b'{"truncated"'):
                    raise RuntimeError(f"{server.name} answered {status} or a cut result: {body[:200]!r}")
    finally:
        for connection in connections:
            connection.close()
    return list(zip(times, counts, strict=True))


def percentile(values: list[float], fraction: float) -> float:
    """Return a percentile by the nearest-rank method."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))]


def _hammer(
    host: str,
    port: int,
    path: str,
    query: str,
    seconds: float,
    distinct: bool,
    results: multiprocessing.Queue,
) -> None:
    """Send the query back to back over one connection for ``seconds``; report how many succeeded.

    ``distinct`` ends each request's query with its own comment line: the same work for the engine, but
    no cache of answers or parsed queries can serve it.
    """
    server = Server("client", None, host, port, path)  # type: ignore[arg-type]
    connection = http.client.HTTPConnection(host, port, timeout=60)
    done = errors = 0
    tag = f"\n# client {multiprocessing.current_process().pid}, request "
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            text = f"{query}{tag}{done + errors}" if distinct else query
            status, _ = request(server, text, connection)
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=60)
            errors += 1
            continue
        if status == 200:
            done += 1
        else:
            errors += 1
    connection.close()
    results.put((done, errors))


def throughput(
    server: Server, query: str, clients: int, seconds: float, distinct: bool = False
) -> tuple[float, int]:
    """Return requests per second (and errors) with ``clients`` client processes sending back to back."""
    queue: multiprocessing.Queue = multiprocessing.Queue()
    workers = [
        multiprocessing.Process(
            target=_hammer, args=(server.host, server.port, server.path, query, seconds, distinct, queue)
        )
        for _ in range(clients)
    ]
    for worker in workers:
        worker.start()
    totals = [queue.get(timeout=seconds + 120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    return sum(done for done, _ in totals) / seconds, sum(errors for _, errors in totals)


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


def named_queries(samples: dict[str, str]) -> dict[str, str]:
    """Return the named queries (queries/*.rq) with parameters bound to sample values or their defaults."""
    try:
        from policykg.queries import bundled_queries
    except ImportError:
        return {}
    found = {}
    for name, named in bundled_queries().items():
        arguments = {p.name: samples[p.name] for p in named.parameters if p.name in samples}
        try:
            found[f"named: {name}"] = named.bind(arguments)
        except ValueError as error:
            print(f"(skipping {name}: {error})")
    return found


@contextmanager
def servers(workdir: Path, args: argparse.Namespace, with_rdflib: bool) -> Iterator[list[Server]]:
    """Prepare the data and start policykg, Oxigraph server and (optionally) rdflib-endpoint on it."""
    build = workdir / "build"
    build.mkdir(parents=True, exist_ok=True)
    graph = build / "graph.nt"
    stamp = workdir / "triples.txt"
    triples = args.triples
    if not graph.exists() or not stamp.exists() or stamp.read_text() != str(triples):
        print(f"generating about {triples} triples ...", flush=True)
        shutil.rmtree(workdir / "oxigraph", ignore_errors=True)
        print(f"  wrote {synthetic_graph.write(graph, triples)} triples to {graph}", flush=True)
        stamp.write_text(str(triples))
    if not (workdir / "oxigraph").exists():
        print("loading Oxigraph server's store ...", flush=True)
        subprocess.run(
            [
                str(BIN / "oxigraph"),
                "load",
                "--location",
                str(workdir / "oxigraph"),
                "--file",
                str(graph),
                str(ontology_path()),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Compacted as Oxigraph advises for read-heavy use, so the reference is at its best.
        subprocess.run(
            [str(BIN / "oxigraph"), "optimize", "--location", str(workdir / "oxigraph")],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    started: list[Server] = []
    try:
        port = free_port()
        print("starting policykg (loads its store on the first run) ...", flush=True)
        started.append(
            start(
                "policykg",
                [
                    sys.executable,
                    "-m",
                    "policykg",
                    "serve",
                    "--build-dir",
                    str(build),
                    "--port",
                    str(port),
                    "--workers",
                    str(args.workers),
                    "--threads",
                    str(args.threads),
                    # No row cap and a generous timeout, so that policykg does the same work as Oxigraph;
                    # a cut answer would be flagged below.
                    "--max-rows",
                    "0",
                    "--timeout",
                    "600",
                ],
                port,
                "/sparql",
                workdir / "policykg.log",
            )
        )
        port = free_port()
        started.append(
            start(
                "oxigraph",
                [
                    str(BIN / "oxigraph"),
                    "serve-read-only",
                    "--location",
                    str(workdir / "oxigraph"),
                    "--bind",
                    f"127.0.0.1:{port}",
                ],
                port,
                "/query",
                workdir / "oxigraph.log",
            )
        )
        if with_rdflib:
            port = free_port()
            print(
                "starting rdflib-endpoint (parses the graph into rdflib; this takes a while) ...", flush=True
            )
            started.append(
                start(
                    "rdflib-endpoint",
                    [
                        str(BIN / "rdflib-endpoint"),
                        "serve",
                        str(graph),
                        str(ontology_path()),
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(port),
                    ],
                    port,
                    "/",
                    workdir / "rdflib-endpoint.log",
                )
            )
        for server in started:
            wait_until_idle(server)
        yield started
    finally:
        for server in started:
            server.stop()


def latency_table(
    policykg: Server, oxigraph: Server, named: dict[str, str], args: argparse.Namespace
) -> None:
    """Print the median and p99 latency of every query through policykg and Oxigraph server."""
    if not named:
        print("(no named queries in queries/*.rq: timing the representative queries only)")
    queries = {**named, **{name: sparql_prologue() + text for name, text in QUERIES.items()}}
    print(f"\nLatency over HTTP, {args.triples:,} triples; milliseconds (median / p99), ratio of medians")
    print(f"{'query':<40}{'rows':>7}{'policykg':>20}{'oxigraph':>20}{'ratio':>8}")
    worst = {"named": 0.0, "other": 0.0}
    for name, query in queries.items():
        (ours, our_rows), (theirs, their_rows) = latencies([policykg, oxigraph], query, args.budget, 5, 200)
        ratio = statistics.median(ours) / statistics.median(theirs)
        kind = "named" if name.startswith("named: ") else "other"
        worst[kind] = max(worst[kind], ratio)
        same = "" if our_rows == their_rows else f"  (oxigraph: {their_rows} rows!)"
        print(
            f"{name[:39]:<40}{our_rows:>7}"
            f"{statistics.median(ours) * 1000:>10.1f} /{percentile(ours, 0.99) * 1000:>7.1f}"
            f"{statistics.median(theirs) * 1000:>10.1f} /{percentile(theirs, 0.99) * 1000:>7.1f}"
            f"{ratio:>8.2f}{same}"
        )
    if named:
        print(f"worst ratio of medians, named queries: {worst['named']:.2f} (goal <= 1.5)")
    print(f"worst ratio of medians, representative queries: {worst['other']:.2f}")


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
    parser.add_argument("--no-rdflib", action="store_true", help="skip rdflib-endpoint")
    args = parser.parse_args()

    with_rdflib = not args.no_rdflib
    if with_rdflib and not (BIN / "rdflib-endpoint").exists():
        print("(rdflib-endpoint is not installed: pip install -e '.[bench]'; skipping it)")
        with_rdflib = False
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="policykg-bench-"))
    with servers(workdir, args, with_rdflib) as running:
        policykg, oxigraph = running[0], running[1]
        if not args.only_load:
            latency_table(policykg, oxigraph, named_queries(sample_arguments(oxigraph)), args)
        load_table(running, args, distinct=False)
        load_table(running, args, distinct=True)
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
