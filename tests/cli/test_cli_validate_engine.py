"""``policykg validate --engine``: pySHACL and the compiled checks print the same report."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from policykg.cli import cli
from policykg.cli.validate import NOT_CONFORMING

SHAPES = Path(__file__).parents[1] / "fixtures" / "shapes"


def test_both_engines_print_the_same_report(tmp_path: Path) -> None:
    graph = tmp_path / "graph.ttl"
    graph.write_text(
        (SHAPES / "conforming.ttl").read_text(encoding="utf-8")
        + (SHAPES / "entity-no-zh-label.ttl").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    runner = CliRunner()
    fast = runner.invoke(cli, ["validate", str(graph)])
    reference = runner.invoke(cli, ["validate", str(graph), "--engine", "pyshacl"])
    assert fast.exit_code == reference.exit_code == NOT_CONFORMING, fast.output
    assert fast.output == reference.output
    assert "实体缺少中文标签" in fast.output
