"""Convert the merged N-Triples into the other formats in child processes, while the build goes on.

Turtle and JSON-LD are streamed from graph.nt by Oxigraph (``spool.convert_ntriples``), each in a process
of its own, so that they run on other cores while the parent checks the shapes; the build waits for them
before it publishes. A child ignores SIGINT (a terminal's Ctrl-C reaches the whole process group): the
parent decides, and stops the children when it is interrupted or fails.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from policykg.graph_builder.rdf.spool import convert_ntriples


class ConversionError(Exception):
    """A conversion that did not finish; the message names the file."""


def _convert(source: str, target: str, rdf_format: str) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with open(target, "wb") as stream:
        convert_ntriples(Path(source), stream, rdf_format)


@contextmanager
def converting(source: Path, targets: Mapping[Path, str]) -> Iterator[None]:
    """Convert ``source`` (N-Triples) into each target path's format (``turtle`` or ``json-ld``) in child
    processes for the duration of the block, and wait for them at its end.

    Raises ConversionError when one fails; when the block raises, the children are stopped.
    """
    context = multiprocessing.get_context("spawn")  # no threads or held memory copied into the children
    children = {
        target: context.Process(target=_convert, args=(str(source), str(target), rdf_format), daemon=True)
        for target, rdf_format in targets.items()
    }
    try:
        for child in children.values():
            child.start()
        yield
        for target, child in children.items():
            child.join()
            if child.exitcode != 0:
                raise ConversionError(f"cannot write {target.name} (exit code {child.exitcode})")
    finally:
        for child in children.values():
            if child.is_alive():
                child.terminate()
            if child.pid is not None:
                child.join()
