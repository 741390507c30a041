"""Query processes over the embedded store, so that a time limit stops the work and not only the waiting.

pyoxigraph cannot cancel a running query, and a thread cannot be killed; a process can. Each server worker
keeps a few query processes (``query_process.py``), each with the store open read-only. A query goes to an
idle one; at its time limit the process is killed (the CPU is free at once) and replaced in the background.

Slow queries never starve the rest: a query still running after ``slow_after`` seconds must take one of
``slow_slots`` places in the slow lane, and when the lane is full it is stopped and answered "busy", so
that most processes are always free for small queries and named queries.

Frames from a process are a tag byte, a 4-byte length and the payload: ``R`` ready, ``K`` the result's
kind (before parts), ``P`` a part of the result so far (TSV or N-Triples), ``D`` done, ``E`` an error.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import os
import pickle
import select
import struct
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policykg.server.store.base import StoreError

_HEADER = struct.Struct("!cI")
#: Bytes of a query process's output pipe (and of one read from it).
_PIPE_SIZE = 1 << 20
#: The CPU priority (nice value) of a query in the slow lane.
SLOW_NICENESS = 10


class PoolBusy(Exception):
    """No query process is free, or the slow lane is full."""


class QueryProcessDied(StoreError):
    """The query process stopped without an answer (most often: it needed more memory than allowed)."""


@dataclass
class Reply:
    """What a query process sent: the result (``done``) or an error, or the parts before the deadline."""

    kind: str | None = None
    parts: list[bytes] = field(default_factory=list)
    done: tuple[Any, ...] | None = None
    body: bytes = b""
    error: tuple[Any, ...] | None = None
    timed_out: bool = False


class _Child:
    """One query process, the store it opened and the frames it has sent but not yet been read."""

    def __init__(self, process: subprocess.Popen[bytes], path: Path) -> None:
        self.process = process
        self.path = path
        self.buffer = bytearray()
        self.fd = process.stdout.fileno()  # type: ignore[union-attr]

    @property
    def pid(self) -> int:
        return self.process.pid

    def send(self, request: dict[str, Any]) -> None:
        data = pickle.dumps(request)
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(struct.pack("!I", len(data)) + data)
        stdin.flush()

    def frame(self, deadline: float | None) -> tuple[bytes, bytes] | None:
        """Return the next frame, or None if ``deadline`` (monotonic) passes first; EOFError if it died."""
        while True:
            if len(self.buffer) >= _HEADER.size:
                tag, length = _HEADER.unpack_from(self.buffer)
                end = _HEADER.size + length
                if len(self.buffer) >= end:
                    with memoryview(self.buffer) as view:
                        payload = view[_HEADER.size : end].tobytes()
                    del self.buffer[:end]
                    return tag, payload
            wait = None if deadline is None else max(deadline - time.monotonic(), 0)
            ready, _, _ = select.select([self.fd], [], [], wait)
            if not ready:
                return None
            data = os.read(self.fd, _PIPE_SIZE)
            if not data:
                raise EOFError
            self.buffer += data

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.process.kill()
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                stream.close()  # type: ignore[union-attr]


class QueryPool:
    """Query processes over the embedded store at ``path``, with a bounded slow lane."""

    def __init__(
        self,
        path: Path,
        *,
        warm: int = 2,
        max_processes: int = 8,
        slow_slots: int = 2,
        slow_after: float = 1.0,
        on_unused: Callable[[Path], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self.on_unused = on_unused
        self.warm = warm
        self.max_processes = max(max_processes, slow_slots + 1)
        self.slow_slots = slow_slots
        self.slow_after = slow_after
        self.idle: list[_Child] = []
        self.busy: set[_Child] = set()
        #: Every process started and not yet killed (starting, idle or busy).
        self.children: set[_Child] = set()
        self.slow = 0
        self.starting = 0
        self.killed = 0
        self.closed = False
        self._changed = threading.Condition()
        # Processes are started from one long-lived thread: Linux kills a child whose starting thread ends.
        self._starter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="policykg-query-start")
        self._waiter = ThreadPoolExecutor(self.max_processes, thread_name_prefix="policykg-query-wait")
        #: The version of the store that ``path`` holds (a snapshot's, for a writable store; see running.py).
        self.version: str | None = None
        #: Ids of every process this pool started (for tests and benchmarks: which are still alive).
        self.spawned: list[int] = []
        _pools.add(self)

    # --- processes ---------------------------------------------------------------------------------

    def _spawn(self) -> _Child:
        """Start a query process (from the starter thread) and return it before it is ready."""
        process = subprocess.Popen(
            [sys.executable, "-m", "policykg.server.store.query_process", str(self.path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            close_fds=True,
        )
        self.spawned.append(process.pid)
        # A larger pipe (Linux) lets a big result through with fewer wake-ups of either process.
        with contextlib.suppress(OSError, AttributeError):
            fcntl.fcntl(process.stdout.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_SIZE)  # type: ignore[union-attr]
        child = _Child(process, self.path)
        with self._changed:
            self.children.add(child)
        return child

    def _retire(self, child: _Child) -> None:
        """Kill a process and forget it; an older copy of the store that no process has open any more is
        passed to ``on_unused``."""
        child.kill()
        with self._changed:
            self.children.discard(child)
            unused = child.path != self.path and all(c.path != child.path for c in self.children)
        if unused and self.on_unused is not None:
            self.on_unused(child.path)

    def retarget(self, path: Path) -> None:
        """Open ``path`` (a newer copy of the store) in every process from now on: idle processes are
        replaced at once, busy ones once their query ends."""
        with self._changed:
            earlier, self.path = self.path, Path(path)
            stale, self.idle = self.idle, []
            self._top_up()
            unused = all(c.path != earlier for c in self.children)
        for child in stale:
            self._retire(child)
        if unused and self.on_unused is not None:
            self.on_unused(earlier)

    def paths_in_use(self) -> set[Path]:
        """Return the stores that processes have open or are opening, and the one new processes open."""
        with self._changed:
            return {child.path for child in self.children} | {self.path}

    def _ready(self, child: _Child) -> bool:
        """Wait until a new process has opened the store; kill it if it cannot."""
        try:
            ready = child.frame(time.monotonic() + 60)
        except (EOFError, OSError):
            ready = None
        if ready is None or ready[0] != b"R":
            self._retire(child)
            return False
        return True

    def start(self) -> None:
        """Start the warm processes and wait until they are ready."""
        with self._changed:
            self.starting += self.warm
        for future in [self._waiter.submit(self._start_counted) for _ in range(self.warm)]:
            future.result()

    def _top_up(self) -> None:
        """Keep ``warm`` processes idle or starting (called with the lock held)."""
        if self.closed:
            return
        total = len(self.idle) + len(self.busy) + self.starting
        for _ in range(min(self.warm - len(self.idle) - self.starting, self.max_processes - total)):
            self.starting += 1
            self._waiter.submit(self._start_counted)

    def _start_counted(self) -> None:
        """Start a process (counted in ``starting`` by the caller); it joins the idle ones once ready."""
        try:
            child: _Child | None = self._starter.submit(self._spawn).result()
        except OSError:
            child = None
        if child is not None and not self._ready(child):
            child = None
        with self._changed:
            self.starting -= 1
            fresh = child is not None and not self.closed and child.path == self.path
            if fresh:
                self.idle.append(child)  # type: ignore[arg-type]
            self._changed.notify_all()
        if child is not None and not fresh:
            self._retire(child)
            with self._changed:
                self._top_up()

    def _acquire(self, deadline: float | None) -> _Child:
        """Take an idle process, starting one if there is room; PoolBusy past ``deadline``."""
        with self._changed:
            while True:
                if self.closed:
                    raise PoolBusy
                if self.idle:
                    child = self.idle.pop()
                    self.busy.add(child)
                    self._top_up()
                    return child
                if len(self.busy) + self.starting < self.max_processes:
                    self.starting += 1
                    self._waiter.submit(self._start_counted)
                wait = None if deadline is None else deadline - time.monotonic()
                if wait is not None and wait <= 0:
                    raise PoolBusy
                self._changed.wait(wait)

    def _release(self, child: _Child, healthy: bool) -> None:
        with self._changed:
            self.busy.discard(child)
            # After a burst, processes beyond twice the warm ones are let go rather than kept idle, and so
            # is a process with an older copy of the store.
            current = child.path == self.path
            spare = healthy and not self.closed and current and len(self.idle) < 2 * self.warm
            if spare:
                self.idle.append(child)
            self._changed.notify_all()
        if healthy and not spare:
            self._retire(child)
            if not current:
                with self._changed:
                    self._top_up()
            return
        if not healthy:
            self._retire(child)
            with self._changed:
                self.killed += 1
                self._top_up()

    # --- queries -----------------------------------------------------------------------------------

    def run(self, request: dict[str, Any], timeout: float | None) -> Reply:
        """Run one request in a process within ``timeout`` seconds; PoolBusy when it cannot run now."""
        started = time.monotonic()
        deadline = None if timeout is None else started + timeout
        child = self._acquire(deadline)
        # The slow lane is for queries that run long, so its clock starts when the query does.
        running = time.monotonic()
        reply, healthy, slow = Reply(), False, False
        try:
            child.send(request)
            while True:
                until = deadline if slow else running + self.slow_after
                if deadline is not None:
                    until = min(until, deadline)
                try:
                    frame = child.frame(until)
                except EOFError:
                    reply.error = ("died", None, None, None)
                    return reply
                if frame is None:
                    if deadline is not None and time.monotonic() >= deadline:
                        reply.timed_out = True
                        return reply
                    if not self._enter_slow_lane():
                        raise PoolBusy
                    slow = True
                    # A query in the slow lane yields the CPU to small queries and to starting processes.
                    _renice(child.pid, SLOW_NICENESS)
                    continue
                tag, payload = frame
                if tag == b"K":
                    reply.kind = payload.decode() or None
                elif tag == b"P":
                    reply.parts.append(payload)
                elif tag == b"D":
                    (length,) = struct.unpack_from("!I", payload)
                    with memoryview(payload) as view:
                        reply.done = pickle.loads(view[4 : 4 + length])
                        reply.body = view[4 + length :].tobytes()
                    healthy = True
                    return reply
                elif tag == b"E":
                    reply.error = pickle.loads(payload)
                    healthy = reply.error[0] != "memory"
                    return reply
        except (BrokenPipeError, OSError) as error:
            raise QueryProcessDied(f"the query process failed: {error}") from error
        finally:
            if slow:
                with self._changed:
                    self.slow -= 1
                # Back to the normal priority for the next query, or let go if that is not allowed.
                healthy = healthy and _renice(child.pid, 0)
            self._release(child, healthy)

    def _enter_slow_lane(self) -> bool:
        with self._changed:
            if self.slow >= self.slow_slots:
                return False
            self.slow += 1
            return True

    def settle(self, timeout: float = 30) -> bool:
        """Wait until no query runs and no process is starting; return False if ``timeout`` passes first."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while self.busy or self.starting:
                wait = deadline - time.monotonic()
                if wait <= 0:
                    return False
                self._changed.wait(wait)
        return True

    def pids(self) -> list[int]:
        """Return the process ids of the query processes (idle and busy)."""
        with self._changed:
            return [child.pid for child in (*self.idle, *self.busy)]

    def close(self) -> None:
        """Kill every query process; queries still running fail."""
        with self._changed:
            self.closed = True
            children = [*self.idle, *self.busy]
            self.idle.clear()
            self._changed.notify_all()
        for child in children:
            self._retire(child)
        self._starter.shutdown(wait=False, cancel_futures=True)
        self._waiter.shutdown(wait=False, cancel_futures=True)


def _renice(pid: int, niceness: int) -> bool:
    """Set a process's CPU priority; return False if that is not allowed."""
    try:
        os.setpriority(os.PRIO_PROCESS, pid, niceness)
    except OSError:
        return False
    return True


_pools: weakref.WeakSet[QueryPool] = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    for pool in list(_pools):
        pool.close()
