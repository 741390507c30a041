"""Provenance and named entities as rdflib triples. No spaCy here.

``EntityWriter`` holds the triples (a ``TripleSet``) and writes the build activity with its agent and
documents, the source spans, and every extracted entity: one most-specific type, rdfs:label in zh and
en (the English marked as machine-generated), its variant names as skos:altLabel, the pinyin of each
Chinese label and variant as a ``skos:hiddenLabel`` in ``zh-latn-pinyin`` (for search; readers tell
which name a reading reads with ``policykg.pinyin.pair_readings``), prov:wasDerivedFrom its spans and
prov:wasGeneratedBy the build. ``triples.GraphWriter`` adds the plan's outline on top. IRIs come from
``minter.IriMinter`` and ``policykg.iris`` only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from policykg import __version__
from policykg.graph_builder.rdf.minter import IriMinter
from policykg.graph_builder.records import DocumentRecord, EntityRecord, PlanRecord, Span
from policykg.iris import short_hash
from policykg.ontology.namespaces import OA, PKG, PREFIXES, SCHEMA
from policykg.patterns import has_han
from policykg.pinyin import PINYIN_LANGUAGE, pinyin_reading

# The terms written for every entity and span, looked up once (an rdflib vocabulary's attribute lookup
# costs a microsecond, and a corpus writes millions of them).
_TYPE, _LABEL, _READING = RDF.type, RDFS.label, SKOS.hiddenLabel
_DERIVED_FROM = PROV.wasDerivedFrom


@dataclass(frozen=True)
class BuildInfo:
    """When the build activity started and ended."""

    started: datetime
    ended: datetime


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes on a graph, for readable Turtle and JSON-LD."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    return graph


def build_iri(minter: IriMinter, documents: list[DocumentRecord]) -> str:
    """Return the IRI of the build of these documents by this version of policykg."""
    return minter.build(short_hash("".join(d.sha256 for d in documents) + __version__, 16))


class TripleSet(set):
    """A plain set of rdflib triples: cheap to add to, made into an rdflib Graph only when needed.

    An rdflib Graph indexes every triple three ways as it is added, which costs more than the
    extraction itself on a large corpus; most builds only serialize the triples.
    """

    def __or__(self, other: set) -> TripleSet:
        return TripleSet(set.__or__(self, other))

    def to_graph(self) -> Graph:
        """Return the triples as an rdflib Graph with the project's prefixes bound."""
        graph = bind_prefixes(Graph())
        graph.addN((s, p, o, graph) for s, p, o in self)
        return graph


