"""``policykg serve``: build if needed, load the store if the build changed, and serve the graph."""

from __future__ import annotations

import os
import socket
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

import click

from policykg.cli.options import build_dir_option

if TYPE_CHECKING:
    from flask import Flask

    from policykg.server.store.base import Store


def build_if_missing(build_dir: Path, base: str | None) -> bool:
    """Build the bundled plan into ``build_dir`` unless it already holds a graph; return True if it built."""
    from policykg.server.store.loading import FACT_FILES

    if any((build_dir / name).is_file() for name in FACT_FILES):
        return False
    from policykg.data import bundled_documents
    from policykg.graph_builder.build import BuildError, build_documents

    click.echo(f"no build in {build_dir}: building the bundled plan", err=True)
    try:
        build_documents(bundled_documents(), build_dir, base=base)
    except BuildError as error:
        raise click.ClickException(str(error)) from error
    return True


def open_store(
    location: str | None,
    build_dir: Path,
    base: str | None,
    update_url: str | None,
    *,
    read_only: bool = False,
) -> Store:
    """Open the store: a remote endpoint as it is, or the embedded store, reloaded if the build changed.

    ``read_only`` opens the embedded store as loaded, without building or loading (a server's workers).
    """
    from policykg.server.store.base import OxigraphStore
    from policykg.server.store.loading import load_build
    from policykg.server.store.remote import RemoteStore

    if is_endpoint(location):
        return RemoteStore(location, update_url=update_url)
    path = store_path(location, build_dir)
    if read_only:
        try:
            store = OxigraphStore(path, read_only=True)
        except OSError as error:
            raise click.ClickException(f"cannot open the store at {path} read-only: {error}") from error
        if store.fingerprint is None:
            store.close()
            raise click.ClickException(f"the store at {path} holds no build yet: run 'policykg serve' once")
        return store
    build_if_missing(build_dir, base)
    try:
        store = OxigraphStore(path)
    except OSError as error:
        raise click.ClickException(
            f"cannot open the store at {path} (is another server using it?): {error}"
        ) from error
    if load_build(store, build_dir, base):
        click.echo(f"loaded {build_dir} into {path}", err=True)
    else:
        click.echo(f"store {path} is up to date with {build_dir}", err=True)
    return store


def is_endpoint(location: str | None) -> bool:
    """Return True when ``--store`` names a SPARQL endpoint by URL rather than a directory."""
    return bool(location) and location.startswith(("http://", "https://"))


def store_path(location: str | None, build_dir: Path) -> Path:
    """Return the embedded store's directory: the one given, else ``BUILD_DIR/store``."""
    return Path(location) if location else build_dir / "store"


def make_app(
    *,
    store: str | None = None,
    store_update: str | None = None,
    build_dir: Path | None = None,
    base: str | None = None,
    update_token: str | None = None,
    timeout: float = 10.0,
    max_rows: int = 10_000,
    read_only: bool = False,
) -> Flask:
    """Return the application over a ready store (building and loading first if needed)."""
    from policykg.data import default_build_dir
    from policykg.server.app import create_app
    from policykg.server.store.loading import build_base

    directory = Path(build_dir) if build_dir else default_build_dir()
    resolved_base = build_base(directory, base)
    return create_app(
        {
            "POLICYKG_STORE": open_store(store, directory, base, store_update, read_only=read_only),
            "POLICYKG_BUILD_DIR": str(directory),
            "POLICYKG_BASE": resolved_base,
            "POLICYKG_UPDATE_TOKEN": update_token or None,
            "POLICYKG_TIMEOUT": timeout or None,
            "POLICYKG_MAX_ROWS": max_rows or None,
        }
    )


def app_from_env() -> Flask:
    """Return the application configured from POLICYKG_* environment variables (each server worker's factory).

    ``POLICYKG_READ_ONLY=1`` opens an embedded store that ``policykg serve`` has already loaded read-only,
    as every worker of a read-only server does.
    """
    from policykg.server.linkeddata.entities import warm_search_index

    app = make_app(
        store=os.environ.get("POLICYKG_STORE"),
        store_update=os.environ.get("POLICYKG_STORE_UPDATE_URL"),
        build_dir=Path(os.environ["POLICYKG_BUILD_DIR"]) if os.environ.get("POLICYKG_BUILD_DIR") else None,
        base=os.environ.get("POLICYKG_BASE"),
        update_token=os.environ.get("POLICYKG_UPDATE_TOKEN"),
        timeout=float(os.environ.get("POLICYKG_TIMEOUT", 10)),
        max_rows=int(os.environ.get("POLICYKG_MAX_ROWS", 10_000)),
        read_only=os.environ.get("POLICYKG_READ_ONLY") == "1",
    )
    # Kept on the app so that whoever closes the store first can wait for the warm-up to finish.
    app.extensions["policykg.search_warmup"] = warm_search_index(app)
    return app


def available_cores() -> int:
    """Return how many cores this process may run on."""
    return len(os.sched_getaffinity(0))


def worker_count(requested: int, *, shared_store: bool) -> int:
    """Return how many worker processes to run: as asked, or one per available core up to eight.

    Several workers need a store they can share: the embedded store read-only, or a remote endpoint.
    """
    if not shared_store:
        if requested > 1:
            raise click.UsageError(
                "--workers above 1 needs a read-only embedded store or a remote --store: with "
                "--update-token the embedded store is written, so one process serves it"
            )
        return 1
    return requested if requested > 0 else min(available_cores(), 8)


