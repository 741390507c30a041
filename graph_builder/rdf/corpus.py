"""A corpus of plan documents as one graph, written with one IRI minter. No spaCy here.

A plan is the work; each document that states it is a source (``pkg:describedBy``). The first source of
a plan (the fullest) is written whole; a further source adds its spans to the records that are the same
as the first's (matched by content in ``graph_builder.corpus``), its other records under IRIs of their
own, and its differing names as ``skos:altLabel``. A record whose figures disagree with the first
source's is written apart and marked ``prov:alternateOf`` it, so each value keeps its source. Named
entities are written once for the corpus, by their identity (``corpus.entities``), with the spans of
every document that names them. Plans are linked (``pkg:withinPlan``, ``pkg:succeeds``) and targets of
one metric and place in several plans form a ``pkg:TargetSeries``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from policykg.graph_builder.rdf.entities import TripleSet
from policykg.graph_builder.rdf.minter import IriMinter
from policykg.graph_builder.rdf.triples import GraphWriter, TargetIris
from policykg.graph_builder.records import DocumentRecord, EntityRecord, PlanRecord
from policykg.ontology.namespaces import PKG

Identity = tuple[str, str, str]
_LABEL = RDFS.label

#: What a further source may add to a node that an earlier source wrote: its spans, names and links down.
_FURTHER_SOURCE = frozenset(
    {
        PROV.wasDerivedFrom,
        PROV.wasGeneratedBy,
        SKOS.altLabel,
        SKOS.hiddenLabel,
        PKG.describedBy,
        PKG.hasDomain,
        PKG.hasTask,
        PKG.hasPortfolio,
        PKG.hasTarget,
        PKG.hasPart,
        PKG.mentions,
    }
)


@dataclass
class WrittenPlan:
    """One plan written: its IRI, its triples, and each source's own triples (what the audit reads)."""

    node: URIRef
    triples: TripleSet
    by_source: dict[int, TripleSet] = field(default_factory=dict)


