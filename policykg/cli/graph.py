"""``policykg graph``: relationship analytics on a build's network, printed as JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from policykg.cli.options import build_dir_option


def _analyse(build_dir: Path | None, analysis: Callable[[Any], Any]) -> None:
    """Run one analysis on the build's network and print its result as JSON, or fail with a message."""
    from policykg.data import default_build_dir
    from policykg.server.viewer.analytics import NetworkError, UnknownEntity
    from policykg.server.viewer.network import load_build

    try:
        net, _findings = load_build(build_dir or default_build_dir())
        result = analysis(net)
    except (FileNotFoundError, NetworkError, UnknownEntity) as error:
        raise click.ClickException(str(error)) from error
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))


_build_dir = build_dir_option(
    "Build directory holding graph.ttl (default: $POLICYKG_BUILD_DIR or data/build/)."
)


@click.group()
def graph() -> None:
    """Relationship analytics on the plan's network (paths, centrality, neighbourhoods, communities).

    \b
    Examples:
      policykg graph central --type Institution --measure pagerank --limit 5
      policykg graph path IRI1 IRI2
      policykg graph neighbors IRI --depth 2
      policykg graph communities
    """


@graph.command()
@click.argument("source")
@click.argument("target")
@_build_dir
def path(source: str, target: str, build_dir: Path | None) -> None:
    """Print the shortest chain of relations from SOURCE to TARGET (IRIs), with each step's sentence."""
    from policykg.server.viewer.analytics import shortest_path

    _analyse(build_dir, lambda net: shortest_path(net, source, target))


@graph.command()
@click.option("--type", "types", multiple=True, help="Only entities of this class (repeatable).")
@click.option(
    "--measure",
    type=click.Choice(["degree", "betweenness", "pagerank"]),
    default="degree",
    show_default=True,
)
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
@_build_dir
def central(types: tuple[str, ...], measure: str, limit: int, build_dir: Path | None) -> None:
    """Print the most central entities by a centrality measure."""
    from policykg.server.viewer.analytics import centrality

    _analyse(build_dir, lambda net: centrality(net, measure, types, limit))


@graph.command()
@click.argument("entity")
@click.option("--depth", type=click.IntRange(1, 3), default=1, show_default=True)
@_build_dir
def neighbors(entity: str, depth: int, build_dir: Path | None) -> None:
    """Print the entities and relations within DEPTH steps of ENTITY (an IRI)."""
    from policykg.server.viewer.analytics import neighborhood_json

    _analyse(build_dir, lambda net: neighborhood_json(net, entity, depth))


@graph.command()
@_build_dir
def communities(build_dir: Path | None) -> None:
    """Print clusters of entities that belong together (greedy modularity), largest first."""
    from policykg.server.viewer.analytics import communities as find_communities

    _analyse(build_dir, find_communities)
