"""``policykg load``: send a build (or any RDF files) to a triple store over the Graph Store Protocol."""

from __future__ import annotations

from pathlib import Path

import click

from policykg.cli.options import build_dir_option, secret


@click.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--endpoint",
    required=True,
    help="Graph Store Protocol URL: http://localhost:7878/store (Oxigraph), .../graph-store (policykg).",
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
    endpoint: str,
    graph: str | None,
    build_dir: Path | None,
    base: str | None,
    token: str | None,
    token_file: Path | None,
    add: bool,
) -> None:
    """Load RDF FILES (default: the build's graph, the ontology and findings) into a triple store.

    The first file sent to a graph replaces it (HTTP PUT) and later ones add to it (POST), so loading
    twice leaves the same content.

    \b
    Examples:
      oxigraph serve --location store/ &
      policykg load --endpoint http://localhost:7878/store
      policykg load --endpoint http://localhost:3030/ds/data --graph https://example.org/g extra.ttl
    """
    from policykg.data import default_build_dir
    from policykg.server.store.loading import BuildMissing, build_base, build_sources
    from policykg.server.store.upload import UploadError, upload

    token = secret("--token", token, token_file, "POLICYKG_UPDATE_TOKEN")
    if files:
        sources: list[tuple[Path, str | None]] = [(path, graph) for path in files]
    else:
        directory = build_dir or default_build_dir()
        try:
            sources = build_sources(directory, build_base(directory, base))
        except BuildMissing as error:
            raise click.ClickException(f"{error}; run 'policykg build' first or name FILES") from error
    try:
        sent = upload(endpoint, sources, token=token, replace=not add)
    except UploadError as error:
        raise click.ClickException(str(error)) from error
    for item in sent:
        click.echo(f"{item.method} {item.path} -> {item.graph or 'default graph'} ({item.status})")
