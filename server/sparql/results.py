"""Run a query under a time limit and a row cap, and write its result with pyoxigraph's own serializers.

Solutions stream out of the engine as SPARQL TSV (one solution per line, so rows can be counted and cut
exactly) and are re-read into the requested format only when that format is not TSV. The query runs in a
worker thread: pyoxigraph releases the GIL while it evaluates, so the request thread can stop waiting at
the deadline and answer with what has arrived, marked as cut. A result is never cut silently.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox

from policykg.server.web.negotiation import Format

if TYPE_CHECKING:
    from policykg.server.store.base import Dataset, QueryResult, Store

#: Response header naming why a result was cut (``max-rows`` or ``timeout``) and the limit that cut it.
TRUNCATED_HEADER = "Policykg-Truncated"
#: Response header with the number of solutions or triples in the body.
ROWS_HEADER = "Policykg-Rows"

#: Queries that outlived their deadline and still occupy a core; past this many, new queries wait their turn.
MAX_RUNAWAY = 4

_TSV = ox.QueryResultsFormat.TSV
#: How many queries' past runs are remembered for the fast path (see ``_remember``).
SEEN_QUERIES = 4096

_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()
_runaway = 0
_seen: OrderedDict[tuple[object, ...], tuple[int | None, float]] = OrderedDict()


@dataclass(frozen=True)
class Limits:
    """How long a query may run (seconds) and how many rows it may return; None means no limit."""

    max_rows: int | None = None
    timeout: float | None = None


@dataclass(frozen=True)
class Outcome:
    """A serialized result: its query form, format, body, row count and why it was cut (None if whole)."""

    kind: str
    format: Format
    body: bytes
    rows: int | None = None
    truncated: str | None = None
    limit: float | int | None = None


class NotAcceptable(Exception):
    """The result's kind (``solutions``, ``boolean`` or ``graph``) has no format the client accepts."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class QueryTimeout(Exception):
    """The deadline passed before any part of the result was ready."""


class Busy(Exception):
    """Too many earlier queries that outlived their deadline are still running."""


class _RowCap(Exception):
    """Raised inside the serializer's writer when one row more than the cap has arrived."""


class _Cancelled(Exception):
    """Raised inside the serializer's writer when the request stopped waiting."""


def kind_of(result: QueryResult) -> str:
    """Return ``solutions``, ``boolean`` or ``graph`` for a pyoxigraph query result."""
    if isinstance(result, ox.QuerySolutions):
        return "solutions"
    if isinstance(result, ox.QueryBoolean):
        return "boolean"
    return "graph"


def serialize_all(result: QueryResult, fmt: Format) -> bytes:
    """Serialize a whole result in ``fmt`` (which must suit its kind), without limits."""
    if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
        return result.serialize(format=fmt.writer)
    return ox.serialize(result, format=fmt.writer)


