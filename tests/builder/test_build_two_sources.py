"""Two documents of one plan built together: the bundled plan and a Q&A explainer of it written for the test.

One plan with both documents as its sources; every portfolio that both state is one resource whose
figures each source states (none carries another portfolio's figures); an institution named in both
is one resource; the audit reports only figures the two sources state differently, never a restatement.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from policykg.checks.findings import Check
from policykg.data import bundled_documents
from policykg.graph_builder.build import build_documents
from policykg.ontology.namespaces import OA, PKG

EXPLAINER = Path(__file__).parents[1] / "fixtures" / "corpus" / "jinan-plan-qa-explainer.txt"
INSTITUTIONS = (
    PKG.Institution,
    PKG.Laboratory,
    PKG.Hospital,
    PKG.University,
    PKG.ResearchInstitute,
    PKG.InnovationPlatform,
    PKG.InnovationCenter,
    PKG.IndustrialPark,
    PKG.DemonstrationZone,
    PKG.Enterprise,
    PKG.GovernmentBody,
)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    (seed,) = bundled_documents()
    out = tmp_path_factory.mktemp("two-sources")
    return build_documents([seed, EXPLAINER], out, validate_shapes=True, workers=1)


@pytest.fixture(scope="module")
def graph(built) -> Graph:
    return built.graph


def documents_of(graph: Graph, node: URIRef) -> set[URIRef]:
    return {graph.value(span, PKG.inDocument) for span in graph.objects(node, PROV.wasDerivedFrom)}


def test_one_plan_with_both_documents_as_its_sources(graph: Graph) -> None:
    (plan,) = set(graph.subjects(RDF.type, PKG.Plan))
    sources = set(graph.objects(plan, PKG.describedBy))
    assert len(sources) == 2
    assert sources == set(graph.subjects(RDF.type, PKG.SourceDocument))


def test_no_portfolio_carries_two_counts_or_two_totals(graph: Graph) -> None:
    for portfolio in set(graph.subjects(RDF.type, PKG.ProjectPortfolio)):
        assert len(set(graph.objects(portfolio, PKG.projectCount))) <= 1, portfolio
        assert len(set(graph.objects(portfolio, PKG.investment))) <= 1, portfolio


def test_portfolios_stated_by_both_sources_have_figures_both_print(graph: Graph) -> None:
    shared = [
        p
        for p in set(graph.subjects(RDF.type, PKG.ProjectPortfolio))
        if len(documents_of(graph, p)) == 2 and graph.value(p, PKG.projectCount) is not None
    ]
    assert shared, "the explainer restates portfolios of the plan"
    for portfolio in shared:
        count = str(graph.value(portfolio, PKG.projectCount))
        for span in graph.objects(portfolio, PROV.wasDerivedFrom):
            assert count in str(graph.value(span, OA.exact)), (portfolio, span)


def test_an_institution_named_in_both_documents_is_one_resource(graph: Graph) -> None:
    by_name: dict[str, set[URIRef]] = defaultdict(set)
    for cls in INSTITUTIONS:
        for node in graph.subjects(RDF.type, cls):
            for name in (*graph.objects(node, RDFS.label), *graph.objects(node, SKOS.altLabel)):
                if isinstance(name, Literal) and name.language == "zh":
                    by_name[str(name)].add(node)
    in_both = [nodes for nodes in by_name.values() if any(len(documents_of(graph, n)) == 2 for n in nodes)]
    assert len(in_both) >= 10
    assert {name: nodes for name, nodes in by_name.items() if len(nodes) > 1} == {}


def test_the_audit_finds_only_disagreements_between_the_sources(built) -> None:
    alone = build_documents(bundled_documents(), Path(built.nt_path).parent.parent / "alone", workers=1)
    own = {f.iri for f in alone.audit.findings}
    new = [f for f in built.audit.findings if f.iri not in own]
    assert all(f.check is Check.SOURCE_DISAGREEMENT for f in new), [f.message_en for f in new]
    for finding in new:
        assert len({s.iri.split("/span/")[0] for s in finding.spans}) == 2


def test_the_graph_of_two_sources_conforms_to_the_shapes(built) -> None:
    assert built.validation is not None and built.validation.conforms, [
        r.line() for r in built.validation.results if r.severity == "Violation"
    ][:5]
