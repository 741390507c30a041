"""``policykg build``: extract plans into RDF files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

#: The exit status of a build that was written but skipped some documents (0: all built; 1: nothing built).
PARTIAL = 3


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
@click.option(
    "--validate/--no-validate",
    "validate_shapes",
    default=True,
    show_default=True,
    help="Check the graph against the SHACL shapes (the audit of the figures always runs).",
)
@click.option(
    "--force", is_flag=True, help="Replace the last build even with documents in which no plan is found."
)
@click.option(
    "--cache/--no-cache",
    "use_cache",
    default=True,
    show_default=True,
    help="Take unchanged documents' builds from the last build instead of extracting them again.",
)
def build(
    documents: tuple[Path, ...],
    output: Path | None,
    base: str | None,
    validate_shapes: bool,
    force: bool,
    use_cache: bool,
) -> None:
    """Build the knowledge graph of plan DOCUMENTS (default: the bundled plan).

    Writes graph.ttl, graph.nt and graph.jsonld (the facts), findings.ttl (the audit of the plan's
    own figures) and build.json to the build directory, prints the number of entities per class,
    the SHACL result and the number of findings. The directory switches to the new build in one step:
    a failed, interrupted or killed build leaves the last good one in place, and a build that finds no
    plan (no domains, targets or key projects) does not replace one without --force. One build at a
    time: a second build into the same directory stops at once. Run 'policykg validate' for the full
    report.

    Builds are incremental: each document's build is kept beside the build directory (.OUT.cache/),
    keyed by its checksum, the options and the software, so a rebuild extracts only the documents
    added or changed; the graph is the same as a full build's (--no-cache extracts everything).

    A document that cannot be read or built is reported with its reason and skipped; the others are
    built. Exit status: 0 when every document was built, 3 when the build was written without the
    failed ones, 1 when nothing was built (the last build is kept). A progress bar is drawn on
    stderr when it is a terminal.

    \b
    Examples:
      policykg build
      policykg build plans/jinan.txt plans/qingdao.txt -o build/
      policykg build plan.txt --base https://example.org/policy/
    """
    from policykg.checks.findings import Severity
    from policykg.graph_builder.build import BuildError, build_documents

    try:
        result = build_documents(
            list(documents),
            output,
            base=base,
            validate_shapes=validate_shapes,
            force=force,
            progress=sys.stderr.isatty(),
            use_cache=use_cache,
        )
    except BuildError as error:
        raise click.ClickException(str(error)) from error
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    for failure in result.failures:
        click.echo(f"error: {failure.reason} (skipped)", err=True)
    reused = len(result.documents) - len(result.extracted)
    kept = f" ({reused} unchanged, taken from the last build)" if reused else ""
    click.echo(f"built {result.triple_count} triples from {len(result.documents)} document(s){kept}")
    for cls, count in sorted(result.class_counts.items()):
        click.echo(f"  {cls:<24}{count:>6}")
    if result.validation is not None:
        validation = result.validation
        state = "conforms" if validation.conforms else "does NOT conform"
        click.echo(
            f"shapes: the graph {state} ({validation.count('Violation')} violations, "
            f"{validation.count('Warning')} warnings)"
        )
    audit = result.audit
    click.echo(
        f"audit: {len(audit.findings)} findings in the plans' own figures "
        f"({audit.count(Severity.VIOLATION)} violations, {audit.count(Severity.WARNING)} warnings)"
    )
    click.echo(f"wrote {', '.join(str(p) for p in result.files)}")
    if result.failures:
        total = len(result.documents) + len(result.failures)
        click.echo(
            f"{len(result.failures)} of {total} documents failed and were skipped: "
            + ", ".join(Path(f.path).name for f in result.failures),
            err=True,
        )
        sys.exit(PARTIAL)
