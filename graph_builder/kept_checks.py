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


def _name() -> str:
    return f"shapes-{software_fingerprint()[:16]}.json"


def _digest(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def kept_results(kept: BuildCache, graph: Path) -> tuple[str, ValidationResult] | None:
    """The build IRI and shapes results kept for ``graph`` (the directory's current graph.nt), or None."""
    path = kept.kept_file(_name())
    if path is None or not graph.is_file():
        return None
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        if saved["graph"] != _digest(graph):
            return None
        results = tuple(ShapeResult(**row) for row in saved["results"])
        return saved["build"], ValidationResult(conforms=saved["conforms"], results=results)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # unreadable or of another shape: a miss


def keep_results(kept: BuildCache, graph: Path, build: str, result: ValidationResult) -> None:
    """Keep the shapes results of ``graph`` (of build IRI ``build``) for the next build."""
    saved = {
        "graph": _digest(graph),
        "build": build,
        "conforms": result.conforms,
        "results": [dataclasses.asdict(r) for r in result.results],
    }
    written = kept.new_file(_name())
    written.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
    kept.keep_file(written, _name())


def check_shapes(
    graph: Path, total: int, build: str, current: Path, kept: BuildCache | None, workers: int = 1
) -> ValidationResult:
    """Check the shapes of a new build's ``graph`` (``total`` lines, build IRI ``build``): against the
    results kept for the directory's ``current`` graph.nt when there are some, else whole (by
    ``workers`` processes); keep them."""
    previous = kept_results(kept, current) if kept is not None else None
    if previous is None:
        result = validate_ntriples(graph, workers=workers)
    else:
        last_build, last_result = previous
        renamed = (last_build, build)
        result = revalidate_ntriples(graph, current, last_result, total, renamed, workers=workers)
    if kept is not None:
        keep_results(kept, graph, build, result)
    return result
