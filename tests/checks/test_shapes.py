"""The SHACL shapes: a conforming graph passes, and each rule's fixture breaks exactly that rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from policykg.checks.validate import ShapeResult, compact, validate
from policykg.ontology import shapes_graph

SHAPES = Path(__file__).parents[1] / "fixtures" / "shapes"
BASE = "https://w3id.org/policykg/id/"
RULES = sorted(p.stem for p in SHAPES.glob("*.ttl") if p.stem != "conforming")

# Everything a shape states that is not a constraint: naming, targets, severity, its properties.
_NOT_CONSTRAINTS = {
    RDF.type,
    SH.name,
    SH.message,
    SH.severity,
    SH.path,
    SH.property,
    SH.targetClass,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
}


def expected_results(fixture: str) -> list[str]:
    """Return the results a rule's fixture declares in its ``# expect:`` lines."""
    lines = (SHAPES / f"{fixture}.ttl").read_text(encoding="utf-8").splitlines()
    return sorted(line.removeprefix("# expect: ") for line in lines if line.startswith("# expect: "))


def row(result: ShapeResult) -> str:
    """Return a result as "severity shape focus path component", the form of the ``# expect:`` lines."""
    path = compact(result.path) if result.path else "-"
    component = result.component.removeprefix("sh:").removesuffix("ConstraintComponent")
    focus = result.focus.removeprefix(BASE)
    return f"{result.severity} {result.shape.split('#')[1]} {focus} {path} {component}"


def shapes_with_constraints() -> set[str]:
    """Return the local names of the shapes that state at least one constraint."""
    shapes = shapes_graph()
    named = set(shapes.subjects(RDF.type, SH.PropertyShape)) | set(shapes.subjects(RDF.type, SH.NodeShape))
    return {str(s).split("#")[1] for s in named if set(shapes.predicates(s)) - _NOT_CONSTRAINTS}


@pytest.fixture(scope="module")
def conforming() -> Graph:
    """The conforming graph that every rule's fixture is added to."""
    return Graph().parse(SHAPES / "conforming.ttl")


def with_fixture(conforming: Graph, fixture: str) -> Graph:
    """Return a copy of the conforming graph with a rule's fixture added."""
    graph = Graph()
    graph += conforming
    return graph.parse(SHAPES / f"{fixture}.ttl")


def test_conforming_graph_has_no_results(conforming: Graph) -> None:
    result = validate(conforming)
    assert result.conforms
    assert result.results == ()


@pytest.mark.parametrize("fixture", RULES)
def test_rule_fixture_breaks_exactly_its_rule(conforming: Graph, fixture: str) -> None:
    expected = expected_results(fixture)
    result = validate(with_fixture(conforming, fixture))
    assert sorted({row(r) for r in result.results}) == expected
    assert result.conforms is not any(line.startswith("Violation ") for line in expected)


def test_every_rule_has_a_fixture() -> None:
    tested = {line.split()[1] for fixture in RULES for line in expected_results(fixture)}
    assert shapes_with_constraints() - tested == set()
    assert all(expected_results(fixture) for fixture in RULES)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_shape_is_named_and_explained_in_both_languages(lang: str) -> None:
    shapes = shapes_graph()
    constrained = shapes_with_constraints()
    named = set(shapes.subjects(RDF.type, SH.PropertyShape)) | set(shapes.subjects(RDF.type, SH.NodeShape))
    for shape in named:
        names = [n for n in shapes.objects(shape, SH.name) if isinstance(n, Literal) and n.language == lang]
        assert len(names) == 1, f"{shape} has no single sh:name @{lang}"
        if str(shape).split("#")[1] in constrained:
            messages = [m for m in shapes.objects(shape, SH.message) if getattr(m, "language", None) == lang]
            assert len(messages) == 1, f"{shape} has no single sh:message @{lang}"


def test_results_carry_the_shapes_messages_in_both_languages(conforming: Graph) -> None:
    (result,) = validate(with_fixture(conforming, "entity-no-zh-label")).results
    assert result.message("zh") == "实体缺少中文标签（rdfs:label @zh）。"
    assert result.message("en") == "The entity has no Chinese label (rdfs:label @zh)."
    assert "pkgsh:EntityZhLabel" in result.line("en")
    assert "实体缺少中文标签" in result.line("zh")


def test_validation_leaves_the_graph_unchanged(conforming: Graph) -> None:
    graph = with_fixture(conforming, "portfolio-no-figures")
    before = set(graph)
    validate(graph)
    assert set(graph) == before


def test_sample_graph_conforms_with_one_warning(fixtures_dir: Path) -> None:
    result = validate(Graph().parse(fixtures_dir / "sample_graph.ttl"))
    assert result.conforms
    assert [(r.severity, r.shape.split("#")[1], r.focus) for r in result.results] == [
        ("Warning", "DivisionCodeStated", "https://w3id.org/policykg/id/city/shilishi")
    ]
    assert (result.count("Violation"), result.count("Warning")) == (0, 1)


def test_subclass_instances_are_targeted(conforming: Graph) -> None:
    graph = Graph()
    graph += conforming
    lab = URIRef(BASE + "laboratory/ceshi-shiyanshi")
    graph.remove((lab, None, Literal("Ceshi Laboratory", lang="en")))
    result = validate(graph)
    assert [(r.focus, r.shape.split("#")[1]) for r in result.results] == [(str(lab), "EntityEnLabel")]
