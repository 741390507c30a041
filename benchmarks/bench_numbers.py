"""Print the throughput of the number grammar over the bundled plans repeated to about 1 MB.

Run: ``python benchmarks/bench_numbers.py [--size CHARS] [--repeat N]``. It prints characters per second
for ``find_quantities`` and ``find_years``, and for plain jieba segmentation of the same text as the
yardstick (the builder as a whole should run at a large fraction of jieba's speed).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from policykg.data import bundled_documents
from policykg.graph_builder.text.numbers import find_quantities, find_years


def corpus(size: int) -> list[str]:
    """Return the bundled documents' paragraphs, repeated until they hold about size characters."""
    paragraphs = [
        p for path in bundled_documents() for p in path.read_text(encoding="utf-8").split("\n") if p.strip()
    ]
    if not paragraphs:
        raise SystemExit("no bundled documents to measure")
    total = sum(map(len, paragraphs))
    return paragraphs * max(1, round(size / total))


def best_time(function: Callable[[str], object], texts: list[str], repeat: int) -> float:
    """Return the best wall-clock time, in seconds, of running function over every text."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            function(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    """Measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="characters to process (default 1e6)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best counts")
    args = parser.parse_args()

    texts = corpus(args.size)
    chars = sum(map(len, texts))
    found = sum(len(find_quantities(t)) for t in texts)
    print(f"corpus: {chars:,} characters in {len(texts):,} paragraphs; {found:,} quantities")
    rows = [
        ("find_quantities", best_time(find_quantities, texts, args.repeat)),
        ("find_years", best_time(find_years, texts, args.repeat)),
    ]
    try:
        import jieba
    except ImportError:
        print("jieba is not installed: no yardstick")
    else:
        jieba.setLogLevel(60)
        jieba.initialize()
        rows.append(("jieba.lcut (yardstick)", best_time(jieba.lcut, texts, 1)))
    for name, seconds in rows:
        print(f"{name:<24} {chars / seconds:>12,.0f} chars/s  ({seconds:.3f} s)")


if __name__ == "__main__":
    main()
