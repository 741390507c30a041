"""Where a query runs, so that its time limit stops it: a query process, or a thread as a last resort.

Over an embedded store on disk (opened read-only by a server's workers, or read-write by the one worker of a
server taking updates, whose query processes open a snapshot of it), every query runs in a query process
(``store/pool.py``) that is killed at the limit: the CPU is free at once and nothing keeps running. An
in-memory store cannot be shared with another process, so its queries run in a thread, which stops
waiting at the limit and stops the serializer at its next write; a query still evaluating there keeps its
core until it ends, and past
``MAX_RUNAWAY`` such queries new ones are told to come back later (a remote store's requests end at the
store's own timeout). Every path has the same limits: the endpoint, named queries, cache refills, and the
fixed queries of pages and the API (``view_query``, which ``Store.select`` and the like call once an
application serves the store), whose results come back from the process as TSV or N-Triples.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TYPE_CHECKING

import pyoxigraph as ox

from policykg.server.sparql import results
from policykg.server.sparql.results import (
    Busy,
    Collector,
    Limits,
    NotAcceptable,
    Outcome,
    QueryTimeout,
    partial_outcome,
    write_result,
)
from policykg.server.store.base import QuerySyntaxError, StoreError
from policykg.server.store.embedded import OxigraphStore
from policykg.server.store.pool import PoolBusy, QueryPool, QueryProcessDied
from policykg.server.web.negotiation import RDF_FORMATS, RESULT_FORMATS

if TYPE_CHECKING:
    from policykg.server.store.base import Dataset, QueryResult, Store
    from policykg.server.web.negotiation import Format

KINDS = ("solutions", "boolean", "graph")
#: The byte cap of a page's or the API's own query: above the largest network the viewer draws.
VIEW_MAX_BYTES = 64 * 1024 * 1024
#: How a fixed query's result comes back from its process (TSV has no boolean form).
_VIEW_FORMATS = {
    "solutions": next(f for f in RESULT_FORMATS if f.writer == ox.QueryResultsFormat.TSV),
    "boolean": next(f for f in RESULT_FORMATS if f.writer == ox.QueryResultsFormat.JSON),
    "graph": next(f for f in RDF_FORMATS if f.writer == ox.RdfFormat.N_TRIPLES),
}

_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None
_runaway = 0


def query_pool(store: Store) -> QueryPool | None:
    """Return the store's pool of query processes (made on first use), or None if it cannot have one.

    A store opened read-only is opened so by the processes too. A writable store on disk that an
    application serves cannot be, so its processes open a snapshot of it (``OxigraphStore.snapshot``),
    taken again when a write has changed the store since: a query sees every write made before it.
    ``POLICYKG_QUERY_PROCESSES=0`` turns the pool off (queries then run in threads, unstoppable).
    """
    if not isinstance(store, OxigraphStore) or store.path is None or (store.writable and not store.served):
        return None
    if os.environ.get("POLICYKG_QUERY_PROCESSES") == "0":
        return None
    pool: QueryPool | None = getattr(store, "query_pool", None)
    if pool is not None and (not store.writable or pool.version == store.version):
        return pool
    with _lock:
        pool = getattr(store, "query_pool", None)
        if not store.writable:
            if pool is None:
                pool = store.query_pool = QueryPool(store.path)  # type: ignore[attr-defined]
            return pool
        version = store.version  # read before the snapshot: a write meanwhile only takes another
        if pool is None:
            pool = QueryPool(store.snapshot(), on_unused=store.drop_snapshot)
            store.query_pool = pool  # type: ignore[attr-defined]
        elif pool.version != version:
            pool.retarget(store.snapshot())
        pool.version = version
    return pool


def run_query(
    store: Store,
    sparql: str,
    *,
    choose: Callable[[str], Format | None],
    limits: Limits,
    dataset: Dataset | None = None,
    base_iri: str | None = None,
) -> Outcome:
    """Run a query within ``limits`` and serialize its result in the format ``choose(kind)`` picks."""
    pool = query_pool(store)
    if pool is not None:
        return _in_process(pool, sparql, choose, limits, dataset, base_iri)
    return _in_thread(lambda: store.query(sparql, dataset=dataset, base_iri=base_iri), choose, limits)


def view_query(store: Store, sparql: str, timeout: float | None) -> QueryResult:
    """Run a fixed query of a page or the API as ``store.query`` would, but in a query process within
    ``timeout`` seconds where the store has them, its result read back into pyoxigraph objects.

    QueryTimeout past the limit, Busy when no process is free; a result over ``VIEW_MAX_BYTES`` is a
    StoreError (a page shows all it asks for or fails, never a part).
    """
    pool = query_pool(store)
    if pool is None:
        return store.query(sparql)
    limits = Limits(max_rows=None, timeout=timeout, max_bytes=VIEW_MAX_BYTES)
    outcome = _in_process(pool, sparql, _VIEW_FORMATS.get, limits, None, None)
    if outcome.truncated == "timeout":
        raise QueryTimeout
    if outcome.truncated:
        raise StoreError(f"the result of a page's query is larger than {outcome.limit} bytes")
    if outcome.kind == "graph":
        quads = ox.parse(outcome.body, format=ox.RdfFormat.N_TRIPLES)
        return (quad.triple for quad in quads)  # type: ignore[return-value]
    return ox.parse_query_results(outcome.body, format=outcome.format.writer)


# --- in a query process ----------------------------------------------------------------------------


def _in_process(
    pool: QueryPool,
    sparql: str,
    choose: Callable[[str], Format | None],
    limits: Limits,
    dataset: Dataset | None,
    base_iri: str | None,
) -> Outcome:
    formats = {kind: choose(kind) for kind in KINDS}
    request = {
        "query": sparql,
        "base_iri": base_iri,
        "default_graphs": list(dataset.default_graphs) if dataset else [],
        "named_graphs": list(dataset.named_graphs) if dataset else [],
        "formats": {kind: fmt.writer.media_type if fmt else None for kind, fmt in formats.items()},
        "max_rows": limits.max_rows,
        "max_bytes": limits.max_bytes,
        # Parts of the result are passed on only from half the limit, so that quick queries send one frame.
        "stream_after": None if limits.timeout is None else limits.timeout / 2,
    }
    try:
        reply = pool.run(request, limits.timeout)
    except PoolBusy as error:
        raise Busy from error
    if reply.timed_out:
        assert limits.timeout is not None
        kind = reply.kind
        return partial_outcome(kind, formats.get(kind or ""), reply.parts, limits.timeout, limits.max_bytes)
    if reply.error is not None:
        what, message, line, column = reply.error
        if what == "syntax":
            raise QuerySyntaxError(message, line, column)
        if what == "not-acceptable":
            raise NotAcceptable(message)
        if what == "died":
            raise QueryProcessDied("the query stopped without a result; it may need more memory than allowed")
        raise StoreError(message)
    assert reply.done is not None
    kind, rows, truncated, limit = reply.done
    fmt = formats[kind]
    assert fmt is not None
    return Outcome(kind, fmt, reply.body, rows, truncated, limit)


# --- in a thread -----------------------------------------------------------------------------------


def _pool() -> ThreadPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=32, thread_name_prefix="policykg-query")
        return _executor


def _finished_runaway(_future: object) -> None:
    global _runaway
    with _lock:
        _runaway -= 1


def _work(
    run: Callable[[], QueryResult], choose: Callable[[str], Format | None], collector: Collector
) -> Outcome | None:
    result = run()
    # pyoxigraph's result objects must be dropped by the thread that made them, so this frame, the only one
    # holding the result, lets go of it before anything (a return value or an exception) leaves the worker.
    try:
        return write_result(result, choose, collector)
    except Exception as error:
        # The traceback holds write_result's frame and with it the result: leave it here.
        raise error.with_traceback(None) from None
    finally:
        del result


def _in_thread(
    run: Callable[[], QueryResult], choose: Callable[[str], Format | None], limits: Limits
) -> Outcome:
    global _runaway
    collector = Collector(limits.max_rows, limits.max_bytes)
    if limits.timeout is None:
        outcome = _work(run, choose, collector)
        assert outcome is not None
        return outcome
    with _lock:
        if _runaway >= results.MAX_RUNAWAY:
            raise Busy
    started = time.monotonic()
    future = _pool().submit(_work, run, choose, collector)
    try:
        outcome = future.result(timeout=max(limits.timeout - (time.monotonic() - started), 0))
    except FutureTimeout:
        collector.stop()
        with _lock:
            _runaway += 1
        future.add_done_callback(_finished_runaway)
        kind = collector.kind
        fmt = choose(kind) if kind else None
        return partial_outcome(kind, fmt, list(collector.chunks), limits.timeout, limits.max_bytes)
    assert outcome is not None
    return outcome
