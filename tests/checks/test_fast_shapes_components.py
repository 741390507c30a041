"""Each SHACL component of the fast checker, on tiny graphs written for it, agrees with pySHACL."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.namespace import SH

from policykg.checks.shapes_compiled import UnsupportedShape, compile_shapes
from policykg.checks.validate import ValidationResult, validate, validate_store

PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix s: <http://example.org/shapes#> .
@prefix : <http://example.org/> .
"""
NS = "http://example.org/"


def rows(result: ValidationResult) -> set[tuple[str, ...]]:
    """Return "severity focus shape component path value" rows with the example prefixes cut."""

    def cut(text: str | None) -> str:
        if text is None:
            return "-"
        text = re.sub(r"<([^>]*)>", r"\1", text)
        return text.replace("http://example.org/shapes#", "").replace(NS, "")

    return {
        (r.severity, cut(r.focus), cut(r.shape), r.component.removeprefix("sh:"), cut(r.path), cut(r.value))
        for r in result.results
    }


def check(shapes: str, data: str) -> set[tuple[str, ...]]:
    """Validate ``data`` against ``shapes`` with both engines (and on a Store); return the agreed rows."""
    shapes_graph = Graph().parse(data=PREFIXES + shapes, format="turtle")
    data_graph = Graph().parse(data=PREFIXES + data, format="turtle")
    fast = validate(data_graph, shapes=shapes_graph, ontology=Graph())
    reference = validate(
        data_graph, shapes=Graph().parse(data=PREFIXES + shapes), ontology=Graph(), engine="pyshacl"
    )
    assert rows(fast) == rows(reference)
    assert fast.conforms == reference.conforms
    store = ox.Store()
    store.load(data_graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    assert rows(validate_store(store, shapes=shapes_graph, ontology=Graph())) == rows(fast)
    return rows(fast)


def test_class_follows_subclasses_and_fails_literals_and_untyped_values() -> None:
    shapes = (
        "s:A a sh:NodeShape ; sh:targetClass :Thing ; sh:property s:P . s:P sh:path :p ; sh:class :Place ."
    )
    data = """
        :City rdfs:subClassOf :Place .
        :x a :Thing ; :p :good , :sub , :bare , "text" .
        :good a :Place . :sub a :City .
    """
    assert check(shapes, data) == {
        ("Violation", "x", "P", "ClassConstraintComponent", "p", "bare"),
        ("Violation", "x", "P", "ClassConstraintComponent", "p", "text"),
    }


def test_datatype_fails_other_types_ill_typed_literals_and_iris() -> None:
    shapes = """
        s:A a sh:NodeShape ; sh:targetSubjectsOf :n ; sh:property s:N , s:T , s:L .
        s:N sh:path :n ; sh:datatype xsd:integer .
        s:T sh:path :t ; sh:datatype xsd:string .
        s:L sh:path :l ; sh:datatype rdf:langString .
    """
    data = """
        :x :n 3 , "4" , "four"^^xsd:integer , :iri ; :t "plain" , "tagged"@en ; :l "yes"@zh , "no" .
    """
    assert check(shapes, data) == {
        ("Violation", "x", "N", "DatatypeConstraintComponent", "n", "4"),
        ("Violation", "x", "N", "DatatypeConstraintComponent", "n", "four"),
        ("Violation", "x", "N", "DatatypeConstraintComponent", "n", "iri"),
        ("Violation", "x", "T", "DatatypeConstraintComponent", "t", "tagged"),
        ("Violation", "x", "L", "DatatypeConstraintComponent", "l", "no"),
    }


def test_min_and_max_count() -> None:
    shapes = "s:A a sh:NodeShape ; sh:targetClass :T ; sh:property s:P . s:P sh:path :p ; sh:minCount 1 ; sh:maxCount 2 ."
    data = ":none a :T . :one a :T ; :p 1 . :three a :T ; :p 1 , 2 , 3 ."
    assert check(shapes, data) == {
        ("Violation", "none", "P", "MinCountConstraintComponent", "p", "-"),
        ("Violation", "three", "P", "MaxCountConstraintComponent", "p", "-"),
    }


def test_node_kind_and_pattern_on_iris_and_literals() -> None:
    shapes = """
        s:A a sh:NodeShape ; sh:targetClass :T ; sh:property s:U , s:C .
        s:U sh:path :unit ; sh:nodeKind sh:IRI ; sh:pattern "^http://example\\\\.org/cur/" .
        s:C sh:path :code ; sh:pattern "^[0-9]{2}00$" .
    """
    data = """
        :x a :T ; :unit <http://example.org/cur/CNY> , <http://example.org/other/m> , "CNY" ;
            :code "1200" , "1234" , 1300 .
    """
    assert check(shapes, data) == {
        ("Violation", "x", "U", "PatternConstraintComponent", "unit", "other/m"),
        ("Violation", "x", "U", "PatternConstraintComponent", "unit", "CNY"),
        ("Violation", "x", "U", "NodeKindConstraintComponent", "unit", "CNY"),
        ("Violation", "x", "C", "PatternConstraintComponent", "code", "1234"),
    }


def test_language_in_unique_lang_and_qualified_min_count() -> None:
    shapes = """
        s:A a sh:NodeShape ; sh:targetClass :T ; sh:property s:Zh , s:Form , s:In .
        s:Zh sh:path :label ; sh:qualifiedValueShape [ sh:languageIn ( "zh" ) ] ; sh:qualifiedMinCount 1 .
        s:Form sh:path :label ; sh:uniqueLang true .
        s:In sh:path :label ; sh:languageIn ( "zh" "en" ) .
    """
    data = """
        :ok a :T ; :label "名"@zh-Hans , "Name"@en .
        :x a :T ; :label "One"@en , "Two"@EN , "Un"@fr , "plain" .
    """
    assert check(shapes, data) == {
        ("Violation", "x", "Zh", "QualifiedMinCountConstraintComponent", "label", "-"),
        ("Violation", "x", "Form", "UniqueLangConstraintComponent", "label", "-"),
        ("Violation", "x", "In", "LanguageInConstraintComponent", "label", "Un"),
        ("Violation", "x", "In", "LanguageInConstraintComponent", "label", "plain"),
    }


def test_or_not_and_has_value_on_node_and_property_shapes() -> None:
    shapes = """
        s:Range a sh:NodeShape ; sh:targetClass :Target ;
            sh:or ( [ sh:not [ sh:path :comparator ; sh:hasValue :Range ] ] [ sh:path :max ; sh:minCount 1 ] ) .
        s:Max a sh:NodeShape ; sh:targetSubjectsOf :max ; sh:property s:Comparator .
        s:Comparator sh:path :comparator ; sh:hasValue :Range .
        s:Date a sh:NodeShape ; sh:targetSubjectsOf :issued ; sh:property s:Issued .
        s:Issued sh:path :issued ; sh:or ( [ sh:datatype xsd:date ] [ sh:datatype xsd:gYear ] ) .
    """
    data = """
        :open a :Target ; :comparator :AtLeast .
        :range a :Target ; :comparator :Range ; :max 5 .
        :broken a :Target ; :comparator :Range .
        :odd a :Target ; :comparator :AtLeast ; :max 5 .
        :doc :issued "2024-01-02"^^xsd:date , "2024"^^xsd:gYear , "soon" .
    """
    assert check(shapes, data) == {
        ("Violation", "broken", "Range", "OrConstraintComponent", "-", "broken"),
        ("Violation", "odd", "Comparator", "HasValueConstraintComponent", "comparator", "-"),
        ("Violation", "doc", "Issued", "OrConstraintComponent", "issued", "soon"),
    }


def test_less_than_less_than_or_equals_and_min_inclusive() -> None:
    shapes = """
        s:A a sh:NodeShape ; sh:targetSubjectsOf :start ; sh:property s:Start , s:Base .
        s:Start sh:path :start ; sh:lessThanOrEquals :end ; sh:minInclusive 0 .
        s:Base sh:path :base ; sh:lessThan :deadline .
    """
    data = """
        :ok :start 0 ; :end 0 ; :base "2020"^^xsd:gYear ; :deadline "2025"^^xsd:gYear .
        :x :start -1 , 9 ; :end 4 ; :base "2026"^^xsd:gYear , "2025"^^xsd:gYear ; :deadline "2025"^^xsd:gYear .
        :y :start "7" ; :end 8 .
    """
    assert check(shapes, data) == {
        ("Violation", "x", "Start", "MinInclusiveConstraintComponent", "start", "-1"),
        ("Violation", "x", "Start", "LessThanOrEqualsConstraintComponent", "start", "9"),
        ("Violation", "x", "Base", "LessThanConstraintComponent", "base", "2026"),
        ("Violation", "x", "Base", "LessThanConstraintComponent", "base", "2025"),
        ("Violation", "y", "Start", "MinInclusiveConstraintComponent", "start", "7"),
        ("Violation", "y", "Start", "LessThanOrEqualsConstraintComponent", "start", "7"),
    }


def test_targets_and_inverse_and_alternative_paths() -> None:
    shapes = """
        s:Owned a sh:NodeShape ; sh:targetObjectsOf :hasPart ; sh:targetClass :Part ; sh:property s:Owner .
        s:Owner sh:path [ sh:alternativePath ( [ sh:inversePath :hasPart ] [ sh:inversePath :holds ] ) ] ;
            sh:maxCount 1 ; sh:minCount 1 .
        s:Kept a sh:NodeShape ; sh:targetClass :Part ; sh:property s:Keeper .
        s:Keeper sh:path [ sh:inversePath :holds ] ; sh:minCount 1 .
    """
    data = """
        :SmallPart rdfs:subClassOf :Part .
        :a :hasPart :p1 , :p2 . :b :holds :p2 .
        :lone a :SmallPart .
    """
    assert check(shapes, data) == {
        ("Violation", "p2", "Owner", "MaxCountConstraintComponent", "(^hasPart|^holds)", "-"),
        ("Violation", "lone", "Owner", "MinCountConstraintComponent", "(^hasPart|^holds)", "-"),
        ("Violation", "lone", "Keeper", "MinCountConstraintComponent", "^holds", "-"),
    }


def test_severity_and_messages_in_both_languages() -> None:
    shapes = """
        s:A a sh:NodeShape ; sh:targetClass :T ; sh:property s:P .
        s:P sh:path :p ; sh:minCount 1 ; sh:severity sh:Warning ;
            sh:message "缺少数值。"@zh , "The value is missing."@en .
    """
    graph = Graph().parse(data=PREFIXES + ":x a :T .", format="turtle")
    result = validate(graph, shapes=Graph().parse(data=PREFIXES + shapes, format="turtle"), ontology=Graph())
    assert result.conforms
    (only,) = result.results
    assert (only.severity, only.message("zh"), only.message("en")) == (
        "Warning",
        "缺少数值。",
        "The value is missing.",
    )


@pytest.mark.parametrize(
    "shapes",
    [
        "s:A a sh:NodeShape ; sh:targetClass :T ; sh:property [ sh:path :p ; sh:minLength 2 ] .",
        "s:A a sh:NodeShape ; sh:targetNode :x ; sh:property [ sh:path :p ; sh:minCount 1 ] .",
        "s:A a sh:NodeShape ; sh:targetClass :T ; sh:property [ sh:path [ sh:zeroOrMorePath :p ] ; sh:minCount 1 ] .",
        "s:A a sh:NodeShape ; sh:targetClass :T ; sh:property [ sh:path ( :p :q ) ; sh:minCount 1 ] .",
        "s:A a sh:PropertyShape ; sh:path :p ; sh:minCont 1 .",
        "s:A a sh:PropertyShape ; sh:path :p ; sh:qualifiedValueShape [ sh:class :C ] ; sh:qualifiedMaxCount 1 .",
    ],
    ids=["component", "target", "path", "sequence-path", "misspelt", "qualified-max"],
)
def test_an_unsupported_shape_raises_at_compile_time(shapes: str) -> None:
    with pytest.raises(UnsupportedShape):
        compile_shapes(Graph().parse(data=PREFIXES + shapes, format="turtle"))


def test_the_projects_shapes_compile() -> None:
    from policykg.ontology import shapes_graph

    graph = shapes_graph()
    compiled = compile_shapes(graph)
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)
    assert {s.node for s in compiled.shapes} == {s for t in targets for s in graph.subjects(t, None)}
    assert len(compiled.shapes) >= 27


def test_a_triple_stated_twice_counts_once() -> None:
    shapes = "s:A a sh:NodeShape ; sh:targetClass :T ; sh:property s:One . s:One sh:path rdf:type ; sh:maxCount 1 ."
    shapes_graph = Graph().parse(data=PREFIXES + shapes, format="turtle")
    data = Graph().parse(data=PREFIXES + ":x a :T .", format="turtle")
    # Once in the data and once in the ontology mixed in ...
    assert validate(data, shapes=shapes_graph, ontology=data).conforms
    # ... and once in each of two graphs of a Store.
    store = ox.Store()
    x, t = ox.NamedNode(NS + "x"), ox.NamedNode(NS + "T")
    kind = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    store.add(ox.Quad(x, kind, t))
    store.add(ox.Quad(x, kind, t, ox.NamedNode(NS + "graph")))
    assert validate_store(store, shapes=shapes_graph, ontology=data).conforms
