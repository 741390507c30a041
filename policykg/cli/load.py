"""``policykg load``: send a build (or any RDF files) to a triple store, over the Graph Store Protocol
(``--endpoint``) or SPARQL 1.1 Update (``--store``)."""

from __future__ import annotations

from pathlib import Path

import click

from policykg.cli.options import build_dir_option, secret


@click.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--endpoint",
    default=None,
    help="Graph Store Protocol URL: http://localhost:7878/store (Oxigraph), .../graph-store (policykg).",
)
@click.option(
    "--store",
    default=None,
    help="SPARQL Update URL, optionally with ?default-graph-uri=IRI for the default graph's files "
    "(Virtuoso: http://localhost:8890/sparql-auth; credentials from $POLICYKG_STORE_USER or netrc).",
)
@click.option("--graph", default=None, help="Graph IRI for FILES (default: the default graph).")
@build_dir_option("Build directory whose files are sent when no FILES are given (default: data/build/).")
@click.option("--base", default=None, help="Base IRI, for the findings graph {base}graph/findings.")
@click.option(
    "--token",
    envvar="POLICYKG_UPDATE_TOKEN",
    default=None,
    help="Bearer token for the endpoint (better: $POLICYKG_UPDATE_TOKEN or --token-file).",
)
@click.option(
    "--token-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Read the bearer token from the first line of this file.",
)
@click.option("--add", is_flag=True, help="Add to the graphs instead of replacing them.")
def load(
    files: tuple[Path, ...],
    endpoint: str | None,
    store: str | None,
    graph: str | None,
    build_dir: Path | None,
    base: str | None,
    token: str | None,
    token_file: Path | None,
    add: bool,
) -> None:
    """Load RDF FILES (default: the build's graph, the ontology and findings) into a triple store.

    The first file sent to a graph replaces it (HTTP PUT, or DROP and INSERT) and later ones add to it
    (POST, or INSERT), so loading twice leaves the same content. A store whose default graph is the union
    of all its graphs (Virtuoso) takes the default graph's files into the named graph given as
    ``default-graph-uri`` in the --store URL; serve it with the same parameter (and ``named-graph-uri``
    for the findings graph) in the --store URL of ``policykg serve``.

    \b
    Examples:
      oxigraph serve --location store/ &
      policykg load --endpoint http://localhost:7878/store
      policykg load --endpoint http://localhost:3030/ds/data --graph https://example.org/g extra.ttl
      policykg load --store 'http://localhost:8890/sparql-auth?default-graph-uri=https://example.org/graph/default'
    """
    from policykg.data import default_build_dir
    from policykg.server.store.loading import BuildMissing, build_base, build_sources
    from policykg.server.store.upload import UploadError, upload

    if (endpoint is None) == (store is None):
        raise click.UsageError(
            "give --endpoint (Graph Store Protocol) or --store (SPARQL Update), one of them"
        )
    token = secret("--token", token, token_file, "POLICYKG_UPDATE_TOKEN")
    if files:
        sources: list[tuple[Path, str | None]] = [(path, graph) for path in files]
    else:
        directory = build_dir or default_build_dir()
        try:
            sources = build_sources(directory, build_base(directory, base))
        except BuildMissing as error:
            raise click.ClickException(f"{error}; run 'policykg build' first or name FILES") from error
    if store is not None:
        _load_by_update(store, sources, replace=not add)
        return
    try:
        sent = upload(endpoint or "", sources, token=token, replace=not add)
    except UploadError as error:
        raise click.ClickException(str(error)) from error
    for item in sent:
        click.echo(f"{item.method} {item.path} -> {item.graph or 'default graph'} ({item.status})")


def _load_by_update(url: str, sources: list[tuple[Path, str | None]], *, replace: bool) -> None:
    """Send the sources to a SPARQL Update endpoint and say what went where."""
    from policykg.server.store.base import StoreError
    from policykg.server.store.remote import RemoteStore
    from policykg.server.store.remote_loading import send_files

    store = RemoteStore(url, update_url=url, timeout=600)
    try:
        sent = send_files(store, sources, replace=replace)
    except StoreError as error:
        raise click.ClickException(str(error)) from error
    for item in sent:
        target = item.graph or store.default_graph or "default graph"
        click.echo(f"{item.path} -> {target} ({item.triples} triples)")
