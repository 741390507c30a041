"""Run compiled SHACL shapes over sorted N-Triples one window of subjects at a time.

A build's graph.nt is sorted by line, so each subject's triples are consecutive. Only what the checks
read of nodes other than their focus node is held for the whole graph: every node's types (for
``sh:targetClass`` and ``sh:class``) and the inverse links that paths and ``sh:targetObjectsOf`` read.
The rest (each focus node's own properties) is indexed for a window of subjects, checked and dropped.
The results are those of checks/shapes_engine.py on the whole index (tests/checks hold them to it).

This works when the shapes read no other property of a value node (``read_elsewhere`` is empty) and the
subjects come in order; otherwise ``window_hits`` returns None and the whole index is the way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import BinaryIO, TypeVar

import pyoxigraph as ox
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node, URIRef

from policykg.checks.shapes_compiled import CompiledShapes, Shape
from policykg.checks.shapes_engine import Hit, ShapeData, Triple, oxigraph_term, rdflib_term
from policykg.checks.sorted_lines_at import FileSpan, LinesAt, lines_holding
from policykg.forking import forked_map

Row = TypeVar("Row")

#: Subjects indexed at once: enough that per-window work is small, few enough that memory stays flat.
WINDOW_SUBJECTS = 20_000
_TYPE, _SUBCLASS = RDF.type, RDFS.subClassOf
_GLOBAL_FORWARD = (_TYPE, _SUBCLASS)
#: Stretches of the graph per worker process: a few each, so that one that finishes early takes another.
_SPANS_PER_WORKER = 4
#: Values kept converted to rdflib terms, so that a recurring literal is made once.
_RECENT_TERMS = 100_000


class UnsortedInput(Exception):
    """The N-Triples' subjects are not in sorted order, so a subject's triples may not be consecutive."""


class ShapeWindow(ShapeData):
    """The forward links of one window of subjects, over the whole graph's types and inverse links."""

    def __init__(self, compiled: CompiledShapes, whole: ShapeData) -> None:
        super().__init__(compiled, compiled.forward - set(_GLOBAL_FORWARD), inverse=False)
        for predicate in _GLOBAL_FORWARD:
            self.forward[predicate] = whole.forward[predicate]
        self.inverse = whole.inverse
        self._superclasses, self._classes = whole._superclasses, whole._classes
        self.subjects: dict[Node, None] = {}

    def add(self, predicate: URIRef, subject: Node, value: Node) -> None:
        """Index one forward link of a subject of the window (the shared inverse links stay as they are);
        the caller sees that each link is added once."""
        self.forward[predicate].setdefault(subject, []).append(value)

    def focus_nodes(self, shape: Shape) -> Iterable[Node]:
        """Return the focus nodes of a shape's targets among this window's subjects, each once."""
        if self._instances is None:
            self._instances = {}
            for node in self.subjects:
                for cls in self.classes(node):
                    self._instances.setdefault(cls, []).append(node)
        found: dict[Node, None] = {}
        for target, term in shape.targets:
            if target == SH.targetClass:
                found.update(dict.fromkeys(self._instances.get(term, ())))
            elif target == SH.targetSubjectsOf:  # (rdf:type's links are the whole graph's: filtered too)
                found.update(dict.fromkeys(s for s in self.forward[term] if s in self.subjects))
            else:
                objects = self.inverse[term]
                found.update(dict.fromkeys(s for s in self.subjects if s in objects))
        return found

    def hits(self, compiled: CompiledShapes) -> list[Hit]:
        """Return every result of the compiled shapes on this window's focus nodes."""
        return [hit for shape in compiled.shapes for hit in self._run(shape, list(self.focus_nodes(shape)))]


