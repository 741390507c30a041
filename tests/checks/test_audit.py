"""The source audit finds every disagreement among a plan's own figures, and none where they agree."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS

from policykg.checks.audit import audit
from policykg.checks.audit_facts import half_unit
from policykg.checks.findings import (
    Check,
    Finding,
    Severity,
    filter_findings,
    finding_dicts,
    findings_for,
    flagged_entities,
    read_findings,
)
from policykg.checks.validate import validate
from policykg.iris import IriScheme
from policykg.ontology import ontology_graph
from policykg.ontology.namespaces import DQV, OA, PKG

AUDIT = Path(__file__).parents[1] / "fixtures" / "audit"
PLAN = "https://w3id.org/policykg/id/plan/"
YI = Decimal(10**8)

# "severity check measure focus expected observed": focus under id/plan/, investments in 亿元.
EXPECTED = {
    "consistent": set(),
    "rounding": set(),
    "missing-part": {
        "Warning remainder projectCount queshi-jihua/domain/3/portfolio/1 276 308",
        "Warning remainder investment queshi-jihua/domain/4/portfolio/1 700 800",
    },
    "part-larger": {
        "Violation part-exceeds-total projectCount chaochu/domain/1/portfolio/1/continuing 21 105",
        "Violation part-exceeds-total investment chaochu/domain/2/portfolio/1/continuing 551.23 3102.9",
        "Violation part-exceeds-total investment chaochu/domain/2/portfolio/1/new-start-2023 551.23 1429.6",
        "Violation part-exceeds-total investment "
        "chaochu/domain/2/portfolio/1/reserve-2024-2025 551.23 2018.73",
        "Violation parts-sum investment chaochu/domain/2/portfolio/1 6551.23 551.23",
    },
    "restatement": {
        "Violation restatement projectCount chongshu-jihua/domain/1/portfolio/2 49 50",
        "Violation restatement projectCount chongshu-jihua/domain/3/portfolio/2/continuing 15 16",
        "Violation restatement projectCount chongshu-jihua/domain/3/portfolio/2/new-start-2023 24 23",
    },
    "restated-part": {
        "Violation parts-sum projectCount bufen-chongshu-jihua/domain/1/portfolio/1 130 96",
        "Violation restatement projectCount bufen-chongshu-jihua/domain/1/portfolio/2 64 30",
        "Violation restatement investment bufen-chongshu-jihua/domain/1/portfolio/2 370.04 371.04",
        "Violation restatement projectCount bufen-chongshu-jihua/domain/2/portfolio/1 48 49",
    },
    "domains-sum": {
        "Violation domains-sum projectCount lingyu-jia/portfolio/1 184 200",
        "Violation domains-sum projectCount lingyu-jia/portfolio/1/new-start-2023 90 100",
        "Violation domains-sum projectCount lingyu-bing/portfolio/1 60 50",
    },
}

_SEED = "jinan-xinjiu-dongneng-zhuanhuan-2023-2025/"
# The seed's disagreements, one reading of its domains (tests/fixtures/audit/seed-portfolios.ttl).
SEED_EXPECTED = {
    "Warning remainder projectCount domain/2/portfolio/1 276 308",
    "Warning remainder projectCount domain/3/portfolio/1 237 267",
    "Violation parts-sum projectCount domain/4/portfolio/1 130 96",
    "Violation restatement projectCount domain/4/portfolio/1/reserve 64 30",
    "Violation restatement investment domain/4/portfolio/1/reserve 370.04 371.04",
    "Violation part-exceeds-total investment domain/5/portfolio/2/continuing 551.23 3102.9",
    "Violation part-exceeds-total investment domain/5/portfolio/2/new-start-2023 551.23 1429.6",
    "Violation part-exceeds-total investment domain/5/portfolio/2/reserve-2024-2025 551.23 2018.73",
    "Violation parts-sum investment domain/5/portfolio/2 6551.23 551.23",
    "Violation restatement projectCount domain/5/portfolio/2 49 102",
    "Violation restatement investment domain/5/portfolio/2 694.08 551.23",
    "Violation part-exceeds-total projectCount domain/9/portfolio/1/continuing 21 105",
    "Violation parts-sum projectCount domain/9/portfolio/2 118 92",
    "Violation parts-sum investment domain/9/portfolio/2 1928.61 1666.84",
    "Violation restatement projectCount domain/9/portfolio/2 21 92",
    "Violation restatement investment domain/9/portfolio/2 3097.59 1666.84",
    "Violation restatement projectCount domain/9/portfolio/2/continuing 105 13",
    "Violation restatement investment domain/9/portfolio/2/continuing 962.97 497.86",
    "Violation parts-sum investment domain/10/portfolio/1 125.71 125.74",
    "Violation domains-sum projectCount portfolio/1 1059 1301",
    "Violation domains-sum projectCount portfolio/1/new-start-2023 551 545",
    "Violation domains-sum investment portfolio/1/new-start-2023 9186.17 6600",
}


def summary(finding: Finding, prefix: str = PLAN) -> str:
    """Return a finding as "severity check measure focus expected observed", investments in 亿元."""
    scale = YI if finding.measure.value == "investment" else Decimal(1)
    expected = format((finding.expected / scale).normalize(), "f")
    observed = format((finding.observed / scale).normalize(), "f")
    focus = finding.focus.removeprefix(prefix)
    return f"{finding.severity} {finding.check.slug} {finding.measure} {focus} {expected} {observed}"


@pytest.fixture(scope="module")
def audited() -> dict[str, tuple[Graph, object]]:
    """Every audit fixture, parsed and audited once."""
    results = {}
    for name in [*EXPECTED, "seed-portfolios"]:
        graph = Graph().parse(AUDIT / f"{name}.ttl")
        results[name] = (graph, audit(graph, IriScheme()))
    return results


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_audit_finds_exactly_the_disagreements(audited: dict, name: str) -> None:
    _graph, result = audited[name]
    assert {summary(f) for f in result.findings} == EXPECTED[name]
    assert len(result.findings) == len(EXPECTED[name])


def test_audit_finds_the_seeds_disagreements(audited: dict) -> None:
    _graph, result = audited["seed-portfolios"]
    assert {summary(f, PLAN + _SEED) for f in result.findings} == SEED_EXPECTED
    assert len(result.findings) == len(SEED_EXPECTED)


def test_audit_finds_the_sample_graphs_deliberate_disagreement(fixtures_dir: Path) -> None:
    result = audit(Graph().parse(fixtures_dir / "sample_graph.ttl"), IriScheme())
    got = {(f.check, f.measure.value, f.expected, f.observed) for f in result.findings}
    assert got == {
        (Check.PARTS_SUM, "projectCount", Decimal(70), Decimal(80)),
        (Check.PARTS_SUM, "investment", Decimal(9_000_000_000), Decimal(10_000_000_000)),
    }
    money = next(f for f in result.findings if f.measure.value == "investment")
    assert money.tolerance == Decimal("1.5") * YI  # 100亿, 50亿 and 40亿 are each exact to 0.5亿
    assert money.unit == "http://qudt.org/vocab/currency/CNY"


@pytest.mark.parametrize("name", sorted({*EXPECTED, "seed-portfolios"} - {"restated-part"}))
def test_audit_fixtures_are_in_the_builders_shape(audited: dict, name: str) -> None:
    graph, _result = audited[name]
    assert validate(graph).conforms


def test_findings_carry_messages_figures_entities_and_spans(audited: dict) -> None:
    graph, result = audited["missing-part"]
    finding = next(f for f in result.findings if f.measure.value == "projectCount")
    assert all(word in finding.message_zh for word in ("308个", "276个", "32个", "谋划储备"))
    assert all(word in finding.message_en for word in ("276 projects", "308", "32 projects", "reserve"))
    assert (finding.expected, finding.observed, finding.tolerance) == (Decimal(276), Decimal(308), Decimal(0))
    base = PLAN + "queshi-jihua/domain/3/portfolio/1"
    assert finding.entities == (base, base + "/continuing", base + "/new-start")
    (span,) = finding.spans
    assert span.sentence is not None and "308个重点项目" in span.sentence
    assert graph.value(URIRef(span.iri), RDF.type) == PKG.SourceSpan
    assert (span.start, span.end) == (
        graph.value(URIRef(span.iri), URIRef("http://www.w3.org/ns/oa#start")).value,
        graph.value(URIRef(span.iri), URIRef("http://www.w3.org/ns/oa#end")).value,
    )


def test_every_finding_is_bilingual_and_sourced(audited: dict) -> None:
    for _graph, result in audited.values():
        for finding in result.findings:
            assert any("\u4e00" <= ch <= "\u9fff" for ch in finding.message_zh), finding.iri
            assert finding.message_en.isascii() or "“" in finding.message_en, finding.iri
            assert finding.spans and finding.entities[0] == finding.focus
            assert finding.expected != finding.observed


def test_findings_graph_is_apart_from_the_facts(audited: dict) -> None:
    graph, result = audited["part-larger"]
    facts_subjects = set(graph.subjects())
    assert not facts_subjects & set(result.graph.subjects())
    (report,) = result.graph.subjects(RDF.type, SH.ValidationReport)
    assert result.graph.value(report, SH.conforms) == Literal(False)
    results = set(result.graph.objects(report, SH.result))
    assert results == {URIRef(f.iri) for f in result.findings}
    for node in results:
        assert (node, RDF.type, SH.ValidationResult) in result.graph
        assert (node, RDF.type, DQV.QualityAnnotation) in result.graph
        assert result.graph.value(node, SH.resultSeverity) == SH.Violation
        checks = {PKG.PartExceedsTotalCheck, PKG.PartsSumCheck}
        assert result.graph.value(node, SH.sourceConstraintComponent) in checks
        assert result.graph.value(node, SH.focusNode) in facts_subjects
        assert set(result.graph.objects(node, OA.hasTarget)) <= facts_subjects


def test_audit_leaves_the_facts_unchanged(fixtures_dir: Path) -> None:
    graph = Graph().parse(fixtures_dir / "sample_graph.ttl")
    before = set(graph)
    audit(graph, IriScheme())
    assert set(graph) == before


def test_a_plan_without_findings_gets_a_conforming_report(audited: dict) -> None:
    _graph, result = audited["consistent"]
    (report,) = result.graph.subjects(RDF.type, SH.ValidationReport)
    assert str(report) == PLAN + "yizhi-jihua/audit"
    assert result.graph.value(report, SH.conforms) == Literal(True)


def test_findings_read_back_from_their_graph(audited: dict) -> None:
    graph, result = audited["seed-portfolios"]
    turtle = result.graph.serialize(format="turtle")
    again = read_findings(Graph().parse(data=turtle, format="turtle"), graph)
    assert sorted(again, key=lambda f: f.iri) == sorted(result.findings, key=lambda f: f.iri)


def test_finding_iris_are_stable_and_distinct(audited: dict) -> None:
    graph, result = audited["seed-portfolios"]
    again = audit(Graph().parse(data=graph.serialize(format="nt"), format="nt"), IriScheme())
    assert sorted(f.iri for f in again.findings) == sorted(f.iri for f in result.findings)
    assert len({f.iri for f in result.findings}) == len(result.findings)
    iri = PLAN + _SEED + "domain/10/portfolio/1/finding/parts-sum-investment"
    assert iri in {f.iri for f in result.findings}


def test_lookups_for_the_server_and_viewer(audited: dict) -> None:
    _graph, result = audited["part-larger"]
    total = PLAN + "chaochu/domain/2/portfolio/1"
    assert len(findings_for(result.findings, total)) == 4
    assert findings_for(result.findings, PLAN + "chaochu") == ()
    assert total + "/continuing" in flagged_entities(result.findings)
    assert filter_findings(result.findings, severity="warning") == ()
    assert len(filter_findings(result.findings, severity="Violation", entity=total)) == 4
    dicts = finding_dicts(result.findings)
    assert json.loads(json.dumps(dicts)) == dicts
    first = dicts[0]
    assert first["severity"] == "Violation" and set(first["message"]) == {"zh", "en"}
    assert first["spans"][0]["sentence"]


@pytest.mark.parametrize(
    ("printed", "value", "half"),
    [
        ("854.58亿元", "85458000000", "500000"),
        ("66.4亿元", "6640000000", "5000000"),
        ("100亿元", "10000000000", "50000000"),
        ("2.4万亿元", "2400000000000", "50000000000"),
        ("1,920.83亿元", "192083000000", "500000"),
        ("35亿美元", "3500000000", "50000000"),
        ("50亿元", "4000000000", "0"),  # the printed form does not match the value: taken as exact
        ("约一百亿元", "10000000000", "0"),  # no digits to read a precision from
        (None, "10000000000", "0"),
    ],
)
def test_half_unit_of_the_printed_figure(printed: str | None, value: str, half: str) -> None:
    assert half_unit(printed, Decimal(value)) == Decimal(half)


def test_finding_vocabulary_is_labelled_and_defined_in_both_languages() -> None:
    ontology = ontology_graph()
    checks = [PKG[c.value] for c in Check]
    terms = [PKG.AuditCheck, PKG.expectedValue, PKG.observedValue, PKG.tolerance, *checks]
    for term in terms:
        for predicate in (RDFS.label, SKOS.definition):
            languages = {o.language for o in ontology.objects(term, predicate) if isinstance(o, Literal)}
            assert languages == {"zh", "en"}, (term, predicate)
    assert {ontology.value(PKG[c.value], RDF.type) for c in Check} == {PKG.AuditCheck}
    assert {Severity(s) for s in ("Violation", "Warning", "Info")} == set(Severity)
