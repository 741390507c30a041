"""Options that several subcommands share."""

from __future__ import annotations

from pathlib import Path

import click


def build_dir_option(help_text: str = "Build directory (default: $POLICYKG_BUILD_DIR or data/build/)."):
    """Return the ``--build-dir`` option, read from $POLICYKG_BUILD_DIR when not given."""
    return click.option(
        "--build-dir",
        envvar="POLICYKG_BUILD_DIR",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help=help_text,
    )
