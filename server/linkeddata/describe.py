"""What the store says about one resource: its arcs both ways, the labels of its neighbours and its sources.

One ``Description`` feeds every representation of a resource (the HTML page, the RDF documents and the
compact JSON of /api/entities), so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox

from policykg import iris
from policykg.ontology.namespaces import DEFAULT_BASE, OA, PKG, PROV, RDF, RDFS

if TYPE_CHECKING:
    from policykg.server.store.base import Store

#: Incoming arcs listed in full; a hub (a city every task mentions) gets this many and a count.
MAX_INCOMING = 500

Term = ox.NamedNode | ox.BlankNode | ox.Literal

_LABEL = ox.NamedNode(str(RDFS.label))
_TYPE = ox.NamedNode(str(RDF.type))


@dataclass(frozen=True)
class Node:
    """An RDF term with the labels the store gives it, by language tag ("" for untagged)."""

    term: Term
    labels: tuple[tuple[str, str], ...] = ()

    def label(self, lang: str) -> str | None:
        """Return the label in ``lang``, else in the other language, else an untagged one, else None."""
        found = dict(self.labels)
        other = "en" if lang == "zh" else "zh"
        return found.get(lang) or found.get(other) or found.get("")

    @property
    def is_iri(self) -> bool:
        """Return True for an IRI."""
        return isinstance(self.term, ox.NamedNode)


@dataclass(frozen=True)
class Arc:
    """One triple seen from the described resource: a predicate and the node at its other end."""

    predicate: Node
    node: Node


@dataclass(frozen=True)
class Span:
    """A source span: the exact text, its offsets, and the sentence that holds it."""

    iri: str
    exact: str
    start: int
    end: int
    sentence: str
    sentence_start: int | None
    document: str | None

    def parts(self) -> tuple[str, str, str]:
        """Return the sentence split as (before, span, after), or (sentence, "", "") if it is not found."""
        if self.sentence_start is not None:
            begin, finish = self.start - self.sentence_start, self.end - self.sentence_start
            if 0 <= begin <= finish <= len(self.sentence) and self.sentence[begin:finish] == self.exact:
                return self.sentence[:begin], self.exact, self.sentence[finish:]
        # Offsets that do not agree with the text would highlight the wrong characters; the exact
        # text is the Web Annotation selector's authority (oa:TextQuoteSelector semantics).
        begin = self.sentence.find(self.exact) if self.exact else -1
        if begin < 0:
            return self.sentence, "", ""
        return self.sentence[:begin], self.exact, self.sentence[begin + len(self.exact) :]


@dataclass
class Description:
    """Everything the pages and documents of one resource show."""

    iri: str
    outgoing: list[Arc] = field(default_factory=list)
    incoming: list[Arc] = field(default_factory=list)
    incoming_total: int = 0
    spans: list[Span] = field(default_factory=list)
    span_triples: list[ox.Triple] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.outgoing or self.incoming)

    @property
    def node(self) -> Node:
        """Return the resource itself with its own labels."""
        labels = tuple(
            (term.language or "", term.value)
            for arc in self.outgoing
            if arc.predicate.term == _LABEL and isinstance(term := arc.node.term, ox.Literal)
        )
        return Node(ox.NamedNode(self.iri), labels)

    @property
    def types(self) -> list[Node]:
        """Return the resource's classes."""
        return [arc.node for arc in self.outgoing if arc.predicate.term == _TYPE]

    def triples(self) -> list[ox.Triple]:
        """Return the document's triples: both ways, the neighbours' labels, and the source spans."""
        subject = ox.NamedNode(self.iri)
        found: dict[ox.Triple, None] = {}
        for arc in self.outgoing:
            found[ox.Triple(subject, arc.predicate.term, arc.node.term)] = None
        for arc in self.incoming:
            found[ox.Triple(arc.node.term, arc.predicate.term, subject)] = None
        for arc in [*self.outgoing, *self.incoming]:
            for node in (arc.node, arc.predicate):
                if isinstance(node.term, ox.NamedNode) and node.term != subject:
                    for lang, text in node.labels:
                        found[ox.Triple(node.term, _LABEL, ox.Literal(text, language=lang or None))] = None
        for triple in self.span_triples:
            found[triple] = None
        return list(found)


