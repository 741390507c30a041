"""Benchmark the build: the seed's cold build, and throughput over a corpus beside plain jieba.

Usage: python benchmarks/bench_build.py [-n 40] [--real]

Prints, from one run on the same texts:
- the seed's cold build time (a fresh `policykg build` process: Python, spaCy and jieba start-up,
  extraction, RDF and writing three formats);
- `policykg build --no-validate` over a generated corpus of N documents (start-up included), in
  characters per second, and the same with the SHACL shapes checked (pySHACL's share shown apart);
- plain jieba segmentation of the same texts (dictionary load included), in characters per second;
- the ratio of the two (goal: the build at least half as fast as jieba);
- the incremental rebuild after one document changed (the others taken from the build's cache), as a
  share of the full build (goal: at most a tenth), and the peak memory of each build process.

``--real`` builds copies of the 30 development real texts (tests/real_corpus.py) instead of a
generated corpus; nothing of them is printed but the figures.
"""

from __future__ import annotations

import argparse
import resource
import shutil
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
    return timed_output(command)[0]


def timed_output(command: list[str]) -> tuple[float, str]:
    """Run a command and return its wall-clock time and what it printed, failing loudly if it fails."""
    start = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return time.perf_counter() - start, done.stdout


def peak_mib() -> float:
    """The largest resident memory of any child process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def make_corpus(folder: Path, n: int, real: bool) -> list[Path]:
    """Write the corpus to ``folder``: n generated documents, or copies of the development real texts."""
    if real:
        sys.path.insert(0, str(ROOT / "tests"))
        from real_corpus import real_texts

        folder.mkdir()
        for text in real_texts("dev"):
            shutil.copy(text.text_path, folder)
    else:
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "make_corpus.py"), str(folder), "-n", str(n)],
            check=True,
            capture_output=True,
        )
    return sorted(folder.glob("*.txt"))


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=40, help="documents in the corpus (default 40)")
    parser.add_argument("--real", action="store_true", help="the 30 development real texts instead")
    args = parser.parse_args()
    seed = sorted((ROOT / "data" / "documents").glob("*.txt"))[0]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cold = timed(["policykg", "build", str(seed), "-o", str(tmp / "seed")])
        print(f"seed cold build ({seed.stat().st_size:,} bytes): {cold:.2f} s")
        documents = make_corpus(tmp / "corpus", args.n, args.real)
        characters = sum(len(p.read_text(encoding="utf-8")) for p in documents)
        command = ["policykg", "build", *map(str, documents)]
        build = timed([*command, "--no-validate", "--no-cache", "-o", str(tmp / "b1")])
        checked = timed([*command, "--no-cache", "-o", str(tmp / "b2")])
        full_peak = peak_mib()
        with documents[0].open("a", encoding="utf-8") as stream:
            stream.write("\n")
        incremental, printed = timed_output([*command, "-o", str(tmp / "b2")])
        reused = next((line for line in printed.splitlines() if line.startswith("built ")), "")
        incremental_peak = peak_mib()
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
        print(
            f"  rebuild after one document changed: {incremental:.2f} s, "
            f"{incremental / checked:.2f} of the full build (goal <= 0.10); {reused}"
        )
        print(f"  peak memory of a build process: {full_peak:,.0f} MiB (full builds)", end="")
        if incremental_peak > full_peak:
            print(f", {incremental_peak:,.0f} MiB (incremental)", end="")
        print()


if __name__ == "__main__":
    main()
