"""Benchmark the build: the seed's cold build, and throughput over a corpus beside plain jieba.

Usage: python benchmarks/bench_build.py [-n 40]

Prints, from one run on the same texts:
- the seed's cold build time (a fresh `policykg build` process: Python, spaCy and jieba start-up,
  extraction, RDF and writing three formats);
- `policykg build --no-validate` over a generated corpus of N documents (start-up included), in
  characters per second, and the same with the SHACL shapes checked (pySHACL's share shown apart);
- plain jieba segmentation of the same texts (dictionary load included), in characters per second;
- the ratio of the two (goal: the build at least half as fast as jieba).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

JIEBA = """
import sys, time, logging, jieba
jieba.setLogLevel(logging.WARNING)
texts = [open(p, encoding="utf-8").read() for p in sys.argv[1:]]
start = time.perf_counter()
jieba.initialize()
for text in texts:
    jieba.lcut(text)
print(time.perf_counter() - start)
"""


def timed(command: list[str]) -> float:
    """Run a command and return its wall-clock time, failing loudly if it fails."""
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=40, help="documents in the corpus (default 40)")
    args = parser.parse_args()
    seed = sorted((ROOT / "data" / "documents").glob("*.txt"))[0]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cold = timed(["policykg", "build", str(seed), "-o", str(tmp / "seed")])
        print(f"seed cold build ({seed.stat().st_size:,} bytes): {cold:.2f} s")
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "benchmarks" / "make_corpus.py"),
                str(tmp / "corpus"),
                "-n",
                str(args.n),
            ],
            check=True,
            capture_output=True,
        )
        documents = sorted((tmp / "corpus").glob("*.txt"))
        characters = sum(len(p.read_text(encoding="utf-8")) for p in documents)
        build = timed(["policykg", "build", "--no-validate", *map(str, documents), "-o", str(tmp / "b1")])
        checked = timed(["policykg", "build", *map(str, documents), "-o", str(tmp / "b2")])
        output = subprocess.run(
            [sys.executable, "-c", JIEBA, *map(str, documents)], check=True, capture_output=True, text=True
        )
        segment = float(output.stdout.strip())
        print(f"corpus: {len(documents)} documents, {characters:,} characters")
        for name, seconds in (
            ("policykg build --no-validate (start-up included)", build),
            ("policykg build, SHACL shapes checked too", checked),
            ("jieba segmentation (load included)", segment),
        ):
            print(f"  {name:<50}{seconds:8.2f} s {characters / seconds:>10,.0f} chars/s")
        ratios = f"{segment / build:.2f} without SHACL, {segment / checked:.2f} with"
        print(f"  build speed / jieba speed: {ratios} (goal >= 0.5)")


if __name__ == "__main__":
    main()
