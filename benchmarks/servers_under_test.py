"""The servers bench_server.py compares: prepare their data, start them, ask them a query, stop them.

Serves a synthetic graph (synthetic_graph.py) with `policykg serve`, `oxigraph serve-read-only` and
(optionally) rdflib-endpoint, each a process this script starts on a free loopback port, waits for until it
answers and is idle, and stops at the end.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import synthetic_graph

from policykg.server.store.loading import ontology_path

BIN = Path(sys.executable).parent


@dataclass
class Server:
    """A server under test: its name, process and query URL."""

    name: str
    process: subprocess.Popen[bytes]
    host: str
    port: int
    path: str

    def stop(self) -> None:
        """Stop the server process this script started."""
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)


def free_port() -> int:
    """Return a free loopback TCP port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(
    name: str,
    command: list[str],
    port: int,
    path: str,
    log: Path,
    wait: float = 900,
    env: dict[str, str] | None = None,
) -> Server:
    """Start a server process (with ``env`` added to the environment) and wait until its endpoint answers."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
        )
    server = Server(name, process, "127.0.0.1", port, path)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited; see {log}")
        try:
            status, _ = request(server, "ASK {}", connection=None)
            if status == 200:
                return server
        except OSError:
            time.sleep(0.5)
    server.stop()
    raise RuntimeError(f"{name} did not answer within {wait} s; see {log}")


def cpu_seconds(pid: int) -> float:
    """Return the CPU time used so far by a process and all its descendants (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        # Children are listed under the thread that started them (query processes: a starter thread).
        children = [
            child for task in Path(f"/proc/{pid}/task").iterdir() for child in _children(task / "children")
        ]
    except OSError:
        return 0.0
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(cpu_seconds(int(child)) for child in children)


def _children(listing: Path) -> list[str]:
    try:
        return listing.read_text().split()
    except OSError:  # the thread ended meanwhile
        return []


def wait_until_idle(server: Server, limit: float = 600) -> None:
    """Wait until a server's processes use under a tenth of a core, so that its warm-up is not measured."""
    deadline = time.monotonic() + limit
    before = cpu_seconds(server.process.pid)
    while time.monotonic() < deadline:
        time.sleep(1)
        now = cpu_seconds(server.process.pid)
        if now - before < 0.1:
            return
        before = now
    print(f"({server.name} still busy after {limit} s)")


def request(server: Server, query: str, connection: http.client.HTTPConnection | None) -> tuple[int, bytes]:
    """POST one form-encoded query (SPARQL 1.1 Protocol §2.1.2) and return the status and body."""
    body = urllib.parse.urlencode({"query": query})
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    return send(server, "POST", server.path, connection, body=body, headers=headers)


def get(
    server: Server, path: str, arguments: dict[str, str], connection: http.client.HTTPConnection | None
) -> tuple[int, bytes]:
    """GET ``path`` with query-string ``arguments`` (a named query of /api/queries) as SPARQL JSON."""
    target = f"{path}?{urllib.parse.urlencode(arguments)}" if arguments else path
    return send(server, "GET", target, connection)


def send(
    server: Server,
    method: str,
    target: str,
    connection: http.client.HTTPConnection | None,
    *,
    body: str | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes]:
    """Make one request asking for SPARQL JSON results; return the status and body."""
    own = connection is None
    connection = connection or http.client.HTTPConnection(server.host, server.port, timeout=120)
    sent = {**(headers or {}), "Accept": "application/sparql-results+json"}
    try:
        for attempt in (1, 2):
            try:
                connection.request(method, target, body=body, headers=sent)
                response = connection.getresponse()
                return response.status, response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A keep-alive connection left idle while the other server worked (minutes, for the
                # heaviest queries at ten million triples) may have been closed by the server: reconnect.
                if own or attempt == 2:
                    raise
                connection.close()
        raise AssertionError("unreachable")
    finally:
        if own:
            connection.close()


@contextmanager
def servers(workdir: Path, args: argparse.Namespace, with_rdflib: bool) -> Iterator[list[Server]]:
    """Prepare the data and start policykg, Oxigraph server and (optionally) rdflib-endpoint on it."""
    build = workdir / "build"
    build.mkdir(parents=True, exist_ok=True)
    graph = build / "graph.nt"
    stamp = workdir / "triples.txt"
    triples = args.triples
    if not graph.exists() or not stamp.exists() or stamp.read_text() != str(triples):
        print(f"generating about {triples} triples ...", flush=True)
        shutil.rmtree(workdir / "oxigraph", ignore_errors=True)
        print(f"  wrote {synthetic_graph.write(graph, triples)} triples to {graph}", flush=True)
        stamp.write_text(str(triples))
    if not (workdir / "oxigraph").exists():
        print("loading Oxigraph server's store ...", flush=True)
        subprocess.run(
            [
                str(BIN / "oxigraph"),
                "load",
                "--location",
                str(workdir / "oxigraph"),
                "--file",
                str(graph),
                str(ontology_path()),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Compacted as Oxigraph advises for read-heavy use, so the reference is at its best.
        subprocess.run(
            [str(BIN / "oxigraph"), "optimize", "--location", str(workdir / "oxigraph")],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    started: list[Server] = []
    try:
        port = free_port()
        print("starting policykg (loads its store on the first run) ...", flush=True)
        started.append(
            start(
                "policykg",
                [
                    sys.executable,
                    "-m",
                    "policykg",
                    "serve",
                    "--build-dir",
                    str(build),
                    "--port",
                    str(port),
                    "--workers",
                    str(args.workers),
                    "--threads",
                    str(args.threads),
                    # No row cap and a generous timeout, so that policykg does the same work as Oxigraph;
                    # a cut answer would be flagged below.
                    "--max-rows",
                    "0",
                    "--timeout",
                    "600",
                ],
                port,
                "/sparql",
                workdir / "policykg.log",
                # No byte cap either (16 MiB by default), and room for a query's working memory (1 GiB
                # by default) as large as Oxigraph's server gives it.
                env={"POLICYKG_MAX_BYTES": "0", "POLICYKG_QUERY_MEMORY": str(args.query_memory << 30)},
            )
        )
        port = free_port()
        started.append(
            start(
                "oxigraph",
                [
                    str(BIN / "oxigraph"),
                    "serve-read-only",
                    "--location",
                    str(workdir / "oxigraph"),
                    "--bind",
                    f"127.0.0.1:{port}",
                ],
                port,
                "/query",
                workdir / "oxigraph.log",
            )
        )
        if with_rdflib:
            port = free_port()
            print(
                "starting rdflib-endpoint (parses the graph into rdflib; this takes a while) ...", flush=True
            )
            started.append(
                start(
                    "rdflib-endpoint",
                    [
                        str(BIN / "rdflib-endpoint"),
                        "serve",
                        str(graph),
                        str(ontology_path()),
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(port),
                    ],
                    port,
                    "/",
                    workdir / "rdflib-endpoint.log",
                )
            )
        for server in started:
            wait_until_idle(server)
        yield started
    finally:
        for server in started:
            server.stop()
