"""Build the graph of plan documents and write it to the build directory, atomically.

Reading and extracting happen before anything is written; the files are written under temporary
names and renamed into place only when all of them are complete, so a failed build never replaces
the last good one.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import tempfile
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF
from rdflib.term import Node

from policykg import __version__
from policykg.data import bundled_documents, default_build_dir
from policykg.graph_builder.audit import AuditResult, audit, audit_graph
from policykg.graph_builder.documents import DocumentError, read_document
from policykg.graph_builder.iris import IriMinter
from policykg.graph_builder.records import DocumentRecord, PlanRecord
from policykg.graph_builder.serialize import oxigraph_triples, serialize, serialize_triples
from policykg.graph_builder.triples import TripleSet
from policykg.graph_builder.validate import ValidationResult, validate
from policykg.ontology.namespaces import DEFAULT_BASE, PKG

_UMASK = os.umask(0)
os.umask(_UMASK)
FORMATS = {"graph.ttl": "turtle", "graph.nt": "nt", "graph.jsonld": "json-ld"}


class BuildError(Exception):
    """A build that could not be done; the message says why in one line."""


@dataclass(frozen=True)
class BuildResult:
    """What a build read, made, checked and wrote."""

    documents: tuple[DocumentRecord, ...]
    plans: tuple[PlanRecord, ...]
    triples: TripleSet
    class_counts: dict[str, int]
    files: tuple[Path, ...]
    warnings: tuple[str, ...]
    audit: AuditResult
    validation: ValidationResult | None = None

    @property
    def triple_count(self) -> int:
        """The number of triples in the built graph."""
        return len(self.triples)

    @cached_property
    def graph(self) -> Graph:
        """The built graph as an rdflib Graph (made on first use)."""
        return self.triples.to_graph()


def resolve_base(base: str | None) -> str:
    """Return the base IRI: the argument, else $POLICYKG_BASE, else the default."""
    return base or os.environ.get("POLICYKG_BASE") or DEFAULT_BASE


def read_documents(paths: list[Path]) -> list[DocumentRecord]:
    """Read every document, or raise BuildError for the first that cannot be read."""
    documents = []
    for path in paths:
        try:
            documents.append(read_document(path))
        except DocumentError as error:
            raise BuildError(str(error)) from error
    return documents


def extract_all(documents: list[DocumentRecord], workers: int | None = None) -> list[PlanRecord]:
    """Extract every document, in parallel worker processes when there are several."""
    from policykg.graph_builder.extract import extract_plan

    workers = min(workers or os.cpu_count() or 1, len(documents))
    if workers <= 1:
        return [extract_plan(d.text) for d in documents]
    # spawn, not fork: each worker loads its own pipeline, and no threads are copied mid-flight.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        return list(pool.map(extract_plan, [d.text for d in documents], chunksize=1))


def build_graph(
    documents: list[DocumentRecord], base: str, workers: int | None = None
) -> tuple[TripleSet, list[PlanRecord], list[str]]:
    """Extract every document and return its triples, the plan records and the warnings.

    Entity IRIs are assigned for all plans at once, so that names of different plans that share a
    slug are told apart the same way whatever order the plans come in.
    """
    from policykg.graph_builder.triples import BuildInfo, GraphWriter

    started = datetime.now(UTC)
    plans = extract_all(documents, workers)
    warnings = [
        f"{Path(d.path).name}: {w}" for d, p in zip(documents, plans, strict=True) for w in p.warnings
    ]
    minter = IriMinter(base)
    minter.register_entities({e.key for plan in plans for e in plan.entities})
    writer = GraphWriter(minter)
    writer.add_build(documents, BuildInfo(started, datetime.now(UTC)))
    for document, plan in zip(documents, plans, strict=True):
        writer.add_plan(plan, document)
    return writer.graph, plans, warnings


def class_counts(triples: Iterable[tuple[Node, Node, Node]]) -> dict[str, int]:
    """Count the entities of each policykg class among some triples."""
    prefix = str(PKG)
    counts = Counter(
        str(o)[len(prefix) :] for _, p, o in triples if p == RDF.type and str(o).startswith(prefix)
    )
    return dict(counts)


def write_atomically(files: dict[Path, bytes]) -> None:
    """Write every file under a temporary name, then rename them all into place."""
    staged = []
    try:
        for path, content in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
            # mkstemp creates the file private to us; a build is meant to be read by others.
            os.chmod(temporary, 0o644 & ~_UMASK)
            staged.append((temporary, path))
    except OSError as error:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
        raise BuildError(f"cannot write the build: {error}") from error
    for temporary, path in staged:
        os.replace(temporary, path)


def build_documents(
    paths: list[Path] | None = None,
    output: Path | None = None,
    base: str | None = None,
    validate_shapes: bool = True,
) -> BuildResult:
    """Build the graph of the documents (default: the bundled plan) into the build directory.

    The audit of the plans' own figures always runs and its findings go to findings.ttl, apart
    from the facts; the SHACL shapes run unless ``validate_shapes`` is false.
    """
    paths = list(paths) if paths else bundled_documents()
    if not paths:
        raise BuildError("no documents to build")
    output = Path(output) if output else default_build_dir()
    base = resolve_base(base)
    documents = read_documents(paths)
    triples, plans, warnings = build_graph(documents, base)
    counts = class_counts(triples)
    graph = triples.to_graph() if validate_shapes else None
    findings = audit(graph if graph is not None else audit_graph(triples), IriMinter(base))
    validation = validate(graph) if graph is not None else None
    written = oxigraph_triples(triples)
    files = {output / name: serialize_triples(written, fmt) for name, fmt in FORMATS.items()}
    files[output / "findings.ttl"] = serialize(findings.graph, "turtle")
    manifest = {
        "software": f"policykg {__version__}",
        "built": datetime.now(UTC).isoformat(timespec="seconds"),
        "base": base,
        "documents": [{"path": d.path, "sha256": d.sha256, "characters": len(d.text)} for d in documents],
        "triples": len(triples),
        "classes": counts,
        "warnings": warnings,
        "findings": len(findings.findings),
        "conforms": validation.conforms if validation else None,
    }
    files[output / "build.json"] = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    write_atomically(files)
    result = BuildResult(
        tuple(documents), tuple(plans), triples, counts, tuple(files), tuple(warnings), findings, validation
    )
    if graph is not None:
        result.__dict__["graph"] = graph
    return result
