"""Run the HTTP server: how many workers, whether the port is free, and Granian serving the WSGI factory."""

from __future__ import annotations

import os
import socket

#: What Granian's workers load: the factory that builds each worker's application (server/wsgi.py).
APP_FACTORY = "policykg.server.wsgi:app_from_env"


class WorkersError(Exception):
    """More than one worker was asked for over a store that only one process may use."""


class PortBusy(Exception):
    """Something already listens on the address the server was to listen on."""


def available_cores() -> int:
    """Return how many cores this process may run on."""
    return len(os.sched_getaffinity(0))


def worker_count(requested: int, *, shared_store: bool) -> int:
    """Return how many worker processes to run: as asked, or one per available core up to eight.

    Several workers need a store they can share: the embedded store read-only, or a remote endpoint;
    asking for more than one over any other store raises ``WorkersError``.
    """
    if not shared_store:
        if requested > 1:
            raise WorkersError(
                "--workers above 1 needs a read-only embedded store or a remote --store: with "
                "--update-token the embedded store is written, so one process serves it"
            )
        return 1
    return requested if requested > 0 else min(available_cores(), 8)


def ensure_port_free(host: str, port: int) -> None:
    """Raise ``PortBusy`` with a clear message if something already listens on ``host:port``.

    Granian's workers bind with SO_REUSEPORT, so without this check a second server on a busy port would
    silently share its connections with the first.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise PortBusy(f"cannot listen on {host}:{port}: {error.strerror}") from error


def run_http_server(host: str, port: int, workers: int, threads: int) -> None:
    """Serve ``app_from_env`` with Granian's HTTP server (Rust, HTTP/1.1 and 2) until interrupted.

    Workers are started fresh (spawned, not forked), so none inherits the store or threads of this process.
    """
    import multiprocessing

    from granian import Granian
    from granian.constants import Interfaces

    multiprocessing.set_start_method("spawn", force=True)
    Granian(
        APP_FACTORY,
        factory=True,
        interface=Interfaces.WSGI,
        address=host,
        port=port,
        workers=workers,
        blocking_threads=threads,
        websockets=False,
        # Queries run in query processes that die with their worker, so a worker has nothing to finish.
        workers_kill_timeout=3,
        respawn_failed_workers=True,
    ).serve()
