"""Convert the merged N-Triples into the other formats in a child process, while the build goes on.

Turtle and JSON-LD are written from graph.nt group by group (``group_conversion``), keeping the last
build's conversion of the groups that did not change, by a ``python -m
policykg.graph_builder.rdf.converting`` process, so that they are made on another core while the parent
checks the shapes; the build waits for it before it publishes. The child runs in a session of its own, so
a terminal's Ctrl-C reaches only the parent, which decides: it stops the child when it is interrupted or
fails.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path


class ConversionError(Exception):
    """A conversion that did not finish; the message says why."""


@contextmanager
def converting(
    source: Path, targets: Mapping[Path, str], build: str, index: Path, last: Path | None = None
) -> Iterator[None]:
    """Convert ``source`` (N-Triples naming the build ``build``) into each target path's format
    (``turtle`` or ``json-ld``) in a child process for the duration of the block, and wait for it at
    its end; see ``group_conversion.convert`` for ``index`` and ``last``.

    Raises ConversionError when it fails; when the block raises, the child is stopped.
    """
    command = [sys.executable, "-m", __name__, str(source), build, str(index), str(last or "")]
    for target, rdf_format in targets.items():
        command += [str(target), rdf_format]
    # Errors go to a file, not a pipe, so that the child never waits for the parent to read.
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stderr=errors, start_new_session=True)
        try:
            yield
            if child.wait() != 0:
                errors.seek(0)
                said = errors.read().decode("utf-8", "replace").strip().splitlines()
                raise ConversionError(
                    f"cannot convert {source.name}: {(said or [f'exit {child.returncode}'])[-1]}"
                )
        finally:
            if child.poll() is None:
                child.terminate()
            child.wait()


def main(arguments: list[str]) -> None:
    """Convert one file: ``source build index last (or '') target format [target format ...]``."""
    from policykg.graph_builder.rdf.group_conversion import convert

    source, build, index, last, *pairs = arguments
    targets = {Path(target): rdf_format for target, rdf_format in zip(pairs[::2], pairs[1::2], strict=True)}
    try:
        convert(Path(source), targets, build, Path(index), Path(last) if last else None)
    except OSError as error:
        sys.exit(f"{error.filename or source}: {error.strerror or error}")


if __name__ == "__main__":
    main(sys.argv[1:])
