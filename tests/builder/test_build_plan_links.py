"""Plans of different places and years built together: linked, and their targets of one metric in series.

The bundled Jinan plan (2023–2025), an invented plan of one of its districts for the same years and an
invented later Jinan plan (2026–2028), all in tests/fixtures/corpus/ (written for these tests).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from policykg.data import bundled_documents
from policykg.graph_builder.build import build_documents
from policykg.ontology.namespaces import PKG

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    paths = [*bundled_documents(), CORPUS / "lixia-2023-2025-green-development-plan.txt"]
    paths.append(CORPUS / "jinan-2026-2028-green-development-plan.txt")
    return build_documents(paths, tmp_path_factory.mktemp("linked"), workers=1)


def plan_of(graph: Graph, year: int, place_word: str) -> URIRef:
    """The plan whose period starts in ``year`` and whose IRI names ``place_word``."""
    for plan in graph.subjects(RDF.type, PKG.Plan):
        period = graph.value(plan, PKG.period)
        start = graph.value(
            graph.value(period, URIRef("http://www.w3.org/2006/time#hasBeginning")), PKG.yearNumber
        )
        if start is not None and int(start) == year and place_word in str(plan):
            return plan
    raise AssertionError(f"no plan of {place_word} from {year}")


def test_three_plans_each_from_its_document(built) -> None:
    graph = built.graph
    plans = set(graph.subjects(RDF.type, PKG.Plan))
    assert len(plans) == 3
    assert all(len(set(graph.objects(p, PKG.describedBy))) == 1 for p in plans)


def test_the_districts_plan_is_within_the_citys_and_the_later_plan_succeeds_it(built) -> None:
    graph = built.graph
    city, district, later = (
        plan_of(graph, 2023, "jinan"),
        plan_of(graph, 2023, "lixia"),
        plan_of(graph, 2026, "jinan"),
    )
    assert set(graph.subject_objects(PKG.withinPlan)) == {(district, city)}
    assert set(graph.subject_objects(PKG.succeeds)) == {(later, city)}


def test_targets_of_one_metric_and_place_form_a_series_across_plans(built) -> None:
    graph = built.graph
    series = set(graph.subjects(RDF.type, PKG.TargetSeries))
    assert series
    for node in series:
        members = set(graph.subjects(PKG.inSeries, node))
        # A target's IRI hangs under its plan's (domain/…/target/… or target/…).
        everyone = set(graph.subjects(RDF.type, PKG.Plan))
        plans = {p for m in members for p in everyone if str(m).startswith(f"{p}/")}
        assert len(members) >= 2 and len(plans) >= 2, node
        assert len(set(graph.objects(node, PKG.metric))) == 2  # in zh and en


def test_the_linked_corpus_conforms_to_the_shapes(built) -> None:
    assert built.validation is not None and built.validation.conforms
