"""What the gold tests share: the hand-written gold files of the test plans and the documents they annotate.

Each ``tests/fixtures/plans/NAME.gold.json`` records what a careful reader extracts from its document
(``NAME.txt`` beside it, or the path in its ``document`` key). This module finds and loads them, offers
the ``plan`` fixture (each gold file in turn; a test module binds it with ``plan = gold_plans.plan``),
the units a target may be in, and the portfolio figures of a gold file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PLANS = Path(__file__).parents[2] / "fixtures" / "plans"
GOLD_FILES = sorted(PLANS.glob("*.gold.json"))

UNITS = {
    # unit -> what may follow the number (and its multiplier) in the printed figure
    "PERSON": {"", "人"},
    "KW": {"千瓦"},
    "KWH": {"千瓦时"},
    "TONNE": {"吨"},
    "JIN": {"斤"},
    "CNY": {"元"},
    "USD": {"美元"},
    "PERCENT": {"%"},
    "PERCENTAGE_POINT": {"个百分点"},
    "DAY": {"天"},
    "ENTERPRISE": {"家"},
    "VEHICLE": {"辆"},
    "ITEM": {"个", "项", "件", "处", "颗", "所", "张", "列", "条", "场", "场次", "例", "家"},
    "HECTARE": {"公顷"},
    "M2": {"平方米"},
    "KM": {"公里"},
}


@dataclass
class Plan:
    """A gold file with its document's text."""

    name: str
    gold: dict
    text: str
    is_seed: bool


def load(path: Path) -> Plan:
    """Read a gold file and the document it annotates."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    stem = path.name[: -len(".gold.json")]
    doc = ROOT / gold["document"] if "document" in gold else path.with_name(stem + ".txt")
    return Plan(path.name, gold, doc.read_text(encoding="utf-8"), "document" in gold)


@pytest.fixture(scope="module", params=GOLD_FILES, ids=lambda p: p.name[: -len(".gold.json")])
def plan(request) -> Plan:
    """Each gold file in turn, with its document."""
    return load(request.param)


def portfolio_figures(gold: dict):
    """Every portfolio and portfolio part of a gold file."""
    for p in gold["portfolios"]:
        yield p
        yield from p["parts"]
