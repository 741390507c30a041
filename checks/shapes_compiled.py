"""Compile a SHACL shapes graph into checks that run in plain Python over an indexed data graph.

Only the SHACL Core subset that ontology/shapes.ttl uses is compiled; any other constraint
parameter, target or path in the shapes graph raises UnsupportedShape at compile time, so a shape
added later can never be silently skipped. The components' checks are in checks/shapes_components.py;
tests/checks/test_fast_shapes_equivalence.py holds them to pySHACL's results.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from policykg.checks.shapes_components import COMPONENTS, UnsupportedShape
from policykg.checks.validate import path_text

if TYPE_CHECKING:
    from policykg.checks.shapes_engine import ShapeData

#: A compiled constraint: given the data, a focus node and its value nodes, yield one item per
#: result: the value node it is about, or None for a result without sh:value.
Check = Callable[["ShapeData", Node, Sequence[Node]], Iterator[Node | None]]

_TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)
# sh: predicates of a shape that are not constraint parameters (or are read with another one).
_NOT_PARAMETERS = {
    SH.name,
    SH.description,
    SH.order,
    SH.group,
    SH.defaultValue,
    SH.message,
    SH.severity,
    SH.path,
    SH.property,
    SH.qualifiedMinCount,
    SH.flags,
}


@dataclass(frozen=True)
class ShapePath:
    """A compiled path: alternatives of (predicate, inverse?) steps, and its text as pySHACL reports it."""

    steps: tuple[tuple[URIRef, bool], ...]
    text: str


@dataclass(frozen=True)
class Constraint:
    """One compiled constraint: its component's IRI, its check, the shapes it applies to its value nodes
    (sh:or, sh:not, sh:qualifiedValueShape) and the predicates it reads of its focus node (sh:lessThan)."""

    component: URIRef
    check: Check
    shapes: tuple[Shape, ...] = ()
    reads: frozenset[URIRef] = frozenset()


@dataclass(eq=False)
class Shape:
    """A compiled node or property shape."""

    node: Node
    path: ShapePath | None = None
    severity: URIRef = SH.Violation
    messages: tuple[Literal, ...] = ()
    constraints: list[Constraint] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)
    targets: tuple[tuple[URIRef, URIRef], ...] = ()  # (target predicate, class or property)


@dataclass(frozen=True)
class CompiledShapes:
    """The shapes that have targets, and the predicates the checks read (forward and inverse)."""

    shapes: tuple[Shape, ...]
    forward: frozenset[URIRef]
    inverse: frozenset[URIRef]

    @property
    def read_elsewhere(self) -> frozenset[URIRef]:
        """The predicates the checks read forward from nodes other than a focus node: the paths of
        shapes that a property shape's sh:or, sh:not or sh:qualifiedValueShape applies to its values."""
        return frozenset(p for shape in self.shapes for p in _read_elsewhere(shape, on_focus=True))


def _read_elsewhere(shape: Shape, on_focus: bool) -> Iterator[URIRef]:
    """Yield the forward predicates ``shape`` reads from nodes other than the focus node (``on_focus``:
    whether the node it is applied to is the focus node itself)."""
    if not on_focus:
        if shape.path is not None:
            yield from (p for p, inverse in shape.path.steps if not inverse)
        yield from (p for c in shape.constraints for p in c.reads)
    values_are_focus = on_focus and shape.path is None
    for constraint in shape.constraints:
        for inner in constraint.shapes:
            yield from _read_elsewhere(inner, values_are_focus)
    for prop in shape.properties:
        yield from _read_elsewhere(prop, on_focus)


def compile_shapes(graph: Graph) -> CompiledShapes:
    """Compile every shape in ``graph``; raise UnsupportedShape on anything outside the subset."""
    compiler = Compiler(graph)
    roots = set(graph.subjects(RDF.type, SH.NodeShape)) | set(graph.subjects(RDF.type, SH.PropertyShape))
    for target in _TARGETS:
        roots |= set(graph.subjects(target, None))
    for other in (SH.targetNode, SH.target):
        if next(graph.subjects(other, None), None) is not None:
            raise UnsupportedShape(f"unsupported target {other}")
    compiled = [compiler.shape(node) for node in sorted(roots, key=str)]
    # Class closures need the types and the subclass axioms, whatever the shapes read.
    forward = compiler.forward | {RDF.type, RDFS.subClassOf}
    return CompiledShapes(
        tuple(s for s in compiled if s.targets), frozenset(forward), frozenset(compiler.inverse)
    )


