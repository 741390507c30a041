"""Check a built graph against the SHACL shapes in ``ontology/shapes.ttl``.

Two engines give the same results. The default, ``fast``, compiles the shapes graph itself into
Python checks of the SHACL Core subset it uses (checks/shapes_compiled.py) and runs them over an
index of the graph or of a pyoxigraph Store (checks/shapes_engine.py). ``pyshacl`` runs pySHACL on
a copy of the graph. Either way the subclass axioms and controlled values of the ontology are added,
so that targets and ``sh:class`` follow ``rdfs:subClassOf`` (a pkg:Laboratory is a pkg:Institution)
without running an inference engine.
Results of severity ``sh:Warning`` or ``sh:Info`` are reported but do not make a graph non-conforming.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Literal as Choice

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from policykg.ontology import ontology_graph, shapes_graph
from policykg.ontology.namespaces import PREFIXES

if TYPE_CHECKING:
    import pyoxigraph

    from policykg.checks.shapes_compiled import CompiledShapes
    from policykg.checks.shapes_engine import Hit

#: The validation engines: the compiled checks (default) and pySHACL.
ENGINES = ("fast", "pyshacl")
Engine = Choice["fast", "pyshacl"]

#: The namespace of the shapes in ontology/shapes.ttl (prefix ``pkgsh:``).
SHAPES_NAMESPACE = "https://w3id.org/policykg/shapes#"

_SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True)
class ShapeResult:
    """One SHACL validation result, with IRIs and values as plain strings."""

    severity: str
    focus: str
    shape: str
    component: str
    path: str | None
    value: str | None
    message_zh: str
    message_en: str

    def message(self, lang: str = "en") -> str:
        """Return the result's message in ``zh`` or ``en``."""
        return self.message_zh if lang == "zh" else self.message_en

    def line(self, lang: str = "en") -> str:
        """Return the result as one readable line in ``zh`` or ``en``."""
        where = f" {compact(self.path)}" if self.path else ""
        value = f" = {self.value}" if self.value is not None else ""
        return f"{self.severity}: <{self.focus}>{where}{value}: {self.message(lang)} [{compact(self.shape)}]"


@dataclass(frozen=True)
class ValidationResult:
    """The outcome of validating one graph: whether it conforms, and every result."""

    conforms: bool
    results: tuple[ShapeResult, ...]

    def count(self, severity: str) -> int:
        """Return how many results have the given severity (``Violation``, ``Warning``, ``Info``)."""
        return sum(1 for r in self.results if r.severity == severity)

    def lines(self, lang: str = "en") -> tuple[str, ...]:
        """Return one readable line per result, violations first."""
        order = {"Violation": 0, "Warning": 1, "Info": 2}
        ranked = sorted(self.results, key=lambda r: (order.get(r.severity, 3), r.focus, r.shape))
        return tuple(r.line(lang) for r in ranked)


def compact(iri: str) -> str:
    """Return ``iri`` (or each ``<iri>`` in a path) as a prefixed name where a project prefix covers it."""
    if "<" in iri:
        return re.sub(r"<([^>]*)>", lambda m: compact(m.group(1)), iri)
    for prefix, namespace in (*PREFIXES.items(), ("pkgsh", SHAPES_NAMESPACE)):
        if iri.startswith(str(namespace)) and len(iri) > len(str(namespace)):
            return f"{prefix}:{iri[len(str(namespace)) :]}"
    return iri


def shacl_support(ontology: Graph | None = None) -> Graph:
    """Return what SHACL needs of the ontology: the subclass axioms and the types of controlled values.

    ``sh:targetClass`` and ``sh:class`` follow ``rdfs:subClassOf`` in the data graph, and ``sh:class
    pkg:ProjectStatus`` needs ``pkg:Continuing a pkg:ProjectStatus``; the rest of the ontology (labels,
    definitions, property axioms) would only slow validation down.
    """
    if ontology is None:
        return _default_support()
    meta = (str(OWL), str(RDFS), str(RDF))
    support = Graph()
    for s, p, o in ontology:
        if p == RDFS.subClassOf or (p == RDF.type and not str(o).startswith(meta)):
            support.add((s, p, o))
    return support


@cache
def _default_support() -> Graph:
    return shacl_support(ontology_graph())


@cache
def _default_shapes() -> Graph:
    """Return this module's own copy of the project's shapes, prefixes and all.

    pySHACL adds to the shapes graph it is given (two RDFS axioms on first use), and
    ``policykg.ontology.shapes_graph()`` is shared by the whole process and read-only.
    """
    shared = shapes_graph()
    shapes = Graph()
    for prefix, namespace in shared.namespaces():
        shapes.bind(prefix, namespace, override=True, replace=True)
    shapes += shared
    return shapes


