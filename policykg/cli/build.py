"""``policykg build``: extract plans into RDF files."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("documents", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Build directory (default: $POLICYKG_BUILD_DIR or data/build/).",
)
@click.option("--base", default=None, help="Base IRI for minted entities (default: $POLICYKG_BASE).")
def build(documents: tuple[Path, ...], output: Path | None, base: str | None) -> None:
    """Build the knowledge graph of plan DOCUMENTS (default: the bundled plan).

    Writes graph.ttl, graph.nt and graph.jsonld to the build directory and prints the number
    of entities per class. A failed build leaves the last good build in place.

    \b
    Examples:
      policykg build
      policykg build plans/jinan.txt plans/qingdao.txt -o build/
      policykg build plan.txt --base https://example.org/policy/
    """
    from policykg.graph_builder.build import BuildError, build_documents

    try:
        result = build_documents(list(documents), output, base=base)
    except BuildError as error:
        raise click.ClickException(str(error)) from error
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"built {result.triple_count} triples from {len(result.documents)} document(s)")
    for cls, count in sorted(result.class_counts.items()):
        click.echo(f"  {cls:<24}{count:>6}")
    click.echo(f"wrote {', '.join(str(p) for p in result.files)}")
