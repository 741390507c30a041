"""Print how well extraction matches the hand-written gold of every test plan (recall and precision)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from policykg.graph_builder.documents import read_document
from policykg.graph_builder.pipeline.extract import extract_plan

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from evaluate import evaluate  # noqa: E402  (tests/evaluate.py scores extraction against gold files)

PLANS = ROOT / "tests" / "fixtures" / "plans"


def document_of(gold_path: Path, gold: dict) -> Path:
    """Return the document a gold file annotates."""
    return (
        ROOT / gold["document"]
        if "document" in gold
        else gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
    )


def main(names: list[str]) -> None:
    """Score each gold file (or those named) and print one table per document."""
    for gold_path in sorted(PLANS.glob("*.gold.json")):
        if names and not any(n in gold_path.name for n in names):
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        plan = extract_plan(read_document(document_of(gold_path, gold)).text)
        print(f"\n{gold_path.name}")
        print(f"  {'kind':<28}{'recall':>14}{'precision':>16}")
        for s in evaluate(plan, gold):
            recall = f"{s.found:>4}/{s.gold:<4}{s.recall:>6.0%}"
            print(f"  {s.kind:<28}{recall}{s.correct:>6}/{s.extracted:<4}{s.precision:>6.0%}")


if __name__ == "__main__":
    main(sys.argv[1:])
