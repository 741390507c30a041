"""Run compiled SHACL shapes (checks/shapes_compiled.py) over an index of the data graph.

The index holds only the predicates the shapes read, forward (subject -> objects) and, where a path
or target needs it, inverse (object -> subjects), from an rdflib Graph or a pyoxigraph Store. The
ontology's subclass axioms and controlled values are added to it, so that targets and sh:class
follow rdfs:subClassOf as they do when checks/validate.py mixes them into the graph for pySHACL.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from policykg.checks.shapes_compiled import CompiledShapes, Shape, ShapePath

Index = dict[URIRef, dict[Node, list[Node]]]
_TYPE, _SUBCLASS = RDF.type, RDFS.subClassOf
_XSD_STRING = str(XSD.string)
_TARGET_CLASS, _TARGET_SUBJECTS = SH.targetClass, SH.targetSubjectsOf
Triple = tuple[Node, Node, Node]
#: One result: the shape it comes from, the constraint component, the focus node and the value node.
Hit = tuple[Shape, URIRef, Node, Node | None]
#: Lists of values up to this length are searched for a value; longer ones have a set beside them.
_SHORT_LIST = 16


class ShapeData:
    """The part of a data graph that the compiled shapes read, indexed for their lookups."""

    def __init__(
        self, compiled: CompiledShapes, forward: Iterable[URIRef] | None = None, inverse: bool = True
    ) -> None:
        """An empty index of the predicates the shapes read (``forward``: only these forward; ``inverse``:
        whether to index inverse links too)."""
        self.forward: Index = {p: {} for p in (compiled.forward if forward is None else forward)}
        self.inverse: Index = {p: {} for p in compiled.inverse} if inverse else {}
        self._superclasses: dict[Node, frozenset[Node]] = {}
        # Classes by a node's types (one entry per distinct list of types, not per node).
        self._classes: dict[tuple[Node, ...], frozenset[Node]] = {}
        self._instances: dict[Node, list[Node]] | None = None
        # The values of each long list of the index, by the list's id (see ``_append_new``).
        self._long_lists: dict[int, set[Node]] = {}

    def _add(self, predicate: Node, pairs: Iterable[tuple[Node, Node]]) -> None:
        """Index distinct (subject, object) pairs of ``predicate``."""
        by_subject = self.forward.get(predicate)  # type: ignore[call-overload]
        by_object = self.inverse.get(predicate)  # type: ignore[call-overload]
        for s, o in pairs:
            if by_subject is not None:
                by_subject.setdefault(s, []).append(o)
            if by_object is not None:
                by_object.setdefault(o, []).append(s)

    @classmethod
    def from_graph(cls, compiled: CompiledShapes, graph: Graph, extra: Iterable[Triple] = ()) -> ShapeData:
        """Index the triples of ``graph`` (and those of ``extra`` it lacks) that the shapes read."""
        data = cls(compiled)
        # One object per term, so that the index's lookups mostly succeed on identity.
        canon: dict[Node, Node] = {}
        one = canon.setdefault
        for p in compiled.forward | compiled.inverse:
            data._add(p, [(one(s, s), one(o, o)) for s, _, o in graph.triples((None, p, None))])
        for s, p, o in extra:
            if (s, p, o) not in graph:
                data._add(p, [(one(s, s), one(o, o))])
        return data

    @classmethod
    def from_store(cls, compiled: CompiledShapes, store: ox.Store, extra: Iterable[Triple] = ()) -> ShapeData:
        """Index the distinct triples of ``store`` (all its graphs, and ``extra``) that the shapes read."""
        quads = (
            quad
            for p in compiled.forward | compiled.inverse
            for quad in store.quads_for_pattern(None, ox.NamedNode(str(p)), None, None)
        )
        return cls._from_oxigraph(compiled, quads, extra)

    @classmethod
    def from_ntriples(
        cls, compiled: CompiledShapes, data: bytes | str | Path, extra: Iterable[Triple] = ()
    ) -> ShapeData:
        """Index the distinct triples of N-Triples (text, or a file's path) that the shapes read, parsed as
        a stream: only the indexed pairs are held, never the whole graph."""
        source = {"path": str(data)} if isinstance(data, Path) else {"input": data}
        triples = ox.parse(**source, format=ox.RdfFormat.N_TRIPLES)  # type: ignore[arg-type]
        return cls._from_oxigraph(compiled, triples, extra)

    @classmethod
    def _from_oxigraph(
        cls, compiled: CompiledShapes, triples: Iterable[ox.Triple | ox.Quad], extra: Iterable[Triple]
    ) -> ShapeData:
        """Index pyoxigraph triples or quads (each distinct pair once), then ``extra``."""
        wanted = {ox.NamedNode(str(p)): p for p in compiled.forward | compiled.inverse}
        # One rdflib object per term, so that the index's lookups mostly succeed on identity.
        terms: dict[object, Node] = {}
        get = terms.get

        def term(t: object) -> Node:
            if (known := get(t)) is None:
                known = terms[t] = rdflib_term(t)
            return known

        index = cls(compiled)
        for triple in triples:
            predicate = wanted.get(triple.predicate)
            if predicate is not None:
                index._add_distinct(predicate, term(triple.subject), term(triple.object))
        predicates = set(wanted.values())
        for s, p, o in extra:
            if p in predicates:
                index._add_distinct(p, term(oxigraph_term(s)), term(oxigraph_term(o)))  # type: ignore[arg-type]
        return index

    def _add_distinct(self, predicate: URIRef, s: Node, o: Node) -> None:
        """Index one (subject, object) pair of ``predicate`` unless it is there already."""
        by_subject, by_object = self.forward.get(predicate), self.inverse.get(predicate)
        if by_subject is not None and not self._append_new(by_subject.setdefault(s, []), o):
            return
        if by_object is not None:
            subjects = by_object.setdefault(o, [])
            if by_subject is None:
                self._append_new(subjects, s)
            else:
                subjects.append(s)  # new, since its forward pair was

    def _append_new(self, values: list[Node], value: Node) -> bool:
        """Append ``value`` unless ``values`` holds it: a short list is searched, a long one (a document's
        spans, a build's documents) has a set beside it, so that indexing stays linear."""
        if len(values) < _SHORT_LIST:
            if value in values:
                return False
        else:
            seen = self._long_lists.get(id(values))
            if seen is None:
                seen = self._long_lists[id(values)] = set(values)
            if value in seen:
                return False
            seen.add(value)
        values.append(value)
        return True

    def objects(self, node: Node, predicate: URIRef) -> list[Node]:
        """Return the objects of ``node`` by ``predicate`` (one the shapes read forward)."""
        return self.forward[predicate].get(node, [])

    def values(self, focus: Node, path: ShapePath) -> Sequence[Node]:
        """Return the value nodes of ``focus`` by ``path``, each once."""
        if len(path.steps) == 1:
            predicate, inverse = path.steps[0]
            return (self.inverse if inverse else self.forward)[predicate].get(focus, [])
        found: dict[Node, None] = {}
        for predicate, inverse in path.steps:
            found.update(dict.fromkeys((self.inverse if inverse else self.forward)[predicate].get(focus, [])))
        return list(found)

    def has_class(self, node: Node, cls: Node) -> bool:
        """Return whether ``node`` has an rdf:type that is ``cls`` or a subclass of it."""
        return cls in self.classes(node)

    def classes(self, node: Node) -> frozenset[Node]:
        """Return every class of ``node``: its types and their superclasses."""
        types = tuple(self.forward[_TYPE].get(node, ()))
        known = self._classes.get(types)
        if known is None:
            found: set[Node] = set()
            for t in types:
                found |= self.superclasses(t)
            known = self._classes[types] = frozenset(found)
        return known

    def superclasses(self, cls: Node) -> frozenset[Node]:
        """Return ``cls`` and every class it is an rdfs:subClassOf, directly or not."""
        known = self._superclasses.get(cls)
        if known is None:
            found, todo = {cls}, [cls]
            while todo:
                for parent in self.forward[_SUBCLASS].get(todo.pop(), []):
                    if parent not in found:
                        found.add(parent)
                        todo.append(parent)
            known = self._superclasses[cls] = frozenset(found)
        return known

    def instances(self, cls: Node) -> list[Node]:
        """Return the nodes that have class ``cls`` (following rdfs:subClassOf)."""
        if self._instances is None:
            self._instances = {}
            for node in self.forward[_TYPE]:
                for c in self.classes(node):
                    self._instances.setdefault(c, []).append(node)
        return self._instances.get(cls, [])

    def focus_nodes(self, shape: Shape) -> Iterable[Node]:
        """Return the focus nodes of a shape's targets, each once."""
        found: dict[Node, None] = {}
        for target, term in shape.targets:
            if target == _TARGET_CLASS:
                found.update(dict.fromkeys(self.instances(term)))
            elif target == _TARGET_SUBJECTS:
                found.update(dict.fromkeys(self.forward[term]))
            else:
                found.update(dict.fromkeys(self.inverse[term]))
        return found

    def evaluate(self, shape: Shape, focus: Node) -> Iterator[Hit]:
        """Yield the results of ``shape`` (and of its property shapes) on ``focus``."""
        values = (focus,) if shape.path is None else self.values(focus, shape.path)
        for constraint in shape.constraints:
            for value in constraint.check(self, focus, values):
                yield shape, constraint.component, focus, value
        for prop in shape.properties:
            yield from self.evaluate(prop, focus)

    def conforms(self, shape: Shape, node: Node) -> bool:
        """Return whether ``node`` conforms to ``shape`` (used by sh:or, sh:not, sh:qualifiedValueShape)."""
        return next(self.evaluate(shape, node), None) is None

    def check(self, compiled: CompiledShapes) -> Iterator[Hit]:
        """Yield every result of the compiled shapes on their targets."""
        for shape in compiled.shapes:
            yield from self._run(shape, list(self.focus_nodes(shape)))

    def _run(self, shape: Shape, focuses: list[Node]) -> Iterator[Hit]:
        """Yield the results of ``shape`` on every focus node, one constraint at a time."""
        path = shape.path
        pairs = [(f, (f,) if path is None else self.values(f, path)) for f in focuses]
        for constraint in shape.constraints:
            check, component = constraint.check, constraint.component
            for focus, values in pairs:
                for value in check(self, focus, values):
                    yield shape, component, focus, value
        for prop in shape.properties:
            yield from self._run(prop, focuses)


def rdflib_term(term: object) -> Node:
    """Return the rdflib term of a pyoxigraph term (a simple literal becomes a plain literal, as parsed)."""
    if isinstance(term, ox.NamedNode):
        # The parser has checked the IRI, so rdflib's own check (most of the cost of a URIRef) is skipped.
        return str.__new__(URIRef, term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:  # type: ignore[attr-defined]
        return Literal(term.value, lang=term.language)  # type: ignore[attr-defined]
    datatype = term.datatype.value  # type: ignore[attr-defined]
    return Literal(term.value, datatype=None if datatype == _XSD_STRING else _datatype(datatype))  # type: ignore[attr-defined]


@lru_cache(maxsize=256)
def _datatype(iri: str) -> URIRef:
    """The one URIRef of a datatype (few datatypes, many literals)."""
    return URIRef(iri)


def oxigraph_term(term: Node) -> object:
    """Return the pyoxigraph term of an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal) and term.language:
        return ox.Literal(str(term), language=term.language)
    datatype = term.datatype if isinstance(term, Literal) and term.datatype else _XSD_STRING
    return ox.Literal(str(term), datatype=ox.NamedNode(str(datatype)))
