"""Options that several subcommands share."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import click
from click.core import ParameterSource

COMMANDLINE = ParameterSource.COMMANDLINE


def build_dir_option(help_text: str = "Build directory (default: $POLICYKG_BUILD_DIR or data/build/)."):
    """Return the ``--build-dir`` option, read from $POLICYKG_BUILD_DIR when not given."""
    return click.option(
        "--build-dir",
        envvar="POLICYKG_BUILD_DIR",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help=help_text,
    )


def secret(option: str, value: str | None, file: Path | None, envvar: str) -> str | None:
    """Return a secret given as ``option``, as ``{option}-file`` or by ``envvar``; None if none was given.

    On the command line a secret is visible to every local user in the process list: it is still
    accepted there, with a warning naming the private ways.
    """
    context = click.get_current_context()
    on_command_line = context.get_parameter_source(option.lstrip("-").replace("-", "_")) is COMMANDLINE
    if file is not None:
        if value and on_command_line:
            raise click.UsageError(f"give {option} or {option}-file, not both")
        return read_secret_file(file)
    if value and on_command_line:
        click.echo(
            f"warning: {option} on the command line is visible to every local user in the process list; "
            f"set ${envvar} or use {option}-file",
            err=True,
        )
    return value or None


def read_secret_file(path: Path) -> str:
    """Return the secret in a file (its first line, stripped); warn if other users may read the file."""
    try:
        text = path.read_text(encoding="utf-8")
        mode = path.stat().st_mode
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise click.ClickException(f"cannot read the secret in {path}: {reason}") from error
    lines = text.strip().splitlines()
    if not lines or not lines[0].strip():
        raise click.ClickException(f"no secret in {path}: the file is empty")
    if mode & 0o077:
        click.echo(f"warning: {path} may be read by other users; chmod 600 it", err=True)
    return lines[0].strip()


def warn_of_credentials(store: str | None) -> None:
    """Warn when a store URL given on the command line carries a password, which the process list shows."""
    context = click.get_current_context()
    if not store or context.get_parameter_source("store") is not COMMANDLINE:
        return
    try:
        password = urllib.parse.urlsplit(store).password
    except ValueError:
        return
    if password is not None:
        click.echo(
            "warning: the password in --store is visible to every local user in the process list; "
            "set $POLICYKG_STORE_USER and $POLICYKG_STORE_PASSWORD, or use a netrc file",
            err=True,
        )
