"""Score the English labeller alone on the development gold, independent of extraction recall.

Usage: python benchmarks/eval_english_labels.py [--show CLASS|all] [--misses] [KEY ...]

Every development gold institution and project is labelled from its first zh form, with the gold
``class`` as the entity class (projects as Project), and its label is compared with the gold ``en`` by
the shared scorer's measure: Jaccard similarity of words (lowercased; of/the/and/for/in/a/an dropped)
at least 0.5. Prints the share per class and in total. Only the development texts are read: the
held-out gold is never opened.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policykg.graph_builder.english.labels import english_label  # noqa: E402
from tests.real_corpus import real_texts  # noqa: E402

_STOP = {"of", "the", "and", "for", "in", "a", "an"}


def jaccard(a: str, b: str) -> float:
    """The shared scorer's word Jaccard similarity."""
    ta = {w for w in re.findall(r"[a-z0-9']+", a.lower()) if w not in _STOP}
    tb = {w for w in re.findall(r"[a-z0-9']+", b.lower()) if w not in _STOP}
    return len(ta & tb) / max(1, len(ta | tb))


def main() -> None:
    """Print the share of good labels per class."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("keys", nargs="*", help="development text keys (a-03 ...); default all")
    parser.add_argument("--show", help="print the labels of this class (or 'all')")
    parser.add_argument("--misses", action="store_true", help="with --show, print only the misses")
    args = parser.parse_args()
    texts = [t for t in real_texts("dev") if not args.keys or t.key in args.keys]
    good: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    for text in texts:
        gold = text.gold
        items = [(e, e.get("class") or e.get("type") or "Institution") for e in gold.get("institutions", [])]
        items += [(e, "Project") for e in gold.get("projects", [])]
        for entry, cls in items:
            if not entry.get("zh") or not entry.get("en"):
                continue
            label = english_label(entry["zh"][0], cls)
            score = jaccard(label, entry["en"])
            group = "Project" if cls == "Project" else cls
            total[group] += 1
            good[group] += score >= 0.5
            if args.show in (group, "all") and not (args.misses and score >= 0.5):
                print(f"{text.key} {score:.2f} {entry['zh'][0]} | {label} | {entry['en']}")
    institutions = [c for c in total if c != "Project"]
    print(f"{'class':20} {'n':>4} {'share':>6}")
    for cls in sorted(total, key=lambda c: -total[c]):
        print(f"{cls:20} {total[cls]:4} {good[cls] / total[cls]:6.2f}")
    n = sum(total[c] for c in institutions)
    if n:
        print(f"{'ALL institutions':20} {n:4} {sum(good[c] for c in institutions) / n:6.2f}")
    if total["Project"]:
        print(f"{'ALL projects':20} {total['Project']:4} {good['Project'] / total['Project']:6.2f}")


if __name__ == "__main__":
    main()
