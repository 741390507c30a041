"""``policykg serve``: build if needed, load the store if the build changed, and serve the graph."""

from __future__ import annotations

import os
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

import click

from policykg.cli.options import build_dir_option, secret, warn_of_credentials

if TYPE_CHECKING:
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


def open_built_store(location: str | None, build_dir: Path, base: str | None) -> Store:
    """Open a command's store: an endpoint as it is, else the embedded store, built and loaded as needed.

    Without a build the bundled plan is built first; the build is loaded if it changed since the last load.
    """
    from policykg.server.store.base import StoreUnavailable
    from policykg.server.store.opening import is_endpoint, open_loaded_store

    if not is_endpoint(location):
        build_if_missing(build_dir, base)
    try:
        return open_loaded_store(
            location, build_dir, base=base, report=lambda line: click.echo(line, err=True)
        )
    except StoreUnavailable as error:
        raise click.ClickException(str(error)) from error


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
    help="Allow SPARQL Update and Graph Store writes to requests with 'Authorization: Bearer TOKEN'. "
    "Better set $POLICYKG_UPDATE_TOKEN or use --update-token-file: the process list shows the option.",
)
@click.option(
    "--update-token-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Read the update token from the first line of this file (private to you: chmod 600).",
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
    update_token_file: Path | None,
    timeout: float,
    max_rows: int,
    workers: int,
    threads: int,
) -> None:
    """Serve the knowledge graph over HTTP: SPARQL endpoint, linked data, JSON API and viewer.

    Builds the bundled plan if there is no build and loads the build into the store if it changed since
    the last load; then serves with Granian, a production HTTP server, until interrupted. Read-only (no
    --update-token), the embedded store is shared by one worker process per core. The credentials of a
    remote store come from $POLICYKG_STORE_USER and $POLICYKG_STORE_PASSWORD or a netrc file.

    \b
    Examples:
      policykg serve
      policykg serve --host 0.0.0.0 --port 8080 --workers 4
      POLICYKG_UPDATE_TOKEN="$TOKEN" policykg serve
      policykg serve --update-token-file ~/.config/policykg/token
      policykg serve --store http://localhost:7878/query
    """
    from policykg.data import default_build_dir
    from policykg.server.serving import (
        PortBusy,
        WorkersError,
        available_cores,
        ensure_port_free,
        run_http_server,
        worker_count,
    )
    from policykg.server.store.base import StoreInUse
    from policykg.server.store.embedded import exclusive_use
    from policykg.server.store.opening import is_endpoint, store_path
    from policykg.server.wsgi import worker_settings

    update_token = secret("--update-token", update_token, update_token_file, "POLICYKG_UPDATE_TOKEN")
    warn_of_credentials(store)
    directory = Path(build_dir) if build_dir else default_build_dir()
    embedded = not is_endpoint(store)
    read_only = embedded and not update_token
    try:
        count = worker_count(workers, shared_store=read_only or not embedded)
    except WorkersError as error:
        raise click.UsageError(str(error)) from error
    try:
        ensure_port_free(host, port)
    except PortBusy as error:
        raise click.ClickException(str(error)) from error
    threads = threads or 2 * available_cores() + 1
    try:
        with exclusive_use(store_path(store, directory)) if embedded else nullcontext():
            if embedded:
                # Build and load here, once; the workers then open the loaded store themselves.
                open_built_store(store, directory, base).close()
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
