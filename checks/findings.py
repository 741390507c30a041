"""Audit findings: the record, its RDF form, and the look-ups that the CLI, server and viewer use.

A finding is written as an ``sh:ValidationResult`` (focus node, severity, path, value, messages in
``@zh`` and ``@en``, the check as ``sh:sourceConstraintComponent``) inside one ``sh:ValidationReport``
per plan, and as a ``dqv:QualityAnnotation`` whose ``oa:hasTarget`` are the entities involved;
``prov:wasDerivedFrom`` names the source spans, and ``pkg:expectedValue``, ``pkg:observedValue`` and
``pkg:tolerance`` the figures compared. Findings go into their own graph, never among the facts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SH, XSD

from policykg.ontology.namespaces import DQV, OA, PKG, PREFIXES


class Severity(StrEnum):
    """How serious a finding is, as the SHACL severities."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"


class Check(StrEnum):
    """Which audit check found a problem, as the ontology's ``pkg:AuditCheck`` individuals."""

    PARTS_SUM = "PartsSumCheck"
    PART_EXCEEDS_TOTAL = "PartExceedsTotalCheck"
    REMAINDER = "RemainderCheck"
    DOMAINS_SUM = "DomainsSumCheck"
    RESTATEMENT = "RestatementCheck"
    SOURCE_DISAGREEMENT = "SourceDisagreementCheck"

    @property
    def slug(self) -> str:
        """Return the check's short kebab-case name: PartsSumCheck -> parts-sum."""
        return _kebab(self.value.removesuffix("Check"))


class Measure(StrEnum):
    """Which figure of a portfolio was compared: the ontology property's local name for the count and the
    total investment; an amount of another kind (pkg:AmountKind) is named after its kind."""

    COUNT = "projectCount"
    INVESTMENT = "investment"
    ANNUAL_PLANNED = "annualPlannedInvestment"
    COMPLETED = "completedInvestment"
    SOUGHT = "soughtInvestment"
    VALUE = "value"  # a target's value (pkg:value), compared across the sources of one plan

    @property
    def amount_kind(self) -> str | None:
        """Return the local name of the pkg:AmountKind this measure compares (None for the count)."""
        return _AMOUNT_KINDS.get(self)

    @property
    def slug(self) -> str:
        """Return the measure's kebab-case name: projectCount -> project-count."""
        return _kebab(self.value)


_AMOUNT_KINDS = {
    Measure.INVESTMENT: "TotalInvestment",
    Measure.ANNUAL_PLANNED: "AnnualPlannedInvestment",
    Measure.COMPLETED: "CompletedInvestment",
    Measure.SOUGHT: "SoughtInvestment",
}
# The amounts other than the total are compared on their amount nodes (pkg:amountValue of a kind).
_PATH_OF_KIND = {m: PKG.amountValue for m in _AMOUNT_KINDS if m is not Measure.INVESTMENT}


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


@dataclass(frozen=True)
class SpanRef:
    """A source span that a finding rests on; offsets and text are known when the facts were at hand."""

    iri: str
    start: int | None = None
    end: int | None = None
    text: str | None = None
    sentence: str | None = None


@dataclass(frozen=True)
class Finding:
    """One disagreement among a plan's own figures, with what was expected and what the text says."""

    iri: str
    report: str
    check: Check
    severity: Severity
    measure: Measure
    focus: str
    expected: Decimal
    observed: Decimal
    tolerance: Decimal
    unit: str | None
    entities: tuple[str, ...]
    spans: tuple[SpanRef, ...]
    message_zh: str
    message_en: str

    def message(self, lang: str = "en") -> str:
        """Return the finding's message in ``zh`` or ``en``."""
        return self.message_zh if lang == "zh" else self.message_en

    def as_dict(self) -> dict[str, Any]:
        """Return the finding as a JSON-ready dict (figures as numbers, investments in yuan)."""
        return {
            "iri": self.iri,
            "report": self.report,
            "check": self.check.slug,
            "severity": self.severity.value,
            "measure": self.measure.value,
            "focus": self.focus,
            "expected": _json_number(self.expected),
            "observed": _json_number(self.observed),
            "tolerance": _json_number(self.tolerance),
            "unit": self.unit,
            "entities": list(self.entities),
            "spans": [
                {"iri": s.iri, "start": s.start, "end": s.end, "text": s.text, "sentence": s.sentence}
                for s in self.spans
            ],
            "message": {"zh": self.message_zh, "en": self.message_en},
        }


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


