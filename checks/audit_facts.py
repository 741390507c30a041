"""Read the portfolios of a built graph for the audit, with their figures and printed precision.

Pure reading: rdflib in, frozen records out. A figure carries half a unit in the last printed place
("854.58亿元" is exact to 0.005亿元 = 500,000 yuan), so that the audit can tell rounding from
disagreement. Counts are exact. Amounts are read by kind (pkg:hasAmount with pkg:amountKind; a bare
pkg:investment is the total). A figure the text gives as approximate (pkg:approximate: 20多个, 近300个,
约280亿元) is compared only with a wide margin: a tenth of it, or a unit of its last printed place when
that is more (20多个 may be 29), so that only a gross disagreement with it is a finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS
from rdflib.term import Node

from policykg.checks.findings import Measure
from policykg.numerals import magnitude_value, parse_number
from policykg.ontology.namespaces import OA, PKG


@dataclass(frozen=True)
class Figure:
    """A stated number in base units (projects or yuan), with half a unit of its printed precision."""

    value: Decimal
    half_unit: Decimal
    approximate: bool = False


def approximate(figure: Figure) -> Figure:
    """The same figure stated approximately: its margin is a tenth of it or a unit of its last place."""
    value = abs(figure.value)
    place = Decimal(1)
    while value and value % (place * 10) == 0:
        place *= 10
    return Figure(figure.value, max(value / 10, place, figure.half_unit), approximate=True)


@dataclass(frozen=True)
class Portfolio:
    """A portfolio or part as the graph states it; figures are tuples because a node may repeat one."""

    iri: str
    label_zh: str
    label_en: str
    position: int
    counts: tuple[Figure, ...]
    investments: tuple[Figure, ...]
    unit: str | None
    status: str | None
    years: frozenset[int]
    parts: tuple[str, ...]
    spans: tuple[str, ...]
    # Amounts of each kind other than the bare pkg:investment: (measure, figures, currency unit).
    amounts: tuple[tuple[Measure, tuple[Figure, ...], str | None], ...] = ()
    approximate: bool = False
    partition: str | None = None
    dimension: str | None = None

    def figures(self, measure: Measure) -> tuple[Figure, ...]:
        """Return every distinct exactly stated figure of ``measure``."""
        if measure is Measure.COUNT:
            return tuple(approximate(f) for f in self.counts) if self.approximate else self.counts
        stated = [figures for m, figures, _ in self.amounts if m is measure]
        if stated:
            return stated[0]
        return self.investments if measure is Measure.INVESTMENT else ()

    def unit_of(self, measure: Measure) -> str | None:
        """Return the currency of an amount of ``measure`` (None for the count)."""
        if measure is Measure.COUNT:
            return None
        return next((unit for m, _, unit in self.amounts if m is measure), self.unit)

    @property
    def name(self) -> str:
        """The Chinese name before the figures in its label: 重点项目 of 重点项目（49个，694.08亿元）."""
        return self.label_zh.split("（")[0]

    def figure(self, measure: Measure) -> Figure | None:
        """Return the figure of ``measure`` when it is stated exactly once, else None."""
        values = self.figures(measure)
        return values[0] if len(values) == 1 else None

    def same_thing(self, other: Portfolio) -> bool:
        """Whether two statements describe one thing: totals of one name (重点项目, not 市重大项目 and
        重大项目, which may be two places' portfolios), parts of one status and start years, or parts of
        another axis with one dimension and name."""
        if self.iri == other.iri or self.status != other.status:
            return False
        if self.status is None:
            if self.dimension or other.dimension:
                return self.dimension == other.dimension and self.name == other.name
            return self.name == other.name
        return not self.years or not other.years or self.years == other.years


def same_currency(whole: Portfolio, parts: Sequence[Portfolio], measure: Measure) -> bool:
    """Whether the parts state ``measure`` in the whole's currency (always true of counts)."""
    unit = whole.unit_of(measure)
    return all(p.unit_of(measure) == unit for p in parts if p.figure(measure))


def akin(one: Portfolio, other: Portfolio) -> bool:
    """Whether two totals are groups of one kind of project: their names end in the same noun (重点项目)."""
    nouns = [p.name[-4:] if p.name.endswith("项目") and len(p.name) >= 4 else None for p in (one, other)]
    return None in nouns or nouns[0] == nouns[1]


@dataclass(frozen=True)
class Owner:
    """A plan or domain and its portfolios in text order."""

    iri: str
    portfolios: tuple[str, ...]


@dataclass(frozen=True)
class PlanFacts:
    """A plan with its domains (in order) and the statuses that its parts use."""

    iri: str
    owner: Owner
    domains: tuple[Owner, ...]
    statuses: frozenset[str]


@dataclass(frozen=True)
class Facts:
    """What the audit needs from a graph: portfolios by IRI, plans, and portfolios in no plan."""

    portfolios: dict[str, Portfolio]
    plans: tuple[PlanFacts, ...]
    orphans: tuple[str, ...]
    statuses: frozenset[str]
    graph: Graph = field(repr=False)


# Arabic digits as printed, and the magnitude words after them: their last place is the precision.
_PRINTED = re.compile(r"(\d[\d,]*)(?:\.(\d+))?\s*(万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千|百)?")


def half_unit(printed: str | None, value: Decimal) -> Decimal:
    """Return half a unit in the last printed place of ``printed`` ("854.58亿元" -> 500000).

    Returns 0 (the figure is taken as exact) when there is no printed form, or when the printed
    number does not match ``value``, so that an unreadable printed form never hides a disagreement.
    """
    match = _PRINTED.search(printed or "")
    if not match:
        return Decimal(0)
    digits, decimals, words = match.groups()
    try:
        stated = parse_number(digits.replace(",", "") + (f".{decimals}" if decimals else "") + (words or ""))
    except ValueError:
        return Decimal(0)
    half = Decimal(5).scaleb(-len(decimals or "") - 1) * magnitude_value(words or "")
    return half if abs(stated - value) <= half else Decimal(0)


def read_facts(graph: Graph) -> Facts:
    """Collect the portfolios, plans and domains of ``graph`` for the audit."""
    iris = (
        set(graph.subjects(RDF.type, PKG.ProjectPortfolio))
        | set(graph.objects(None, PKG.hasPortfolio))
        | set(graph.subjects(PKG.hasPart, None))
        | set(graph.objects(None, PKG.hasPart))
    )
    portfolios = {str(n): _portfolio(graph, n) for n in iris if isinstance(n, URIRef)}
    plans, reached = [], set()
    for plan in sorted(graph.subjects(RDF.type, PKG.Plan), key=str):
        owner = _owner(graph, plan, portfolios)
        domains = sorted(graph.objects(plan, PKG.hasDomain), key=lambda d: (_ordinal(graph, d), str(d)))
        owners = tuple(_owner(graph, d, portfolios) for d in domains)
        in_plan = set(_descendants((owner, *owners), portfolios))
        reached |= in_plan
        statuses = frozenset(s for iri in in_plan if (s := portfolios[iri].status))
        plans.append(PlanFacts(str(plan), owner, owners, statuses))
    orphans = tuple(sorted(set(portfolios) - reached, key=lambda i: (portfolios[i].position, i)))
    statuses = frozenset(p.status for p in portfolios.values() if p.status)
    return Facts(portfolios, tuple(plans), orphans, statuses, graph)


_KIND_MEASURES = {PKG[m.amount_kind]: m for m in Measure if m.amount_kind}


def _amounts(graph: Graph, node: Node) -> tuple[tuple[Measure, tuple[Figure, ...], str | None], ...]:
    """The stated amounts of a portfolio by kind (an approximate amount with its wide margin)."""
    found = []
    for amount in sorted(graph.objects(node, PKG.hasAmount), key=str):
        measure = _KIND_MEASURES.get(graph.value(amount, PKG.amountKind))
        if measure is None or any(m is measure for m, _, _ in found):
            continue
        unit, shown = graph.value(amount, PKG.unit), graph.value(amount, PKG.printedValue)
        figures = _figures(graph.objects(amount, PKG.amountValue), str(shown) if shown is not None else None)
        if graph.value(amount, PKG.approximate) == Literal(True):
            figures = tuple(approximate(f) for f in figures)
        found.append((measure, figures, str(unit) if unit is not None else None))
    return tuple(found)


def _portfolio(graph: Graph, node: Node) -> Portfolio:
    spans = tuple(sorted(str(s) for s in graph.objects(node, PROV.wasDerivedFrom)))
    starts = [_int(graph.value(URIRef(s), OA.start)) for s in spans]
    printed = graph.value(node, PKG.printedInvestment)
    unit = graph.value(node, PKG.unit)
    status = graph.value(node, PKG.status)
    years = {int(str(y)[:4]) for y in graph.objects(node, PKG.startYear) if str(y)[:4].isdigit()}
    return Portfolio(
        iri=str(node),
        label_zh=_label(graph, node, "zh"),
        label_en=_label(graph, node, "en"),
        position=min((s for s in starts if s is not None), default=-1),
        counts=_figures(graph.objects(node, PKG.projectCount), None),
        investments=_figures(graph.objects(node, PKG.investment), str(printed) if printed else None),
        unit=str(unit) if unit is not None else None,
        status=str(status) if status is not None else None,
        years=frozenset(years),
        parts=tuple(sorted(str(p) for p in graph.objects(node, PKG.hasPart))),
        spans=spans,
        amounts=_amounts(graph, node),
        approximate=graph.value(node, PKG.approximate) == Literal(True),
        partition=str(partition) if (partition := graph.value(node, PKG.inPartition)) else None,
        dimension=str(dimension)
        if partition is not None and (dimension := graph.value(partition, PKG.partitionDimension))
        else None,
    )


def _figures(nodes: Iterable[Node], printed: str | None) -> tuple[Figure, ...]:
    values = sorted(v for v in {_literal_number(n) for n in nodes} if v is not None)
    # The printed form describes one figure; repeated figures are compared exactly.
    return tuple(Figure(v, half_unit(printed, v) if len(values) == 1 else Decimal(0)) for v in values)


def _literal_number(node: Node) -> Decimal | None:
    # The literal's own typed value (no text is read here); a figure that is not a number is left to
    # the SHACL shapes, which report its datatype.
    if not isinstance(node, Literal) or isinstance(node.value, bool):
        return None
    return Decimal(str(node.value)) if isinstance(node.value, (int, float, Decimal)) else None


def _int(node: Node | None) -> int | None:
    if isinstance(node, Literal) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    return None


def _label(graph: Graph, node: Node, lang: str) -> str:
    labels = [
        str(o) for o in graph.objects(node, RDFS.label) if isinstance(o, Literal) and o.language == lang
    ]
    # Without a label, the last two path segments (portfolio/2, domain/1) still say which one it is.
    return min(labels) if labels else "/".join(str(node).split("/")[-2:])


def _ordinal(graph: Graph, node: Node) -> int:
    return _int(graph.value(node, PKG.ordinal)) or 0


def _owner(graph: Graph, node: Node, portfolios: dict[str, Portfolio]) -> Owner:
    mine = [str(p) for p in graph.objects(node, PKG.hasPortfolio) if str(p) in portfolios]
    return Owner(str(node), tuple(sorted(mine, key=lambda i: (portfolios[i].position, i))))


def _descendants(owners: Iterable[Owner], portfolios: dict[str, Portfolio]) -> Iterator[str]:
    stack = [iri for owner in owners for iri in owner.portfolios]
    seen: set[str] = set()
    while stack:
        iri = stack.pop()
        if iri in seen or iri not in portfolios:
            continue
        seen.add(iri)
        yield iri
        stack.extend(portfolios[iri].parts)
