"""Time and profile extraction alone (text -> records, no RDF, no writing), beside plain jieba.

Usage: python benchmarks/profile_extraction.py [--profile] [--repeat N]

Runs ``extract_plan`` over the 30 development real texts (tests/real_corpus.py, never the held-out
ones), the bundled plan and the project's own plans (tests/fixtures/plans), each read as ``policykg
build`` reads it. Prints the start-up (imports, then the first pipeline made), the extraction rate in
characters per second (start-up excluded and included) and plain jieba's rate on the same texts in a
fresh process (``jieba.initialize()`` then ``jieba.lcut``), each by the wall clock and by CPU time (the
steadier figure on a shared machine). ``--profile`` adds cProfile's top 30
functions by cumulative and by own time over the extraction pass. Nothing of the texts is printed.
"""

from __future__ import annotations

import time

_T0 = time.perf_counter()
_C0 = time.process_time()

import argparse  # noqa: E402
import cProfile  # noqa: E402
import pstats  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "tests" / "fixtures" / "plans"

JIEBA = """
import sys, time, logging
clock = time.perf_counter if sys.argv[1] == "wall" else time.process_time
start = clock()
import jieba
jieba.setLogLevel(logging.WARNING)
jieba.initialize()
loaded = clock()
texts = [open(p, encoding="utf-8").read() for p in sys.argv[2:]]
begin = clock()
for text in texts:
    jieba.lcut(text)
print(loaded - start, clock() - begin)
"""


def text_paths() -> list[Path]:
    """The development real texts, the bundled plan and the project's own plans."""
    sys.path.insert(0, str(ROOT / "tests"))
    from real_corpus import real_texts

    from policykg.data import bundled_documents

    real = [t.text_path for t in real_texts("dev") if not t.held_out]
    return [*real, *bundled_documents(), *sorted(PLANS.glob("*.txt"))]


def jieba_figures(paths: list[Path], clock: str) -> tuple[float, float]:
    """Plain jieba in a fresh process: (import and dictionary load, segmentation) in seconds of the
    ``clock`` ("wall" or "cpu")."""
    done = subprocess.run(
        [sys.executable, "-c", JIEBA, clock, *map(str, paths)], check=True, capture_output=True, text=True
    )
    load, segment = done.stdout.split()
    return float(load), float(segment)


def print_profile(profile: cProfile.Profile) -> None:
    """Print the top 30 functions by cumulative time, then by own time."""
    for order in ("cumulative", "tottime"):
        print(f"\n--- top 30 by {order} time ---")
        pstats.Stats(profile).strip_dirs().sort_stats(order).print_stats(30)


def main() -> None:
    """Time start-up and extraction, print the figures and, if asked, the profile."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", action="store_true", help="print cProfile's top 30 functions")
    parser.add_argument("--repeat", type=int, default=1, help="extraction passes to time (default 1)")
    args = parser.parse_args()

    from policykg.graph_builder.documents import read_document
    from policykg.graph_builder.pipeline.extract import extract_plan
    from policykg.graph_builder.pipeline.nlp import shared_nlp

    imported = (time.perf_counter(), time.process_time())
    shared_nlp()
    started = (time.perf_counter(), time.process_time())
    paths = text_paths()
    texts = [read_document(p).text for p in paths]
    characters = sum(map(len, texts))

    profile = cProfile.Profile() if args.profile else None
    first = None
    passes = []
    for _ in range(max(1, args.repeat)):
        begin = (time.perf_counter(), time.process_time())
        if profile:
            profile.enable()
        for text in texts:
            extract_plan(text)
            first = first or (time.perf_counter() - begin[0], time.process_time() - begin[1])
        if profile:
            profile.disable()
        passes.append((time.perf_counter() - begin[0], time.process_time() - begin[1]))

    print(f"texts: {len(texts)} ({characters:,} characters); seconds as wall clock / CPU of this process")
    for index, clock in enumerate(("wall", "cpu")):
        zero = (_T0, _C0)[index]
        startup = started[index] - zero
        print(f"\n[{clock}]")
        print(
            f"start-up: {startup:.2f} s (imports {imported[index] - zero:.2f} s, "
            f"pipeline {started[index] - imported[index]:.2f} s)"
        )
        print(f"first text's extraction (lazy tables loaded on first use): {first[index]:.2f} s")
        for number, seconds in enumerate(passes, start=1):
            rate = characters / seconds[index]
            print(f"extraction pass {number}: {seconds[index]:.2f} s, {rate:,.0f} chars/s")
        total = startup + passes[0][index]
        print(f"extraction with start-up: {total:.2f} s, {characters / total:,.0f} chars/s")
        load, segment = jieba_figures(paths, clock)
        print(
            f"plain jieba: load {load:.2f} s, segmentation {segment:.2f} s, "
            f"{characters / segment:,.0f} chars/s ({characters / (load + segment):,.0f} with load)"
        )
        print(f"extraction / jieba speed, start-up included: {(load + segment) / total:.3f}")
    if profile:
        print_profile(profile)


if __name__ == "__main__":
    main()
