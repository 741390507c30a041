"""``policykg validate``: the report it prints and the exit status it gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import RDF, SH

from policykg.cli import cli
from policykg.cli.validate import CONFORMS, FINDINGS, NOT_CONFORMING, UNREADABLE

SHAPES = Path(__file__).parents[1] / "fixtures" / "shapes"


@pytest.fixture
def runner() -> CliRunner:
    """A click test runner."""
    return CliRunner()


@pytest.fixture
def sample(fixtures_dir: Path) -> Path:
    """The sample graph: it conforms, and its second domain's figures disagree."""
    return fixtures_dir / "sample_graph.ttl"


def test_sample_graph_conforms_and_its_findings_are_printed(runner: CliRunner, sample: Path) -> None:
    result = runner.invoke(cli, ["validate", str(sample)])
    assert result.exit_code == CONFORMS, result.output
    assert "Shapes: the graph conforms (1 warning)" in result.output
    assert "Audit: 2 finding(s)" in result.output
    assert "expected 70, observed 80" in result.output
    assert "各部分（续建30个 + 2023年新开工40个）合计70个" in result.output
    assert "its parts (30 continuing + 40 new-start 2023) add up to 70 projects" in result.output
    assert "推进总投资100亿元的80个重点项目" in result.output


@pytest.mark.parametrize(
    ("lang", "present", "absent"),
    [
        ("zh", "合计70个", "add up to 70 projects"),
        ("zh", "违规 parts-sum projectCount: 预期 70，原文 80，容差 0", "expected 70"),
        ("en", "add up to 70 projects", "合计70个"),
        ("en", "violation parts-sum projectCount: expected 70, observed 80, tolerance 0", "预期"),
    ],
)
def test_lang_chooses_the_language(
    runner: CliRunner, sample: Path, lang: str, present: str, absent: str
) -> None:
    result = runner.invoke(cli, ["validate", str(sample), "--lang", lang])
    assert result.exit_code == CONFORMS
    assert present in result.output
    assert absent not in result.output


def test_strict_fails_on_findings(runner: CliRunner, sample: Path) -> None:
    assert runner.invoke(cli, ["validate", str(sample), "--strict"]).exit_code == FINDINGS


def test_strict_passes_a_graph_whose_figures_agree(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", str(SHAPES / "conforming.ttl"), "--strict"])
    assert result.exit_code == CONFORMS, result.output
    assert "no findings" in result.output


def test_a_graph_that_does_not_conform_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    graph = Graph().parse(SHAPES / "conforming.ttl").parse(SHAPES / "target-no-unit.ttl")
    path = tmp_path / "graph.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(path), "--lang", "en"])
    assert result.exit_code == NOT_CONFORMING
    assert "does not conform (1 violation)" in result.output
    assert "A target has exactly one unit" in result.output
    assert "pkgsh:TargetUnit" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such graph file"),
        ("@prefix broken", "not a readable turtle graph"),
    ],
)
def test_an_unreadable_graph_exits_2(
    runner: CliRunner, tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "graph.ttl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == UNREADABLE
    assert message in result.output


def test_default_graph_is_the_build_directorys(
    runner: CliRunner, sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "graph.ttl").write_bytes(sample.read_bytes())
    monkeypatch.setenv("POLICYKG_BUILD_DIR", str(tmp_path))
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == CONFORMS
    assert "expected 70, observed 80" in result.output


def test_findings_can_be_written_as_turtle(runner: CliRunner, sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "findings.ttl"
    result = runner.invoke(cli, ["validate", str(sample), "-o", str(out)])
    assert result.exit_code == CONFORMS
    findings = Graph().parse(out)
    assert len(set(findings.subjects(RDF.type, SH.ValidationResult))) == 2


def test_help_lists_the_exit_statuses(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", "--help"])
    assert result.exit_code == 0
    statuses = ("0  the graph conforms", "1  the graph does not", "2  the graph file", "3  with --strict")
    assert all(status in result.output for status in statuses)
    assert "validate" in runner.invoke(cli, ["--help"]).output
