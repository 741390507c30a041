"""policykg.iris: the IRI scheme shared by the builder, the checks and the server."""

from __future__ import annotations

import pytest

from policykg.iris import DEFAULT_BASE, IriScheme, findings_graph, iri_for, path_for, void_partition


@pytest.mark.parametrize("base", ["https://example.org/kg/", "http://localhost:5000/"])
def test_a_path_and_its_iri_map_both_ways(base: str) -> None:
    iri = IriScheme(base).child(base + "id/plan/x", "domain", 1)
    assert path_for(iri, base) == "/id/plan/x/domain/1"
    assert iri_for(path_for(iri, base) or "", base) == iri
    assert path_for("https://elsewhere.org/id/x", base) is None


def test_the_findings_graph_has_one_name_whatever_the_base_spelling() -> None:
    assert findings_graph("https://example.org/kg") == findings_graph("https://example.org/kg/")
    assert IriScheme().findings_graph() == findings_graph() == DEFAULT_BASE + "graph/findings"


def test_child_segments_are_percent_encoded_and_stable() -> None:
    assert (
        IriScheme.child("https://e.org/p", "target", "人才-2025")
        == "https://e.org/p/target/%E4%BA%BA%E6%89%8D-2025"
    )
    scheme = IriScheme("https://e.org/")
    first = scheme.finding("https://e.org/p", "parts-sum", "investment", other="https://e.org/q")
    assert first == scheme.finding("https://e.org/p", "parts-sum", "investment", other="https://e.org/q")
    assert first != scheme.finding("https://e.org/p", "parts-sum", "investment", other="https://e.org/r")


def test_void_partitions_are_readable_and_distinct() -> None:
    one = void_partition("https://e.org/", "class", "https://w3id.org/policykg/ontology#Plan")
    other = void_partition("https://e.org/", "class", "https://schema.org/Plan")
    assert one.startswith("https://e.org/void#class-Plan-") and one != other
