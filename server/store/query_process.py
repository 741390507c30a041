"""A query process: opens the embedded store read-only and answers queries sent by its parent, one at a time.

``python -m policykg.server.store.query_process STORE_DIR`` reads requests from stdin and writes frames to
stdout (the framing is ``pool.py``'s). The parent kills the process to stop a query at its time limit, so
the process needs no way to be cancelled: when it dies, its work dies with it. It dies with its parent too.
The process's heap is limited (``POLICYKG_QUERY_MEMORY`` bytes), so one query cannot exhaust the machine.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import signal
import struct
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

#: The heap a query process may use when POLICYKG_QUERY_MEMORY does not say.
DEFAULT_MEMORY = 1024 * 1024 * 1024
_HEADER = struct.Struct("!cI")
_PR_SET_PDEATHSIG = 1


def send(out: BinaryIO, tag: bytes, payload: bytes) -> None:
    """Write one frame: a tag byte, the payload's length and the payload."""
    header = _HEADER.pack(tag, len(payload))
    # One write for a small frame, so that the parent wakes once.
    if len(payload) < 1 << 16:
        out.write(header + payload)
    else:
        out.write(header)
        out.write(payload)
    out.flush()


@dataclass(frozen=True)
class _Writer:
    """The one part of a Format that writing a result needs: pyoxigraph's serializer format."""

    writer: Any


def _writer(kind: str, media_type: str) -> Any:
    import pyoxigraph as ox

    if kind == "graph":
        return ox.RdfFormat.from_media_type(media_type)
    return ox.QueryResultsFormat.from_media_type(media_type)


def _die_with_parent(parent: int) -> None:
    """Be killed when the parent dies (Linux), and check on it from a thread besides."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="policykg-parent-watch").start()


def _limit_memory() -> None:
    """Cap the process's heap, so that a query which needs more fails alone."""
    import resource

    limit = int(os.environ.get("POLICYKG_QUERY_MEMORY") or DEFAULT_MEMORY)
    if limit > 0:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def answer(store: Any, request: dict[str, Any], out: BinaryIO) -> None:
    """Run one request and write its frames: parts while it runs long, then done or error."""
    from policykg.server.sparql.results import Collector, NotAcceptable, write_result
    from policykg.server.store.base import Dataset, QuerySyntaxError, StoreError

    started = time.monotonic()
    stream_after = request.get("stream_after")
    streaming = False
    collector = Collector(request["max_rows"], request["max_bytes"])

    def on_part(chunk: bytes) -> None:
        nonlocal streaming
        if not streaming and stream_after is not None and time.monotonic() - started >= stream_after:
            streaming = True
            send(out, b"K", (collector.kind or "").encode())
            for earlier in collector.chunks[:-1]:
                send(out, b"P", earlier)
        if streaming:
            send(out, b"P", chunk)

    collector.on_part = on_part
    formats = {kind: _Writer(_writer(kind, media)) for kind, media in request["formats"].items() if media}
    dataset = Dataset(tuple(request["default_graphs"]), tuple(request["named_graphs"]))
    try:
        result = store.query(request["query"], dataset=dataset or None, base_iri=request["base_iri"])
        outcome = write_result(result, formats.get, collector)
        del result
    except QuerySyntaxError as error:
        send(out, b"E", pickle.dumps(("syntax", error.message, error.line, error.column)))
    except NotAcceptable as error:
        send(out, b"E", pickle.dumps(("not-acceptable", error.kind, None, None)))
    except (StoreError, OSError, ValueError) as error:
        send(out, b"E", pickle.dumps(("store", str(error), None, None)))
    except MemoryError:
        send(out, b"E", pickle.dumps(("memory", "the query needed more memory than allowed", None, None)))
    else:
        assert outcome is not None
        done = pickle.dumps((outcome.kind, outcome.rows, outcome.truncated, outcome.limit))
        send(out, b"D", struct.pack("!I", len(done)) + done + outcome.body)


def main(argv: list[str]) -> int:
    """Open the store read-only, tell the parent it is ready, and answer requests until stdin closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(os.getppid())
    _limit_memory()
    from policykg.server.store.embedded import OxigraphStore

    out = sys.stdout.buffer
    source = sys.stdin.buffer
    store = OxigraphStore(Path(argv[0]), read_only=True)
    send(out, b"R", b"")
    while True:
        head = source.read(4)
        if len(head) < 4:
            return 0
        (length,) = struct.unpack("!I", head)
        answer(store, pickle.loads(source.read(length)), out)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