@dataclass
class _Job:
    """What a worker has produced so far, readable by the request thread when the deadline passes."""

    max_rows: int | None
    cancelled: threading.Event = field(default_factory=threading.Event)
    kind: str | None = None
    format: Format | None = None
    chunks: list[bytes] = field(default_factory=list)
    triples: list[ox.Triple] = field(default_factory=list)
    lines: int = 0

    def write(self, data: bytes) -> int:
        """Receive TSV from pyoxigraph's serializer, stopping it at the row cap or on cancellation."""
        if self.cancelled.is_set():
            raise _Cancelled
        self.chunks.append(bytes(data))
        self.lines += data.count(b"\n")
        # The first line is the header, so rows = lines - 1; stop once one row beyond the cap is in.
        if self.max_rows is not None and self.lines - 1 > self.max_rows:
            raise _RowCap
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: chunks are kept in memory."""


def _solutions(
    chunks: list[bytes], fmt: Format, max_rows: int | None, truncated: str | None
) -> tuple[bytes, int]:
    """Join streamed TSV, keep whole lines up to the cap, and convert it to ``fmt``."""
    tsv = b"".join(chunks)
    end = tsv.rfind(b"\n") + 1
    if max_rows is not None and truncated == "max-rows":
        end = 0
        for _ in range(max_rows + 1):
            end = tsv.index(b"\n", end) + 1
    tsv = tsv[:end]
    rows = max(tsv.count(b"\n") - 1, 0)
    if fmt.writer == _TSV:
        return tsv, rows
    return ox.parse_query_results(tsv, _TSV).serialize(format=fmt.writer), rows


def _work(
    job: _Job, run: Callable[[], QueryResult], choose: Callable[[str], Format | None]
) -> Outcome | None:
    result = run()
    # pyoxigraph's result objects must be dropped by the thread that made them, so this frame, the only one
    # holding the result, lets go of it before anything (a return value or an exception) leaves the worker.
    try:
        job.kind = kind_of(result)
        job.format = choose(job.kind)
        if job.format is None:
            raise NotAcceptable(job.kind)
        if job.kind == "boolean":
            return Outcome("boolean", job.format, result.serialize(format=job.format.writer))
        truncated = None
        if job.kind == "solutions":
            try:
                result.serialize(job, format=_TSV)
            except _RowCap:
                truncated = "max-rows"
            except _Cancelled:
                return None
            body, rows = _solutions(job.chunks, job.format, job.max_rows, truncated)
            return Outcome(
                "solutions", job.format, body, rows, truncated, job.max_rows if truncated else None
            )
        for triple in result:
            if job.cancelled.is_set():
                return None
            if job.max_rows is not None and len(job.triples) >= job.max_rows:
                truncated = "max-rows"
                break
            job.triples.append(triple)
        body = ox.serialize(job.triples, format=job.format.writer)
        limit = job.max_rows if truncated else None
        return Outcome("graph", job.format, body, len(job.triples), truncated, limit)
    finally:
        del result


def _partial(job: _Job, timeout: float) -> Outcome:
    """Build the answer from what a worker produced before the deadline, or raise QueryTimeout."""
    if job.format is None or job.kind == "boolean":
        raise QueryTimeout
    if job.kind == "solutions":
        body, rows = _solutions(list(job.chunks), job.format, None, "timeout")
        if rows == 0:
            raise QueryTimeout
        return Outcome("solutions", job.format, body, rows, "timeout", timeout)
    triples = list(job.triples)
    if not triples:
        raise QueryTimeout
    return Outcome(
        "graph", job.format, ox.serialize(triples, format=job.format.writer), len(triples), "timeout", timeout
    )


def _pool() -> ThreadPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=32, thread_name_prefix="policykg-query")
        return _executor


def _finished_runaway(_future: object) -> None:
    global _runaway
    with _executor_lock:
        _runaway -= 1


def _remember(key: tuple[object, ...] | None, outcome: Outcome, seconds: float) -> None:
    """Remember that a query on one store version gave a whole result of so many rows in so many seconds."""
    if key is not None and outcome.truncated is None:
        with _executor_lock:
            _seen[key] = (outcome.rows, seconds)
            _seen.move_to_end(key)
            while len(_seen) > SEEN_QUERIES:
                _seen.popitem(last=False)


def _recall(key: tuple[object, ...]) -> tuple[int | None, float] | None:
    with _executor_lock:
        return _seen.get(key)


def _direct(
    run: Callable[[], QueryResult], choose: Callable[[str], Format | None], rows: int | None
) -> Outcome:
    """Run a query known to be quick and small in this thread, written straight into the chosen format."""
    result = run()
    try:
        kind = kind_of(result)
        fmt = choose(kind)
        if fmt is None:
            raise NotAcceptable(kind)
        return Outcome(kind, fmt, serialize_all(result, fmt), rows)
    finally:
        del result


def execute(
    store: Store,
    sparql: str,
    *,
    choose: Callable[[str], Format | None],
    limits: Limits,
    dataset: Dataset | None = None,
    base_iri: str | None = None,
) -> Outcome:
    """Run a query and serialize its result in the format ``choose(kind)`` picks, within ``limits``."""
    global _runaway
    job = _Job(limits.max_rows)

    def run() -> QueryResult:
        return store.query(sparql, dataset=dataset, base_iri=base_iri)

    # A query that, on this very store version, finished well within the limits is run again in this
    # thread and written straight into its format: the same data gives the same rows in about the same
    # time, and each hop between threads and formats costs more than such a query itself.
    # Only where the version follows every change: another writer could make a known query large.
    key = (id(store), store.version, sparql, dataset, base_iri) if store.sees_all_writes else None
    seen = _recall(key) if key else None
    if seen is not None:
        rows, seconds = seen
        small = limits.max_rows is None or (rows is not None and rows <= limits.max_rows // 2)
        quick = limits.timeout is None or seconds <= limits.timeout / 20
        if small and quick:
            return _direct(run, choose, rows)
    started = time.monotonic()
    if limits.timeout is None:
        outcome = _work(job, run, choose)
        assert outcome is not None
        _remember(key, outcome, time.monotonic() - started)
        return outcome
    with _executor_lock:
        if _runaway >= MAX_RUNAWAY:
            raise Busy
    future = _pool().submit(_work, job, run, choose)
    try:
        outcome = future.result(timeout=limits.timeout)
    except FutureTimeout:
        job.cancelled.set()
        with _executor_lock:
            _runaway += 1
        future.add_done_callback(_finished_runaway)
        return _partial(job, limits.timeout)
    assert outcome is not None
    _remember(key, outcome, time.monotonic() - started)
    return outcome


def mark_truncated(outcome: Outcome, note_url: str | Callable[[], str]) -> bytes:
    """Return the body with a visible note that it was cut: a JSON member, an XML link or a comment line.

    ``note_url`` (or a function returning it, called only when needed) is where the XML link points.
    """
    body, media = outcome.body, outcome.format.media_type
    if outcome.truncated is None:
        return body
    reason, limit = outcome.truncated, outcome.limit
    if media == "application/sparql-results+json" and body.startswith(b"{"):
        note = f'{{"truncated":{{"reason":"{reason}","limit":{limit},"rows":{outcome.rows}}},'
        return note.encode() + body[1:]
    if media == "application/sparql-results+xml" and b"</head>" in body:
        href = note_url() if callable(note_url) else note_url
        link = f'<link href="{href}#truncated-{reason}"/>'.encode()
        return body.replace(b"</head>", link + b"</head>", 1)
    comment = f"# truncated: {reason}, limit {limit}, {outcome.rows} rows returned\n".encode()
    if media in ("text/turtle", "application/n-triples"):
        return comment + body
    return body
