"""Re-check only what changed: the SHACL results of a graph from those of the graph it replaces.

Both graphs are sorted N-Triples (build graph.nt files). A focus node's results depend on its own triples,
the inverse links into it and the types of the nodes these lead to (while no shape reads any other
property of a value node: ``CompiledShapes.read_elsewhere``, as for the windowed check). So after a
rebuild, the results can differ only for:

* the subjects and the node objects of the lines that were added or removed;
* the nodes linked to or from a node whose types changed (an ``sh:class`` of theirs may now fail or pass).

These nodes are re-checked on an index of their triples, the inverse links into them and the types of
what they are linked to, gathered in a streaming pass or two over the new file (the types by bisection, as
the file is sorted); every other node keeps its results. ``changed_results`` returns None when that is
not sound (the shapes read more of value nodes, a subclass axiom changed) or not worth it (a large share
of the graph changed): then the whole check runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from rdflib.namespace import RDF, RDFS
from rdflib.term import BNode, Node

from policykg.checks.shapes_compiled import CompiledShapes, Shape
from policykg.checks.shapes_engine import Hit, ShapeData, Triple
from policykg.checks.sorted_lines_at import LinesAt, lines_holding

_TYPE = f"<{RDF.type}>".encode()
_SUBCLASS = f"<{RDFS.subClassOf}>".encode()
#: Above this share of changed lines, a whole check is quicker than gathering the changed nodes' triples.
MAX_CHANGED_SHARE = 0.2
#: How much of a file is read at once while comparing two, and the first stretch of lines compared at once.
_BLOCK_BYTES = 1 << 20
_MIN_STRETCH = 16


class _SortedLines:
    """The lines of a sorted file, read a block at a time."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.lines: list[bytes] = []
        self.at = 0

    def ready(self) -> bool:
        """Make the next line available; False at the end of the file."""
        while self.at >= len(self.lines):
            self.lines, self.at = self.stream.readlines(_BLOCK_BYTES), 0
            if not self.lines:
                return False
        return True


def changed_lines(old: Path, new: Path, renamed: tuple[bytes, bytes] | None = None) -> Iterator[bytes]:
    """Yield the lines in one sorted N-Triples file and not the other (removed or added).

    Runs of equal lines are skipped a growing stretch at a time (lists compared in C), so the cost is
    that of reading the files. With ``renamed`` (an N-Triples term in ``old`` and the one that stands for
    it in ``new``), a line of ``old`` that renaming makes the line of ``new`` at the same place is the
    same line (a line whose place in the order renaming changes is yielded on both sides).
    """
    with old.open("rb") as before_stream, new.open("rb") as after_stream:
        before, after = _SortedLines(before_stream), _SortedLines(after_stream)
        stretch = _MIN_STRETCH
        while True:
            has_before, has_after = before.ready(), after.ready()
            if not (has_before and has_after):
                rest = before if has_before else after if has_after else None
                while rest is not None and rest.ready():
                    yield from rest.lines[rest.at :]
                    rest.at = len(rest.lines)
                return
            n = min(stretch, len(before.lines) - before.at, len(after.lines) - after.at)
            if before.lines[before.at : before.at + n] == after.lines[after.at : after.at + n]:
                before.at += n
                after.at += n
                stretch *= 2
                continue
            stretch = _MIN_STRETCH
            a, b = before.lines[before.at], after.lines[after.at]
            if a == b or (renamed is not None and a.replace(*renamed) == b):
                before.at += 1
                after.at += 1
            elif a < b:
                yield a
                before.at += 1
            else:
                yield b
                after.at += 1


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
    compiled: CompiledShapes,
    old: Path,
    new: Path,
    total: int,
    renamed: tuple[bytes, bytes] | None = None,
    lines: Iterable[bytes] | None = None,
) -> set[bytes] | None:
    """The nodes (as N-Triples terms) whose results may differ between the two files; None when a subclass
    axiom changed or more than MAX_CHANGED_SHARE of ``total`` lines did. ``lines``: lines among which are
    all those in which the files differ, when known (else ``changed_lines`` finds them).

    These are the subjects of changed lines, their objects when the shapes read the line's predicate
    backwards (inverse paths, ``sh:targetObjectsOf``), and the nodes that reach a node whose types changed
    by a predicate the shapes read.
    """
    forward, inverse = _predicates(compiled.forward), _predicates(compiled.inverse)
    nodes: set[bytes] = set()
    retyped: set[bytes] = set()
    limit = max(1, int(total * MAX_CHANGED_SHARE))
    changed = lines if lines is not None else changed_lines(old, new, renamed)
    for count, line in enumerate(changed, 1):
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
        for line in _lines_naming(new, retyped):
            subject, predicate, value = _parts(line)
            if value in retyped and predicate in forward:
                nodes.add(subject)
            elif subject in retyped and value is not None and predicate in inverse:
                nodes.add(value)
    return nodes


