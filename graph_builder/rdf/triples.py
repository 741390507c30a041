"""The plan's outline as rdflib triples. No spaCy here.

``GraphWriter`` adds a plan with its period, domains, tasks, portfolios (and their parts) and
targets, each written as an entity by ``entities.EntityWriter``, which also writes the provenance
and the named entities. IRIs come from ``minter.IriMinter`` and ``policykg.iris`` only.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from policykg.graph_builder.english.romanize import slugify
from policykg.graph_builder.rdf.entities import EntityWriter
from policykg.graph_builder.rdf.minter import IriMinter
from policykg.graph_builder.records import (
    Comparator,
    DocumentRecord,
    DomainRecord,
    PlanRecord,
    PortfolioRecord,
    Quantity,
    Span,
    Status,
    TargetRecord,
    TaskRecord,
)
from policykg.graph_builder.text.numbers import units
from policykg.ontology.namespaces import PKG, TIME, UNIT

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


class GraphWriter(EntityWriter):
    """Write the records of one or more plans as rdflib triples (``self.graph``, a TripleSet)."""

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
        self.add_labels(period, f"{first}—{last}年", f"{first}–{last}")
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


class _TargetIris:
    """Target IRIs: the metric's slug and deadline under the plan, numbered when they repeat."""

    def __init__(self, minter: IriMinter, plan: URIRef) -> None:
        self.minter = minter
        self.plan = plan
        self.used: dict[str, int] = {}

    def iri(self, target: TargetRecord) -> URIRef:
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
    info = units().get(key or "")
    return (URIRef(info.iri), info.en) if info else (UNIT.NUM, "")


def _value_en(quantity: Quantity, unit_en: str) -> str:
    value = f"{quantity.value.normalize():,f}"
    if quantity.upper is not None:
        value += f"–{quantity.upper.normalize():,f}"
    if unit_en in ("%", "percent"):
        return value + "%"
    return f"{value} {unit_en}".strip()