# --- look-ups for the CLI, the server and the viewer ------------------------------------------------


def findings_for(findings: Iterable[Finding], iri: str) -> tuple[Finding, ...]:
    """Return the findings that involve the entity ``iri`` (as focus or as one of the entities)."""
    return tuple(f for f in findings if iri in f.entities)


def flagged_entities(findings: Iterable[Finding]) -> frozenset[str]:
    """Return the IRIs of every entity that some finding involves, for the viewer to mark."""
    return frozenset(iri for f in findings for iri in f.entities)


def filter_findings(
    findings: Iterable[Finding], severity: str | None = None, entity: str | None = None
) -> tuple[Finding, ...]:
    """Return the findings of one severity (case-insensitive) and/or involving one entity."""
    wanted = severity.lower() if severity else None
    return tuple(
        f
        for f in findings
        if (wanted is None or f.severity.value.lower() == wanted) and (entity is None or entity in f.entities)
    )


def finding_dicts(findings: Iterable[Finding]) -> list[dict[str, Any]]:
    """Return findings as JSON-ready dicts, in a stable order (for ``/api/findings``)."""
    return [f.as_dict() for f in sort_findings(findings)]


def sort_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Return findings violations first, then in the order of the text they rest on."""
    rank = {Severity.VIOLATION: 0, Severity.WARNING: 1, Severity.INFO: 2}

    def key(f: Finding) -> tuple[int, int, str]:
        starts = [s.start for s in f.spans if s.start is not None]
        return (rank[f.severity], min(starts, default=-1), f.iri)

    return tuple(sorted(findings, key=key))


# --- RDF ------------------------------------------------------------------------------------------


def findings_to_graph(findings: Iterable[Finding], reports: Mapping[str, str | None] | None = None) -> Graph:
    """Return the findings as an rdflib Graph: one report per plan (also one that found nothing).

    ``reports`` maps each report IRI to the plan it audits (None for portfolios outside any plan).
    In a store this graph is named ``policykg.iris.findings_graph(base)``.
    """
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    findings = tuple(findings)
    reports = dict(reports or {})
    by_report: dict[str, list[Finding]] = {iri: [] for iri in reports}
    for finding in findings:
        by_report.setdefault(finding.report, []).append(finding)
    for report_iri, members in by_report.items():
        report = URIRef(report_iri)
        graph.add((report, RDF.type, SH.ValidationReport))
        graph.add((report, RDFS.label, Literal("规划数字审核报告", lang="zh")))
        graph.add((report, RDFS.label, Literal("Audit of the plan's figures", lang="en")))
        graph.add((report, SH.conforms, Literal(not members)))
        if reports.get(report_iri):
            graph.add((report, DCTERMS.subject, URIRef(reports[report_iri])))
        for finding in members:
            graph.add((report, SH.result, URIRef(finding.iri)))
            _add_finding(graph, finding)
    return graph


def _add_finding(graph: Graph, f: Finding) -> None:
    node = URIRef(f.iri)
    literal_type = XSD.integer if f.measure is Measure.COUNT else XSD.decimal
    triples = [
        (RDF.type, SH.ValidationResult),
        (RDF.type, DQV.QualityAnnotation),
        (OA.motivatedBy, DQV.qualityAssessment),
        (SH.focusNode, URIRef(f.focus)),
        (SH.resultSeverity, SH[f.severity.value]),
        (SH.sourceConstraintComponent, PKG[f.check.value]),
        (SH.resultPath, _PATH_OF_KIND.get(f.measure, PKG[f.measure.value])),
        (SH.value, Literal(_lexical(f.observed, literal_type), datatype=literal_type)),
        (SH.resultMessage, Literal(f.message_zh, lang="zh")),
        (SH.resultMessage, Literal(f.message_en, lang="en")),
        (PKG.expectedValue, Literal(_lexical(f.expected, literal_type), datatype=literal_type)),
        (PKG.observedValue, Literal(_lexical(f.observed, literal_type), datatype=literal_type)),
        (PKG.tolerance, Literal(_lexical(f.tolerance, XSD.decimal), datatype=XSD.decimal)),
    ]
    if f.unit:
        triples.append((PKG.unit, URIRef(f.unit)))
    if f.measure in _PATH_OF_KIND:
        triples.append((PKG.amountKind, PKG[_AMOUNT_KINDS[f.measure]]))
    triples += [(OA.hasTarget, URIRef(iri)) for iri in f.entities]
    triples += [(PROV.wasDerivedFrom, URIRef(s.iri)) for s in f.spans]
    for p, o in triples:
        graph.add((node, p, o))


def _lexical(value: Decimal, datatype: URIRef) -> str:
    if datatype == XSD.integer:
        return str(int(value))
    text = format(value.normalize(), "f")
    return text if "." in text else text + ".0"


def read_findings(graph: Graph, facts: Graph | None = None) -> tuple[Finding, ...]:
    """Return the findings in a findings graph; with the facts, their spans carry offsets and text."""
    reports = {o: s for s, o in graph.subject_objects(SH.result)}
    findings = []
    for node in graph.subjects(RDF.type, SH.ValidationResult):
        if graph.value(node, SH.sourceConstraintComponent) not in _CHECKS:
            continue
        messages = {
            m.language: str(m) for m in graph.objects(node, SH.resultMessage) if isinstance(m, Literal)
        }
        unit = graph.value(node, PKG.unit)
        focus = str(graph.value(node, SH.focusNode))
        targets = sorted(str(t) for t in graph.objects(node, OA.hasTarget) if str(t) != focus)
        findings.append(
            Finding(
                iri=str(node),
                report=str(reports.get(node, "")),
                check=_CHECKS[graph.value(node, SH.sourceConstraintComponent)],
                severity=Severity(str(graph.value(node, SH.resultSeverity)).removeprefix(str(SH))),
                measure=_measure(graph, node),
                focus=focus,
                expected=_decimal(graph.value(node, PKG.expectedValue)),
                observed=_decimal(graph.value(node, PKG.observedValue)),
                tolerance=_decimal(graph.value(node, PKG.tolerance)),
                unit=str(unit) if unit is not None else None,
                entities=(focus, *targets),
                spans=span_refs(facts, (str(s) for s in graph.objects(node, PROV.wasDerivedFrom))),
                message_zh=messages.get("zh", ""),
                message_en=messages.get("en", ""),
            )
        )
    return sort_findings(findings)


_CHECKS = {PKG[c.value]: c for c in Check}
_KIND_MEASURES = {PKG[kind]: m for m, kind in _AMOUNT_KINDS.items() if m in _PATH_OF_KIND}


def _measure(graph: Graph, node: URIRef) -> Measure:
    path = graph.value(node, SH.resultPath)
    if path == PKG.amountValue:
        return _KIND_MEASURES[graph.value(node, PKG.amountKind)]
    return Measure(str(path).removeprefix(str(PKG)))


def _decimal(node: object) -> Decimal:
    return Decimal(str(node)) if isinstance(node, Literal) else Decimal(0)


def span_refs(facts: Graph | None, iris: Iterable[str]) -> tuple[SpanRef, ...]:
    """Return spans in text order, with offsets and text looked up in ``facts`` when given."""
    refs = []
    for iri in set(iris):
        if facts is None:
            refs.append(SpanRef(iri))
            continue
        node = URIRef(iri)
        start, end = facts.value(node, OA.start), facts.value(node, OA.end)
        text, sentence = facts.value(node, OA.exact), facts.value(node, PKG.sentence)
        refs.append(
            SpanRef(
                iri,
                start=_int(start),
                end=_int(end),
                text=str(text) if text is not None else None,
                sentence=str(sentence) if sentence is not None else None,
            )
        )
    return tuple(sorted(refs, key=lambda r: (r.start if r.start is not None else -1, r.iri)))


def _int(node: object) -> int | None:
    if isinstance(node, Literal) and isinstance(node.value, int):
        return node.value
    return None
