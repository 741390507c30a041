"""The source audit: do a plan's own figures agree with each other?

Reads the built graph (rdflib only) and checks, for every plan:

- parts sum: a portfolio's parts add up to its stated count and investment;
- part exceeds total: no part is larger than the whole;
- remainder: when a part of some status is missing, what the stated parts leave over is plausible;
- domains sum: the domains add up to the plan's headline portfolio and its parts (each domain counts
  with its first statement of the figure: its first total, its first new-start part of those years);
- restatement: what one plan or domain states twice, it states with the same figures;
- splits on other axes: parts listed together by category, investor or place (pkg:inPartition) add up
  to their whole when their counts show the list is exhaustive.

Only like is compared with like: counts with counts, amounts with amounts of one kind (pkg:AmountKind)
and currency; an approximate figure only with a wide margin (audit_facts.py), never in a split. Bands
by size (10亿元以上项目) may overlap and are not summed. A split on another axis is exhaustive only when
its counts add up to the whole's; then its amounts must add up too. Two figures disagree only when they
differ by more than the rounding of the printed figures can explain (half a unit in each last place).

A missing part is not a problem by itself: "其中" often introduces only some of the parts. When the
stated parts leave out a status that the plan uses elsewhere, they are taken as a subset, and the
audit flags only what no unstated part could explain: parts that exceed the total (a Violation), or
a remainder that would be projects without investment or investment without projects (a Warning).
When the parts cover every status the plan uses, they must add up (a Violation). Likewise the
domains must add up to the headline only when every domain states the figure; if some do not, only a
sum that exceeds the headline is flagged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Graph
from rdflib.namespace import PROV, RDF, RDFS
from rdflib.term import Node

from policykg.checks import audit_messages as say
from policykg.checks.audit_facts import (
    Facts,
    Figure,
    Owner,
    PlanFacts,
    Portfolio,
    akin,
    read_facts,
    same_currency,
)
from policykg.checks.findings import Check, Finding, Measure, Severity, findings_to_graph, span_refs
from policykg.iris import IriScheme
from policykg.ontology.namespaces import OA, PKG

_ZERO = Decimal(0)


@dataclass(frozen=True)
class AuditResult:
    """The findings of an audit, and the same as a graph of SHACL/DQV findings, apart from the facts."""

    findings: tuple[Finding, ...]
    graph: Graph = field(repr=False)
    reports: tuple[str, ...] = ()

    def count(self, severity: Severity) -> int:
        """Return how many findings have ``severity``."""
        return sum(1 for f in self.findings if f.severity is severity)


# What the audit reads (audit_facts.py): plans, domains and portfolios, their figures and the start
# offsets of their spans. A build that skips the SHACL shapes hands the audit only these triples.
_AUDIT_PREDICATES = frozenset(
    {
        PKG.hasDomain,
        PKG.hasPortfolio,
        PKG.hasPart,
        PKG.ordinal,
        PKG.printedInvestment,
        PKG.unit,
        PKG.status,
        PKG.startYear,
        PKG.projectCount,
        PKG.investment,
        PKG.hasAmount,
        PKG.inPartition,
        PKG.approximate,
        RDFS.label,
        PROV.wasDerivedFrom,
        OA.start,
    }
)
_AUDIT_TYPES = frozenset({PKG.Plan, PKG.Domain, PKG.ProjectPortfolio})
# What the audit reads of a portfolio's amount nodes and partitions.
_DETAIL_PREDICATES = frozenset(
    {PKG.amountKind, PKG.amountValue, PKG.unit, PKG.printedValue, PKG.approximate, PKG.partitionDimension}
)


_DETAIL_LINKS = frozenset({PKG.hasAmount, PKG.inPartition})


def audit_graph(triples: Iterable[tuple[Node, Node, Node]]) -> Graph:
    """Return an rdflib Graph of just the triples the audit reads, from a larger set of triples:
    the plans', domains' and portfolios' own statements and the start offsets of their spans."""
    triples = list(triples)
    # (The terms looked up once: a vocabulary's attribute costs a microsecond, and a plan has many triples.)
    typed, derived_from, start, details_of = RDF.type, PROV.wasDerivedFrom, OA.start, _DETAIL_LINKS
    owners = {s for s, p, o in triples if p == typed and o in _AUDIT_TYPES}
    spans = {o for s, p, o in triples if s in owners and p == derived_from}
    details = {o for s, p, o in triples if s in owners and p in details_of}
    graph = Graph()
    graph.addN(
        (s, p, o, graph)
        for s, p, o in triples
        if (s in owners and (p in _AUDIT_PREDICATES or p == typed))
        or (s in spans and p == start)
        or (s in details and p in _DETAIL_PREDICATES)
    )
    return graph


