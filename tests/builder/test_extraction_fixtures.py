"""Extraction judged against hand-written gold files of plans written apart from the extractor.

The floors are the levels the extractor reaches on these documents; a change that falls below one
is a regression. benchmarks/eval_extraction.py prints the full table.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from evaluate import evaluate

from policykg.graph_builder.documents import read_document
from policykg.graph_builder.pipeline.extract import extract_plan

ROOT = Path(__file__).resolve().parents[2]
GOLD = sorted((ROOT / "tests" / "fixtures" / "plans").glob("*.gold.json"))

# (recall, precision) floors per kind, over every gold document.
FLOORS = {
    "domains": (0.85, 0.85),
    "tasks": (0.8, 0.8),
    "institutions and projects": (0.75, 0.8),
    "classes": (0.9, 0.9),
    "places": (0.8, 0.85),
    "portfolio totals": (0.95, 0.85),
    "portfolio parts": (0.95, 0.9),
    "targets": (0.9, 0.95),
    "target details": (0.9, 0.9),
}


def _document(gold_path: Path, gold: dict) -> Path:
    if "document" in gold:
        return ROOT / gold["document"]
    return gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))


@pytest.fixture(scope="module", params=GOLD, ids=lambda p: p.name.split(".")[0])
def scored(request, nlp):
    gold = json.loads(request.param.read_text(encoding="utf-8"))
    plan = extract_plan(read_document(_document(request.param, gold)).text, nlp)
    return plan, gold, {s.kind: s for s in evaluate(plan, gold)}


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_scores_stay_above_their_floors(scored, kind):
    _, _, scores = scored
    recall, precision = FLOORS[kind]
    score = scores[kind]
    assert score.recall >= recall, f"{kind}: recall {score.found}/{score.gold}"
    assert score.precision >= precision, f"{kind}: precision {score.correct}/{score.extracted}"


def test_plan_title_city_and_period(scored):
    plan, gold, _ = scored
    expected = gold["plan"]
    assert plan.title.replace(" ", "") == expected["title"].replace(" ", "")
    assert (plan.start_year, plan.end_year) == (expected["start_year"], expected["end_year"])
    assert plan.city in {expected.get("city"), expected.get("province")}


def test_division_codes_match_the_gold(scored):
    plan, gold, _ = scored
    codes = {e.name: e.division_code for e in plan.entities}
    for place in gold["places"]:
        if place.get("division_code") and place["name"] in codes:
            assert codes[place["name"]] == place["division_code"], place["name"]