def _gather(compiled: CompiledShapes, new: Path, nodes: set[bytes]) -> bytes:
    """The lines of ``new`` the nodes' checks read: their own, the inverse links into them that the shapes
    read, the types of the nodes at the other end of these lines, and any subclass axiom."""
    inverse = _predicates(compiled.inverse)
    # A class's own types matter only to a shape whose path reads rdf:type (most read types of values).
    classes_read = any(_path_reads_types(shape) for shape in compiled.shapes)
    kept: list[bytes] = []
    linked: set[bytes] = set()
    # One pass finds the lines that name a node and every subclass axiom.
    for line in _lines_naming(new, nodes, {b" " + _SUBCLASS + b" "}):
        subject, predicate, value = _parts(line)
        if subject in nodes:
            kept.append(line)
            if value is not None and (classes_read or predicate != _TYPE):
                linked.add(value)
        elif value is not None and value in nodes and predicate in inverse:
            kept.append(line)
            linked.add(subject)
        elif predicate == _SUBCLASS:
            kept.append(line)
    linked -= nodes
    # The file is sorted, so the lines that type a node, which start with "node rdf:type", are found by
    # bisection rather than by another pass.
    kept += _lines_starting(new, {node + b" " + _TYPE + b" " for node in linked})
    return b"".join(kept)


def _lines_naming(path: Path, nodes: set[bytes], also: Iterable[bytes] = ()) -> list[bytes]:
    """The lines of the sorted, canonical file ``path`` whose subject or object is one of ``nodes``, and
    maybe others that hold the text of one or one of ``also`` (callers look closer): the subjects' lines
    by bisection, the others by grep for the text with which an object node ends its line."""
    found = _lines_starting(path, {node + b" " for node in nodes})
    with lines_holding(path, {b" " + node + b" ." for node in nodes} | set(also)) as others:
        found += [line for line in others if line[: line.find(b" ")] not in nodes]
    return found


def _lines_starting(path: Path, prefixes: set[bytes]) -> list[bytes]:
    """The lines of the sorted file ``path`` that start with one of ``prefixes``, found by bisection.

    The file is read a few kilobytes at a time where the bisection looks (not mapped into memory, whose
    pages would count as the process's own)."""
    found: list[bytes] = []
    if not prefixes:
        return found
    with path.open("rb") as stream:
        lines = LinesAt.of_descriptor(stream.fileno())
        low = 0
        for prefix in sorted(prefixes):  # each searched from where the one before it was found
            start, line = lines.first_from(prefix, low)
            low = start
            while line.startswith(prefix):
                found.append(line)
                start += len(line)
                line = lines.at(start)
    return found


def _path_reads_types(shape: Shape) -> bool:
    """True if ``shape``, or a shape within it, has a path that follows rdf:type."""
    if shape.path is not None and any(p == RDF.type for p, _ in shape.path.steps):
        return True
    inner = [s for c in shape.constraints for s in c.shapes]
    return any(_path_reads_types(s) for s in (*shape.properties, *inner))


def _term(node: Node) -> bytes:
    return (f"_:{node}" if isinstance(node, BNode) else f"<{node}>").encode()


def changed_results(
    compiled: CompiledShapes,
    old: Path,
    new: Path,
    total: int,
    extra: Iterable[Triple] = (),
    renamed: tuple[str, str] | None = None,
    changed: Iterable[bytes] | None = None,
) -> tuple[set[str], list[Hit]] | None:
    """Re-check the nodes whose results may differ from ``old``'s in ``new`` (``total`` lines; ``changed``,
    lines among which are all those in which they differ, when known).

    Returns the re-checked nodes (as strings, like a result's focus) and their results; every other
    focus node's results are those it had in ``old`` (with the IRI ``renamed`` from its first to its
    second form). None when only a whole check is right or quicker.
    """
    if compiled.read_elsewhere - {RDF.type, RDFS.subClassOf}:
        return None
    terms = tuple(f"<{iri}>".encode() for iri in renamed) if renamed else None
    nodes = changed_nodes(compiled, old, new, total, terms, changed)  # type: ignore[arg-type]
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
