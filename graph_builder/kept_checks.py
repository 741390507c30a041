"""The last build's SHACL results kept in the build's cache, so that a rebuild checks again only what changed.

The results are kept with the checksum of the graph.nt they describe and its build IRI, under a name that
holds the software's fingerprint (so a change of code or shapes never reuses them). A build whose
directory shows that very graph re-checks only the nodes whose results may differ
(``checks.validate.revalidate_ntriples``); any other build checks the whole graph.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

from policykg.checks.validate import ShapeResult, ValidationResult, revalidate_ntriples, validate_ntriples
from policykg.graph_builder.cache import BuildCache, software_fingerprint
from policykg.graph_builder.kept_graph import Changes


def _name() -> str:
    return f"shapes-{software_fingerprint()[:16]}.json"


def _digest(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def kept_results(
    kept: BuildCache, graph: Path, digest: str | None = None
) -> tuple[str, ValidationResult, str] | None:
    """The build IRI and shapes results kept for ``graph`` (the directory's current graph.nt, of SHA-256
    ``digest`` when known), and its SHA-256; or None."""
    path = kept.kept_file(_name())
    if path is None or not graph.is_file():
        return None
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        digest = digest or _digest(graph)
        if saved["graph"] != digest:
            return None
        results = tuple(ShapeResult(**row) for row in saved["results"])
        return saved["build"], ValidationResult(conforms=saved["conforms"], results=results), digest
    except (OSError, ValueError, KeyError, TypeError):
        return None  # unreadable or of another shape: a miss


def keep_results(
    kept: BuildCache, graph: Path, build: str, result: ValidationResult, digest: str | None = None
) -> None:
    """Keep the shapes results of ``graph`` (of build IRI ``build``, SHA-256 ``digest`` when known) for the
    next build."""
    saved = {
        "graph": digest or _digest(graph),
        "build": build,
        "conforms": result.conforms,
        "results": [dataclasses.asdict(r) for r in result.results],
    }
    written = kept.new_file(_name())
    written.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
    kept.keep_file(written, _name())


def check_shapes(
    graph: Path,
    total: int,
    build: str,
    current: Path,
    kept: BuildCache | None,
    workers: int = 1,
    changes: Changes | None = None,
    digest: str | None = None,
) -> ValidationResult:
    """Check the shapes of a new build's ``graph`` (``total`` lines, build IRI ``build``, SHA-256
    ``digest`` when known): against the results kept for the directory's ``current`` graph.nt when there
    are some, else whole (by ``workers`` processes); keep them. The lines that changed are the patch's
    ``changes`` when they changed that very graph (kept_graph), else found by comparing the two files.
    (A patch reads the graph it changes whole and checks its SHA-256, ``changes.graph``.)"""
    known = changes.graph if changes is not None else None
    previous = kept_results(kept, current, known) if kept is not None else None
    if previous is None:
        result = validate_ntriples(graph, workers=workers, canonical=True)
    else:
        last_build, last_result, last_digest = previous
        renamed = (last_build, build)
        changed = changes.lines if changes is not None and changes.graph == last_digest else None
        result = revalidate_ntriples(
            graph, current, last_result, total, renamed, workers=workers, changed=changed
        )
    if kept is not None:
        keep_results(kept, graph, build, result, digest)
    return result
