"""Time the servers bench_server.py compares over HTTP: per-query latencies, alternating between two
servers, and requests per second under load from concurrent client processes."""

from __future__ import annotations

import http.client
import json
import multiprocessing
import time

from servers_under_test import Server, request


def rows(body: bytes) -> int:
    """Count the solutions in a SPARQL JSON answer (1 for a boolean); refuse an answer that was cut."""
    answer = json.loads(body)
    if "truncated" in answer:
        raise RuntimeError(f"policykg cut this answer ({answer['truncated']}); raise its limits")
    return len(answer["results"]["bindings"]) if "results" in answer else 1


def latencies(
    pair: list[Server], query: str, budget: float, at_least: int, at_most: int
) -> list[tuple[list[float], int]]:
    """Time one query on each server, alternating between them so both meet the same machine load.

    Each request ends with its own comment line, so the engine does the work every time: no answer cache
    serves it. Returns, per server, the times in seconds and the row count; one keep-alive connection per
    server.
    """
    connections = [http.client.HTTPConnection(s.host, s.port, timeout=300) for s in pair]
    times: list[list[float]] = [[] for _ in pair]
    counts = [0 for _ in pair]
    try:
        for index, server in enumerate(pair):
            for _ in range(2):
                status, body = request(server, query, connections[index])
                if status != 200:
                    raise RuntimeError(f"{server.name} answered {status}: {body[:300]!r}")
                counts[index] = rows(body)
        started = time.monotonic()
        while len(times[0]) < at_most and (len(times[0]) < at_least or time.monotonic() - started < budget):
            for index, server in enumerate(pair):
                text = f"{query}\n# request {len(times[index])}"
                begin = time.perf_counter()
                status, body = request(server, text, connections[index])
                times[index].append(time.perf_counter() - begin)
                if status != 200 or body.startswith(b'{"truncated"'):
                    raise RuntimeError(f"{server.name} answered {status} or a cut result: {body[:200]!r}")
    finally:
        for connection in connections:
            connection.close()
    return list(zip(times, counts, strict=True))


def percentile(values: list[float], fraction: float) -> float:
    """Return a percentile by the nearest-rank method."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))]


def _hammer(
    host: str,
    port: int,
    path: str,
    query: str,
    seconds: float,
    distinct: bool,
    results: multiprocessing.Queue,
) -> None:
    """Send the query back to back over one connection for ``seconds``; report how many succeeded.

    ``distinct`` ends each request's query with its own comment line: the same work for the engine, but
    no cache of answers or parsed queries can serve it.
    """
    server = Server("client", None, host, port, path)  # type: ignore[arg-type]
    connection = http.client.HTTPConnection(host, port, timeout=60)
    done = errors = 0
    tag = f"\n# client {multiprocessing.current_process().pid}, request "
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            text = f"{query}{tag}{done + errors}" if distinct else query
            status, _ = request(server, text, connection)
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=60)
            errors += 1
            continue
        if status == 200:
            done += 1
        else:
            errors += 1
    connection.close()
    results.put((done, errors))


def throughput(
    server: Server, query: str, clients: int, seconds: float, distinct: bool = False
) -> tuple[float, int]:
    """Return requests per second (and errors) with ``clients`` client processes sending back to back."""
    queue: multiprocessing.Queue = multiprocessing.Queue()
    workers = [
        multiprocessing.Process(
            target=_hammer, args=(server.host, server.port, server.path, query, seconds, distinct, queue)
        )
        for _ in range(clients)
    ]
    for worker in workers:
        worker.start()
    totals = [queue.get(timeout=seconds + 120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    return sum(done for done, _ in totals) / seconds, sum(errors for _, errors in totals)
