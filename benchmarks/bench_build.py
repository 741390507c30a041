"""Benchmark the build: throughput over corpora of 30 and 900 documents beside plain jieba, memory, rebuilds.

Usage: python benchmarks/bench_build.py [--sizes 30,900] [--length 4000 7000] [--real]

Prints, from one run, for each corpus size (generated documents of the genre, benchmarks/make_corpus.py,
about 5,500 characters each by default, so 900 documents hold about five million characters):
- `policykg build` with the default checks (start-up included), in characters per second, and the
  same with `--no-validate`;
- plain jieba segmentation of the same texts in one process (dictionary load included);
- the ratio of the two (goal: the build at least half as fast as jieba);
- the peak resident memory of the largest build process (goal: under 1 GiB at 900 documents, flat);
- the rebuild after one document changed (the others' records taken from the build's cache), as a
  share of the full build (goal: at most a tenth).

``--real`` builds copies of the 30 development real texts (tests/real_corpus.py) instead of a generated
corpus; nothing of them is printed but the figures.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
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


PEAK = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(done.returncode, seconds, peak)
sys.stdout.write(done.stdout)
sys.stderr.write(done.stderr)
"""


def timed_output(command: list[str]) -> tuple[float, float, str]:
    """Run a command; return its wall time, the peak memory (MiB) of its largest process, its output."""
    done = subprocess.run([sys.executable, "-c", PEAK, *command], capture_output=True, text=True, check=True)
    first, _, output = done.stdout.partition("\n")
    code, seconds, peak = first.split()
    if int(code) not in (0, 3):
        raise SystemExit(f"{' '.join(command[:3])} failed:\n{done.stderr[-2000:]}")
    return float(seconds), float(peak), output


def make_corpus(folder: Path, n: int, real: bool, length: tuple[int, int]) -> list[Path]:
    """Write the corpus to ``folder``: n generated documents, or copies of the development real texts."""
    if real:
        sys.path.insert(0, str(ROOT / "tests"))
        from real_corpus import real_texts

        folder.mkdir()
        for text in real_texts("dev"):
            shutil.copy(text.text_path, folder)
    else:
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "benchmarks" / "make_corpus.py"),
                str(folder),
                "-n",
                str(n),
                "--length",
            ]
            + [str(x) for x in length],
            check=True,
            capture_output=True,
        )
    return sorted(folder.glob("*.txt"))


def bench(tmp: Path, n: int, real: bool, length: tuple[int, int]) -> None:
    """Build a corpus of ``n`` documents every way and print the figures."""
    documents = make_corpus(tmp / f"corpus-{n}", n, real, length)
    characters = sum(len(p.read_text(encoding="utf-8")) for p in documents)
    command = ["policykg", "build", *map(str, documents)]
    quick, quick_peak, _ = timed_output([*command, "--no-validate", "--no-cache", "-o", str(tmp / f"q{n}")])
    checked, peak, _ = timed_output([*command, "--no-cache", "-o", str(tmp / f"b{n}")])
    with documents[0].open("a", encoding="utf-8") as stream:
        # A sentence of the genre written for this benchmark: the document's text and records change.
        stream.write("\n本方案由市发展改革委负责解释，自印发之日起施行。\n")
    rebuild, rebuild_peak, printed = timed_output([*command, "-o", str(tmp / f"b{n}")])
    reused = next((line for line in printed.splitlines() if line.startswith("built ")), "")
    output = subprocess.run(
        [sys.executable, "-c", JIEBA, *map(str, documents)], check=True, capture_output=True, text=True
    )
    segment = float(output.stdout.strip())
    print(f"corpus: {len(documents)} documents, {characters:,} characters")
    for name, seconds in (
        ("policykg build, default checks (start-up included)", checked),
        ("policykg build --no-validate", quick),
        ("jieba segmentation (load included)", segment),
    ):
        print(f"  {name:<52}{seconds:8.2f} s {characters / seconds:>10,.0f} chars/s")
    print(
        f"  build speed / jieba speed: {segment / checked:.2f} with the checks,"
        f" {segment / quick:.2f} without (goal >= 0.5)"
    )
    print(
        f"  peak memory of the largest build process: {peak:,.0f} MiB (checks),"
        f" {quick_peak:,.0f} MiB (no checks)"
    )
    print(
        f"  rebuild after one document changed: {rebuild:.2f} s, {rebuild / checked:.2f} of the full build"
        f" (goal <= 0.10), peak {rebuild_peak:,.0f} MiB; {reused}"
    )


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="30,900", help="corpus sizes, comma-separated (default 30,900)")
    parser.add_argument("--length", type=int, nargs=2, default=(4000, 7000), metavar=("MIN", "MAX"))
    parser.add_argument("--real", action="store_true", help="the 30 development real texts instead")
    args = parser.parse_args()
    seed = sorted((ROOT / "data" / "documents").glob("*.txt"))[0]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cold, _, _ = timed_output(["policykg", "build", str(seed), "-o", str(tmp / "seed")])
        print(f"seed cold build ({seed.stat().st_size:,} bytes): {cold:.2f} s")
        for n in [30] if args.real else [int(x) for x in args.sizes.split(",")]:
            bench(tmp, n, args.real, tuple(args.length))


if __name__ == "__main__":
    main()
