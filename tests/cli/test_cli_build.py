"""``policykg build``: output files, counts, clear errors for bad input, and no lost builds."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from policykg.cli import cli

PLAN = "示例市推进制造业高质量发展三年行动计划（2024—2026年）\n一、建设先进制造业基地\n（一）壮大产业集群。建设示例市新能源汽车产业园。\n"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def good_build(tmp_path_factory, seed_path):
    out = tmp_path_factory.mktemp("build")
    result = CliRunner().invoke(cli, ["build", str(seed_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out, result


def test_build_writes_every_format_and_a_manifest(good_build):
    out, result = good_build
    assert {p.name for p in out.iterdir()} >= {"graph.ttl", "graph.nt", "graph.jsonld", "build.json"}
    manifest = json.loads((out / "build.json").read_text(encoding="utf-8"))
    assert manifest["triples"] > 1000 and manifest["classes"]["Laboratory"] >= 3
    assert "Laboratory" in result.output and "built" in result.output


def test_help_has_examples(runner):
    result = runner.invoke(cli, ["build", "--help"])
    assert result.exit_code == 0 and "Examples:" in result.output and "policykg build" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no such file"), (b"", "empty"), (b"\xff\xfe\xfd\x80\x81", "not UTF-8 or GB18030")],
)
def test_bad_documents_fail_clearly_and_keep_the_last_build(runner, good_build, tmp_path, content, message):
    out, _ = good_build
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    document = tmp_path / "bad.txt"
    if content is not None:
        document.write_bytes(content)
    result = runner.invoke(cli, ["build", str(document), "-o", str(out)])
    assert result.exit_code != 0
    assert message in result.output and str(document) in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_document_without_plan_structure_builds_what_it_finds_and_warns(runner, tmp_path):
    document = tmp_path / "note.txt"
    document.write_text("今天召开座谈会，与会代表参观了示例市博物馆。", encoding="utf-8")
    result = runner.invoke(cli, ["build", str(document), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "warning:" in result.output and "no domains found" in result.output
    assert (tmp_path / "out" / "graph.ttl").exists()


def test_a_gb18030_document_builds(runner, tmp_path):
    document = tmp_path / "gbk.txt"
    document.write_bytes(PLAN.encode("gb18030"))
    result = runner.invoke(
        cli, ["build", str(document), "-o", str(tmp_path / "out"), "--base", "https://example.org/"]
    )
    assert result.exit_code == 0, result.output
    ttl = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "https://example.org/id/" in ttl and "新能源汽车产业园" in ttl


def test_an_unwritable_output_fails_clearly(runner, tmp_path, seed_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = runner.invoke(cli, ["build", str(seed_path), "-o", str(blocker / "out")])
    assert result.exit_code != 0 and "cannot write the build" in result.output