class CorpusWriter:
    """Write the plans, entities, links and series of a corpus with one minter; remembers record IRIs."""

    def __init__(self, minter: IriMinter, build: str) -> None:
        self.minter = minter
        self.build = build
        #: id() of every record written -> its IRI (the same record of an earlier source shares it).
        self.iri_of: dict[int, URIRef] = {}

    def document(self, document: DocumentRecord) -> URIRef:
        """The IRI of a source document."""
        return URIRef(self.minter.document(document.sha256))

    # -- named entities ---------------------------------------------------------------------------

    def entity_groups(
        self, plans: Sequence[PlanRecord], identities: Mapping[tuple[int, str, str], Identity]
    ) -> dict[Identity, list[tuple[int, EntityRecord]]]:
        """The named entities of the corpus by identity, each with its records (source index, record);
        registers every identity with the minter, so that their IRIs are final."""
        groups: dict[Identity, list[tuple[int, EntityRecord]]] = {}
        for i, plan in enumerate(plans):
            for entity in plan.entities:
                groups.setdefault(identities.get((i, *entity.key), (*entity.key, "")), []).append((i, entity))
        self.minter.register_entities(groups)
        return groups

    def entity_core(self, identity: Identity, members: Sequence[tuple[int, EntityRecord]]) -> TripleSet:
        """What one named entity is, from every record of it (see ``entity_groups``)."""
        writer = GraphWriter(self.minter, self.build)
        writer.add_named_core(identity, [e for _, e in members])
        return writer.graph

    def entity_mentions(
        self, document: DocumentRecord, identity: Identity, entity: EntityRecord
    ) -> TripleSet:
        """Where one record of a named entity names it in its document."""
        writer = GraphWriter(self.minter, self.build)
        writer.add_named_mentions(identity, entity, self.document(document))
        return writer.graph

    def entity_links(
        self, i: int, plan: PlanRecord, identities: Mapping[tuple[int, str, str], Identity]
    ) -> TripleSet:
        """The places that the named entities of source ``i`` (``plan``) lie within or in."""
        writer = GraphWriter(self.minter, self.build)
        writer.identities = _identities_of(i, plan, identities)
        writer.add_entity_links(plan)
        return writer.graph

    def entity_iris(
        self, i: int, plan: PlanRecord, identities: Mapping[tuple[int, str, str], Identity]
    ) -> list[tuple[tuple[str, str], Identity, str]]:
        """Each entity of source ``i`` with its corpus identity and IRI (what its links are written from)."""
        own = _identities_of(i, plan, identities)
        return [(e.key, own[e.key], self.minter.entity(*own[e.key])) for e in plan.entities]

    # -- plans --------------------------------------------------------------------------------------

    def plan(
        self,
        documents: Sequence[DocumentRecord],
        plans: Sequence[PlanRecord],
        sources: Sequence[int],
        same: Mapping[int, Mapping[int, object]],
        identities: Mapping[tuple[int, str, str], Identity],
    ) -> WrittenPlan:
        """Write one plan from its sources (indexes, the first written whole); ``same[i]`` maps id() of a
        record of source ``i`` to the first source's record it is the same as."""
        node = URIRef(self.minter.plan(plans[sources[0]].title))
        targets = TargetIris(self.minter, node)
        written = WrittenPlan(node, TripleSet())
        subjects: set[URIRef] = set()
        labels: dict[URIRef, Literal] = {}
        for position, i in enumerate(sources):
            writer = GraphWriter(self.minter, self.build)
            writer.iri_of = self.iri_of
            writer.identities = _identities_of(i, plans[i], identities)
            if position:
                writer.same = dict(same.get(i, {}))
                writer.suffix = f"-s{position + 1}"
            writer.add_plan(plans[i], documents[i], node=node, named=False, targets=targets)
            doc = self.document(documents[i])
            writer.graph.add((node, PKG.describedBy, doc))
            written.by_source[i] = writer.graph
            added = writer.graph if not position else _as_further_source(writer.graph, subjects, labels)
            for s, p, o in added:
                written.triples.add((s, p, o))
                if getattr(o, "language", None) == "zh" and p == _LABEL:
                    labels.setdefault(s, o)
            subjects.update(s for s, _, _ in added)
        return written

    def alternates(self, pairs: Iterable[tuple[object, object]]) -> TripleSet:
        """``prov:alternateOf`` from each record written apart to the first source's record it restates."""
        triples = TripleSet()
        for other, primary in pairs:
            a, b = self.iri_of.get(id(other)), self.iri_of.get(id(primary))
            if a is not None and b is not None and a != b:
                triples.add((a, PROV.alternateOf, b))
        return triples

    # -- between plans ----------------------------------------------------------------------------

    def links(self, nodes: Sequence[URIRef], links: Iterable[tuple[int, str, int]]) -> TripleSet:
        """``pkg:withinPlan`` and ``pkg:succeeds`` between plans given by their index in ``nodes``."""
        triples = TripleSet()
        for a, relation, b in links:
            if a != b:
                triples.add((nodes[a], PKG[relation], nodes[b]))
        return triples

    def series(
        self, place: str, place_en: str, metric: str, metric_en: str, targets: Sequence[object]
    ) -> TripleSet:
        """A series of the targets of one metric for one place in several plans."""
        members = {self.iri_of[id(t)] for t in targets if id(t) in self.iri_of}
        triples = TripleSet()
        if len(members) < 2:
            return triples
        writer = GraphWriter(self.minter, self.build)
        node = URIRef(self.minter.series(place, metric))
        writer.graph.add((node, RDF.type, PKG.TargetSeries))
        writer.add_labels(node, f"{place}{metric}目标", f"{place_en}: targets for {metric_en}")
        writer.graph.add((node, PKG.metric, Literal(metric, lang="zh")))
        writer.graph.add((node, PKG.metric, Literal(metric_en, lang="en")))
        for target in members:
            writer.graph.add((target, PKG.inSeries, node))
        return writer.graph


def _identities_of(
    i: int, plan: PlanRecord, identities: Mapping[tuple[int, str, str], Identity]
) -> dict[tuple[str, str], Identity]:
    """The corpus identity of each entity of source ``i``, by its (class, name) key there."""
    return {e.key: identities.get((i, *e.key), (*e.key, "")) for e in plan.entities}


def _as_further_source(
    triples: TripleSet, written: set[URIRef], labels: Mapping[URIRef, Literal]
) -> TripleSet:
    """A further source's triples: whole for nodes of its own, and for nodes already written only its
    spans, links down and names (a Chinese label that differs becomes an ``skos:altLabel``)."""
    kept = TripleSet()
    for s, p, o in triples:
        if s not in written or p in _FURTHER_SOURCE:
            kept.add((s, p, o))
        elif p == RDFS.label and getattr(o, "language", None) == "zh" and o != labels.get(s):
            kept.add((s, SKOS.altLabel, o))
    return kept
