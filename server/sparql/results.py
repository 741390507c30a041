"""Write a query's result within a row cap and a byte cap, with pyoxigraph's own serializers.

Solutions stream out of the engine as SPARQL TSV (one solution per line, so rows can be counted and cut
exactly) and are re-read into the requested format only when that format is not TSV. Whatever cuts a
result (the row cap, the byte cap or the time limit) says so: ``Outcome.truncated`` names the reason, and
the views put it in a header and in the body (``mark_truncated``). A result is never cut silently.

Where the query runs, and how the time limit stops it, is ``running.py``'s business.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

if TYPE_CHECKING:
    from policykg.server.store.base import Dataset, QueryResult, Store
    from policykg.server.web.negotiation import Format

#: Response header naming why a result was cut (``max-rows``, ``max-bytes`` or ``timeout``) and the limit.
TRUNCATED_HEADER = "Policykg-Truncated"
#: Response header with the number of solutions or triples in the body.
ROWS_HEADER = "Policykg-Rows"

#: The byte cap when the configuration names none: well below what would strain a worker.
DEFAULT_MAX_BYTES = 16 * 1024 * 1024

_TSV = ox.QueryResultsFormat.TSV
#: Queries that outlived their deadline and still occupy a core (in-process runs only); past this many, new
#: queries are told to come back later.
MAX_RUNAWAY = 4
#: Triples are taken from the engine and passed on (to a waiting request) in batches of this many.
TRIPLE_BATCH = 256


@dataclass(frozen=True)
class Limits:
    """How long a query may run (seconds), how many rows and how many bytes it may return; None: no limit."""

    max_rows: int | None = None
    timeout: float | None = None
    max_bytes: int | None = DEFAULT_MAX_BYTES


def limits_from_config(config: Mapping[str, Any]) -> Limits:
    """Return the limits an application's configuration sets (POLICYKG_MAX_ROWS, _TIMEOUT, _MAX_BYTES)."""
    return Limits(
        config.get("POLICYKG_MAX_ROWS"),
        config.get("POLICYKG_TIMEOUT"),
        config.get("POLICYKG_MAX_BYTES", DEFAULT_MAX_BYTES),
    )


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
    """Too many earlier queries are still running; new ones must wait their turn."""


class _Stop(Exception):
    """Raised inside the serializer's writer to stop it: a cap is reached or no one waits any more."""


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
class Collector:
    """What a running query has produced so far: TSV of solutions, or N-Triples of triples, as chunks.

    ``on_part`` (if set) is given each chunk as it arrives, so that another process can follow; ``stop()``
    makes the serializer stop at its next write.
    """

    max_rows: int | None
    max_bytes: int | None
    on_part: Callable[[bytes], None] | None = None
    kind: str | None = None
    chunks: list[bytes] = field(default_factory=list)
    lines: int = 0
    size: int = 0
    cut: str | None = None
    stopped: bool = False

    def write(self, data: bytes) -> int:
        """Receive TSV from pyoxigraph's serializer, stopping it at a cap or when told to stop."""
        if self.stopped:
            raise _Stop
        self.add(bytes(data))
        # The first line is the header, so rows = lines - 1; stop once one row beyond the cap is in.
        if self.max_rows is not None and self.lines - 1 > self.max_rows:
            self.cut = "max-rows"
            raise _Stop
        if self.max_bytes is not None and self.size > self.max_bytes:
            self.cut = "max-bytes"
            raise _Stop
        return len(data)

    def add(self, chunk: bytes) -> None:
        """Keep a chunk, count its lines and bytes, and pass it on."""
        self.chunks.append(chunk)
        self.lines += chunk.count(b"\n")
        self.size += len(chunk)
        if self.on_part is not None:
            self.on_part(chunk)

    def flush(self) -> None:
        """Nothing to flush: chunks are kept in memory."""

    def stop(self) -> None:
        """Make the serializer stop at its next write."""
        self.stopped = True


def write_result(
    result: QueryResult, choose: Callable[[str], Format | None], collector: Collector
) -> Outcome | None:
    """Serialize a result within the collector's caps; None if the collector was stopped from outside."""
    kind = collector.kind = kind_of(result)
    fmt = choose(kind)
    if fmt is None:
        raise NotAcceptable(kind)
    if kind == "boolean":
        return Outcome("boolean", fmt, result.serialize(format=fmt.writer))  # type: ignore[union-attr]
    if kind == "solutions":
        try:
            result.serialize(collector, format=_TSV)  # type: ignore[union-attr]
        except _Stop:
            if collector.stopped:
                return None
        return solutions_outcome(
            collector.chunks, fmt, collector.max_rows, collector.max_bytes, collector.cut
        )
    batch: list[ox.Triple] = []
    for triples, triple in enumerate(result):  # type: ignore[arg-type]
        if collector.stopped:
            return None
        if collector.max_rows is not None and triples >= collector.max_rows:
            collector.cut = "max-rows"
            break
        if collector.max_bytes is not None and collector.size > collector.max_bytes:
            collector.cut = "max-bytes"
            break
        batch.append(triple)
        if len(batch) == TRIPLE_BATCH:
            collector.add(ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES))
            batch = []
    if batch:
        collector.add(ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES))
    return graph_outcome(collector.chunks, fmt, collector.max_bytes, collector.cut, collector.max_rows)


