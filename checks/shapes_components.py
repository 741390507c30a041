"""The SHACL Core components of the fast checker: each builds a check from a shape's parameter.

Each check mirrors pySHACL's reading of its component (ill-typed literals fail sh:datatype; strings
and non-strings never compare; literals order as rdflib orders them), so that both engines report
the same results. ``COMPONENTS`` maps each constraint parameter to its builder, which
checks/shapes_compiled.py calls with the shape and the parameter's value.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

if TYPE_CHECKING:
    from policykg.checks.shapes_compiled import Check, Compiler
    from policykg.checks.shapes_engine import ShapeData


class UnsupportedShape(ValueError):
    """A shapes graph uses a SHACL feature that the fast checker does not implement."""


_NODE_KINDS = {
    SH.IRI: (URIRef,),
    SH.BlankNode: (BNode,),
    SH.Literal: (Literal,),
    SH.BlankNodeOrIRI: (BNode, URIRef),
    SH.BlankNodeOrLiteral: (BNode, Literal),
    SH.IRIOrLiteral: (URIRef, Literal),
}
_VALUE_TYPES: dict[URIRef, type | tuple[type, ...]] = {
    XSD.string: (str, bytes),
    RDF.langString: (str, bytes),
    XSD.integer: int,
    XSD.float: float,
    XSD.decimal: Decimal,
    XSD.boolean: bool,
    XSD.date: datetime.date,
    XSD.time: datetime.time,
    XSD.dateTime: datetime.datetime,
}

_RDFS_LITERAL, _RDFS_DATATYPE = RDFS.Literal, RDFS.Datatype
_XSD_STRING, _LANG_STRING = XSD.string, RDF.langString
_TEXT_TYPES = (_LANG_STRING, _XSD_STRING)
_NUMBERS = (int, Decimal)  # compared by value, as rdflib compares numeric literals (bool is not one)


def _class(c: Compiler, node: Node, cls: Node) -> tuple[str, Check]:
    def check(data: ShapeData, focus: Node, values: Sequence[Node]) -> Iterator[Node | None]:
        return (v for v in values if isinstance(v, Literal) or not data.has_class(v, cls))

    return "Class", check


def _datatype(c: Compiler, node: Node, datatype: Node) -> tuple[str, Check]:
    def check(data: ShapeData, focus: Node, values: Sequence[Node]) -> Iterator[Node | None]:
        return (v for v in values if not datatype_matches(v, datatype))

    return "Datatype", check


def datatype_matches(value: Node, datatype: Node) -> bool:
    """Return whether ``value`` is a well-formed literal of ``datatype``, as pySHACL decides it."""
    if not isinstance(value, Literal):
        return False
    # str.__eq__ compares the IRIs' text without rdflib's slower term equality.
    if value.datatype is not None and str.__eq__(value.datatype, datatype) is True:
        return value.ill_typed is not True and _actual_type(value, datatype)
    if datatype in (_RDFS_LITERAL, _RDFS_DATATYPE) and (datatype == _RDFS_LITERAL or value.datatype):
        return True
    if datatype == _XSD_STRING and value.datatype is None and value.language is None:
        return _actual_type(value, datatype)
    return datatype == _LANG_STRING and bool(value.language) and _actual_type(value, datatype)


def _actual_type(value: Literal, datatype: Node) -> bool:
    expected = _VALUE_TYPES.get(datatype)  # type: ignore[call-overload]
    return expected is None or isinstance(value.value, expected)


def _count(c: Compiler, node: Node, bound: Node, minimum: bool) -> tuple[str, Check]:
    limit = int(bound)  # type: ignore[call-overload]

    def check(data: ShapeData, focus: Node, values: Sequence[Node]) -> Iterator[Node | None]:
        if (len(values) < limit) if minimum else (len(values) > limit):
            yield None

    return ("MinCount" if minimum else "MaxCount"), check


def _node_kind(c: Compiler, node: Node, kind: Node) -> tuple[str, Check]:
    if kind not in _NODE_KINDS:
        raise UnsupportedShape(f"{node}: unknown sh:nodeKind {kind}")
    kinds = _NODE_KINDS[kind]  # type: ignore[index]

    def check(data: ShapeData, focus: Node, values: Sequence[Node]) -> Iterator[Node | None]:
        return (v for v in values if not isinstance(v, kinds))

    return "NodeKind", check


def _pattern(c: Compiler, node: Node, pattern: Node) -> tuple[str, Check]:
    flags = str(c.graph.value(node, SH.flags) or "")
    regex = re.compile(str(pattern), sum(getattr(re, f.upper(), 0) for f in flags if f in "imsx"))

    def check(data: ShapeData, focus: Node, values: Sequence[Node]) -> Iterator[Node | None]:
        return (v for v in values if isinstance(v, BNode) or not regex.search(_string(v)))

    return "Pattern", check


def _string(value: Node) -> str:
    plain = isinstance(value, Literal) and (value.datatype is None or value.datatype in _TEXT_TYPES)
    return str(value.value) if plain and value.value is not None else str(value)  # type: ignore[union-attr]


def _language_in(c: Compiler, node: Node, languages: Node) -> tuple[str, Check]:
    wanted = {str(lang).lower() for lang in c.members(languages)}

    def allowed(v: Node) -> bool:
        lang = v.language.lower() if isinstance(v, Literal) and v.language else ""
        return bool(lang) and ("*" in wanted or lang in wanted or lang.split("-")[0] in wanted)

    def check(data: ShapeData, focus: Node, values: Sequence[Node]) -> Iterator[Node | None]:
        return (v for v in values if not allowed(v))

    return "LanguageIn", check


def _unique_lang(c: Compiler, node: Node, flag: Node) -> tuple[str, Check]:
    if not (isinstance(flag, Literal) and isinstance(flag.value, bool)):
        raise UnsupportedShape(f"{node}: sh:uniqueLang takes a boolean")
    on = flag.value

    def check(data: ShapeData, focus: Node, values: Sequence[Node]) -> Iterator[Node | None]:
        seen: set[str] = set()
        for v in values:
            if on and isinstance(v, Literal) and v.language:
                if v.language.lower() in seen:
                    yield None
                seen.add(v.language.lower())

    return "UniqueLang", check


def _qualified(c: Compiler, node: Node, inner: Node) -> tuple[str, Check]:
    minimum = c.graph.value(node, SH.qualifiedMinCount)
    if minimum is None:
        raise UnsupportedShape(f"{node}: sh:qualifiedValueShape without sh:qualifiedMinCount")
    limit, shape = int(minimum), c.inner(inner)  # type: ignore[call-overload]

    def check(data: ShapeData, focus: Node, values: Sequence[Node]) -> Iterator[Node | None]:
        if sum(1 for v in values if data.conforms(shape, v)) < limit:
            yield None

    return "QualifiedMinCount", check


def _or(c: Compiler, node: Node, members: Node) -> tuple[str, Check]:
    shapes = [c.inner(m) for m in c.members(members)]

    def check(data: ShapeData, focus: Node, values: Sequence[Node]) -> Iterator[Node | None]:
        return (v for v in values if not any(data.conforms(s, v) for s in shapes))

    return "Or", check


def _not(c: Compiler, node: Node, inner: Node) -> tuple[str, Check]:
    shape = c.inner(inner)

    def check(data: ShapeData, focus: Node, values: Sequence[Node]) -> Iterator[Node | None]:
        return (v for v in values if data.conforms(shape, v))

    return "Not", check


def _has_value(c: Compiler, node: Node, wanted: Node) -> tuple[str, Check]:
    def check(data: ShapeData, focus: Node, values: Sequence[Node]) -> Iterator[Node | None]:
        if wanted not in values:
            yield None

    return "HasValue", check


def _min_inclusive(c: Compiler, node: Node, bound: Node) -> tuple[str, Check]:
    if not isinstance(bound, Literal):
        raise UnsupportedShape(f"{node}: sh:minInclusive must be a literal")

    def at_least(v: Node) -> bool:
        if not isinstance(v, Literal) or isinstance(v.value, str) != isinstance(bound.value, str):
            return False
        if type(v.value) in _NUMBERS and type(bound.value) in _NUMBERS:
            return v.value >= bound.value  # the common case, without rdflib's slower comparison
        try:
            return _compare(v, bound) >= 0
        except (TypeError, NotImplementedError):
            return False

    def check(data: ShapeData, focus: Node, values: Sequence[Node]) -> Iterator[Node | None]:
        return (v for v in values if not at_least(v))

    return "MinInclusive", check


def _compare(a: Literal, b: Literal) -> int:
    """Order two literals as pySHACL does (rdfutil.compare.compare_literal)."""
    if a.eq(b):
        return 0
    if isinstance(a.value, (datetime.datetime, datetime.time)):
        return 0 if a.value == b.value else 1 if a.value > b.value else -1
    return 1 if a > b else -1


def _less_than(c: Compiler, node: Node, other: Node, or_equal: bool) -> tuple[str, Check]:
    if not isinstance(other, URIRef):
        raise UnsupportedShape(f"{node}: sh:lessThan takes a property IRI")
    c.read(other)

    def ordered(v: Node, w: Node) -> bool:
        (a, a_text), (b, b_text) = _comparable(v), _comparable(w)
        if a is None or b is None or a_text != b_text:
            return False
        try:
            return bool(a <= b) if or_equal else bool(a < b)  # type: ignore[operator]
        except TypeError:
            return False

    def check(data: ShapeData, focus: Node, values: Sequence[Node]) -> Iterator[Node | None]:
        others = data.objects(focus, other)
        return (v for v in values for w in others if not ordered(v, w))

    return ("LessThanOrEquals" if or_equal else "LessThan"), check


def _comparable(value: Node) -> tuple[object, bool]:
    """Return what pySHACL compares for a node, and whether it is text: IRIs and strings compare as text."""
    if isinstance(value, URIRef):
        return str(value), True
    if isinstance(value, Literal):
        return (value.value, True) if isinstance(value.value, str) else (value, False)
    return None, False  # a blank node is not ordered


COMPONENTS: dict[URIRef, Callable[[Compiler, Node, Node], tuple[str, Check]]] = {
    SH["class"]: _class,
    SH.datatype: _datatype,
    SH.minCount: lambda c, n, v: _count(c, n, v, minimum=True),
    SH.maxCount: lambda c, n, v: _count(c, n, v, minimum=False),
    SH.nodeKind: _node_kind,
    SH.pattern: _pattern,
    SH.languageIn: _language_in,
    SH.uniqueLang: _unique_lang,
    SH.qualifiedValueShape: _qualified,
    SH["or"]: _or,
    SH["not"]: _not,
    SH.hasValue: _has_value,
    SH.minInclusive: _min_inclusive,
    SH.lessThan: lambda c, n, v: _less_than(c, n, v, or_equal=False),
    SH.lessThanOrEquals: lambda c, n, v: _less_than(c, n, v, or_equal=True),
}
