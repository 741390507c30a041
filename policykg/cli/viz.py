"""``policykg viz``: write the network viewer as one standalone HTML file."""

from __future__ import annotations

from pathlib import Path

import click

from policykg.cli.options import build_dir_option


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("policykg.html"),
    show_default=True,
    help="HTML file to write.",
)
@build_dir_option("Build directory holding graph.ttl (default: $POLICYKG_BUILD_DIR or data/build/).")
@click.option(
    "--plan", default=None, help="IRI of one plan: it, what hangs under it and the plans linked to it."
)
@click.option("--domain", default=None, help="Show one domain (its IRI or ordinal) and what hangs under it.")
@click.option("--types", default=None, help="Comma-separated classes to show, e.g. Institution,Place.")
@click.option("--focus", default=None, help="IRI of an entity whose neighbourhood to show.")
@click.option(
    "--depth", type=click.IntRange(1, 3), default=1, show_default=True, help="Depth around --focus."
)
@click.option(
    "--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Label language."
)
def viz(
    output: Path,
    build_dir: Path | None,
    plan: str | None,
    domain: str | None,
    types: str | None,
    focus: str | None,
    depth: int,
    lang: str,
) -> None:
    """Write the interactive network of a build as ONE HTML file that opens from disk, offline.

    \b
    Examples:
      policykg viz -o plan.html
      policykg viz --types Institution,Place --lang en -o places.html
      policykg viz --plan https://w3id.org/policykg/id/plan/... -o one-plan.html
      policykg viz --focus https://w3id.org/policykg/id/laboratory/quancheng-shiyanshi --depth 2
    """
    from policykg.data import default_build_dir
    from policykg.server.viewer.analytics import NetworkError, UnknownEntity
    from policykg.server.viewer.network import load_build
    from policykg.server.viewer.page import viewer_page

    try:
        net, findings = load_build(build_dir or default_build_dir())
        html, view = viewer_page(
            net,
            findings=findings,
            domain=domain,
            types=[t.strip() for t in (types or "").split(",") if t.strip()],
            focus=focus,
            depth=depth,
            plan=plan,
            lang=lang,
            standalone=True,
        )
    except (FileNotFoundError, NetworkError, UnknownEntity) as error:
        raise click.ClickException(str(error)) from error
    output.write_text(html, encoding="utf-8")
    click.echo(f"wrote {output}: {view.number_of_nodes()} entities, {view.number_of_edges()} relations")