def local_path(iri: str, base: str) -> str | None:
    """Return the path at which this server serves ``iri`` (data under ``base``, the ontology), or None."""
    return iris.path_for(iri, base) or iris.path_for(iri, DEFAULT_BASE + "ontology")


def _labels(row: dict[str, Term], prefix: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        (lang, row[name].value)
        for lang, name in (("zh", prefix + "Zh"), ("en", prefix + "En"), ("", prefix + "None"))
        if name in row
    )


def _label_patterns(var: str) -> str:
    return "\n".join(
        f'OPTIONAL {{ ?{var} rdfs:label ?{var}{suffix} FILTER(lang(?{var}{suffix}) = "{lang}") }}'
        for suffix, lang in (("Zh", "zh"), ("En", "en"), ("None", ""))
    )


_PROLOGUE = f"PREFIX rdfs: <{RDFS}>\nPREFIX prov: <{PROV}>\nPREFIX pkg: <{PKG}>\nPREFIX oa: <{OA}>\n"


def describe(store: Store, iri: str) -> Description:
    """Return what the store holds about ``iri`` (an empty Description if nothing)."""
    # The IRI goes into the query as a pyoxigraph term: it was checked as an IRI and is written escaped.
    this = str(ox.NamedNode(iri))
    description = Description(iri)
    outgoing = store.select(
        f"{_PROLOGUE}SELECT * WHERE {{ {this} ?p ?o .\n{_label_patterns('p')}\n{_label_patterns('o')} }}"
    )
    description.outgoing = [
        Arc(Node(row["p"], _labels(row, "p")), Node(row["o"], _labels(row, "o"))) for row in outgoing
    ]
    incoming = store.select(
        f"{_PROLOGUE}SELECT * WHERE {{ {{ SELECT ?s ?p WHERE {{ ?s ?p {this} }} ORDER BY ?p ?s "
        f"LIMIT {MAX_INCOMING} }}\n{_label_patterns('p')}\n{_label_patterns('s')} }}"
    )
    description.incoming = [
        Arc(Node(row["p"], _labels(row, "p")), Node(row["s"], _labels(row, "s"))) for row in incoming
    ]
    description.incoming_total = len(description.incoming)
    if len(description.incoming) >= MAX_INCOMING:
        count = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p {this} }}")
        description.incoming_total = int(count[0]["n"].value)
    if description.outgoing:
        _add_spans(store, this, description)
    return description


def _add_spans(store: Store, this: str, description: Description) -> None:
    rows = store.select(
        f"{_PROLOGUE}SELECT ?span ?p ?o WHERE {{ {this} prov:wasDerivedFrom ?span . "
        f"?span a pkg:SourceSpan ; ?p ?o }} ORDER BY ?span"
    )
    values: dict[ox.NamedNode, dict[str, Term]] = {}
    for row in rows:
        values.setdefault(row["span"], {})[row["p"].value] = row["o"]
        description.span_triples.append(ox.Triple(row["span"], row["p"], row["o"]))
    spans = []
    for span, props in values.items():
        try:
            start, end = int(props[str(OA.start)].value), int(props[str(OA.end)].value)
        except (KeyError, ValueError):
            continue
        sentence_start = props.get(str(PKG.sentenceStart))
        document = props.get(str(PKG.inDocument))
        spans.append(
            Span(
                iri=span.value,
                exact=props[str(OA.exact)].value if str(OA.exact) in props else "",
                start=start,
                end=end,
                sentence=props[str(PKG.sentence)].value if str(PKG.sentence) in props else "",
                sentence_start=int(sentence_start.value) if sentence_start is not None else None,
                document=document.value if document is not None else None,
            )
        )
    description.spans = sorted(spans, key=lambda s: (s.document or "", s.start, s.iri))


def grouped(arcs: list[Arc], lang: str = "zh") -> list[tuple[Node, list[Node]]]:
    """Return arcs grouped by predicate: IRIs first, then literals in ``lang``, then the rest."""
    groups: dict[str, tuple[Node, list[Node]]] = {}
    for arc in arcs:
        groups.setdefault(arc.predicate.term.value, (arc.predicate, []))[1].append(arc.node)

    def order(node: Node) -> tuple[bool, bool, str]:
        term = node.term
        is_literal = isinstance(term, ox.Literal)
        return is_literal, is_literal and term.language != lang, term.value

    return [(predicate, sorted(nodes, key=order)) for _, (predicate, nodes) in sorted(groups.items())]