def audit(graph: Graph, iris: IriScheme | None = None) -> AuditResult:
    """Audit the figures of every plan in ``graph``; the graph itself is left unchanged."""
    iris = iris or IriScheme()
    facts = read_facts(graph)
    findings: list[Finding] = []
    reports: dict[str, str | None] = {}
    for plan in facts.plans:
        auditor = _Auditor(facts, iris, iris.audit_report(plan.iri), plan.statuses)
        reports[auditor.report] = plan.iri
        for owner in (plan.owner, *plan.domains):
            for iri in owner.portfolios:
                findings += auditor.parts(iri)
            findings += auditor.restatements(owner)
        findings += auditor.domains(plan)
    if facts.orphans:
        # Portfolios that hang under no plan (the shapes report them) are still audited on their own.
        auditor = _Auditor(facts, iris, iris.audit_report(None), facts.statuses)
        reports[auditor.report] = None
        nested = {p for o in facts.orphans for p in facts.portfolios[o].parts}
        for iri in facts.orphans:
            if iri not in nested:
                findings += auditor.parts(iri)
    unique = tuple({f.iri: f for f in findings}.values())
    return AuditResult(findings=unique, graph=findings_to_graph(unique, reports), reports=tuple(reports))


@dataclass(frozen=True)
class _Gap:
    """Two figures that disagree: what the other statements imply, and what the text states."""

    measure: Measure
    expected: Decimal
    observed: Decimal
    tolerance: Decimal


