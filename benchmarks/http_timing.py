"""Time the servers bench_server.py compares over HTTP: per-query latencies, alternating between two
servers, and requests per second under load from concurrent client processes."""

from __future__ import annotations

import http.client
import json
import multiprocessing
import time
import urllib.parse
from collections.abc import Callable

from servers_under_test import Server, cpu_seconds, get, request


def rows(body: bytes) -> int:
    """Count the solutions in a SPARQL JSON answer (1 for a boolean); refuse an answer that was cut."""
    answer = json.loads(body)
    if "truncated" in answer:
        raise RuntimeError(f"policykg cut this answer ({answer['truncated']}); raise its limits")
    return len(answer["results"]["bindings"]) if "results" in answer else 1


#: One request of a timing: given the connection and the request's number (None: a warm-up), it returns the
#: status and body.
Ask = Callable[[http.client.HTTPConnection, int | None], tuple[int, bytes]]


def text_query(server: Server, query: str) -> Ask:
    """Return the requests of a query sent as text; each timed one ends with its own comment line, so the
    engine does the work every time and no answer cache serves it."""

    def ask(connection: http.client.HTTPConnection, number: int | None) -> tuple[int, bytes]:
        text = query if number is None else f"{query}\n# request {number}"
        return request(server, text, connection)

    return ask


def named_query(server: Server, name: str, arguments: dict[str, str]) -> Ask:
    """Return the requests of policykg's named query ``name`` (GET /api/queries/{name}), which has no answer
    cache: every request runs the query."""
    path = f"/api/queries/{urllib.parse.quote(name)}"
    return lambda connection, _number: get(server, path, arguments, connection)


def latencies(
    pair: list[Server], asks: list[Ask], budget: float, at_least: int, at_most: int, warmups: int = 2
) -> list[tuple[list[float], int, float]]:
    """Time one query on each server (``asks[i]`` makes server i's requests), alternating between them so
    both meet the same machine load, after ``warmups`` untimed runs on each (at least one, for the rows).

    Returns, per server, the times in seconds, the row count and the CPU seconds its processes used per
    timed request (which other load on the machine disturbs far less than the times); one keep-alive
    connection per server.
    """
    connections = [http.client.HTTPConnection(s.host, s.port, timeout=300) for s in pair]
    times: list[list[float]] = [[] for _ in pair]
    counts = [0 for _ in pair]
    try:
        for index, server in enumerate(pair):
            for _ in range(max(1, warmups)):
                status, body = asks[index](connections[index], None)
                if status != 200:
                    raise RuntimeError(f"{server.name} answered {status}: {body[:300]!r}")
                counts[index] = rows(body)
        cpu = [cpu_seconds(server.process.pid) for server in pair]
        started = time.monotonic()
        while len(times[0]) < at_most and (len(times[0]) < at_least or time.monotonic() - started < budget):
            for index, server in enumerate(pair):
                begin = time.perf_counter()
                status, body = asks[index](connections[index], len(times[index]))
                times[index].append(time.perf_counter() - begin)
                if status != 200 or body.startswith(b'{"truncated"'):
                    raise RuntimeError(f"{server.name} answered {status} or a cut result: {body[:200]!r}")
        cpu = [
            (cpu_seconds(server.process.pid) - before) / len(times[index])
            for index, (server, before) in enumerate(zip(pair, cpu, strict=True))
        ]
    finally:
        for connection in connections:
            connection.close()
    return list(zip(times, counts, cpu, strict=True))


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
