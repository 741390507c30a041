"""Time SHACL validation, pySHACL against the fast checker, and the source audit.

Three graphs: the bundled plan's built graph, the graph of every plan (the bundled one and those of
tests/fixtures/plans) built together, and copies of the conforming shapes fixture (each under its own
base IRI). For each, prints the median wall and CPU time of a few runs of pySHACL
(``validate(graph, engine="pyshacl")``), of the fast checker on the rdflib Graph (``validate(graph)``)
and on a pyoxigraph Store (``validate_store``, the Store's loading not counted), from N-Triples text
read by rdflib or by Oxigraph (``validate_ntriples``, reading counted), and the ratio of CPU times
of pySHACL and of the fast checker on the same rdflib Graph. CPU time is steadier on a shared
machine. A figure to watch, not a test: run ``python benchmarks/bench_validate.py [COPIES]``.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from policykg.checks.audit import audit
from policykg.checks.validate import validate, validate_ntriples, validate_store
from policykg.data import bundled_documents

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
BASE = "@base <https://w3id.org/policykg/id/> ."


def synthetic_graph(copies: int) -> Graph:
    """Return the seed's portfolios plus ``copies`` copies of the conforming shapes fixture."""
    text = (FIXTURES / "shapes" / "conforming.ttl").read_text(encoding="utf-8")
    graph = Graph().parse(FIXTURES / "audit" / "seed-portfolios.ttl")
    for n in range(copies):
        copy = text.replace(BASE, f"@base <https://w3id.org/policykg/id/copy{n}/> .")
        graph.parse(data=copy, format="turtle")
    return graph


def built_graph(paths: list[Path]) -> Graph:
    """Return the graph that the builder makes of ``paths`` (shapes not checked)."""
    from policykg.graph_builder.build import build_documents

    with tempfile.TemporaryDirectory() as folder:
        return build_documents(paths, Path(folder), validate_shapes=False, workers=2).graph


def store_of(graph: Graph) -> ox.Store:
    """Return a pyoxigraph Store holding the triples of ``graph``."""
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def median_times(run: Callable[[], object], repeat: int = 5) -> tuple[float, float]:
    """Return the median wall and CPU seconds of ``repeat`` calls of ``run``."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def compare(name: str, graph: Graph, repeat: int) -> None:
    """Print the times of both engines on ``graph`` and check that they report the same results."""
    reference = validate(graph, engine="pyshacl")  # parses the shapes and the ontology outside the timing
    fast = validate(graph)
    store = store_of(graph)
    same = set(reference.results) == set(fast.results) == set(validate_store(store).results)
    print(f"{name}: {len(graph)} triples, {len(fast.results)} results, conforms={fast.conforms}, same={same}")
    nt = graph.serialize(format="nt", encoding="utf-8")
    runs = {
        "pyshacl": lambda: validate(graph, engine="pyshacl"),
        "fast": lambda: validate(graph),
        "fast-store": lambda: validate_store(store),
        # From N-Triples text, as a build has it: rdflib's parser, or Oxigraph's (validate_ntriples).
        "nt-rdflib": lambda: validate(Graph().parse(data=nt, format="nt")),
        "nt-oxigraph": lambda: validate_ntriples(nt),
    }
    cpu_of = {}
    for engine, run in runs.items():
        wall, cpu_of[engine] = median_times(run, repeat)
        print(f"  {engine:<11} wall {wall * 1000:8.1f} ms, cpu {cpu_of[engine] * 1000:8.1f} ms")
    print(f"  pyshacl/fast cpu ratio: {cpu_of['pyshacl'] / cpu_of['fast']:.1f}x")


def main(copies: int = 15) -> None:
    """Print the validation times of each graph and the audit's time on the synthetic one."""
    plans = [bundled_documents()[0], *sorted((FIXTURES / "plans").glob("*.txt"))]
    compare("bundled plan", built_graph(plans[:1]), repeat=5)
    compare(f"{len(plans)} plans joined", built_graph(plans), repeat=3)
    synthetic = synthetic_graph(copies)
    compare(f"synthetic ({copies} copies)", synthetic, repeat=5)
    wall, cpu = median_times(lambda: audit(synthetic))
    print(f"audit on the synthetic graph: wall {wall * 1000:.1f} ms, cpu {cpu * 1000:.1f} ms (median of 5)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
