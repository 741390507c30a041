"""Re-check only what changed: the SHACL results of a graph from those of the graph it replaces.

Both graphs are sorted N-Triples (build graph.nt files). A focus node's results depend on its own triples,
the inverse links into it and the types of the nodes these lead to (while no shape reads any other
property of a value node: ``CompiledShapes.read_elsewhere``, as for the windowed check). So after a
rebuild, the results can differ only for:

* the subjects and the node objects of the lines that were added or removed;
* the nodes linked to or from a node whose types changed (an ``sh:class`` of theirs may now fail or pass).

These nodes are re-checked on an index of their triples, the inverse links into them and the types of
what they are linked to, gathered in a few streaming passes over the new file; every other node keeps its
results. ``changed_results`` returns None when that is not sound (the shapes read more of value nodes, a
subclass axiom changed) or not worth it (a large share of the graph changed): then the whole check runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from rdflib.namespace import RDF, RDFS
from rdflib.term import BNode, Node

from policykg.checks.shapes_compiled import CompiledShapes
from policykg.checks.shapes_engine import Hit, ShapeData, Triple

_TYPE = f"<{RDF.type}>".encode()
_SUBCLASS = f"<{RDFS.subClassOf}>".encode()
#: Above this share of changed lines, a whole check is quicker than gathering the changed nodes' triples.
MAX_CHANGED_SHARE = 0.2


def changed_lines(old: Path, new: Path, renamed: tuple[bytes, bytes] | None = None) -> Iterator[bytes]:
    """Yield the lines in one sorted N-Triples file and not the other (removed or added).

    With ``renamed`` (an N-Triples term in ``old`` and the one that stands for it in ``new``), lines that
    differ only by it are the same: those holding either term are compared apart, after renaming.
    """
    before_term, after_term = renamed or (None, None)
    aside_before: set[bytes] = set()
    aside_after: set[bytes] = set()

    def read(stream: BinaryIO, term: bytes | None, aside: set[bytes]) -> bytes:
        line = stream.readline()
        while term is not None and term in line:
            aside.add(line.replace(term, after_term))  # type: ignore[arg-type]
            line = stream.readline()
        return line

    with old.open("rb") as before, new.open("rb") as after:
        a, b = read(before, before_term, aside_before), read(after, after_term, aside_after)
        while a or b:
            if a == b:
                a, b = read(before, before_term, aside_before), read(after, after_term, aside_after)
            elif b == b"" or (a and a < b):
                yield a
                a = read(before, before_term, aside_before)
            else:
                yield b
                b = read(after, after_term, aside_after)
    yield from sorted(aside_before ^ aside_after)


def _parts(line: bytes) -> tuple[bytes, bytes, bytes | None]:
    """A line's subject, predicate and object node (None when the object is a literal)."""
    subject, predicate, rest = line.split(b" ", 2)
    if rest.startswith(b"<"):
        return subject, predicate, rest[: rest.index(b">") + 1]
    if rest.startswith(b"_:"):
        return subject, predicate, rest.split(b" ", 1)[0]
    return subject, predicate, None


def _predicates(predicates: Iterable[Node]) -> frozenset[bytes]:
    return frozenset(f"<{p}>".encode() for p in predicates)


def changed_nodes(
    compiled: CompiledShapes, old: Path, new: Path, total: int, renamed: tuple[bytes, bytes] | None = None
) -> set[bytes] | None:
    """The nodes (as N-Triples terms) whose results may differ between the two files; None when a subclass
    axiom changed or more than MAX_CHANGED_SHARE of ``total`` lines did.

    These are the subjects of changed lines, their objects when the shapes read the line's predicate
    backwards (inverse paths, ``sh:targetObjectsOf``), and the nodes that reach a node whose types changed
    by a predicate the shapes read.
    """
    forward, inverse = _predicates(compiled.forward), _predicates(compiled.inverse)
    nodes: set[bytes] = set()
    retyped: set[bytes] = set()
    limit = max(1, int(total * MAX_CHANGED_SHARE))
    for count, line in enumerate(changed_lines(old, new, renamed), 1):
        if count > limit:
            return None
        subject, predicate, value = _parts(line)
        if predicate == _SUBCLASS:
            return None
        nodes.add(subject)
        if value is not None and predicate in inverse:
            nodes.add(value)
        if predicate == _TYPE:
            retyped.add(subject)
    if retyped:
        for line in _lines(new):
            subject, predicate, value = _parts(line)
            if value in retyped and predicate in forward:
                nodes.add(subject)
            elif subject in retyped and value is not None and predicate in inverse:
                nodes.add(value)
    return nodes


def _lines(path: Path) -> Iterator[bytes]:
    with path.open("rb") as stream:
        yield from stream


def _gather(compiled: CompiledShapes, new: Path, nodes: set[bytes]) -> bytes:
    """The lines of ``new`` the nodes' checks read: their own, the inverse links into them that the shapes
    read, and the types of the nodes at the other end of these lines."""
    inverse = _predicates(compiled.inverse)
    kept: list[bytes] = []
    linked: set[bytes] = set()
    for line in _lines(new):
        subject, predicate, value = _parts(line)
        if subject in nodes:
            kept.append(line)
            if value is not None:
                linked.add(value)
        elif value is not None and value in nodes and predicate in inverse:
            kept.append(line)
            linked.add(subject)
    linked -= nodes
    for line in _lines(new):
        subject, predicate, _ = line.split(b" ", 2)
        if subject in linked and predicate in (_TYPE, _SUBCLASS):
            kept.append(line)
    return b"".join(kept)


def _term(node: Node) -> bytes:
    return (f"_:{node}" if isinstance(node, BNode) else f"<{node}>").encode()


def changed_results(
    compiled: CompiledShapes,
    old: Path,
    new: Path,
    total: int,
    extra: Iterable[Triple] = (),
    renamed: tuple[str, str] | None = None,
) -> tuple[set[str], list[Hit]] | None:
    """Re-check the nodes whose results may differ from ``old``'s in ``new`` (``total`` lines).

    Returns the re-checked nodes (as strings, like a result's focus) and their results; every other
    focus node's results are those it had in ``old`` (with the IRI ``renamed`` from its first to its
    second form). None when only a whole check is right or quicker.
    """
    if compiled.read_elsewhere - {RDF.type, RDFS.subClassOf}:
        return None
    terms = tuple(f"<{iri}>".encode() for iri in renamed) if renamed else None
    nodes = changed_nodes(compiled, old, new, total, terms)  # type: ignore[arg-type]
    if nodes is None:
        return None
    data = ShapeData.from_ntriples(compiled, _gather(compiled, new, nodes), extra)
    hits: list[Hit] = []
    for shape in compiled.shapes:
        focuses = [f for f in data.focus_nodes(shape) if _term(f) in nodes]
        hits += data._run(shape, focuses)
    return {_focus(node) for node in nodes}, hits


def _focus(node: bytes) -> str:
    """A node's N-Triples term as a result's focus string (an IRI without brackets, a blank node's label)."""
    text = node.decode("utf-8")
    return text[1:-1] if text.startswith("<") else text[2:]