def _lines(data: bytes, count: int) -> bytes:
    """Return the first ``count`` lines of ``data`` (all of it if it has fewer)."""
    end = 0
    for _ in range(count):
        found = data.find(b"\n", end)
        if found < 0:
            return data[:end]
        end = found + 1
    return data[:end]


def _whole_lines(data: bytes, max_bytes: int | None, keep: int = 0) -> bytes:
    """Return the whole lines of ``data`` that fit in ``max_bytes``, but at least its first ``keep`` lines."""
    end = data.rfind(b"\n") + 1
    if max_bytes is not None and end > max_bytes:
        end = data.rfind(b"\n", 0, max_bytes) + 1
    return data[: max(end, len(_lines(data, keep)))]


def _shrink(
    lines: bytes, header: int, convert: Callable[[bytes], bytes], max_bytes: int | None
) -> tuple[bytes, bytes, bool]:
    """Convert ``lines``, dropping trailing lines until the converted body fits ``max_bytes``.

    ``header`` lines at the start are always kept. Returns the lines kept, the body and whether any was cut.
    """
    body = convert(lines)
    cut = False
    while max_bytes is not None and len(body) > max_bytes:
        count = lines.count(b"\n") - header
        if count <= 0:
            break
        keep = min(count - 1, int(count * max_bytes / len(body) * 0.95))
        lines = _lines(lines, header + max(keep, 0))
        body, cut = convert(lines), True
    return lines, body, cut


def solutions_outcome(
    chunks: list[bytes], fmt: Format, max_rows: int | None, max_bytes: int | None, cut: str | None
) -> Outcome:
    """Join streamed TSV, keep whole lines within the caps, and convert it to ``fmt``."""
    tsv = _whole_lines(b"".join(chunks), max_bytes, keep=1)
    if max_rows is not None:
        shorter = _lines(tsv, max_rows + 1)
        if len(shorter) < len(tsv):
            tsv, cut = shorter, "max-rows"

    def convert(data: bytes) -> bytes:
        return data if fmt.writer == _TSV else ox.parse_query_results(data, _TSV).serialize(format=fmt.writer)

    tsv, body, shrunk = _shrink(tsv, 1, convert, max_bytes)
    cut = "max-bytes" if shrunk else cut
    rows = max(tsv.count(b"\n") - 1, 0)
    return Outcome("solutions", fmt, body, rows, cut, _limit(cut, max_rows, max_bytes))


def graph_outcome(
    chunks: list[bytes], fmt: Format, max_bytes: int | None, cut: str | None, max_rows: int | None = None
) -> Outcome:
    """Read streamed N-Triples back and write them in ``fmt``, within the byte cap."""
    lines = _whole_lines(b"".join(chunks), max_bytes)
    if max_bytes is not None and len(lines) < sum(len(chunk) for chunk in chunks):
        cut = "max-bytes"

    def convert(data: bytes) -> bytes:
        return ox.serialize(ox.parse(data, ox.RdfFormat.N_TRIPLES), format=fmt.writer)

    lines, body, shrunk = _shrink(lines, 0, convert, max_bytes)
    cut = "max-bytes" if shrunk else cut
    return Outcome("graph", fmt, body, lines.count(b"\n"), cut, _limit(cut, max_rows, max_bytes))


def _limit(cut: str | None, max_rows: int | None, max_bytes: int | None) -> int | None:
    return {"max-rows": max_rows, "max-bytes": max_bytes}.get(cut) if cut else None


def partial_outcome(
    kind: str | None, fmt: Format | None, chunks: list[bytes], timeout: float, max_bytes: int | None
) -> Outcome:
    """Build the answer from what a query produced before the deadline, or raise QueryTimeout."""
    if fmt is None or kind not in ("solutions", "graph"):
        raise QueryTimeout
    if kind == "solutions":
        outcome = solutions_outcome(chunks, fmt, None, max_bytes, None)
    else:
        outcome = graph_outcome(chunks, fmt, max_bytes, None)
    if not outcome.rows:
        raise QueryTimeout
    return Outcome(kind, fmt, outcome.body, outcome.rows, "timeout", timeout)


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
    from policykg.server.sparql.running import run_query

    return run_query(store, sparql, choose=choose, limits=limits, dataset=dataset, base_iri=base_iri)


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
