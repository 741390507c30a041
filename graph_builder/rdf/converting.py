"""Convert the merged N-Triples into the other formats in child processes, while the build goes on.

Turtle and JSON-LD are streamed from graph.nt by Oxigraph (``spool.convert_ntriples``), each by a
``python -m policykg.graph_builder.rdf.converting`` process of its own, so that they run on other cores
while the parent checks the shapes; the build waits for them before it publishes. The children run in a
session of their own, so a terminal's Ctrl-C reaches only the parent, which decides: it stops them
when it is interrupted or fails.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import BinaryIO


class ConversionError(Exception):
    """A conversion that did not finish; the message names the file and why."""


@contextmanager
def converting(source: Path, targets: Mapping[Path, str]) -> Iterator[None]:
    """Convert ``source`` (N-Triples) into each target path's format (``turtle`` or ``json-ld``) in child
    processes for the duration of the block, and wait for them at its end.

    Raises ConversionError when one fails; when the block raises, the children are stopped.
    """
    children: dict[Path, tuple[subprocess.Popen[bytes], BinaryIO]] = {}
    with ExitStack() as files:
        try:
            for target, rdf_format in targets.items():
                command = [sys.executable, "-m", __name__, str(source), str(target), rdf_format]
                # Errors go to a file, not a pipe, so that a child never waits for the parent to read.
                errors = files.enter_context(tempfile.TemporaryFile())
                child = subprocess.Popen(
                    command, stdin=subprocess.DEVNULL, stderr=errors, start_new_session=True
                )
                children[target] = child, errors
            yield
            for target, (child, errors) in children.items():
                if child.wait() != 0:
                    errors.seek(0)
                    said = errors.read().decode("utf-8", "replace").strip().splitlines()
                    raise ConversionError(
                        f"cannot write {target.name}: {(said or [f'exit {child.returncode}'])[-1]}"
                    )
        finally:
            for child, _ in children.values():
                if child.poll() is None:
                    child.terminate()
                child.wait()


def main(arguments: list[str]) -> None:
    """Convert one file: ``source target format``."""
    from policykg.graph_builder.rdf.spool import convert_ntriples

    source, target, rdf_format = arguments
    with open(target, "wb") as stream:
        convert_ntriples(Path(source), stream, rdf_format)


if __name__ == "__main__":
    main(sys.argv[1:])
