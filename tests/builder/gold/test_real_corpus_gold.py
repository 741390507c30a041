"""The blind gold of the real corpus is well made: every name occurs in its text, every figure is a number
printed there, the fields are the scorer's, and a perfect extraction of it scores every threshold.

These checks read the gold and the texts only, never the extractor's output (the held-out third included).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from real_corpus import SCORING_DIR, corpus_dir, held_out_keys, real_texts, run_script, score_graph

pytestmark = pytest.mark.skipif(
    not corpus_dir().is_dir(), reason=f"the real corpus is not at {corpus_dir()} (set POLICYKG_REAL_CORPUS)"
)

TYPES = {"Institution", "Laboratory", "Hospital", "IndustrialPark"}
COMPARATORS = {"atLeast", "atMost", "about", "equal", "reduceBy", "increaseBy", "range"}
ALL = real_texts("all")


def test_every_text_has_gold_and_a_third_is_held_out() -> None:
    texts = sorted(p.stem for p in corpus_dir().glob("*.txt"))
    assert [t.text_path.stem for t in ALL] == texts
    assert held_out_keys() <= {t.key for t in ALL}
    assert len(held_out_keys()) * 3 == len(ALL)


@pytest.mark.parametrize("text", ALL, ids=lambda t: t.key)
def test_names_and_metrics_occur_in_the_text(text) -> None:
    body = text.text_path.read_text(encoding="utf-8")
    gold = text.gold
    missing = [
        z for kind in ("institutions", "projects") for e in gold[kind] for z in e["zh"] if z not in body
    ]
    missing += [p for p in gold["places"] if p not in body]
    missing += [t["zh"] for t in gold["targets"] if not metric_printed(t["zh"], str(t["raw"]), body)]
    assert missing == []


def metric_printed(metric: str, raw: str, body: str) -> bool:
    """The metric's words occur as printed, or around its figure (新增 … 3座 … 加油站)."""
    if metric in body:
        return True
    around = r"[^。；，]{0,4}?" + re.escape(raw) + r"[^。；，]{0,3}?"
    splits = ((metric[:i], metric[i:]) for i in range(1, len(metric)))
    return any(re.search(re.escape(a) + around + re.escape(b), body) for a, b in splits)


@pytest.mark.parametrize("text", ALL, ids=lambda t: t.key)
def test_fields_are_the_scorers(text) -> None:
    gold = text.gold
    assert {e["type"] for e in gold["institutions"]} <= TYPES
    assert all(e["en"] and e["zh"] for e in gold["institutions"] + gold["projects"])
    assert {t["cmp"] for t in gold["targets"]} <= COMPARATORS
    for portfolio in gold["portfolios"]:
        assert isinstance(portfolio["consistent"], bool)
        for part in ("continuing", "new2023", "reserve"):
            assert portfolio[part] is None or len(portfolio[part]) == 2


@pytest.mark.parametrize("text", ALL, ids=lambda t: t.key)
def test_target_figures_are_printed(text) -> None:
    body = unicodedata.normalize("NFKC", text.text_path.read_text(encoding="utf-8"))
    gold = text.gold
    for target in gold["targets"]:
        raw = str(target["raw"])
        Decimal(raw)  # the scorer reads it as a decimal
        assert raw in body or raw in gold.get("note", ""), raw


@pytest.mark.skipif(not SCORING_DIR.is_dir(), reason=f"the shared scorer is not at {SCORING_DIR}")
@pytest.mark.parametrize("text", ALL, ids=lambda t: t.key)
def test_a_perfect_extraction_holds_every_threshold(text, tmp_path: Path) -> None:
    oracle = tmp_path / "oracle.ttl"
    run_script("oracle_graph.py", [str(text.gold_path), str(oracle)])
    figures = score_graph([oracle], text.gold_path, tmp_path / "figures.json")
    short = {
        k: v for k, v in figures.items() if k.endswith(("recall", "acc", "match")) and v is not None and v < 1
    }
    assert short == {}
