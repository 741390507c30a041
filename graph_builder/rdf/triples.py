"""The plan's outline as rdflib triples. No spaCy here.

``GraphWriter`` adds a plan with its period, domains, tasks, portfolios (and their parts) and
targets, each written as an entity by ``entities.EntityWriter``, which also writes the provenance
and the named entities. IRIs come from ``minter.IriMinter`` and ``policykg.iris`` only.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from policykg.graph_builder.english.romanize import slugify
from policykg.graph_builder.rdf.entities import EntityWriter
from policykg.graph_builder.rdf.minter import IriMinter
from policykg.graph_builder.records import (
    Amount,
    AmountKind,
    Comparator,
    DocumentRecord,
    DomainRecord,
    PartitionDimension,
    PlanRecord,
    PortfolioRecord,
    Quantity,
    Span,
    Status,
    TargetRecord,
    TaskRecord,
)
from policykg.graph_builder.text.numbers import units
from policykg.ontology.namespaces import PKG, PKU, TIME, UNIT

_STATUS_ZH = {Status.CONTINUING: "续建项目", Status.NEW_START: "新开工项目", Status.RESERVE: "谋划储备项目"}
_STATUS_EN = {
    Status.CONTINUING: "Continuing projects",
    Status.NEW_START: "New-start projects",
    Status.RESERVE: "Reserve projects",
}
_STATUS_SLUG = {Status.CONTINUING: "continuing", Status.NEW_START: "new-start", Status.RESERVE: "reserve"}
_KIND_SLUG = {
    AmountKind.TOTAL: "total",
    AmountKind.ANNUAL_PLANNED: "annual-planned",
    AmountKind.COMPLETED: "completed",
    AmountKind.SOUGHT: "sought",
}
_KIND_NAMES = {
    AmountKind.TOTAL: ("总投资", "total investment"),
    AmountKind.ANNUAL_PLANNED: ("年度计划投资", "annual planned investment"),
    AmountKind.COMPLETED: ("已完成投资", "investment completed"),
    AmountKind.SOUGHT: ("拟引资", "investment sought"),
}
_DIMENSION_NAMES = {
    PartitionDimension.STATUS: ("按状态", "status"),
    PartitionDimension.CATEGORY: ("按类别", "category"),
    PartitionDimension.INVESTOR: ("按投资主体", "investor"),
    PartitionDimension.SIZE: ("按规模", "size"),
    PartitionDimension.PLACE: ("按地区", "place"),
}
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


# The datatype of a document's date by how much of it is printed: 2024, 2024-02, 2024-02-01.
_ISSUED_TYPES = {0: XSD.gYear, 1: XSD.gYearMonth, 2: XSD.date}


class GraphWriter(EntityWriter):
    """Write the records of one or more plans as rdflib triples (``self.graph``, a TripleSet)."""

    _target_period: URIRef | None = None  # the period of the plan being written

    # -- the plan -------------------------------------------------------------------------------

    def add_plan(
        self,
        plan: PlanRecord,
        document: DocumentRecord,
        node: URIRef | None = None,
        named: bool = True,
        targets: TargetIris | None = None,
    ) -> URIRef:
        """Add a plan and everything extracted from it.

        In a corpus (rdf.corpus) a document is one source of a plan: ``node`` is the plan's IRI, the
        named entities are written once for the corpus (``named=False``), ``targets`` mints the plan's
        target IRIs across its sources, and ``same`` and ``suffix`` (attributes) say which records are
        the same as those of an earlier source and how the others' IRIs are kept apart.
        """
        g = self.graph
        doc = URIRef(self.minter.document(document.sha256))
        self._entity_iris = {e.name: self._named_iri(e.key) for e in plan.entities}
        node = node if node is not None else URIRef(self.minter.plan(plan.title))
        spans = (plan.span,) if plan.span else (Span(0, 0, "", "", 0),)
        self._entity(node, "Plan", plan.title, plan.title_en, spans, doc)
        if plan.city:
            city = self._entity_iri(plan, plan.city)
            if city:
                g.add((node, PKG.coversPlace, city))
        # Targets without a deadline of their own hold for the plan's period (pkg:withinPeriod).
        self._target_period = None
        if plan.start_year and plan.end_year:
            self._period(node, plan.start_year, plan.end_year)
            self._target_period = URIRef(self.minter.child(node, "period"))
        if plan.issued:
            g.add((doc, DCTERMS.issued, Literal(plan.issued, datatype=_ISSUED_TYPES[plan.issued.count("-")])))
            g.add((doc, PKG.issuedYearNumber, Literal(int(plan.issued[:4]))))
        if named:
            for entity in plan.entities:
                self._add_named(entity, doc)
            for entity in plan.entities:
                self._add_links(entity, plan)
        for i, portfolio in enumerate(plan.portfolios, 1):
            g.add(
                (
                    node,
                    PKG.hasPortfolio,
                    self._portfolio(self._child(portfolio, node, "portfolio", i), portfolio, doc),
                )
            )
        targets = targets if targets is not None else TargetIris(self.minter, node)
        for target in plan.targets:
            g.add(
                (
                    node,
                    PKG.hasTarget,
                    self._target(self._record_iri(target, targets.iri(target)), target, doc),
                )
            )
        self._mentions(node, plan.mentions)
        for domain in plan.domains:
            g.add((node, PKG.hasDomain, self._domain(node, domain, doc, targets)))
        self._label_units()
        return node

    def _label_units(self) -> None:
        """Label each QUDT unit or currency that the graph uses, in zh and en from data/units.tsv.

        The policykg units (pku:) are labelled in the ontology itself.
        """
        unit, own = PKG.unit, str(PKU)
        used = {o for _, p, o in self.graph if p == unit and not str(o).startswith(own)}
        names = _unit_names()
        for iri in used:
            zh, en = names.get(str(iri), ("", ""))
            if zh and en:
                self.add_labels(iri, zh, en)

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
            g.add((instant, PKG.yearNumber, Literal(year)))
            g.add((period, prop, instant))
        g.add((plan, PKG.period, period))

    def _domain(self, plan: URIRef, domain: DomainRecord, doc: URIRef, targets: TargetIris) -> URIRef:
        g = self.graph
        node = self._child(domain, plan, "domain", domain.ordinal)
        self._entity(node, "Domain", domain.title, domain.title_en, (domain.span,), doc)
        g.add((node, PKG.ordinal, Literal(domain.ordinal)))
        for i, task in enumerate(domain.tasks, 1):
            g.add((node, PKG.hasTask, self._task(self._child(task, node, "task", i), task, doc, targets)))
        for i, portfolio in enumerate(domain.portfolios, 1):
            g.add(
                (
                    node,
                    PKG.hasPortfolio,
                    self._portfolio(self._child(portfolio, node, "portfolio", i), portfolio, doc),
                )
            )
        for target in domain.targets:
            g.add(
                (
                    node,
                    PKG.hasTarget,
                    self._target(self._record_iri(target, targets.iri(target)), target, doc),
                )
            )
        self._mentions(node, domain.mentions)
        return node

    def _task(self, node: URIRef, task: TaskRecord, doc: URIRef, targets: TargetIris) -> URIRef:
        g = self.graph
        self._entity(node, "Task", task.title, task.title_en, (task.span,), doc)
        g.add((node, PKG.ordinal, Literal(task.ordinal)))
        for target in task.targets:
            g.add(
                (
                    node,
                    PKG.hasTarget,
                    self._target(self._record_iri(target, targets.iri(target)), target, doc),
                )
            )
        self._mentions(node, task.mentions)
        return node

    def _mentions(self, node: URIRef, keys: tuple[tuple[str, str], ...]) -> None:
        for key in keys:
            self.graph.add((node, PKG.mentions, self._named_iri(key)))

    # -- IRIs of records, alone or as one source of a plan among several --------------------------

    def _child(self, record: object, parent: URIRef, *path: object) -> URIRef:
        """The IRI of a record under ``parent``, or of the earlier source's record it is the same as."""
        return self._record_iri(record, URIRef(self.minter.child(parent, *path)))

    def _record_iri(self, record: object, default: URIRef) -> URIRef:
        same = self.same.get(id(record))
        node = self.iri_of.get(id(same)) if same is not None else None
        if node is None:
            node = URIRef(f"{default}{self.suffix}") if self.suffix else default
        self.iri_of[id(record)] = node
        return node

    # -- portfolios and targets -----------------------------------------------------------------

    def _portfolio(self, node: URIRef, portfolio: PortfolioRecord, doc: URIRef) -> URIRef:
        g = self.graph
        zh, en = _portfolio_labels(portfolio)
        self._entity(node, "ProjectPortfolio", zh, en, (portfolio.span,), doc)
        if portfolio.count is not None:
            g.add((node, PKG.projectCount, Literal(portfolio.count)))
        if portfolio.investment is not None:
            self._amount(node, portfolio.investment)
        if portfolio.approximate:
            g.add((node, PKG.approximate, Literal(True)))
        for amount in _amounts(portfolio):
            self._kind_amount(node, amount)
        if portfolio.status is not None:
            g.add((node, PKG.status, PKG[portfolio.status.value]))
        for year in portfolio.start_years:
            g.add((node, PKG.startYear, Literal(str(year), datatype=XSD.gYear)))
            g.add((node, PKG.startYearNumber, Literal(year)))
        used: set[str] = set()
        for part in portfolio.parts:
            slug = _part_slug(part)
            if slug in used:
                slug = f"{slug}-{len(used) + 1}"
            used.add(slug)
            part_node = self._portfolio(self._child(part, node, slug), part, doc)
            g.add((node, PKG.hasPart, part_node))
            if part.split and part.dimension is not None:
                g.add((part_node, PKG.inPartition, self._partition(node, part)))
        return node

    def _partition(self, whole: URIRef, part: PortfolioRecord) -> URIRef:
        """The split (one list of parts on one axis) that a part belongs to."""
        g = self.graph
        node = URIRef(self.minter.child(whole, "split", part.split))
        zh, en = _DIMENSION_NAMES[part.dimension]
        g.add((node, RDF.type, PKG.Partition))
        g.add((node, RDFS.label, Literal(f"{zh}划分", lang="zh")))
        g.add((node, RDFS.label, Literal(f"Split by {en}", lang="en")))
        g.add((node, PKG.partitionDimension, PKG[part.dimension.value]))
        g.add((whole, PKG.hasPartition, node))
        return node

    def _kind_amount(self, portfolio: URIRef, amount: Amount) -> None:
        """One amount of a portfolio with its kind, value, currency and printed form."""
        g = self.graph
        node = URIRef(self.minter.child(portfolio, "amount", _KIND_SLUG[amount.kind]))
        q = amount.quantity
        zh, en = _KIND_NAMES[amount.kind]
        g.add((node, RDF.type, PKG.InvestmentAmount))
        self.add_labels(node, f"{zh}{q.printed}", f"{en} {q.unit or 'CNY'} {format_amount(q.value)}")
        g.add((node, PKG.amountKind, PKG[amount.kind.value]))
        g.add((node, PKG.amountValue, decimal_literal(q.value)))
        g.add((node, PKG.unit, _unit(q.unit)[0]))
        g.add((node, PKG.printedValue, Literal(q.printed)))
        if amount.approximate:
            g.add((node, PKG.approximate, Literal(True)))
        g.add((portfolio, PKG.hasAmount, node))

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
        if target.span.text and target.span.text != target.metric:
            # The target's words as printed (新建和改造充电站600座): what a reader searches for.
            g.add((node, SKOS.altLabel, Literal(target.span.text, lang="zh")))
            self._add_reading(node, target.span.text)
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
            g.add((node, PKG.deadlineYearNumber, Literal(target.deadline_year)))
        if target.baseline_year:
            g.add((node, PKG.baselineYear, Literal(str(target.baseline_year), datatype=XSD.gYear)))
            g.add((node, PKG.baselineYearNumber, Literal(target.baseline_year)))
        if not target.deadline_year and self._target_period is not None:
            g.add((node, PKG.withinPeriod, self._target_period))
        if target.owner is not None:
            g.add((node, PKG.targetOf, self._named_iri(target.owner)))
        return node


