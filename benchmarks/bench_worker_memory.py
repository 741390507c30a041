"""Print the resident memory of a `policykg serve` worker on the bundled plan, after it served every route.

Builds the bundled plan into a temporary directory, starts `policykg serve --workers 1` on a free
loopback port, sends one request of each family (SPARQL, entity page, API search, stats, named query,
findings, VoID, viewer, graph analytics), then reads the worker's VmRSS and VmHWM from /proc. Also
prints which of the builder's heavy libraries the server process tree would load, by importing the app
factory in a fresh interpreter.

    python benchmarks/bench_worker_memory.py [--build-dir DIR] [--rounds 3]
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

PATHS = (
    "/sparql?query=SELECT%20%3Fs%20WHERE%20%7B%20%3Fs%20a%20%3Fc%20%7D%20LIMIT%2050",
    "/api/search?q=jinan",
    "/api/search?q=%E5%AE%9E%E9%AA%8C%E5%AE%A4",
    "/api/stats",
    "/api/queries/plan-outline",
    "/api/findings",
    "/void",
    "/viewer",
    "/api/graph/central",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, accept: str = "application/json") -> int:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float = 180) -> None:
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
    children = Path(f"/proc/{pid}/task/{pid}/children")
    found = [int(c) for c in children.read_text().split()] if children.exists() else []
    return found + [d for child in found for d in descendants(child)]


def memory_kb(pid: int) -> dict[str, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0])
    return fields


def worker_memory(build_dir: Path) -> dict[str, int]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "policykg", "serve", "--build-dir", str(build_dir)]
    command += ["--port", str(port), "--workers", "1", "--threads", "2"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(url, process)
        key = json.loads(urllib.request.urlopen(url + "/api/search?q=shiyanshi", timeout=60).read())
        base = "https://w3id.org/policykg/"
        pages = [hit["iri"].replace(base, "/", 1) for hit in key.get("results", [])][:3]
        for path in (*PATHS, *pages):
            fetch(
                url + quote(path, safe="/?=&%"),
                accept="text/html" if path.startswith(("/id/", "/viewer")) else "application/json",
            )
        time.sleep(1)
        workers = [
            pid for pid in descendants(process.pid) if "python" in Path(f"/proc/{pid}/comm").read_text()
        ]
        if not workers:
            raise SystemExit("no worker process found")
        return max((memory_kb(pid) for pid in workers), key=lambda m: m["VmRSS"])
    finally:
        process.terminate()
        process.wait(timeout=30)


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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        build_dir = args.build_dir or Path(scratch) / "build"
        if args.build_dir is None:
            subprocess.run(
                [sys.executable, "-m", "policykg", "build", "-o", str(build_dir)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        figures = [worker_memory(build_dir) for _ in range(args.rounds)]
    rss = [f["VmRSS"] / 1024 for f in figures]
    peak = [f["VmHWM"] / 1024 for f in figures]
    print(f"worker resident memory after every route family, {args.rounds} starts:")
    print(f"  VmRSS median {statistics.median(rss):.1f} MB (min {min(rss):.1f}, max {max(rss):.1f})")
    print(f"  VmHWM median {statistics.median(peak):.1f} MB (min {min(peak):.1f}, max {max(peak):.1f})")
    print(f"  heavy modules loaded by making the app: {' '.join(heavy_modules()) or 'none'}")


if __name__ == "__main__":
    main()