def window_hits(
    compiled: CompiledShapes,
    data: bytes | str | Path,
    extra: Iterable[Triple] = (),
    size: int = WINDOW_SUBJECTS,
    workers: int = 1,
    row: Callable[[Hit], Row] = lambda hit: hit,  # type: ignore[assignment, return-value]
    canonical: bool = False,
) -> list[Row] | None:
    """Return every result of the compiled shapes on N-Triples sorted by subject (text, or a file's path),
    reading them as a stream, each as ``row`` makes it; None when the shapes or the order of the input
    do not allow it. ``canonical``: the file is as a build writes it (each term written one way, single
    spaces between them), so that lines can be found by the text of a term.

    After the first pass, when there is more than one window, ``workers`` forked processes
    (``policykg.forking``) take stretches of the input's whole subjects (a few each, each read only by the
    process that checks it), so the rows must cross processes: a ``row`` of plain values rather than a hit,
    which holds a compiled shape.
    """
    if compiled.read_elsewhere - set(_GLOBAL_FORWARD):
        return None
    extra = list(extra)
    whole, canon = _types_and_inverse_links(compiled, data, extra, canonical)
    extras = _extra_by_subject(compiled, extra)
    targeted = {
        term for shape in compiled.shapes for kind, term in shape.targets if kind == SH.targetObjectsOf
    }
    pending = {node for p in targeted for node in whole.inverse[p]} | set(extras)
    # Nearly every subject is typed: fewer typed nodes than a window's subjects make one window.
    spans = _spans(data, workers * _SPANS_PER_WORKER if len(whole.forward[_TYPE]) > size else 1)

    def part(span: tuple[int, int]) -> tuple[list[Row], set[Node], list[str]]:
        met: set[Node] = set()
        bounds: list[str] = []
        with _stream(data, span) as source:
            windows = _windows(compiled, whole, canon, _parse(source), extras, size, pending, met, bounds)
            return [row(hit) for window in windows for hit in window.hits(compiled)], met, bounds

    rows: list[Row] = []
    last = ""
    try:
        for found, met, bounds in forked_map(part, spans, workers, min_items=2):
            if bounds and bounds[0] <= last:
                raise UnsortedInput(bounds[0])  # before the last subject of the stretch before
            last = bounds[-1] if bounds else last
            rows += found
            pending -= met
    except UnsortedInput:
        return None
    rest = ShapeWindow(compiled, whole)
    for node in pending:
        rest.subjects[node] = None
        for s, p, o in extras.get(node, ()):
            rest.add(p, s, rdflib_term(oxigraph_term(o)))  # type: ignore[arg-type]
    return rows + [row(hit) for hit in rest.hits(compiled)]


def _spans(data: bytes | str | Path, parts: int) -> list[tuple[int, int]]:
    """About ``parts`` stretches of whole subjects that cover the N-Triples (a file's or their own)."""
    if not isinstance(data, Path):
        return LinesAt.of_bytes(_bytes(data)).spans(parts)
    with data.open("rb") as stream:
        return LinesAt.of_descriptor(stream.fileno()).spans(parts)


@contextmanager
def _stream(data: bytes | str | Path, span: tuple[int, int]) -> Iterator[bytes | FileSpan]:
    """The N-Triples of one stretch: read from the file, or the bytes themselves."""
    if not isinstance(data, Path):
        yield _bytes(data)[span[0] : span[1]]
        return
    with FileSpan(data, *span) as stream:
        yield stream


