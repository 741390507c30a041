"""Time SHACL validation and the source audit on a graph of a few thousand triples.

Builds the graph from copies of the test fixtures (each copy under its own base IRI), then prints
the median wall and CPU time of a few runs (CPU time is steadier on a shared machine). A figure to
watch, not a test: run ``python benchmarks/bench_validate.py [COPIES]``.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from rdflib import Graph

from policykg.checks.audit import audit
from policykg.checks.validate import validate

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


def median_times(run: Callable[[], object], repeat: int = 5) -> tuple[float, float]:
    """Return the median wall and CPU seconds of ``repeat`` calls of ``run``."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def main(copies: int = 15) -> None:
    """Print the graph's size and the median times of validation and of the audit."""
    graph = synthetic_graph(copies)
    result = validate(graph)  # also parses the shapes and the ontology, once, outside the timing
    print(f"graph: {len(graph)} triples; shapes: {len(result.results)} results, conforms={result.conforms}")
    for name, run in (("validate", lambda: validate(graph)), ("audit", lambda: audit(graph))):
        wall, cpu = median_times(run)
        print(f"{name:<9} wall {wall:.3f} s, cpu {cpu:.3f} s (median of 5)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