@cache
def _default_compiled() -> CompiledShapes:
    from policykg.checks.shapes_compiled import compile_shapes

    return compile_shapes(shapes_graph())


def validate(
    graph: Graph, shapes: Graph | None = None, ontology: Graph | None = None, engine: Engine = "fast"
) -> ValidationResult:
    """Validate ``graph`` against the shapes (default: ours) with the ontology mixed in; never changes it.

    ``engine="fast"`` (the compiled checks) reports each distinct result once; ``engine="pyshacl"`` may
    repeat one (a property shape shared by two node shapes that target the same node).
    """
    if engine == "pyshacl":
        return _validate_pyshacl(graph, shapes, ontology)
    if engine != "fast":
        raise ValueError(f"unknown validation engine {engine!r} (one of {', '.join(ENGINES)})")
    from policykg.checks.shapes_engine import ShapeData

    compiled = _compiled(shapes)
    return _fast_result(ShapeData.from_graph(compiled, graph, shacl_support(ontology)).check(compiled))


def validate_store(
    store: pyoxigraph.Store, shapes: Graph | None = None, ontology: Graph | None = None
) -> ValidationResult:
    """Validate the triples of a pyoxigraph Store (all its graphs) with the fast engine; never changes it."""
    from policykg.checks.shapes_engine import ShapeData

    compiled = _compiled(shapes)
    return _fast_result(ShapeData.from_store(compiled, store, shacl_support(ontology)).check(compiled))


def validate_ntriples(
    data: bytes | str | Path,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    window: int | None = None,
    workers: int = 1,
    canonical: bool = False,
) -> ValidationResult:
    """Validate N-Triples (text, or a file's path) with the fast engine.

    Oxigraph parses the N-Triples as a stream (about ten times quicker than rdflib's parser), and only
    the triples the shapes read are indexed: no store of the whole graph is held. N-Triples sorted by
    subject (a build's graph.nt) are checked a window of subjects at a time (checks/shapes_windows.py),
    holding only every node's types and the inverse links the shapes read; ``window`` subjects at a time
    (default: shapes_windows.WINDOW_SUBJECTS), by ``workers`` processes. ``canonical``: the file is written
    as a build writes graph.nt (each term one way, single spaces between terms), so some lines can be found
    by their text rather than all parsed.
    """
    from policykg.checks.shapes_engine import ShapeData
    from policykg.checks.shapes_windows import WINDOW_SUBJECTS, window_hits

    compiled, support = _compiled(shapes), list(shacl_support(ontology))
    rows = window_hits(compiled, data, support, window or WINDOW_SUBJECTS, workers, _fast_row, canonical)
    if rows is None:
        return _fast_result(ShapeData.from_ntriples(compiled, data, support).check(compiled))
    return _fast_result_rows(rows)


def revalidate_ntriples(
    data: Path,
    previous: Path,
    previous_result: ValidationResult,
    total: int,
    renamed: tuple[str, str] | None = None,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    workers: int = 1,
    changed: Sequence[bytes] | None = None,
) -> ValidationResult:
    """Validate sorted, canonical N-Triples (``total`` lines, written as a build writes graph.nt) that
    replace ``previous``, whose results were ``previous_result``: only the nodes whose results may have
    changed are checked again (checks/shapes_delta.py), else the whole file is. ``renamed`` is an IRI of
    ``previous`` and the one that stands for it in ``data`` (a build's own IRI); ``changed``, lines among
    which are all those in which the files differ, when known (else the files are compared). The results
    are those of ``validate_ntriples`` (which checks the whole file, by ``workers`` processes, when too
    much changed)."""
    from policykg.checks.shapes_delta import changed_results

    compiled, support = _compiled(shapes), list(shacl_support(ontology))
    changed = changed_results(compiled, previous, data, total, support, renamed, changed)
    if changed is None:
        return validate_ntriples(data, shapes, ontology, workers=workers, canonical=True)
    rechecked, hits = changed
    kept = [_renamed(r, renamed) for r in previous_result.results]
    kept = [r for r in kept if r.focus not in rechecked]
    return _fast_result_rows([*kept, *(_fast_row(hit) for hit in hits)])


def _renamed(result: ShapeResult, renamed: tuple[str, str] | None) -> ShapeResult:
    """A result with the IRI ``renamed[0]`` (as its focus or value) written as ``renamed[1]``."""
    if renamed is None or renamed[0] not in (result.focus, result.value):
        return result
    before, after = renamed
    return replace(
        result,
        focus=after if result.focus == before else result.focus,
        value=after if result.value == before else result.value,
    )


