"""A build that finds no plan does not replace a good one unless forced; it says so in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.graph_builder.builddir import build_lock, publish

NO_PLAN = {
    "english": b"This note is written in English and describes no plan at all.\n",
    "nul": b"\x00\x01abc\x00 def\x00\n",
    "chinese notice": "今天召开座谈会，与会代表参观了示例市博物馆。\n".encode(),
}


@pytest.fixture
def good_build(tmp_path: Path, seed_build) -> Path:
    """A build directory holding the seed's build."""
    out = tmp_path / "build"
    with build_lock(out):
        publish(out, {path.name: path.read_bytes() for path in seed_build.files}, "seed")
    return out


@pytest.mark.parametrize("content", NO_PLAN.values(), ids=NO_PLAN.keys())
def test_a_document_without_a_plan_keeps_the_good_build(good_build: Path, tmp_path: Path, content: bytes):
    before = {p.name: p.read_bytes() for p in good_build.iterdir()}
    document = tmp_path / "odd.txt"
    document.write_bytes(content)
    result = CliRunner().invoke(cli, ["build", str(document), "-o", str(good_build), "--no-validate"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: odd.txt: no plan structure found (no domains, targets or key projects); "
        f"the build in {good_build} is kept (--force replaces it)"
    ]
    assert {p.name: p.read_bytes() for p in good_build.iterdir()} == before


def test_force_replaces_the_good_build(good_build: Path, tmp_path: Path):
    document = tmp_path / "odd.txt"
    document.write_bytes(NO_PLAN["chinese notice"])
    result = CliRunner().invoke(
        cli, ["build", str(document), "-o", str(good_build), "--force", "--no-validate"]
    )
    assert result.exit_code == 0, result.output
    manifest = json.loads((good_build / "build.json").read_text(encoding="utf-8"))
    assert [Path(d["path"]).name for d in manifest["documents"]] == ["odd.txt"]