class Compiler:
    """Compiles the shapes of one shapes graph, each once, and notes the predicates their checks read."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.done: dict[Node, Shape] = {}
        self.forward: set[URIRef] = set()
        self.inverse: set[URIRef] = set()
        # What the constraint being compiled applies to its values and reads of its focus node.
        self._inner: list[Shape] = []
        self._reads: set[URIRef] = set()

    def shape(self, node: Node) -> Shape:
        if node in self.done:
            return self.done[node]
        g = self.graph
        shape = self.done[node] = Shape(node)
        paths = list(g.objects(node, SH.path))
        if len(paths) > 1:
            raise UnsupportedShape(f"{node}: more than one sh:path")
        shape.path = self.path(paths[0]) if paths else None
        shape.severity = g.value(node, SH.severity) or SH.Violation
        shape.messages = tuple(m for m in g.objects(node, SH.message) if isinstance(m, Literal))
        shape.targets = tuple((t, o) for t in _TARGETS for o in sorted(g.objects(node, t), key=str))
        if any(not isinstance(o, URIRef) for _, o in shape.targets):
            raise UnsupportedShape(f"{node}: a target that is not an IRI")
        for target, term in shape.targets:
            if target == SH.targetSubjectsOf:
                self.forward.add(term)
            elif target == SH.targetObjectsOf:
                self.inverse.add(term)
        shape.properties = [self.shape(p) for p in sorted(g.objects(node, SH.property), key=str)]
        for predicate in sorted(set(g.predicates(node, None)), key=str):
            if str(predicate).startswith(str(SH)) and predicate not in _NOT_PARAMETERS | set(_TARGETS):
                for value in sorted(g.objects(node, predicate), key=str):
                    shape.constraints.append(self.constraint(node, predicate, value))
        if g.value(node, SH.qualifiedMinCount) is not None and g.value(node, SH.qualifiedValueShape) is None:
            raise UnsupportedShape(f"{node}: sh:qualifiedMinCount without sh:qualifiedValueShape")
        return shape

    def path(self, path: Node) -> ShapePath:
        steps = self.steps(path)
        for predicate, inverse in steps:
            (self.inverse if inverse else self.forward).add(predicate)
        return ShapePath(steps, str(path_text(self.graph, path)))

    def steps(self, path: Node) -> tuple[tuple[URIRef, bool], ...]:
        g = self.graph
        if isinstance(path, URIRef):
            return ((path, False),)
        if isinstance(inverse := g.value(path, SH.inversePath), URIRef):
            return ((inverse, True),)
        if (alternatives := g.value(path, SH.alternativePath)) is not None:
            return tuple(step for p in Collection(g, alternatives) for step in self.steps(p))
        raise UnsupportedShape(f"unsupported path {path.n3()}")

    def constraint(self, node: Node, parameter: URIRef, value: Node) -> Constraint:
        build = COMPONENTS.get(parameter)
        if build is None:
            raise UnsupportedShape(f"{node}: unsupported constraint parameter {parameter}")
        self._inner, self._reads = [], set()
        component, check = build(self, node, value)
        inner, reads = tuple(self._inner), frozenset(self._reads)
        return Constraint(URIRef(f"{SH}{component}ConstraintComponent"), check, inner, reads)

    def inner(self, node: Node) -> Shape:
        """Compile a shape that the constraint being compiled applies to its value nodes."""
        outer, reads = self._inner, self._reads
        shape = self.shape(node)
        self._inner, self._reads = outer, reads
        self._inner.append(shape)
        return shape

    def read(self, predicate: URIRef) -> None:
        """Note a predicate that the constraint being compiled reads forward of its focus node."""
        self.forward.add(predicate)
        self._reads.add(predicate)

    def members(self, value: Node) -> list[Node]:
        return list(Collection(self.graph, value))
