"""``policykg serve``: build if needed, load the store if the build changed, and serve the graph."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from policykg.cli.options import build_dir_option

if TYPE_CHECKING:
    from flask import Flask

    from policykg.server.store import Store


def build_if_missing(build_dir: Path, base: str | None) -> bool:
    """Build the bundled plan into ``build_dir`` unless it already holds a graph; return True if it built."""
    from policykg.server.loading import FACT_FILES

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


def open_store(location: str | None, build_dir: Path, base: str | None, update_url: str | None) -> Store:
    """Open the store: a remote endpoint as it is, or the embedded store, reloaded if the build changed."""
    from policykg.server.loading import load_build
    from policykg.server.remote_store import RemoteStore
    from policykg.server.store import OxigraphStore

    if location and location.startswith(("http://", "https://")):
        return RemoteStore(location, update_url=update_url)
    build_if_missing(build_dir, base)
    path = Path(location) if location else build_dir / "store"
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


def make_app(
    *,
    store: str | None = None,
    store_update: str | None = None,
    build_dir: Path | None = None,
    base: str | None = None,
    update_token: str | None = None,
    timeout: float = 10.0,
    max_rows: int = 10_000,
) -> Flask:
    """Return the application over a ready store (building and loading first if needed)."""
    from policykg.data import default_build_dir
    from policykg.server import create_app
    from policykg.server.loading import build_base

    directory = Path(build_dir) if build_dir else default_build_dir()
    resolved_base = build_base(directory, base)
    return create_app(
        {
            "POLICYKG_STORE": open_store(store, directory, base, store_update),
            "POLICYKG_BUILD_DIR": str(directory),
            "POLICYKG_BASE": resolved_base,
            "POLICYKG_UPDATE_TOKEN": update_token or None,
            "POLICYKG_TIMEOUT": timeout or None,
            "POLICYKG_MAX_ROWS": max_rows or None,
        }
    )


def app_from_env() -> Flask:
    """Return the application configured from POLICYKG_* environment variables (for waitress-serve --call)."""
    from policykg.server.entities import warm_search_index

    app = make_app(
        store=os.environ.get("POLICYKG_STORE"),
        store_update=os.environ.get("POLICYKG_STORE_UPDATE_URL"),
        build_dir=Path(os.environ["POLICYKG_BUILD_DIR"]) if os.environ.get("POLICYKG_BUILD_DIR") else None,
        base=os.environ.get("POLICYKG_BASE"),
        update_token=os.environ.get("POLICYKG_UPDATE_TOKEN"),
        timeout=float(os.environ.get("POLICYKG_TIMEOUT", 10)),
        max_rows=int(os.environ.get("POLICYKG_MAX_ROWS", 10_000)),
    )
    # Kept on the app so that whoever closes the store first can wait for the warm-up to finish.
    app.extensions["policykg.search_warmup"] = warm_search_index(app)
    return app


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
@click.option("--threads", default=4, show_default=True, type=int, help="Worker threads of the HTTP server.")
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
    threads: int,
) -> None:
    """Serve the knowledge graph over HTTP: SPARQL endpoint, linked data, JSON API and viewer.

    Builds the bundled plan if there is no build, loads the build into the store if it changed since the
    last load, then serves with waitress (a production WSGI server) until interrupted.

    \b
    Examples:
      policykg serve
      policykg serve --host 0.0.0.0 --port 8080 --update-token "$TOKEN"
      policykg serve --store http://localhost:7878/query
    """
    from waitress import serve as serve_wsgi

    from policykg.server.entities import warm_search_index

    app = make_app(
        store=store,
        store_update=store_update,
        build_dir=build_dir,
        base=base,
        update_token=update_token,
        timeout=timeout,
        max_rows=max_rows,
    )
    warm_search_index(app)
    click.echo(f"serving http://{host}:{port}/ (SPARQL endpoint: http://{host}:{port}/sparql)", err=True)
    serve_wsgi(app, host=host, port=port, threads=threads, ident="policykg")
