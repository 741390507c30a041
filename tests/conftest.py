"""Shared fixtures: the bundled seed document and its extraction, built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """The folder of test documents written for this project."""
    return FIXTURES


# --- graphs for the server tests (linked data, API, named queries) ---------------------------------

#: The files that make up the server tests' graph: the sample plan, a second plan and the ontology.
SERVER_GRAPH_FILES = ("sample_graph.ttl", "second_plan.ttl")


@pytest.fixture(scope="session")
def sample_oxigraph():
    """A pyoxigraph store holding the sample graph, the second plan and the ontology (do not write to it)."""
    import pyoxigraph as ox
    from policykg.ontology import ontology_path

    store = ox.Store()
    for name in SERVER_GRAPH_FILES:
        store.bulk_load(path=str(FIXTURES / name), format=ox.RdfFormat.TURTLE)
    store.bulk_load(path=str(ontology_path()), format=ox.RdfFormat.TURTLE)
    return store