@dataclass(frozen=True)
class _Auditor:
    """The checks of one plan, sharing the facts, the IRI scheme and the report they write to."""

    facts: Facts
    iris: IriScheme
    report: str
    statuses: frozenset[str]

    def parts(self, iri: str) -> list[Finding]:
        """Check one portfolio against its parts by status, and against each split on another axis."""
        total = self.facts.portfolios[iri]
        every = [self.facts.portfolios[p] for p in total.parts if p in self.facts.portfolios]
        splits: dict[str, list[Portfolio]] = {}
        for part in every:
            if part.partition:
                splits.setdefault(part.partition, []).append(part)
        by_status = [p for p in every if not p.partition and p.status]
        findings = self._status_parts(total, by_status) if by_status else []
        for partition, members in splits.items():
            findings += self._split(total, partition, members)
        return findings

    def _split(self, total: Portfolio, partition: str, members: list[Portfolio]) -> list[Finding]:
        """Check a list of parts on one axis (category, investor, place) against its whole."""
        if any(p.dimension == str(PKG.BySize) for p in members):
            return []  # size bands may overlap and need not add up
        parts = _distinct(members)
        whole = total.figure(Measure.COUNT)
        counts = [p.figure(Measure.COUNT) for p in parts]
        if whole is None or None in counts or len(parts) < 2:
            return []
        if whole.approximate or any(f.approximate for f in counts if f):
            return []  # an approximate count cannot show that the list is exhaustive
        stated = [(p, f) for p, f in zip(parts, counts, strict=True) if f]
        listed = sum((f.value for _, f in stated), _ZERO)
        findings = []
        if listed > whole.value:
            gap = _Gap(Measure.COUNT, listed, whole.value, _ZERO)
            message = say.parts_sum(total, stated, Measure.COUNT, whole.value, listed, _ZERO)
            findings.append(self._finding(Check.PARTS_SUM, total, parts, gap, message, other=partition))
        if listed != whole.value:
            return findings  # fewer projects listed than the whole: a part may be left out
        for measure in _AMOUNTS:
            amount = total.figure(measure)
            figures = [p.figure(measure) for p in parts]
            if amount is None or None in figures or not same_currency(total, parts, measure):
                continue
            if amount.approximate or any(f.approximate for f in figures if f):
                continue
            expected, tolerance = _sum(amount, [f for f in figures if f])
            if abs(amount.value - expected) > tolerance:
                pairs = [(p, f) for p, f in zip(parts, figures, strict=True) if f]
                gap = _Gap(measure, expected, amount.value, tolerance)
                message = say.parts_sum(total, pairs, measure, amount.value, expected, tolerance)
                findings.append(self._finding(Check.PARTS_SUM, total, parts, gap, message, other=partition))
        return findings

    def _status_parts(self, total: Portfolio, every: list[Portfolio]) -> list[Finding]:
        """Check one portfolio against its parts by status: sums, parts larger than the whole, remainders."""
        parts = _distinct(every)
        missing = sorted(self.statuses - {p.status for p in parts if p.status})
        findings = []
        for measure in Measure:
            whole = total.figure(measure)
            if whole is None or not same_currency(total, every, measure):
                continue
            for part in every:
                figure = part.figure(measure)
                if figure and figure.value - whole.value > figure.half_unit + whole.half_unit:
                    gap = _Gap(measure, whole.value, figure.value, figure.half_unit + whole.half_unit)
                    message = say.part_exceeds(total, part, measure, whole.value, figure.value)
                    findings.append(self._finding(Check.PART_EXCEEDS_TOTAL, part, [total], gap, message))
            stated = [(p, f) for p in parts if (f := p.figure(measure))]
            if not stated:
                continue
            expected, tolerance = _sum(whole, [f for _, f in stated])
            complete = not missing and len(stated) == len(parts)
            # A single part larger than the whole is already a part-exceeds finding.
            exceeds = expected - whole.value > tolerance and len(stated) > 1
            if exceeds or (complete and whole.value - expected > tolerance):
                gap = _Gap(measure, expected, whole.value, tolerance)
                message = say.parts_sum(total, stated, measure, whole.value, expected, tolerance)
                findings.append(self._finding(Check.PARTS_SUM, total, [p for p, _ in stated], gap, message))
        if missing:
            findings += self._remainder(total, parts, missing)
        return findings

    def _remainder(self, total: Portfolio, parts: list[Portfolio], missing: list[str]) -> list[Finding]:
        """Flag a remainder that would be projects without money, or money without projects."""
        count, money = total.figure(Measure.COUNT), total.figure(Measure.INVESTMENT)
        counts = [p.figure(Measure.COUNT) for p in parts]
        moneys = [p.figure(Measure.INVESTMENT) for p in parts]
        if count is None or money is None or None in counts or None in moneys:
            return []
        stated_count, _ = _sum(count, [f for f in counts if f])
        stated_money, tolerance = _sum(money, [f for f in moneys if f])
        count_left, money_left = count.value - stated_count, money.value - stated_money
        # Parts that already exceed the total are a parts-sum or part-exceeds finding, not a remainder.
        if count_left > 0 and abs(money_left) <= tolerance:
            gap = _Gap(Measure.COUNT, stated_count, count.value, _ZERO)
            message = say.projects_without_money(total, stated_count, count.value, money.value, missing)
        elif count_left == 0 and money_left > tolerance:
            gap = _Gap(Measure.INVESTMENT, stated_money, money.value, tolerance)
            message = say.money_without_projects(total, count.value, stated_money, money.value, missing)
        else:
            return []
        return [self._finding(Check.REMAINDER, total, parts, gap, message, severity=Severity.WARNING)]

    def restatements(self, owner: Owner) -> list[Finding]:
        """Compare what one plan or domain states twice: its totals, and its parts of one status."""
        portfolios = self.facts.portfolios
        statements: list[Portfolio] = []
        for iri in owner.portfolios:
            statements.append(portfolios[iri])
            statements += [portfolios[p] for p in portfolios[iri].parts if p in portfolios]
        statements.sort(key=lambda p: (p.position, p.iri))
        findings = []
        for index, later in enumerate(statements):
            earlier = next((e for e in statements[:index] if e.same_thing(later)), None)
            for measure in Measure:
                values = later.figures(measure)
                if len(values) > 1:
                    gap = _Gap(measure, values[0].value, values[1].value, _ZERO)
                    message = say.repeated(later, measure, [v.value for v in values])
                    findings.append(self._finding(Check.RESTATEMENT, later, [], gap, message))
                first, second = (earlier.figure(measure) if earlier else None), later.figure(measure)
                if earlier and first and second:
                    tolerance = first.half_unit + second.half_unit
                    if abs(first.value - second.value) > tolerance:
                        gap = _Gap(measure, first.value, second.value, tolerance)
                        message = say.restated(earlier, later, measure, first.value, second.value)
                        findings.append(
                            self._finding(
                                Check.RESTATEMENT, later, [earlier], gap, message, other=earlier.iri
                            )
                        )
        return findings

    def domains(self, plan: PlanFacts) -> list[Finding]:
        """Check the plan's headline portfolio, and each of its parts, against the domains' sums."""
        portfolios = self.facts.portfolios
        headline = next((portfolios[i] for i in plan.owner.portfolios if not portfolios[i].status), None)
        if headline is None or not plan.domains:
            return []
        # A domain's total of another kind of project (文旅项目 under a headline of 重大项目) is not a
        # share of the headline.
        totals = [
            [
                portfolios[i]
                for i in d.portfolios
                if not portfolios[i].status and akin(portfolios[i], headline)
            ]
            for d in plan.domains
        ]
        findings = self._against_domains(headline, totals)
        for part in (portfolios[p] for p in headline.parts if p in portfolios):
            parts = [_statements_of(d, part, portfolios) for d in plan.domains]
            findings += self._against_domains(part, parts)
        return findings

    def _against_domains(
        self, headline: Portfolio, statements: Sequence[Sequence[Portfolio]]
    ) -> list[Finding]:
        """Compare a headline figure with the sum of each domain's first statement of that figure."""
        findings = []
        for measure in Measure:
            whole = headline.figure(measure)
            stated = [pair for domain in statements if (pair := _first_figure(domain, measure))]
            if whole is None or not stated or not same_currency(headline, [p for p, _ in stated], measure):
                continue
            expected, tolerance = _sum(whole, [f for _, f in stated])
            gap = whole.value - expected
            domains = len(statements)
            if gap < -tolerance or (gap > tolerance and len(stated) == domains):
                message = say.domains_sum(
                    headline, measure, whole.value, expected, len(stated), domains, tolerance
                )
                involved = [p for p, _ in stated]
                finding_gap = _Gap(measure, expected, whole.value, tolerance)
                findings.append(self._finding(Check.DOMAINS_SUM, headline, involved, finding_gap, message))
        return findings

    def _finding(
        self,
        check: Check,
        focus: Portfolio,
        others: Sequence[Portfolio],
        gap: _Gap,
        message: say.Message,
        severity: Severity = Severity.VIOLATION,
        other: str | None = None,
    ) -> Finding:
        involved = [focus, *others]
        return Finding(
            iri=self.iris.finding(focus.iri, check.slug, gap.measure.slug, other),
            report=self.report,
            check=check,
            severity=severity,
            measure=gap.measure,
            focus=focus.iri,
            expected=gap.expected,
            observed=gap.observed,
            tolerance=gap.tolerance,
            unit=focus.unit_of(gap.measure),
            entities=(focus.iri, *sorted({p.iri for p in others} - {focus.iri})),
            spans=span_refs(self.facts.graph, {s for p in involved for s in p.spans}),
            message_zh=message.zh,
            message_en=message.en,
        )


