"""Extract the records of many documents in parallel worker processes, each document on its own.

A worker returns a document's records (``PlanRecord``), never triples: the parent holds the one IRI
minter of the corpus and writes the graph once (see ``writing``). A document whose extraction raises
becomes a ``DocumentFailure`` with its reason and never takes the others down.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

from policykg.graph_builder.records import DocumentRecord, PlanRecord


@dataclass(frozen=True)
class DocumentFailure:
    """A document that could not be read or built, and why (one line naming the document)."""

    path: str
    reason: str


def extract_document(document: DocumentRecord) -> PlanRecord | DocumentFailure:
    """Extract one document's records; an error in it (not an interrupt) becomes its failure."""
    from policykg.graph_builder.pipeline.extract import extract_plan

    try:
        return extract_plan(document.text)
    except Exception as error:  # one document's bug must not take the others down
        reason = f"{type(error).__name__}: {error}".splitlines()[0]
        return DocumentFailure(document.path, f"{document.path}: cannot be built ({reason})")


def _progress(total: int, enabled: bool):
    """A progress bar on stderr over the documents, drawn only when ``enabled`` and stderr is a terminal."""
    from tqdm import tqdm

    class Bar(tqdm):
        # No monitor thread: it would outlive the bar, and the writing forks only a one-thread process.
        monitor_interval = 0

    return Bar(
        total=total, unit="doc", desc="building", disable=not (enabled and sys.stderr.isatty()), leave=False
    )


def extract_all(
    documents: list[DocumentRecord], workers: int | None = None, progress: bool = False
) -> list[PlanRecord | DocumentFailure]:
    """Extract every document (in worker processes when there are several), results in their order."""
    workers = min(workers or os.cpu_count() or 1, len(documents))
    with _progress(len(documents), progress) as bar:
        if workers <= 1:
            results = []
            for document in documents:
                results.append(extract_document(document))
                bar.update()
            return results
        # spawn, not fork: each worker loads its own pipeline, and no threads are copied mid-flight.
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            try:
                futures = {pool.submit(extract_document, d): i for i, d in enumerate(documents)}
                done: list[PlanRecord | DocumentFailure | None] = [None] * len(documents)
                for future in as_completed(futures):
                    done[futures[future]] = future.result()
                    bar.update()
                return done  # type: ignore[return-value]
            except BaseException:
                # Interrupted: drop the documents not started rather than wait for them.
                pool.shutdown(wait=False, cancel_futures=True)
                raise
