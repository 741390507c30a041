"""Print how the server's limits hold under abuse: heavy queries cut at the time limit, and a huge result.

Starts `policykg serve` (read-only, two workers, a 2 s limit) on a small graph (the test suite's sample
graph, or --build-dir), then:

* sends twelve heavy queries at once (a three-way cross join counted): how each was answered, how long
  until the server's processes are idle again (CPU under 5 % of a core), and how fast a small query and a
  named query answer right after; also how small queries fared while the heavy ones ran;
* sends one query of 400 rows of about 400 KB each: the answer's status, size and cut, and how much the
  server's processes grew (peak resident memory, VmHWM, over the resident memory before);
* stops the server with SIGINT: seconds until it has exited, and whether any of its processes remain.

    python benchmarks/bench_limits.py [--build-dir DIR] [--workers 2] [--timeout 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from email.message import Message
from pathlib import Path

SAMPLE = Path(__file__).parents[1] / "tests" / "fixtures" / "sample_graph.ttl"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(?i != {n}) }}"
SMALL = "SELECT ?label WHERE {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }} LIMIT 3 # {n}"
# 400 rows, each a string doubled 12 times from 100 characters: about 400 KB a row, 160 MB in all.
_DOUBLINGS = " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(12))
HUGE = (
    "SELECT ?s12 WHERE { VALUES ?n { " + " ".join(str(n) for n in range(400)) + " } "
    f'BIND(CONCAT(STR(?n), "{"x" * 99}") AS ?s0) {_DOUBLINGS} }}'
)
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


Answer = tuple[int, Message, bytes, float]


def request(url: str, query: str | None = None, *, path: str = "/sparql") -> Answer:
    """Send a query by POST (or GET ``path``); return status, headers, body and seconds."""
    data = urllib.parse.urlencode({"query": query}).encode() if query is not None else None
    started = time.perf_counter()
    req = urllib.request.Request(url + path, data=data, headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(req, timeout=120) as response:
            body = response.read()
            return response.status, response.headers, body, time.perf_counter() - started
    except urllib.error.HTTPError as error:
        with error:
            body = error.read()
            return error.code, error.headers, body, time.perf_counter() - started


def descendants(root: int) -> list[int]:
    """Return the ids of ``root`` and all its descendants, from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


def state(pid: int) -> str:
    """Return a process's state letter (Z: exited, not yet reaped), or "" if it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return ""


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / TICKS


def memory_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[-60:]
    except OSError:
        return "?"


def seconds_until_idle(root: int, limit: float = 30) -> tuple[float, dict[int, float]]:
    """Return how long until the process tree uses under 5 % of a core over 0.1 s, and CPU seconds by pid."""
    started = time.monotonic()
    first = {pid: cpu_seconds([pid]) for pid in descendants(root)}
    before = sum(first.values())
    while time.monotonic() - started < limit:
        time.sleep(0.1)
        pids = descendants(root)
        now = cpu_seconds(pids)
        if now - before < 0.005:
            used = {pid: cpu_seconds([pid]) - first.get(pid, 0) for pid in pids}
            return time.monotonic() - started - 0.1, used
        before = now
    return float("inf"), {}


def heavy_load(url: str, root: int, count: int) -> None:
    small: list[float] = []
    refused: list[str] = []
    stop = threading.Event()

    def probe() -> None:
        n = 0
        while not stop.is_set():
            status, headers, _, seconds = request(url, SMALL.format(n=n))
            n += 1
            small.append(seconds if status == 200 else -status)
            if status != 200:
                refused.append(
                    f"{status} {'busy' if 'Retry-After' in headers else 'timeout'} after {seconds:.1f} s"
                )
            time.sleep(0.05)

    prober = threading.Thread(target=probe)
    prober.start()
    with ThreadPoolExecutor(max_workers=count) as pool:
        answers = list(pool.map(lambda n: request(url, HEAVY.format(n=n)), range(count)))
    stop.set()
    prober.join()
    idle, used = seconds_until_idle(root)
    after = request(url, SMALL.format(n="after"))
    named = request(url, path="/api/queries/plan-outline?plan=https://w3id.org/policykg/id/plan/x")
    kinds: dict[str, int] = {}
    for status, headers, _, _ in answers:
        key = f"{status}" + (
            " busy (Retry-After)" if "Retry-After" in headers else " timeout" if status == 503 else ""
        )
        kinds[key] = kinds.get(key, 0) + 1
    slowest = max(seconds for *_, seconds in answers)
    print(f"{count} heavy queries at once: {kinds}; the last answered after {slowest:.2f} s")
    print(f"  processes idle {idle:.2f} s after the last answer (goal: under 1 s)")
    for pid, seconds in sorted(used.items(), key=lambda item: -item[1])[:3]:
        print(f"    CPU meanwhile: {seconds:.2f} s by {cmdline(pid)}")
    print(f"  small query right after: {after[0]} in {after[3] * 1000:.1f} ms")
    print(f"  named query right after: {named[0]} in {named[3] * 1000:.1f} ms")
    answered = [s for s in small if s >= 0]
    others = refused
    middle = (
        f"median {statistics.median(answered) * 1000:.0f} ms, slowest {max(answered) * 1000:.0f} ms"
        if answered
        else ""
    )
    print(f"  small queries meanwhile: {len(answered)}/{len(small)} answered 200 {middle}; others: {others}")


def huge_result(url: str, root: int) -> None:
    pids = descendants(root)
    before = {pid: memory_kb(pid, "VmRSS") for pid in pids}
    status, headers, body, seconds = request(url, HUGE)
    growth = {pid: memory_kb(pid, "VmHWM") - rss for pid, rss in before.items() if memory_kb(pid, "VmHWM")}
    largest = max(growth, key=growth.__getitem__)
    print(
        f"400 rows of ~400 KB: {status} in {seconds:.2f} s, {len(body) / 1e6:.1f} MB, "
        f"cut: {headers.get('Policykg-Truncated')}, rows: {headers.get('Policykg-Rows')}"
    )
    print(
        f"  largest growth of one process (peak over resident before): {growth[largest] / 1024:.0f} MB, "
        f"by {cmdline(largest)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--build-dir", type=Path, help="a build to serve (default: the sample graph)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=2.0)
    parser.add_argument("--heavy", type=int, default=12, help="heavy queries sent at once")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="policykg-limits-"))
    build = args.build_dir
    if build is None:
        build = workdir / "build"
        build.mkdir()
        shutil.copy(SAMPLE, build / "graph.ttl")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "policykg", "serve", "--port", str(port), "--build-dir", str(build)]
    command += [
        "--store",
        str(workdir / "store"),
        "--workers",
        str(args.workers),
        "--timeout",
        str(args.timeout),
    ]
    server = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if request(url, SMALL.format(n="up"))[0] == 200:
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.3)
        time.sleep(1)
        print(
            f"policykg serve: {args.workers} workers, {args.timeout} s limit, "
            f"{len(descendants(server.pid))} processes"
        )
        heavy_load(url, server.pid, args.heavy)
        huge_result(url, server.pid)
        tree = descendants(server.pid)
        started = time.monotonic()
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
        stopped = time.monotonic() - started
        time.sleep(0.5)
        left = [pid for pid in tree if state(pid) not in ("", "Z")]
        print(
            f"shutdown: {stopped:.2f} s (goal: under 5 s), processes left: {[cmdline(pid) for pid in left]}"
        )
    finally:
        if server.poll() is None:
            server.kill()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