class EntityWriter:
    """Write provenance and named entities as rdflib triples (``self.graph``, a TripleSet)."""

    def __init__(self, minter: IriMinter, build: str | None = None) -> None:
        self.minter = minter
        self.graph = TripleSet()
        self._build: URIRef | None = URIRef(build) if build else None
        self._entity_iris: dict[str, URIRef] = {}
        #: id() of each record written -> its IRI (read by the corpus writer and the next source of a plan).
        self.iri_of: dict[int, URIRef] = {}
        #: (class, name) of this document's entities -> their identity in the corpus (class, name, place).
        self.identities: dict[tuple[str, str], tuple[str, str, str]] = {}
        #: id() of a record of this source -> the same record of an earlier source of the plan.
        self.same: dict[int, object] = {}
        #: Appended to the IRIs of this source's records that are not the same as an earlier source's.
        self.suffix = ""

    # -- provenance ---------------------------------------------------------------------------

    def add_build(self, documents: list[DocumentRecord], info: BuildInfo, build: str | None = None) -> URIRef:
        """Add the build activity (by default the one of these documents), the agent and the documents."""
        g = self.graph
        build = URIRef(build or build_iri(self.minter, documents))
        agent = URIRef(self.minter.agent(__version__))
        g.add((agent, RDF.type, PROV.SoftwareAgent))
        g.add((agent, RDFS.label, Literal(f"policykg {__version__}")))
        g.add((agent, SCHEMA.softwareVersion, Literal(__version__)))
        g.add((build, RDF.type, PKG.Build))
        self.add_labels(build, "policykg 构建", "policykg build")
        g.add((build, PROV.wasAssociatedWith, agent))
        g.add((build, PROV.startedAtTime, Literal(info.started.astimezone(UTC), datatype=XSD.dateTime)))
        g.add((build, PROV.endedAtTime, Literal(info.ended.astimezone(UTC), datatype=XSD.dateTime)))
        for document in documents:
            doc = URIRef(self.minter.document(document.sha256))
            g.add((doc, RDF.type, PKG.SourceDocument))
            self.add_labels(doc, document.path.rsplit("/", 1)[-1])
            g.add((doc, PKG.sha256, Literal(document.sha256, datatype=XSD.hexBinary)))
            g.add((doc, PKG.characterCount, Literal(len(document.text))))
            g.add((build, PROV.used, doc))
        self._build = build
        return build

    def _span(self, document: URIRef, span: Span) -> URIRef:
        node = URIRef(self.minter.child(str(document), "span", f"{span.start}-{span.end}"))
        g = self.graph
        if (node, _TYPE, PKG.SourceSpan) not in g:
            g.add((node, _TYPE, PKG.SourceSpan))
            g.add((node, PKG.inDocument, document))
            g.add((node, OA.start, Literal(span.start)))
            g.add((node, OA.end, Literal(span.end)))
            g.add((node, OA.exact, Literal(span.text)))
            g.add((node, PKG.sentence, Literal(span.sentence)))
            g.add((node, PKG.sentenceStart, Literal(span.sentence_start)))
        return node

    def add_labels(self, node: URIRef, zh: str, en: str | None = None) -> None:
        """Label a node in Chinese and English (``en=None``: one label without a language, a file
        name); a label holding Han characters also gets its pinyin as a ``skos:hiddenLabel``."""
        g = self.graph
        g.add((node, _LABEL, Literal(zh, lang="zh" if en is not None else None)))
        if en is not None:
            g.add((node, _LABEL, Literal(en, lang="en")))
        self._add_reading(node, zh)

    def _add_reading(self, node: URIRef, name: str) -> None:
        """Give a node the pinyin of one of its names, if the name holds Han characters."""
        if has_han(name):
            self.graph.add((node, _READING, Literal(pinyin_reading(name), lang=PINYIN_LANGUAGE)))

    def _entity(
        self, node: URIRef, cls: str, zh: str, en: str, spans: tuple[Span, ...], document: URIRef | None
    ) -> None:
        g = self.graph
        g.add((node, _TYPE, PKG[cls]))
        self.add_labels(node, zh, en)
        g.add((node, PKG.enLabelOrigin, PKG.MachineGenerated))
        for span in spans:
            g.add((node, _DERIVED_FROM, self._span(document, span)))
        if self._build is not None:
            g.add((node, PROV.wasGeneratedBy, self._build))

    # -- named entities -------------------------------------------------------------------------

    def _named_iri(self, key: tuple[str, str]) -> URIRef:
        """The IRI of a named entity of this document, by its identity in the corpus."""
        return URIRef(self.minter.entity(*self.identities.get(key, key)))

    def _add_named(self, entity: EntityRecord, doc: URIRef) -> None:
        node = self._named_iri(entity.key)
        self._entity(node, entity.cls, entity.name, entity.label_en, entity.spans, doc)
        for alt in entity.alt_labels:
            self.graph.add((node, SKOS.altLabel, Literal(alt, lang="zh")))
            self._add_reading(node, alt)
        if entity.division_code:
            self.graph.add((node, PKG.divisionCode, Literal(entity.division_code)))

    def add_named_core(self, identity: tuple[str, str, str], members: Sequence[EntityRecord]) -> None:
        """Write what a named entity of a corpus is, from every record of it, apart from where each names
        it (``add_named_mentions``).

        The identity gives the class; the first record its labels; names other than the label become
        ``skos:altLabel``; the division code is the first one stated.
        """
        node = URIRef(self.minter.entity(*identity))
        first = members[0]
        self._entity(node, identity[0], first.name, first.label_en, (), None)
        names = {first.name}
        for entity in members:
            for alt in (entity.name, *entity.alt_labels):
                if alt not in names:
                    names.add(alt)
                    self.graph.add((node, SKOS.altLabel, Literal(alt, lang="zh")))
                    self._add_reading(node, alt)
        code = next((e.division_code for e in members if e.division_code), None)
        if code:
            self.graph.add((node, PKG.divisionCode, Literal(code)))

    def add_named_mentions(
        self, identity: tuple[str, str, str], entity: EntityRecord, document: URIRef
    ) -> None:
        """Write where one record of a named entity names it: its spans in its document."""
        node = URIRef(self.minter.entity(*identity))
        for span in entity.spans:
            self.graph.add((node, _DERIVED_FROM, self._span(document, span)))

    def add_entity_links(self, plan: PlanRecord) -> None:
        """Write the places that a plan's entities lie within or in, by their identities (``identities``)."""
        self._entity_iris = {e.name: self._named_iri(e.key) for e in plan.entities}
        for entity in plan.entities:
            self._add_links(entity, plan)

    def _add_links(self, entity: EntityRecord, plan: PlanRecord) -> None:
        node = self._named_iri(entity.key)
        if entity.within:
            parent = self._entity_iri(plan, entity.within)
            if parent:
                self.graph.add((node, PKG.within, parent))
        for place in entity.located_in:
            iri = self._entity_iri(plan, place)
            if iri:
                self.graph.add((node, PKG.locatedIn, iri))

    def _entity_iri(self, plan: PlanRecord, name: str) -> URIRef | None:
        return self._entity_iris.get(name)
