"""The fast shapes checker reports exactly what pySHACL reports, on every shapes fixture and built plan."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from policykg.checks.validate import ValidationResult, validate, validate_ntriples, validate_store
from policykg.data import bundled_documents

FIXTURES = Path(__file__).parents[1] / "fixtures"
SHAPES = FIXTURES / "shapes"
PLANS = [bundled_documents()[0], *sorted((FIXTURES / "plans").glob("*.txt"))]


def rows(result: ValidationResult) -> set[tuple[str | None, ...]]:
    """Return the results as (severity, focus, shape, component, path, value, zh, en) rows."""
    return {
        (r.severity, r.focus, r.shape, r.component, r.path, r.value, r.message_zh, r.message_en)
        for r in result.results
    }


def store_of(graph: Graph) -> ox.Store:
    """Return a pyoxigraph Store holding the triples of ``graph``."""
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def assert_same(graph: Graph) -> None:
    """Assert that pySHACL and the fast checker agree on ``graph``, and on a Store holding it."""
    reference = validate(graph, engine="pyshacl")
    fast = validate(graph)
    assert rows(fast) == rows(reference)
    assert fast.conforms == reference.conforms
    # Oxigraph keeps literals in canonical form ("1.0"^^xsd:decimal comes back as "1"), so the
    # Store's results are compared with those on the triples as the Store holds them.
    store = store_of(graph)
    held = Graph().parse(
        data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), format="nt"
    )
    on_store, on_held = validate_store(store), validate(held)
    assert rows(on_store) == rows(on_held)
    assert on_store.conforms == on_held.conforms == reference.conforms
    # Streamed N-Triples, each line given twice: the same results as the Store's (duplicates counted once).
    text = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    streamed = validate_ntriples(text + text)
    assert rows(streamed) == rows(on_store) and streamed.conforms == on_store.conforms
    # Sorted by line, as a build writes graph.nt: checked one and three subjects at a time, alike.
    ordered = b"".join(sorted(set(text.splitlines(keepends=True))))
    for window in (1, 3):
        windowed = validate_ntriples(ordered, window=window)
        assert rows(windowed) == rows(on_store) and windowed.conforms == on_store.conforms


@pytest.fixture(scope="module")
def conforming() -> Graph:
    return Graph().parse(SHAPES / "conforming.ttl")


@pytest.mark.parametrize("fixture", sorted(p.stem for p in SHAPES.glob("*.ttl")))
def test_shapes_fixture_gives_the_same_results(conforming: Graph, fixture: str) -> None:
    graph = Graph()
    graph += conforming
    assert_same(graph.parse(SHAPES / f"{fixture}.ttl"))


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.stem)
def test_built_plan_gives_the_same_results(plan: Path, tmp_path: Path) -> None:
    from policykg.graph_builder.build import build_documents

    built = build_documents([plan], tmp_path, validate_shapes=False, workers=1)
    assert_same(built.graph)
    assert rows(validate_ntriples(built.ntriples)) == rows(validate_store(store_of(built.graph)))
    (tmp_path / "graph.nt").write_bytes(built.ntriples)
    assert validate_ntriples(tmp_path / "graph.nt") == validate_ntriples(built.ntriples)


def test_sample_graph_gives_the_same_results() -> None:
    assert_same(Graph().parse(FIXTURES / "sample_graph.ttl"))


def test_pyshacl_engine_stays_reachable_and_unknown_engines_fail(conforming: Graph) -> None:
    assert validate(conforming, engine="pyshacl").conforms
    with pytest.raises(ValueError, match="engine"):
        validate(conforming, engine="other")  # type: ignore[arg-type]
