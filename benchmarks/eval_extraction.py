"""Print how well extraction reads real published texts, scored against their blind gold.

    python benchmarks/eval_extraction.py              # the development two thirds of ../shared/real-corpus
    python benchmarks/eval_extraction.py --held-out   # the held-out third: run once, at the end of a round
    python benchmarks/eval_extraction.py --plans      # the project's own gold plans (regression only)
    python benchmarks/eval_extraction.py a-03 b-12    # some development texts

Each real text is built as `policykg build` builds it (without the shapes check) and scored by the shared
scorer (../shared/scoring/score_extraction.py, the figures behind the goals); one row per document, then
the mean over documents of each figure (a figure the document's gold has nothing for is left out).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

from policykg.graph_builder.build import build_graph
from policykg.graph_builder.documents import read_document
from policykg.graph_builder.pipeline.extract import extract_plan

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from evaluate import evaluate  # noqa: E402  (tests/evaluate.py scores the project's own gold plans)
from real_corpus import RealText, real_texts, score_graph  # noqa: E402

BASE = "https://example.org/kg/"
PLANS = ROOT / "tests" / "fixtures" / "plans"
COLUMNS = {
    "institution_recall": "inst",
    "institution_precision": "prec",
    "institution_type_acc": "type",
    "institution_en_match": "en",
    "project_recall": "proj",
    "place_recall": "place",
    "portfolio_total_recall": "ptot",
    "portfolio_part_recall": "ppart",
    "target_recall": "targ",
    "target_year_acc": "year",
}


def score_text(text: RealText, workdir: Path) -> tuple[dict, int]:
    """Build one text, score it with the shared scorer; return its figures and its audit's finding count."""
    built = build_graph([read_document(text.text_path)], BASE)
    graph_file = workdir / f"{text.key}.nt"
    graph_file.write_bytes(built.ntriples)
    figures = score_graph([graph_file], text.gold_path, workdir / f"{text.key}.json")
    return figures, len(built.findings)


def cell(value: float | None) -> str:
    """A figure as a percentage, or a dash where the gold has nothing of its kind."""
    return f"{value:>6.0%}" if value is not None else f"{'-':>6}"


def report_real(texts: list[RealText], title: str) -> None:
    """Score each text and print a row per document and the means."""
    rows: list[dict] = []
    print(f"\n{title}: {len(texts)} documents")
    print(f"{'doc':<6}" + "".join(f"{c:>6}" for c in COLUMNS.values()) + f"{'finds':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for text in texts:
            figures, findings = score_text(text, Path(tmp))
            rows.append(figures)
            print(f"{text.key:<6}" + "".join(cell(figures.get(k)) for k in COLUMNS) + f"{findings:>7}")
    means = {}
    for key in COLUMNS:
        values = [r[key] for r in rows if r.get(key) is not None]
        means[key] = statistics.fmean(values) if values else None
    print(f"{'mean':<6}" + "".join(cell(means[k]) for k in COLUMNS))


def report_plans(names: list[str]) -> None:
    """Score the project's own gold plans (written by the team: a regression check, not a judge)."""
    for gold_path in sorted(PLANS.glob("*.gold.json")):
        if names and not any(n in gold_path.name for n in names):
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        beside = gold_path.with_suffix("").with_suffix(".txt")
        document = ROOT / gold["document"] if "document" in gold else beside
        plan = extract_plan(read_document(document).text)
        print(f"\n{gold_path.name}")
        print(f"  {'kind':<28}{'recall':>14}{'precision':>16}")
        for s in evaluate(plan, gold):
            recall = f"{s.found:>4}/{s.gold:<4}{s.recall:>6.0%}"
            print(f"  {s.kind:<28}{recall}{s.correct:>6}/{s.extracted:<4}{s.precision:>6.0%}")


def main() -> None:
    """Parse the arguments and print the chosen report."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("keys", nargs="*", help="short names of development texts (a-03) or plan names")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--held-out", action="store_true", help="score the held-out third (once per round)")
    group.add_argument("--plans", action="store_true", help="score the project's own gold plans")
    args = parser.parse_args()
    if args.plans:
        report_plans(args.keys)
    elif args.held_out:
        report_real(real_texts("held-out"), "held-out real texts")
    else:
        texts = [t for t in real_texts("dev") if not args.keys or t.key in args.keys]
        report_real(texts, "development real texts")


if __name__ == "__main__":
    main()