def _compiled(shapes: Graph | None) -> CompiledShapes:
    from policykg.checks.shapes_compiled import compile_shapes

    return _default_compiled() if shapes is None else compile_shapes(shapes)


def _fast_result(hits: Iterable[Hit]) -> ValidationResult:
    return _fast_result_rows(_fast_row(hit) for hit in hits)


def _fast_result_rows(rows: Iterable[ShapeResult]) -> ValidationResult:
    results = tuple(dict.fromkeys(rows))
    conforms = not any(r.severity == "Violation" for r in results)
    return ValidationResult(conforms=conforms, results=tuple(sorted(results, key=_order)))


def _fast_row(hit: Hit) -> ShapeResult:
    shape, component, focus, value = hit
    messages = list(shape.messages) or [Literal(f"Value does not satisfy {compact(str(component))}")]
    return ShapeResult(
        severity=_SEVERITIES.get(shape.severity, "Violation"),
        focus=str(focus),
        shape=_shape_name(shape.node),
        component=compact(str(component)),
        path=shape.path.text if shape.path is not None else None,
        value=_optional(value),
        message_zh=_pick(messages, "zh"),
        message_en=_pick(messages, "en"),
    )


def _order(result: ShapeResult) -> tuple[str, str, str, str]:
    return (result.focus, result.shape, result.path or "", result.value or "")


def _validate_pyshacl(graph: Graph, shapes: Graph | None, ontology: Graph | None) -> ValidationResult:
    from pyshacl import validate as run_shacl

    # pySHACL's own ont_graph mixing copies class and property axioms but not the controlled values
    # (pkg:Continuing a pkg:ProjectStatus) that sh:class checks need, so mix them in here.
    data = Graph()
    data += graph
    data += shacl_support(ontology)
    conforms, report, _text = run_shacl(
        data,
        shacl_graph=shapes if shapes is not None else _default_shapes(),
        inference="none",
        allow_warnings=True,
        advanced=False,
        inplace=True,
    )
    return ValidationResult(conforms=bool(conforms), results=_read_report(report))


def _read_report(report: Graph) -> tuple[ShapeResult, ...]:
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        messages = list(report.objects(node, SH.resultMessage))
        results.append(
            ShapeResult(
                severity=_SEVERITIES.get(report.value(node, SH.resultSeverity), "Violation"),
                focus=str(report.value(node, SH.focusNode)),
                shape=_shape_name(report.value(node, SH.sourceShape)),
                component=compact(str(report.value(node, SH.sourceConstraintComponent))),
                path=path_text(report, report.value(node, SH.resultPath)),
                value=_optional(report.value(node, SH.value)),
                message_zh=_pick(messages, "zh"),
                message_en=_pick(messages, "en"),
            )
        )
    return tuple(sorted(results, key=_order))


def _shape_name(shape: Node | None) -> str:
    # Our shapes are all named; an anonymous one is shown as the pySHACL text of it.
    return str(shape) if isinstance(shape, URIRef) else f"[anonymous shape {shape}]"


def path_text(graph: Graph, path: Node | None) -> str | None:
    """Return a SHACL path as text: an IRI as is, a complex path in SPARQL syntax (``^<iri>``)."""
    if path is None or isinstance(path, URIRef):
        return str(path) if path is not None else None
    if (inverse := graph.value(path, SH.inversePath)) is not None:
        return f"^{_path_term(graph, inverse)}"
    if (alternatives := graph.value(path, SH.alternativePath)) is not None:
        return "(" + "|".join(_path_term(graph, p) for p in Collection(graph, alternatives)) + ")"
    if isinstance(path, BNode) and graph.value(path, RDF.first) is not None:
        return "/".join(_path_term(graph, p) for p in Collection(graph, path))
    # Other path kinds (zero-or-more and the like) are not used by our shapes.
    return path.n3()


def _path_term(graph: Graph, path: Node) -> str:
    return f"<{path}>" if isinstance(path, URIRef) else str(path_text(graph, path))


def _optional(node: Node | None) -> str | None:
    if node is None:
        return None
    return str(node) if isinstance(node, (URIRef, Literal)) else node.n3()


def _pick(messages: list[Node], lang: str) -> str:
    """Return the message in ``lang``, else one without a language (pySHACL's own, in English)."""
    tagged = [str(m) for m in messages if isinstance(m, Literal) and m.language == lang]
    if tagged:
        return tagged[0]
    plain = [str(m) for m in messages if isinstance(m, Literal) and m.language is None]
    return plain[0] if plain else ""