_AMOUNTS = tuple(m for m in Measure if m is not Measure.COUNT)


def _distinct(parts: Sequence[Portfolio]) -> list[Portfolio]:
    """Return the parts that state different things, keeping the first of a part stated twice.

    A part restated later (a second reserve part of one total) is a restatement finding; counting it
    again would double it in the sum.
    """
    kept: list[Portfolio] = []
    for part in sorted(parts, key=lambda p: (p.position, p.iri)):
        if not any(k.same_thing(part) for k in kept):
            kept.append(part)
    return kept


def _sum(whole: Figure, figures: Sequence[Figure]) -> tuple[Decimal, Decimal]:
    """Return the sum of ``figures`` and the rounding tolerance of comparing it with ``whole``."""
    total = sum((f.value for f in figures), _ZERO)
    return total, whole.half_unit + sum((f.half_unit for f in figures), _ZERO)


def _first_figure(statements: Sequence[Portfolio], measure: Measure) -> tuple[Portfolio, Figure] | None:
    """Return the first statement that gives a figure of ``measure``, with that figure."""
    return next(((p, f) for p in statements if (f := p.figure(measure))), None)


def _statements_of(owner: Owner, part: Portfolio, portfolios: dict[str, Portfolio]) -> list[Portfolio]:
    """Return, in text order, what one domain states of the same thing as a headline ``part``.

    That is the parts of its totals with the same status and years, or a status-bearing portfolio of
    its own; the first of them that states a figure is the domain's figure.
    """
    found = []
    for iri in owner.portfolios:
        mine = portfolios[iri]
        candidates = [mine] if mine.status else [portfolios[p] for p in mine.parts if p in portfolios]
        found += [c for c in candidates if c.same_thing(part)]
    return sorted(found, key=lambda p: (p.position, p.iri))