def ensure_port_free(host: str, port: int) -> None:
    """Stop with a clear message if something already listens on ``host:port``.

    Granian's workers bind with SO_REUSEPORT, so without this check a second server on a busy port would
    silently share its connections with the first.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise click.ClickException(f"cannot listen on {host}:{port}: {error.strerror}") from error


def run_http_server(host: str, port: int, workers: int, threads: int) -> None:
    """Serve ``app_from_env`` with Granian's HTTP server (Rust, HTTP/1.1 and 2) until interrupted.

    Workers are started fresh (spawned, not forked), so none inherits the store or threads of this process.
    """
    import multiprocessing

    from granian import Granian
    from granian.constants import Interfaces

    multiprocessing.set_start_method("spawn", force=True)
    Granian(
        "policykg.cli.serve:app_from_env",
        factory=True,
        interface=Interfaces.WSGI,
        address=host,
        port=port,
        workers=workers,
        blocking_threads=threads,
        websockets=False,
        workers_kill_timeout=30,
        respawn_failed_workers=True,
    ).serve()


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--store",
    envvar="POLICYKG_STORE",
    default=None,
    help="Store directory, or the URL of a SPARQL endpoint to serve from (default: BUILD_DIR/store).",
)
@click.option("--store-update", default=None, help="With an endpoint URL as --store: its SPARQL Update URL.")
@build_dir_option()
@click.option(
    "--base", envvar="POLICYKG_BASE", default=None, help="Base IRI of the data (default: the build's)."
)
@click.option(
    "--update-token",
    envvar="POLICYKG_UPDATE_TOKEN",
    default=None,
    help="Allow SPARQL Update and Graph Store writes to requests with 'Authorization: Bearer TOKEN'.",
)
@click.option(
    "--timeout", default=10.0, show_default=True, type=float, help="Query time limit, seconds (0: none)."
)
@click.option(
    "--max-rows", default=10_000, show_default=True, type=int, help="Rows per result (0: no limit)."
)
@click.option(
    "--workers",
    default=0,
    type=click.IntRange(min=0),
    help="Worker processes (default: one per core, up to 8; 1 with --update-token on the embedded store).",
)
@click.option(
    "--threads",
    default=0,
    type=click.IntRange(min=0),
    help="Threads per worker, each answering one request at a time (default: twice the cores, plus one).",
)
def serve(
    host: str,
    port: int,
    store: str | None,
    store_update: str | None,
    build_dir: Path | None,
    base: str | None,
    update_token: str | None,
    timeout: float,
    max_rows: int,
    workers: int,
    threads: int,
) -> None:
    """Serve the knowledge graph over HTTP: SPARQL endpoint, linked data, JSON API and viewer.

    Builds the bundled plan if there is no build and loads the build into the store if it changed since
    the last load; then serves with Granian, a production HTTP server, until interrupted. Read-only (no
    --update-token), the embedded store is shared by one worker process per core.

    \b
    Examples:
      policykg serve
      policykg serve --host 0.0.0.0 --port 8080 --workers 4
      policykg serve --update-token "$TOKEN"
      policykg serve --store http://localhost:7878/query
    """
    from policykg.data import default_build_dir
    from policykg.server.store.base import StoreInUse, exclusive_use

    directory = Path(build_dir) if build_dir else default_build_dir()
    embedded = not is_endpoint(store)
    read_only = embedded and not update_token
    count = worker_count(workers, shared_store=read_only or not embedded)
    ensure_port_free(host, port)
    threads = threads or 2 * available_cores() + 1
    try:
        with exclusive_use(store_path(store, directory)) if embedded else nullcontext():
            if embedded:
                # Build and load here, once; the workers then open the loaded store themselves.
                open_store(store, directory, base, None).close()
            os.environ.update(
                worker_settings(
                    store=store,
                    store_update=store_update,
                    build_dir=directory,
                    base=base,
                    update_token=update_token,
                    timeout=timeout,
                    max_rows=max_rows,
                    read_only=read_only,
                )
            )
            mode = "read-only" if read_only else "writable with the update token" if embedded else store
            click.echo(
                f"serving http://{host}:{port}/ (SPARQL endpoint: http://{host}:{port}/sparql) with "
                f"{count} worker{'s' if count > 1 else ''}, {threads} threads each; store: {mode}",
                err=True,
            )
            run_http_server(host, port, count, threads)
    except StoreInUse as error:
        raise click.ClickException(f"{error}; stop that server first, or serve a copy") from error


def worker_settings(
    *,
    store: str | None,
    store_update: str | None,
    build_dir: Path,
    base: str | None,
    update_token: str | None,
    timeout: float,
    max_rows: int,
    read_only: bool,
) -> dict[str, str]:
    """Return the POLICYKG_* environment that tells each worker's ``app_from_env`` what to serve."""
    return {
        "POLICYKG_BUILD_DIR": str(build_dir),
        "POLICYKG_TIMEOUT": str(timeout),
        "POLICYKG_MAX_ROWS": str(max_rows),
        "POLICYKG_READ_ONLY": "1" if read_only else "0",
        "POLICYKG_STORE": store or "",
        "POLICYKG_STORE_UPDATE_URL": store_update or "",
        "POLICYKG_BASE": base or "",
        "POLICYKG_UPDATE_TOKEN": update_token or "",
    }
