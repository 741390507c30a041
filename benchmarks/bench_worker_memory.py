"""Print the resident memory of a `policykg serve` worker, after it served every route.

Builds the bundled plan (or, with ``--triples``, writes a synthetic graph of that size with
``benchmarks/synthetic_graph.py``) into a temporary directory, starts `policykg serve --workers 1` on
a free loopback port, sends one request of each family (SPARQL, entity page, API search, stats, named
query, findings, VoID, viewer, graph analytics), then reads the worker's VmRSS and VmHWM from /proc,
and VmRSS split into private memory (RssAnon) and pages of files mapped from the page cache that
every process shares (RssFile: libraries, the search index). Also prints which of the builder's heavy
libraries the server process tree would load, by importing the app factory in a fresh interpreter.

    python benchmarks/bench_worker_memory.py [--build-dir DIR] [--rounds 3]
    python benchmarks/bench_worker_memory.py --triples 1000000
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).parent))

import synthetic_graph

PATHS = (
    "/sparql?query=SELECT%20%3Fs%20WHERE%20%7B%20%3Fs%20a%20%3Fc%20%7D%20LIMIT%2050",
    "/api/search?q=jinan",
    "/api/search?q=%E5%AE%9E%E9%AA%8C%E5%AE%A4",
    "/api/stats",
    "/api/queries/plan-outline",
    "/api/findings",
    "/void",
)
#: The viewer and its analytics, which hold the whole network of the graph in the worker: measured apart.
NETWORK_PATHS = ("/viewer", "/api/graph/central")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, accept: str = "application/json") -> int:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=900) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float = 900) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"policykg serve exited with {process.returncode}")
        try:
            fetch(url + "/api/stats")
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("policykg serve did not answer in time")


def descendants(pid: int) -> list[int]:
    """Every process started by ``pid`` or its descendants, from any of their threads."""
    found = []
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(c) for c in children.read_text().split()]
        except OSError:  # the thread ended meanwhile
            continue
    return found + [d for child in found for d in descendants(child)]


def memory_kb(pid: int) -> dict[str, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
            fields[key] = int(value.split()[0])
    return fields


def worker_memory(build_dir: Path, network: bool) -> list[dict[str, int]]:
    """Return the worker's memory after the routes but the viewer's, then (``network``) after those too."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "policykg", "serve", "--build-dir", str(build_dir)]
    command += ["--port", str(port), "--workers", "1", "--threads", "2"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def snapshot() -> dict[str, int]:
        time.sleep(1)
        # The worker, not its query processes (python -m policykg.server.store.query_process), which are
        # reported apart.
        python = [
            pid for pid in descendants(process.pid) if "python" in Path(f"/proc/{pid}/comm").read_text()
        ]
        querying = [pid for pid in python if b"query_process" in Path(f"/proc/{pid}/cmdline").read_bytes()]
        workers = [pid for pid in python if pid not in querying]
        if not workers:
            raise SystemExit("no worker process found")
        figures = max((memory_kb(pid) for pid in workers), key=lambda m: m["VmRSS"])
        processes = [memory_kb(pid)["VmRSS"] for pid in querying]
        figures["QueryProcesses"] = len(processes)
        figures["QueryProcessRSS"] = max(processes, default=0)
        return figures

    def visit(paths: tuple[str, ...]) -> list[int]:
        return [
            fetch(
                url + quote(path, safe="/?=&%"),
                accept="text/html" if path.startswith(("/id/", "/viewer")) else "application/json",
            )
            for path in paths
        ]

    try:
        wait_until_up(url, process)
        key = json.loads(urllib.request.urlopen(url + "/api/search?q=shiyanshi", timeout=900).read())
        base = "https://w3id.org/policykg/"
        pages = [hit["iri"].replace(base, "/", 1) for hit in key.get("results", [])][:3]
        visit((*PATHS, *pages))
        figures = [snapshot()]
        if network:
            statuses = visit(NETWORK_PATHS)
            # 503: the store holds more entities than POLICYKG_VIEWER_MAX_NODES, so none were fetched.
            print(f"  network routes answered {', '.join(map(str, statuses))}")
            figures.append(snapshot())
        return figures
    finally:
        process.terminate()
        process.wait(timeout=30)


def summary(title: str, figures: list[dict[str, int]]) -> None:
    """Print the medians of a list of memory figures."""
    rss = [f["VmRSS"] / 1024 for f in figures]
    peak = [f["VmHWM"] / 1024 for f in figures]
    print(f"{title}, {len(figures)} starts:")
    print(f"  VmRSS median {statistics.median(rss):.1f} MB (min {min(rss):.1f}, max {max(rss):.1f})")
    print(f"  VmHWM median {statistics.median(peak):.1f} MB (min {min(peak):.1f}, max {max(peak):.1f})")
    if all("RssAnon" in f for f in figures):
        anon = statistics.median(f["RssAnon"] / 1024 for f in figures)
        shared = statistics.median(f["RssFile"] / 1024 for f in figures)
        print(f"  of VmRSS: private (RssAnon) {anon:.1f} MB, shared file pages (RssFile) {shared:.1f} MB")
    count = statistics.median(f["QueryProcesses"] for f in figures)
    largest = statistics.median(f["QueryProcessRSS"] / 1024 for f in figures)
    print(f"  beside it: {count:.0f} query processes, the largest {largest:.1f} MB resident")


def heavy_modules() -> list[str]:
    code = (
        "import sys\ntry:  # before the sub-packages\n    from policykg.server import create_app\n"
        "except ImportError:\n    from policykg.server.app import create_app\n"
        "import tempfile\ncreate_app({'POLICYKG_STORE': tempfile.mkdtemp()})\n"
        "print(' '.join(sorted(m for m in ('spacy', 'jieba', 'pypinyin', 'cn2an', 'policykg.graph_builder')"
        " if m in sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return (
        result.stdout.split()
        if result.returncode == 0
        else [f"(app factory not importable: {result.stderr[-200:]})"]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", type=Path, help="an existing build (default: build the bundled plan)")
    parser.add_argument("--rounds", type=int, default=3, help="server starts to measure")
    parser.add_argument("--triples", type=int, help="serve a synthetic graph of about this many triples")
    parser.add_argument(
        "--no-network", action="store_true", help="skip the viewer and its analytics (slow on large graphs)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        build_dir = args.build_dir or Path(scratch) / "build"
        if args.triples:
            build_dir.mkdir(parents=True, exist_ok=True)
            written = synthetic_graph.write(build_dir / "graph.nt", args.triples)
            print(f"serving a synthetic graph of {written:,} triples")
        elif args.build_dir is None:
            subprocess.run(
                [sys.executable, "-m", "policykg", "build", "-o", str(build_dir)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        runs = [worker_memory(build_dir, not args.no_network) for _ in range(args.rounds)]
    summary("worker resident memory after every route family but the viewer's network", [r[0] for r in runs])
    if not args.no_network:
        summary(
            "... and after the viewer and its analytics (/viewer, /api/graph/central)", [r[1] for r in runs]
        )
    print(f"  heavy modules loaded by making the app: {' '.join(heavy_modules()) or 'none'}")


if __name__ == "__main__":
    main()
