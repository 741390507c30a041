"""The ``policykg`` command: one group, one small module per subcommand."""

from __future__ import annotations

import click

from policykg import __version__
from policykg.cli.build import build
from policykg.cli.graph import graph
from policykg.cli.load import load
from policykg.cli.query import query
from policykg.cli.serve import serve
from policykg.cli.validate import validate
from policykg.cli.viz import viz


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Run 'policykg COMMAND --help' for the options and examples of each command.",
)
@click.version_option(__version__, prog_name="policykg")
def cli() -> None:
    """Turn Chinese policy plans into a bilingual (zh/en) linked-data knowledge graph and serve it.

    \b
    Examples:
      policykg build                     build the bundled plan into data/build/
      policykg build plan.txt -o out/    build your own plan document(s)
      policykg serve                     serve it on http://127.0.0.1:5000/ (builds first if needed)
      policykg query 'SELECT ?lab WHERE { ?lab a pkg:Laboratory }'
      policykg validate                  SHACL shapes and the audit of the plan's own figures
      policykg viz -o plan.html          the network viewer as one offline HTML file
      policykg graph central --type Institution
    """


cli.add_command(build)
cli.add_command(serve)
cli.add_command(load)
cli.add_command(query)
cli.add_command(validate)
cli.add_command(viz)
cli.add_command(graph)


def main() -> None:
    """Run the command-line interface."""
    cli()
