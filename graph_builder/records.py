"""Plain, frozen records that extraction returns and the RDF writer consumes.

Records hold no rdflib and no spaCy objects: they are the contract between the two halves of the
builder (text -> Doc -> records -> graph). Class names in ``EntityRecord.cls`` are the local names of
ontology classes (``Laboratory``, ``Project``, ``City`` ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class Status(StrEnum):
    """The status of a portfolio part, as the ontology's pkg:ProjectStatus concepts."""

    CONTINUING = "Continuing"
    NEW_START = "NewStart"
    RESERVE = "Reserve"


class AmountKind(StrEnum):
    """What a portfolio's amount measures, as the ontology's pkg:AmountKind concepts."""

    TOTAL = "TotalInvestment"
    ANNUAL_PLANNED = "AnnualPlannedInvestment"
    COMPLETED = "CompletedInvestment"
    SOUGHT = "SoughtInvestment"


class PartitionDimension(StrEnum):
    """The axis along which parts divide their portfolio, as the pkg:PartitionDimension concepts."""

    STATUS = "ByStatus"
    CATEGORY = "ByCategory"
    INVESTOR = "ByInvestor"
    SIZE = "BySize"
    PLACE = "ByPlace"


class Comparator(StrEnum):
    """How a target value is compared, as the ontology's pkg:Comparator concepts."""

    AT_LEAST = "AtLeast"
    AT_MOST = "AtMost"
    ABOUT = "About"
    EQUAL = "Equal"
    REDUCE_BY = "ReduceBy"
    INCREASE_BY = "IncreaseBy"
    RANGE = "Range"


@dataclass(frozen=True)
class Span:
    """A run of characters in the normalized text, with the sentence that holds it."""

    start: int
    end: int
    text: str
    sentence: str
    sentence_start: int


@dataclass(frozen=True)
class Quantity:
    """A number as printed and normalized: value in base units (yuan, persons, percent ...).

    ``unit`` is a key of ``graph_builder.text.numbers.UNITS`` (``CNY``, ``PERCENT``, ``PERSON`` ...);
    ``upper`` is set for ranges such as 3至5家.
    """

    value: Decimal
    unit: str | None
    printed: str
    upper: Decimal | None = None


@dataclass(frozen=True)
class EntityRecord:
    """A named institution, project or place, merged over all the places it is mentioned."""

    cls: str
    name: str
    label_en: str
    spans: tuple[Span, ...]
    alt_labels: tuple[str, ...] = ()
    division_code: str | None = None
    within: str | None = None
    located_in: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        """Identify the entity by class and canonical name."""
        return (self.cls, self.name)


@dataclass(frozen=True)
class Amount:
    """One amount of a portfolio: its kind (total, annual planned ...), quantity and approximate flag."""

    kind: AmountKind
    quantity: Quantity
    approximate: bool = False


@dataclass(frozen=True)
class PortfolioRecord:
    """A key-project portfolio, or one part of it (by status, category, investor, size or place).

    ``investment`` is the total investment (the amount of kind TOTAL), kept for the readers that need
    only that; ``amounts`` holds every amount with its kind. A part states the ``dimension`` it splits its
    whole by and the ``split`` (1, 2 ...) it belongs to: parts listed together form one split.
    """

    span: Span
    count: int | None = None
    investment: Quantity | None = None
    status: Status | None = None
    start_years: tuple[int, ...] = ()
    parts: tuple[PortfolioRecord, ...] = ()
    amounts: tuple[Amount, ...] = ()
    dimension: PartitionDimension | None = None
    split: int = 0
    label: str | None = None
    approximate: bool = False


@dataclass(frozen=True)
class TargetRecord:
    """A quantitative target: metric, value with unit, comparator and years."""

    metric: str
    metric_en: str
    quantity: Quantity
    comparator: Comparator
    span: Span
    deadline_year: int | None = None
    baseline_year: int | None = None
    owner: tuple[str, str] | None = None  # the key of the place or institution it is the target of


@dataclass(frozen=True)
class TaskRecord:
    """A numbered key task of a domain and what its text mentions."""

    ordinal: int
    title: str
    title_en: str
    span: Span
    mentions: tuple[tuple[str, str], ...] = ()
    targets: tuple[TargetRecord, ...] = ()


@dataclass(frozen=True)
class DomainRecord:
    """A domain (领域) of a plan with its tasks, portfolios and targets."""

    ordinal: int
    title: str
    title_en: str
    span: Span
    task_count: int | None = None
    tasks: tuple[TaskRecord, ...] = ()
    portfolios: tuple[PortfolioRecord, ...] = ()
    targets: tuple[TargetRecord, ...] = ()
    mentions: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PlanRecord:
    """Everything extracted from one plan document."""

    title: str
    title_en: str
    span: Span | None
    city: str | None = None
    start_year: int | None = None
    end_year: int | None = None
    portfolios: tuple[PortfolioRecord, ...] = ()
    domains: tuple[DomainRecord, ...] = ()
    targets: tuple[TargetRecord, ...] = ()
    entities: tuple[EntityRecord, ...] = ()
    mentions: tuple[tuple[str, str], ...] = ()
    warnings: tuple[str, ...] = field(default=())
    issued: str | None = None  # the document's date as printed in ISO form: 2024-02-01, 2024-02 or 2024

    def every_target(self) -> list[TargetRecord]:
        """The targets at every level: the plan's, its domains' and its tasks'."""
        out = list(self.targets)
        for domain in self.domains:
            out.extend(domain.targets)
            for task in domain.tasks:
                out.extend(task.targets)
        return out


@dataclass(frozen=True)
class DocumentRecord:
    """A source document: where it came from and its normalized text, which every offset points into."""

    path: str
    text: str
    sha256: str
