"""Findings of a plan's sources that disagree: two documents state one portfolio or target with different
figures. Both values stay in the graph, each with its source; the finding names both sentences.

A finding of its own kind (``pkg:SourceDisagreementCheck``), apart from the checks of one text's own
figures (audit.py): the builder matches the sources' records and hands the disagreements here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from policykg.checks.audit_messages import MEASURE_NAMES
from policykg.checks.findings import Check, Finding, Measure, Severity, SpanRef
from policykg.iris import IriScheme


@dataclass(frozen=True)
class SourceStatement:
    """What one source states of a thing: the node it was written as, the figure, and where it says so."""

    iri: str
    document: str  # the document's name, for the message
    value: Decimal
    printed: str
    spans: tuple[SpanRef, ...]


def disagreement(
    iris: IriScheme,
    plan: str,
    measure: Measure,
    first: SourceStatement,
    other: SourceStatement,
    unit: str | None = None,
) -> Finding:
    """The finding that ``other`` states ``measure`` of the thing ``first`` states, with another value."""
    name_zh, name_en = MEASURE_NAMES[measure]
    return Finding(
        iri=iris.finding(other.iri, Check.SOURCE_DISAGREEMENT.slug, measure.slug, first.iri),
        report=iris.audit_report(plan),
        check=Check.SOURCE_DISAGREEMENT,
        severity=Severity.WARNING,
        measure=measure,
        focus=other.iri,
        expected=first.value,
        observed=other.value,
        tolerance=Decimal(0),
        unit=unit,
        entities=(other.iri, first.iri),
        spans=first.spans + other.spans,
        message_zh=(
            f"同一规划的两篇来源文件所述{name_zh}不一致：{first.document}为{first.printed}，"
            f"{other.document}为{other.printed}；两个数值均已保留并注明来源。"
        ),
        message_en=(
            f"Two sources of one plan state different {name_en}s: {first.document} says {first.printed}, "
            f"{other.document} says {other.printed}; both values are kept, each with its source."
        ),
    )
