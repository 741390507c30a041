"""``policykg viz`` writes one self-contained HTML file; ``policykg graph`` prints analytics as JSON."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli

ID = "https://w3id.org/policykg/id/"
PLAN = ID + "plan/shilishi-keji-chuangxin-sannian-xingdong-jihua-2023-2025"
CITY, PROVINCE, LAB = ID + "city/shilishi", ID + "province/shandongsheng", ID + "laboratory/shili-shiyanshi"
TARGET = PLAN + "/target/rencai-zongliang-2025"


@pytest.fixture
def build_dir(tmp_path: Path, fixtures_dir: Path) -> Path:
    """A build directory holding the sample graph as graph.ttl."""
    directory = tmp_path / "build"
    directory.mkdir()
    shutil.copy(fixtures_dir / "sample_graph.ttl", directory / "graph.ttl")
    return directory


def run(*args: str) -> tuple[int, str]:
    """Run the policykg command and return its exit code and output."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def page_data(html: str) -> dict:
    """Return the JSON data that a viewer page embeds for its script."""
    found = re.search(r'<script id="viewer-data" type="application/json">(.*?)</script>', html, re.DOTALL)
    assert found
    return json.loads(found.group(1))


def test_viz_writes_one_self_contained_file(build_dir, tmp_path):
    out = tmp_path / "plan.html"
    code, output = run("viz", "--build-dir", str(build_dir), "-o", str(out))
    assert code == 0, output
    assert "10 entities, 11 relations" in output
    html = out.read_text(encoding="utf-8")
    # Everything is inline: no external script, stylesheet, font or image reference at all.
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=\"(?!data:)|@import|url\((?!\"?data:)", html)
    assert "vis-network" in html and "policykgViewer" in html
    data = page_data(html)
    assert (data["mode"], data["lang"]) == ("standalone", "zh")
    assert (len(data["nodes"]), len(data["edges"])) == (10, 11)
    assert data["full"] is None  # the whole graph is shown, so nothing more to embed for expansion


@pytest.mark.parametrize(
    ("args", "nodes", "lang"),
    [
        (["--focus", CITY, "--depth", "1"], 5, "zh"),
        (["--types", "Place,Institution", "--lang", "en"], 3, "en"),
        (["--domain", "1"], 9, "zh"),
    ],
)
def test_viz_selections(build_dir, tmp_path, args, nodes, lang):
    out = tmp_path / "view.html"
    code, output = run("viz", "--build-dir", str(build_dir), "-o", str(out), *args)
    assert code == 0, output
    data = page_data(out.read_text(encoding="utf-8"))
    assert (len(data["nodes"]), data["lang"]) == (nodes, lang)
    # A partial view embeds the full graph so that double-click can expand it offline.
    assert len(data["full"]["nodes"]) == 10


def test_viz_labels_in_the_chosen_language(build_dir, tmp_path):
    out = tmp_path / "en.html"
    run("viz", "--build-dir", str(build_dir), "-o", str(out), "--lang", "en")
    labels = {n["id"]: n["label"] for n in page_data(out.read_text(encoding="utf-8"))["nodes"]}
    assert labels[CITY] == "Shili City"


def test_viz_marks_findings(build_dir, tmp_path):
    (build_dir / "findings.ttl").write_text(
        f"@prefix sh: <http://www.w3.org/ns/shacl#> . [] a sh:ValidationResult ; sh:focusNode <{LAB}> ."
    )
    out = tmp_path / "findings.html"
    run("viz", "--build-dir", str(build_dir), "-o", str(out))
    data = page_data(out.read_text(encoding="utf-8"))
    assert [n["id"] for n in data["nodes"] if n.get("finding")] == [LAB]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--types", "Dragon"], "unknown type"),
        (["--focus", ID + "city/atlantis"], "no entity"),
        (["--domain", "9"], "0 domains have ordinal 9"),
        (["--depth", "5", "--focus", CITY], "5 is not in the range"),
    ],
)
def test_viz_errors(build_dir, tmp_path, args, message):
    code, output = run("viz", "--build-dir", str(build_dir), "-o", str(tmp_path / "x.html"), *args)
    assert code != 0
    assert message in output
    assert not (tmp_path / "x.html").exists()


def test_viz_without_a_build(tmp_path):
    code, output = run("viz", "--build-dir", str(tmp_path / "empty"), "-o", str(tmp_path / "x.html"))
    assert code == 1
    assert "run 'policykg build' first" in output


def test_graph_path(build_dir):
    code, output = run("graph", "path", PROVINCE, TARGET, "--build-dir", str(build_dir))
    assert code == 0, output
    result = json.loads(output)
    assert [s["label"]["en"] for s in result["steps"]] == ["within", "mentions", "has target"]
    assert "到2025年人才总量突破50万。" in output  # printed as Chinese, not \\u escapes


@pytest.mark.parametrize(
    ("args", "top"),
    [
        (["--measure", "degree", "--limit", "1"], [CITY]),
        (["--type", "Place"], [CITY, PROVINCE]),
        (["--type", "Institution", "--measure", "pagerank"], [LAB]),
    ],
)
def test_graph_central(build_dir, args, top):
    code, output = run("graph", "central", *args, "--build-dir", str(build_dir))
    assert code == 0, output
    assert [r["id"] for r in json.loads(output)] == top


def test_graph_neighbors_and_communities(build_dir):
    code, output = run("graph", "neighbors", LAB, "--depth", "1", "--build-dir", str(build_dir))
    assert code == 0, output
    assert {n["id"] for n in json.loads(output)["nodes"]} == {LAB, CITY, PLAN + "/domain/1/task/1"}
    code, output = run("graph", "communities", "--build-dir", str(build_dir))
    assert code == 0, output
    assert sum(c["size"] for c in json.loads(output)) == 10


def test_graph_unknown_entity(build_dir):
    code, output = run("graph", "neighbors", ID + "city/atlantis", "--build-dir", str(build_dir))
    assert code == 1
    assert "no entity" in output


def test_viz_draws_one_plan_with_the_plans_linked_to_it(tmp_path, fixtures_dir):
    corpus = "https://w3id.org/policykg/id/plan/"
    city, later, district = (
        corpus + "shifanshi-keji-chuangxin-guihua-2021-2025",
        corpus + "shifanshi-keji-chuangxin-guihua-2026-2030",
        corpus + "xingangqu-keji-chuangxin-sannian-xingdong-jihua-2023-2025",
    )
    directory = tmp_path / "corpus"
    directory.mkdir()
    shutil.copy(fixtures_dir / "corpus_graph.ttl", directory / "graph.ttl")
    out = tmp_path / "district.html"
    code, output = run("viz", "--build-dir", str(directory), "--plan", district, "-o", str(out))
    assert code == 0, output
    data = page_data(out.read_text(encoding="utf-8"))
    assert data["plan"] == district
    assert {n["id"] for n in data["nodes"] if n["kind"] == "Plan"} == {district, city}
    assert not any(n["id"].startswith(later) for n in data["nodes"])
    code, output = run("viz", "--build-dir", str(directory), "--plan", corpus + "nothing", "-o", str(out))
    assert code != 0 and "Traceback" not in output
