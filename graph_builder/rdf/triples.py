"""Turn extraction records into RDF triples with rdflib. No spaCy here.

Every extracted entity gets one most-specific type, rdfs:label in zh and en (the English marked as
machine-generated), prov:wasDerivedFrom its source spans and prov:wasGeneratedBy the build. IRIs come
from ``minter.IriMinter`` and ``policykg.iris`` only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from policykg import __version__
from policykg.graph_builder.rdf.minter import IriMinter
from policykg.graph_builder.records import (
    Comparator,
    DocumentRecord,
    DomainRecord,
    EntityRecord,
    PlanRecord,
    PortfolioRecord,
    Quantity,
    Span,
    Status,
    TargetRecord,
    TaskRecord,
)
from policykg.graph_builder.text.numbers import UNITS
from policykg.iris import short_hash
from policykg.ontology.namespaces import OA, PKG, PREFIXES, SCHEMA, TIME, UNIT

_STATUS_ZH = {Status.CONTINUING: "续建项目", Status.NEW_START: "新开工项目", Status.RESERVE: "谋划储备项目"}
_STATUS_EN = {
    Status.CONTINUING: "Continuing projects",
    Status.NEW_START: "New-start projects",
    Status.RESERVE: "Reserve projects",
}
_STATUS_SLUG = {Status.CONTINUING: "continuing", Status.NEW_START: "new-start", Status.RESERVE: "reserve"}
_COMPARATOR_ZH = {
    Comparator.AT_LEAST: "不低于{v}",
    Comparator.AT_MOST: "不超过{v}",
    Comparator.ABOUT: "{v}左右",
    Comparator.EQUAL: "达到{v}",
    Comparator.REDUCE_BY: "下降{v}",
    Comparator.INCREASE_BY: "增长{v}",
    Comparator.RANGE: "{v}",
}
_COMPARATOR_EN = {
    Comparator.AT_LEAST: "at least {v}",
    Comparator.AT_MOST: "at most {v}",
    Comparator.ABOUT: "about {v}",
    Comparator.EQUAL: "{v}",
    Comparator.REDUCE_BY: "down {v}",
    Comparator.INCREASE_BY: "up {v}",
    Comparator.RANGE: "{v}",
}


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


def decimal_literal(value: Decimal) -> Literal:
    """Return an xsd:decimal literal in canonical form (always with a decimal point: 1920.0).

    Every serialization (Turtle's bare decimals, N-Triples, JSON-LD) then carries the same lexical
    form, so the files compare equal triple by triple.
    """
    text = f"{value.normalize():f}"
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def format_amount(value: Decimal) -> str:
    """Format a yuan amount for an English label: CNY 192.083 billion."""
    for size, word in (
        (Decimal(10) ** 12, "trillion"),
        (Decimal(10) ** 9, "billion"),
        (Decimal(10) ** 6, "million"),
    ):
        if abs(value) >= size:
            return f"{(value / size).normalize():f} {word}"
    return f"{value.normalize():f}"


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


class GraphWriter:
    """Write the records of one or more plans as rdflib triples (``self.graph``, a TripleSet)."""

    def __init__(self, minter: IriMinter, build: str | None = None) -> None:
        self.minter = minter
        self.graph = TripleSet()
        self._build: URIRef | None = URIRef(build) if build else None
        self._entity_iris: dict[str, URIRef] = {}

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
        g.add((build, RDFS.label, Literal("policykg 构建", lang="zh")))
        g.add((build, RDFS.label, Literal("policykg build", lang="en")))
        g.add((build, PROV.wasAssociatedWith, agent))
        g.add((build, PROV.startedAtTime, Literal(info.started.astimezone(UTC), datatype=XSD.dateTime)))
        g.add((build, PROV.endedAtTime, Literal(info.ended.astimezone(UTC), datatype=XSD.dateTime)))
        for document in documents:
            doc = URIRef(self.minter.document(document.sha256))
            g.add((doc, RDF.type, PKG.SourceDocument))
            g.add((doc, RDFS.label, Literal(document.path.rsplit("/", 1)[-1])))
            g.add((doc, PKG.sha256, Literal(document.sha256, datatype=XSD.hexBinary)))
            g.add((doc, PKG.characterCount, Literal(len(document.text))))
            g.add((build, PROV.used, doc))
        self._build = build
        return build

    def _span(self, document: URIRef, span: Span) -> URIRef:
        node = URIRef(self.minter.child(str(document), "span", f"{span.start}-{span.end}"))
        g = self.graph
        if (node, RDF.type, PKG.SourceSpan) not in g:
            g.add((node, RDF.type, PKG.SourceSpan))
            g.add((node, PKG.inDocument, document))
            g.add((node, OA.start, Literal(span.start)))
            g.add((node, OA.end, Literal(span.end)))
            g.add((node, OA.exact, Literal(span.text)))
            g.add((node, PKG.sentence, Literal(span.sentence)))
            g.add((node, PKG.sentenceStart, Literal(span.sentence_start)))
        return node

    def _entity(
        self, node: URIRef, cls: str, zh: str, en: str, spans: tuple[Span, ...], document: URIRef
    ) -> None:
        g = self.graph
        g.add((node, RDF.type, PKG[cls]))
        g.add((node, RDFS.label, Literal(zh, lang="zh")))
        g.add((node, RDFS.label, Literal(en, lang="en")))
        g.add((node, PKG.enLabelOrigin, PKG.MachineGenerated))
        for span in spans:
            g.add((node, PROV.wasDerivedFrom, self._span(document, span)))
        if self._build is not None:
            g.add((node, PROV.wasGeneratedBy, self._build))

    # -- the plan -------------------------------------------------------------------------------

    def add_plan(self, plan: PlanRecord, document: DocumentRecord) -> URIRef:
        """Add a plan and everything extracted from it."""
        g = self.graph
        doc = URIRef(self.minter.document(document.sha256))
        self._entity_iris = {e.name: URIRef(self.minter.entity(*e.key)) for e in plan.entities}
        node = URIRef(self.minter.plan(plan.title))
        spans = (plan.span,) if plan.span else (Span(0, 0, "", "", 0),)
        self._entity(node, "Plan", plan.title, plan.title_en, spans, doc)
        if plan.city:
            city = self._entity_iri(plan, plan.city)
            if city:
                g.add((node, PKG.coversPlace, city))
        if plan.start_year and plan.end_year:
            self._period(node, plan.start_year, plan.end_year)
        for entity in plan.entities:
            self._add_named(entity, doc)
        for entity in plan.entities:
            self._add_links(entity, plan)
        for i, portfolio in enumerate(plan.portfolios, 1):
            g.add(
                (
                    node,
                    PKG.hasPortfolio,
                    self._portfolio(URIRef(self.minter.child(node, "portfolio", i)), portfolio, doc),
                )
            )
        targets = _TargetIris(self.minter, node)
        for target in plan.targets:
            g.add((node, PKG.hasTarget, self._target(targets.iri(target), target, doc)))
        self._mentions(node, plan.mentions)
        for domain in plan.domains:
            g.add((node, PKG.hasDomain, self._domain(node, domain, doc, targets)))
        return node

    def _period(self, plan: URIRef, first: int, last: int) -> None:
        g = self.graph
        period = URIRef(self.minter.child(plan, "period"))
        g.add((period, RDF.type, TIME.Interval))
        g.add((period, RDFS.label, Literal(f"{first}—{last}年", lang="zh")))
        g.add((period, RDFS.label, Literal(f"{first}–{last}", lang="en")))
        for prop, year in ((TIME.hasBeginning, first), (TIME.hasEnd, last)):
            instant = URIRef(self.minter.year(year))
            g.add((instant, RDF.type, TIME.Instant))
            g.add((instant, RDFS.label, Literal(str(year), lang="zh")))
            g.add((instant, RDFS.label, Literal(str(year), lang="en")))
            g.add((instant, TIME.inXSDgYear, Literal(str(year), datatype=XSD.gYear)))
            g.add((period, prop, instant))
        g.add((plan, PKG.period, period))

    def _domain(self, plan: URIRef, domain: DomainRecord, doc: URIRef, targets: _TargetIris) -> URIRef:
        g = self.graph
        node = URIRef(self.minter.child(plan, "domain", domain.ordinal))
        self._entity(node, "Domain", domain.title, domain.title_en, (domain.span,), doc)
        g.add((node, PKG.ordinal, Literal(domain.ordinal)))
        for i, task in enumerate(domain.tasks, 1):
            g.add(
                (
                    node,
                    PKG.hasTask,
                    self._task(URIRef(self.minter.child(node, "task", i)), task, doc, targets),
                )
            )
        for i, portfolio in enumerate(domain.portfolios, 1):
            g.add(
                (
                    node,
                    PKG.hasPortfolio,
                    self._portfolio(URIRef(self.minter.child(node, "portfolio", i)), portfolio, doc),
                )
            )
        for target in domain.targets:
            g.add((node, PKG.hasTarget, self._target(targets.iri(target), target, doc)))
        self._mentions(node, domain.mentions)
        return node

    def _task(self, node: URIRef, task: TaskRecord, doc: URIRef, targets: _TargetIris) -> URIRef:
        g = self.graph
        self._entity(node, "Task", task.title, task.title_en, (task.span,), doc)
        g.add((node, PKG.ordinal, Literal(task.ordinal)))
        for target in task.targets:
            g.add((node, PKG.hasTarget, self._target(targets.iri(target), target, doc)))
        self._mentions(node, task.mentions)
        return node

    def _mentions(self, node: URIRef, keys: tuple[tuple[str, str], ...]) -> None:
        for cls, name in keys:
            self.graph.add((node, PKG.mentions, URIRef(self.minter.entity(cls, name))))

    # -- portfolios and targets -----------------------------------------------------------------

    def _portfolio(self, node: URIRef, portfolio: PortfolioRecord, doc: URIRef) -> URIRef:
        g = self.graph
        zh, en = _portfolio_labels(portfolio)
        self._entity(node, "ProjectPortfolio", zh, en, (portfolio.span,), doc)
        if portfolio.count is not None:
            g.add((node, PKG.projectCount, Literal(portfolio.count)))
        if portfolio.investment is not None:
            self._amount(node, portfolio.investment)
        if portfolio.status is not None:
            g.add((node, PKG.status, PKG[portfolio.status.value]))
        for year in portfolio.start_years:
            g.add((node, PKG.startYear, Literal(str(year), datatype=XSD.gYear)))
        used: set[str] = set()
        for part in portfolio.parts:
            slug = _part_slug(part)
            if slug in used:
                slug = f"{slug}-{len(used) + 1}"
            used.add(slug)
            g.add((node, PKG.hasPart, self._portfolio(URIRef(self.minter.child(node, slug)), part, doc)))
        return node

    def _amount(self, node: URIRef, quantity: Quantity) -> None:
        g = self.graph
        g.add((node, PKG.investment, decimal_literal(quantity.value)))
        g.add((node, PKG.unit, _unit(quantity.unit)[0]))
        g.add((node, PKG.printedInvestment, Literal(quantity.printed)))

    def _target(self, node: URIRef, target: TargetRecord, doc: URIRef) -> URIRef:
        g = self.graph
        q = target.quantity
        unit_iri, unit_en = _unit(q.unit)
        value_zh = q.printed
        value_en = _value_en(q, unit_en)
        zh = target.metric + _COMPARATOR_ZH[target.comparator].format(v=value_zh)
        en = f"{target.metric_en} {_COMPARATOR_EN[target.comparator].format(v=value_en)}"
        if target.deadline_year:
            zh += f"（{target.deadline_year}年）"
            en += f" by {target.deadline_year}"
        self._entity(node, "Target", zh, en, (target.span,), doc)
        g.add((node, PKG.metric, Literal(target.metric, lang="zh")))
        g.add((node, PKG.metric, Literal(target.metric_en, lang="en")))
        g.add((node, PKG.value, decimal_literal(q.value)))
        if q.upper is not None:
            g.add((node, PKG.maxValue, decimal_literal(q.upper)))
        g.add((node, PKG.unit, unit_iri))
        g.add((node, PKG.comparator, PKG[target.comparator.value]))
        g.add((node, PKG.printedValue, Literal(q.printed)))
        if target.deadline_year:
            g.add((node, PKG.deadlineYear, Literal(str(target.deadline_year), datatype=XSD.gYear)))
        if target.baseline_year:
            g.add((node, PKG.baselineYear, Literal(str(target.baseline_year), datatype=XSD.gYear)))
        return node

    # -- named entities -------------------------------------------------------------------------

    def _add_named(self, entity: EntityRecord, doc: URIRef) -> None:
        node = URIRef(self.minter.entity(*entity.key))
        self._entity(node, entity.cls, entity.name, entity.label_en, entity.spans, doc)
        for alt in entity.alt_labels:
            self.graph.add((node, SKOS.altLabel, Literal(alt, lang="zh")))
        if entity.division_code:
            self.graph.add((node, PKG.divisionCode, Literal(entity.division_code)))

    def _add_links(self, entity: EntityRecord, plan: PlanRecord) -> None:
        node = URIRef(self.minter.entity(*entity.key))
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


class _TargetIris:
    """Target IRIs: the metric's slug and deadline under the plan, numbered when they repeat."""

    def __init__(self, minter: IriMinter, plan: URIRef) -> None:
        self.minter = minter
        self.plan = plan
        self.used: dict[str, int] = {}

    def iri(self, target: TargetRecord) -> URIRef:
        from policykg.graph_builder.english.pinyin import slugify

        base = slugify(target.metric, max_length=60) + (
            f"-{target.deadline_year}" if target.deadline_year else ""
        )
        n = self.used.get(base, 0) + 1
        self.used[base] = n
        return URIRef(self.minter.child(self.plan, "target", base if n == 1 else f"{base}-{n}"))


def _part_slug(part: PortfolioRecord) -> str:
    slug = _STATUS_SLUG[part.status] if part.status else "part"
    if part.start_years:
        slug += "-" + "-".join(str(y) for y in part.start_years)
    return slug


def _portfolio_labels(portfolio: PortfolioRecord) -> tuple[str, str]:
    figures_zh, figures_en = [], []
    if portfolio.count is not None:
        figures_zh.append(f"{portfolio.count}个")
        figures_en.append(f"{portfolio.count} projects")
    if portfolio.investment is not None:
        figures_zh.append(portfolio.investment.printed)
        currency = portfolio.investment.unit or "CNY"
        figures_en.append(f"{currency} {format_amount(portfolio.investment.value)}")
    years = "和".join(f"{y}年" for y in portfolio.start_years)
    years_en = " and ".join(str(y) for y in portfolio.start_years)
    if portfolio.status is None:
        zh, en = "重点项目", "Key projects"
    else:
        zh, en = (
            years + _STATUS_ZH[portfolio.status],
            _STATUS_EN[portfolio.status] + (f" ({years_en})" if years_en else ""),
        )
    return f"{zh}（{'，'.join(figures_zh)}）", f"{en} ({', '.join(figures_en)})"


def _unit(key: str | None) -> tuple[URIRef, str]:
    """Return the IRI and English name of a unit key; a bare number is QUDT's unit:NUM."""
    info = UNITS.get(key or "")
    return (URIRef(info.iri), info.en) if info else (UNIT.NUM, "")


def _value_en(quantity: Quantity, unit_en: str) -> str:
    value = f"{quantity.value.normalize():,f}"
    if quantity.upper is not None:
        value += f"–{quantity.upper.normalize():,f}"
    if unit_en in ("%", "percent"):
        return value + "%"
    return f"{value} {unit_en}".strip()
