"""Build the graph of plan documents and write it to the build directory, atomically.

Reading and extracting happen before anything is written; the files are written under temporary
names and renamed into place only when all of them are complete, so a failed build never replaces
the last good one.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from policykg import __version__
from policykg.data import bundled_documents, default_build_dir
from policykg.graph_builder.audit import AuditResult, audit
from policykg.graph_builder.documents import DocumentError, read_document
from policykg.graph_builder.iris import IriMinter
from policykg.graph_builder.records import DocumentRecord, PlanRecord
from policykg.graph_builder.serialize import oxigraph_triples, serialize, serialize_triples
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
    graph: Graph
    class_counts: dict[str, int]
    files: tuple[Path, ...]
    warnings: tuple[str, ...]
    audit: AuditResult
    validation: ValidationResult | None = None

    @property
    def triple_count(self) -> int:
        """The number of triples in the built graph."""
        return len(self.graph)


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


def build_graph(
    documents: list[DocumentRecord], base: str, extract: Callable[[str], PlanRecord] | None = None
) -> tuple[Graph, list[PlanRecord], list[str]]:
    """Extract every document and return one graph, the plan records and the warnings."""
    from policykg.graph_builder.extract import extract_plan
    from policykg.graph_builder.triples import BuildInfo, GraphWriter

    extract = extract or extract_plan
    started = datetime.now(UTC)
    plans = [extract(d.text) for d in documents]
    warnings = [
        f"{Path(d.path).name}: {w}" for d, p in zip(documents, plans, strict=True) for w in p.warnings
    ]
    writer = GraphWriter(IriMinter(base))
    writer.add_build(documents, BuildInfo(started, datetime.now(UTC)))
    for document, plan in zip(documents, plans, strict=True):
        writer.add_plan(plan, document)
    return writer.graph, plans, warnings


def class_counts(graph: Graph) -> dict[str, int]:
    """Count the entities of each policykg class in a graph."""
    counts = Counter(
        str(cls)[len(str(PKG)) :] for cls in graph.objects(None, RDF.type) if str(cls).startswith(str(PKG))
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
    graph, plans, warnings = build_graph(documents, base)
    counts = class_counts(graph)
    findings = audit(graph, IriMinter(base))
    validation = validate(graph) if validate_shapes else None
    triples = oxigraph_triples(graph)
    files = {output / name: serialize_triples(triples, fmt) for name, fmt in FORMATS.items()}
    files[output / "findings.ttl"] = serialize(findings.graph, "turtle")
    manifest = {
        "software": f"policykg {__version__}",
        "built": datetime.now(UTC).isoformat(timespec="seconds"),
        "base": base,
        "documents": [{"path": d.path, "sha256": d.sha256, "characters": len(d.text)} for d in documents],
        "triples": len(graph),
        "classes": counts,
        "warnings": warnings,
        "findings": len(findings.findings),
        "conforms": validation.conforms if validation else None,
    }
    files[output / "build.json"] = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    write_atomically(files)
    return BuildResult(
        tuple(documents), tuple(plans), graph, counts, tuple(files), tuple(warnings), findings, validation
    )