class TargetIris:
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


def _amounts(portfolio: PortfolioRecord) -> tuple[Amount, ...]:
    """Every amount of a portfolio by kind; a record with only ``investment`` has it as its total."""
    if portfolio.amounts:
        return portfolio.amounts
    return (Amount(AmountKind.TOTAL, portfolio.investment),) if portfolio.investment is not None else ()


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
    if portfolio.approximate and figures_zh:
        figures_zh[0] = "约" + figures_zh[0]
        figures_en[0] = "about " + figures_en[0]
    for amount in _amounts(portfolio):
        q = amount.quantity
        kind_zh, kind_en = _KIND_NAMES[amount.kind]
        prefix_zh = "" if amount.kind is AmountKind.TOTAL else kind_zh
        prefix_en = "" if amount.kind is AmountKind.TOTAL else f"{kind_en} "
        figures_zh.append(prefix_zh + q.printed)
        figures_en.append(f"{prefix_en}{q.unit or 'CNY'} {format_amount(q.value)}")
    years = "和".join(f"{y}年" for y in portfolio.start_years)
    years_en = " and ".join(str(y) for y in portfolio.start_years)
    if portfolio.status is None and portfolio.dimension is not None:
        name_en = _DIMENSION_NAMES[portfolio.dimension][1]
        zh, en = portfolio.label or "部分项目", f"Projects by {name_en}"
    elif portfolio.status is None:
        zh, en = _total_name(portfolio.label), "Key projects"
    else:
        zh, en = (
            years + _STATUS_ZH[portfolio.status],
            _STATUS_EN[portfolio.status] + (f" ({years_en})" if years_en else ""),
        )
    return f"{zh}（{'，'.join(figures_zh)}）", f"{en} ({', '.join(figures_en)})"


def _total_name(label: str | None) -> str:
    """The name a total goes by: the noun its text gives (重大项目, 重点项目), else 重点项目."""
    if label and label.endswith("项目") and len(label) >= 4:
        return label
    return "重点项目"


def _unit_names() -> dict[str, tuple[str, str]]:
    """Return the zh and en names of each unit IRI, from data/units.tsv (bare numbers are unit:NUM)."""
    names = {info.iri: (info.zh, info.en) for info in units().values()}
    names.setdefault(str(UNIT.NUM), ("数", "number"))
    return names


def unit_iri(key: str | None) -> str:
    """The IRI of a unit key (a QUDT unit, a currency or a policykg unit)."""
    return str(_unit(key)[0])


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
