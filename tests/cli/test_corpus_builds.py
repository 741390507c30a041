"""Builds of several documents: a failed one is reported and skipped, the exit status says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.graph_builder import build as build_module
from policykg.graph_builder import extracting

PLAN = "示例市推进制造业高质量发展三年行动计划（2024—2026年）\n一、建设先进制造业基地\n（一）壮大产业集群。建设示例市新能源汽车产业园。\n"
OTHER = "样例县数字乡村建设实施方案（2023—2025年）\n一、完善基础设施\n（一）到2025年，建成5G基站200个。\n"


@pytest.fixture()
def plans(tmp_path: Path) -> list[Path]:
    paths = []
    for name, text in (("a.txt", PLAN), ("b.txt", OTHER)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def invoke(*arguments: str):
    return CliRunner().invoke(cli, ["build", *arguments, "--no-validate"])


def manifest(out: Path) -> dict:
    return json.loads((out / "build.json").read_text(encoding="utf-8"))


def test_an_unreadable_document_is_skipped_and_the_others_built(plans, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\xfd\x80\x81")
    out = tmp_path / "out"
    result = invoke(str(plans[0]), str(bad), str(plans[1]), "-o", str(out))
    assert result.exit_code == 3, result.output
    assert f"error: {bad}: " in result.output and "not UTF-8 or GB18030" in result.output
    assert "1 of 3 documents failed and were skipped: bad.txt" in result.output
    assert "from 2 document(s)" in result.output
    built = manifest(out)
    assert [Path(d["path"]).name for d in built["documents"]] == ["a.txt", "b.txt"]
    assert [Path(f["path"]).name for f in built["failed"]] == ["bad.txt"]
    assert "新能源汽车产业园" in (out / "graph.ttl").read_text(encoding="utf-8")


def test_a_document_whose_extraction_raises_is_skipped(plans, tmp_path, monkeypatch):
    from policykg.graph_builder.pipeline import extract

    real = extract.extract_plan
    first_line = plans[0].read_text(encoding="utf-8").splitlines()[0]

    def failing(text):
        if first_line in text:
            raise ValueError("a bug met in this document\nwith a second line")
        return real(text)

    monkeypatch.setattr(extract, "extract_plan", failing)
    result = build_module.build_documents(plans, tmp_path / "out", validate_shapes=False, workers=1)
    assert [Path(d.path).name for d in result.documents] == ["b.txt"]
    (failure,) = result.failures
    assert failure.path == str(plans[0])
    assert failure.reason == f"{plans[0]}: cannot be built (ValueError: a bug met in this document)"
    assert [Path(f["path"]).name for f in manifest(tmp_path / "out")["failed"]] == ["a.txt"]


def test_when_every_document_fails_nothing_is_written_and_each_reason_is_given(plans, tmp_path):
    out = tmp_path / "out"
    assert invoke(str(plans[0]), "-o", str(out)).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.txt"
    result = invoke(str(empty), str(missing), "-o", str(out))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0] == "Error: none of the 2 documents could be built:"
    assert f"{empty}: " in lines[1] and "empty" in lines[1]
    assert lines[2] == f"{missing}: no such file"
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_full_build_exits_zero_and_lists_no_failures(plans, tmp_path):
    out = tmp_path / "out"
    result = invoke(*map(str, plans), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "failed" not in result.output and "building" not in result.output
    assert manifest(out)["failed"] == []


def test_the_progress_bar_is_drawn_only_on_a_terminal(monkeypatch, capsys):
    monkeypatch.setattr("sys.stderr.isatty", lambda: False, raising=False)
    with extracting._progress(2, enabled=True) as bar:
        assert bar.disable
    with extracting._progress(2, enabled=False) as bar:
        assert bar.disable
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    with extracting._progress(2, enabled=True) as bar:
        assert not bar.disable
        bar.update(2)
    with extracting._progress(2, enabled=False) as bar:
        assert bar.disable


def test_one_document_without_a_plan_does_not_stop_a_corpus_replacing_a_build(plans, tmp_path):
    out = tmp_path / "out"
    assert invoke(str(plans[0]), "-o", str(out)).exit_code == 0
    note = tmp_path / "note.txt"
    note.write_text("今天召开座谈会，与会代表参观了示例市博物馆。\n", encoding="utf-8")
    result = invoke(str(plans[1]), str(note), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "warning: note.txt:" in result.output
    assert [Path(d["path"]).name for d in manifest(out)["documents"]] == ["b.txt", "note.txt"]