def _bytes(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def _parse(data: bytes | str | Path | BinaryIO) -> Iterator[ox.Triple]:
    source = {"path": str(data)} if isinstance(data, Path) else {"input": data}
    return ox.parse(**source, format=ox.RdfFormat.N_TRIPLES)  # type: ignore[arg-type]


def _types_and_inverse_links(
    compiled: CompiledShapes, data: bytes | str | Path, extra: list[Triple], canonical: bool = False
) -> tuple[ShapeData, dict[Node, Node]]:
    """The first pass: every node's types, the subclass axioms and the inverse links the shapes read;
    returned with the one object of each node they hold (so that the windows' lookups of these nodes
    succeed on identity rather than on rdflib's slower equality). In a ``canonical`` file only the lines
    that hold these predicates are parsed (a fifth of a build's graph)."""
    whole = ShapeData(compiled, forward=_GLOBAL_FORWARD)
    wanted = {ox.NamedNode(str(p)): p for p in (*_GLOBAL_FORWARD, *compiled.inverse)}
    classes: dict[object, Node] = {}  # one object per class, however many nodes have it
    canon: dict[Node, Node] = {}
    one = canon.setdefault
    with ExitStack() as stack:
        triples = _parse(data)
        if canonical and isinstance(data, Path):
            # Each predicate is written one way, between single spaces: grep finds its lines.
            predicates = {f" <{p}> ".encode() for p in wanted.values()}
            triples = _parse(stack.enter_context(lines_holding(data, predicates)))
        _index_first_pass(whole, triples, wanted, classes, one)
    for s, p, o in extra:
        if p in wanted.values():
            subject, value = rdflib_term(oxigraph_term(s)), rdflib_term(oxigraph_term(o))  # type: ignore[arg-type]
            whole._add_distinct(p, one(subject, subject), one(value, value))
    return whole, canon


def _index_first_pass(
    whole: ShapeData,
    triples: Iterator[ox.Triple],
    wanted: dict[ox.NamedNode, URIRef],
    classes: dict[object, Node],
    one: Callable[[Node, Node], Node],
) -> None:
    """Index the triples of the ``wanted`` predicates (the others are passed over) in ``whole``."""
    for triple in triples:
        predicate = wanted.get(triple.predicate)
        if predicate is None:
            continue
        o, is_type = triple.object, predicate == _TYPE
        value = classes.get(o) if is_type else None
        if value is None:
            value = rdflib_term(o)
            value = one(value, value)
            if is_type:
                classes[o] = value
        subject = rdflib_term(triple.subject)
        whole._add_distinct(predicate, one(subject, subject), value)


def _extra_by_subject(compiled: CompiledShapes, extra: list[Triple]) -> dict[Node, list[Triple]]:
    """The extra triples' subjects, each with those of its triples whose predicates the windows index."""
    wanted = {p for p in compiled.forward if p not in _GLOBAL_FORWARD}
    by_subject: dict[Node, list[Triple]] = {}
    for s, p, o in extra:
        triples = by_subject.setdefault(rdflib_term(oxigraph_term(s)), [])
        if p in wanted:
            triples.append((s, p, o))
    return by_subject


def _windows(
    compiled: CompiledShapes,
    whole: ShapeData,
    canon: dict[Node, Node],
    triples: Iterator[ox.Triple],
    extras: dict[Node, list[Triple]],
    size: int,
    pending: set[Node],
    met: set[Node],
    bounds: list[str],
) -> Iterator[ShapeWindow]:
    """The second pass, over one stretch of whole subjects: windows of ``size`` consecutive subjects with
    their forward links. The subjects among ``pending`` that it meets are added to ``met``, and its first
    and last subject to ``bounds`` (so that the stretches' order can be seen). Nodes of the first pass are
    taken as its objects (``canon``)."""
    wanted = {ox.NamedNode(str(p)): p for p in compiled.forward if p not in _GLOBAL_FORWARD}
    window = ShapeWindow(compiled, whole)
    previous, current, subject = "", None, None
    count = 0  # subjects in this window
    first: str | None = None
    seen: set[ox.Triple] = set()  # the subject's triples so far, each indexed once
    terms: dict[object, Node] = {}  # values met lately: most literals recur (years, ordinals, units)

    def term(value: object) -> Node:
        known = terms.get(value)
        if known is None:
            if len(terms) >= _RECENT_TERMS:
                terms.clear()
            known = rdflib_term(value)
            known = terms[value] = canon.get(known, known)
        return known

    for triple in triples:
        if triple.subject != current:
            current, text = triple.subject, str(triple.subject)
            if text < previous:
                raise UnsortedInput(text)
            previous = text
            first = text if first is None else first
            if count >= size:
                yield window
                window = ShapeWindow(compiled, whole)
                count = 0
            count += 1
            subject = rdflib_term(current)
            subject = canon.get(subject, subject)
            window.subjects[subject] = None
            if subject in pending:
                met.add(subject)
            seen.clear()
            for s, p, o in extras.get(subject, ()):
                value = oxigraph_term(o)
                seen.add(ox.Triple(current, ox.NamedNode(str(p)), value))  # type: ignore[arg-type]
                window.add(p, s, rdflib_term(value))  # type: ignore[arg-type]
        predicate = wanted.get(triple.predicate)
        if predicate is not None and triple not in seen:
            seen.add(triple)
            window.add(predicate, subject, term(triple.object))
    if first is not None:
        bounds += [first, previous]
    yield window
