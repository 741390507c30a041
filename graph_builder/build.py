"""Build the graph of plan documents and write it to the build directory, atomically.

Each document is built on its own (extracted, written as triples, audited and, unless skipped,
checked against the SHACL shapes), in parallel worker processes when there are several; the
documents' triples are then joined, their entity IRIs reconciled and the files written. Reading and
building happen before anything is written, under the build directory's lock; the files are then
written whole into a new build folder that the directory switches to in one step (builddir), so a
failed or killed build never replaces the last good one nor leaves a mix of two.

A document that cannot be read or built is skipped with its reason (``BuildResult.failures``, and
``failed`` in build.json); the others are built. Only when every document fails does the build fail.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path

from rdflib import Graph

from policykg import __version__
from policykg.checks.audit import AuditResult, audit, audit_graph
from policykg.checks.findings import Finding
from policykg.checks.validate import ValidationResult, validate
from policykg.data import bundled_documents, default_build_dir
from policykg.graph_builder.builddir import BuildBusy, build_lock, cache_folder, new_build_id, publish
from policykg.graph_builder.cache import BuildCache, entry_key
from policykg.graph_builder.documents import DocumentError, read_document
from policykg.graph_builder.rdf.minter import IriMinter
from policykg.graph_builder.rdf.serialize import ntriples, oxigraph_parse, serialize_triples
from policykg.graph_builder.records import DocumentRecord, PlanRecord
from policykg.iris import short_hash
from policykg.ontology.namespaces import DEFAULT_BASE, PKG

FORMATS = {"graph.ttl": "turtle", "graph.nt": "nt", "graph.jsonld": "json-ld"}
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


class BuildError(Exception):
    """A build that could not be done; the message says why in one line."""


@dataclass(frozen=True)
class DocumentFailure:
    """A document that could not be read or built, and why (one line naming the document)."""

    path: str
    reason: str


@dataclass(frozen=True)
class DocumentBuild:
    """One document built on its own: its plan, triples (N-Triples), findings and shape results."""

    document: DocumentRecord
    plan: PlanRecord
    ntriples: str
    findings: tuple[Finding, ...]
    findings_ntriples: str
    reports: tuple[str, ...]
    validation: ValidationResult | None
    entity_iris: dict[tuple[str, str], str]


@dataclass(frozen=True)
class BuildResult:
    """What a build read, made, checked and wrote."""

    documents: tuple[DocumentRecord, ...]
    plans: tuple[PlanRecord, ...]
    ntriples: bytes
    class_counts: dict[str, int]
    files: tuple[Path, ...]
    warnings: tuple[str, ...]
    audit: AuditResult
    validation: ValidationResult | None = None
    failures: tuple[DocumentFailure, ...] = ()
    #: The paths of the documents extracted by this build (the others were taken from the cache).
    extracted: tuple[str, ...] = ()

    @property
    def triple_count(self) -> int:
        """The number of triples in the built graph."""
        return self.ntriples.count(b"\n")

    @cached_property
    def graph(self) -> Graph:
        """The built graph as an rdflib Graph (parsed on first use)."""
        return Graph().parse(data=self.ntriples.decode("utf-8"), format="nt")


def resolve_base(base: str | None) -> str:
    """Return the base IRI: the argument, else $POLICYKG_BASE, else the default."""
    return base or os.environ.get("POLICYKG_BASE") or DEFAULT_BASE


def read_documents(paths: list[Path]) -> tuple[list[DocumentRecord], list[DocumentFailure]]:
    """Read every document; return those read and the failures of those that could not be."""
    documents, failures = [], []
    for path in paths:
        try:
            documents.append(read_document(path))
        except DocumentError as error:
            failures.append(DocumentFailure(str(path), str(error)))
    return documents, failures


def all_failed(failures: list[DocumentFailure]) -> BuildError:
    """The error of a build in which no document could be built: the one reason, or each on a line."""
    if len(failures) == 1:
        return BuildError(failures[0].reason)
    return BuildError(
        f"none of the {len(failures)} documents could be built:\n" + "\n".join(f.reason for f in failures)
    )


def build_time() -> datetime:
    """Return the time to record for a build: now, or $SOURCE_DATE_EPOCH for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)


def build_document(document: DocumentRecord, base: str, build: str, validate_shapes: bool) -> DocumentBuild:
    """Extract, write, audit and check one document."""
    from policykg.graph_builder.pipeline.extract import extract_plan
    from policykg.graph_builder.rdf.entities import BuildInfo
    from policykg.graph_builder.rdf.triples import GraphWriter

    started = datetime.now(UTC)
    plan = extract_plan(document.text)
    minter = IriMinter(base)
    minter.register_entities(e.key for e in plan.entities)
    writer = GraphWriter(minter, build)
    writer.add_plan(plan, document)
    triples = writer.graph
    graph = None
    if validate_shapes:
        # The shapes also check the build and the document that every entity points to; the
        # joined graph states them once for all documents, so they are only added for checking.
        provenance = GraphWriter(minter)
        provenance.add_build([document], BuildInfo(started, datetime.now(UTC)), build)
        graph = (triples | provenance.graph).to_graph()
    audited = audit(graph if graph is not None else audit_graph(triples), minter)
    return DocumentBuild(
        document=document,
        plan=plan,
        ntriples=ntriples(triples).decode("utf-8"),
        findings=audited.findings,
        findings_ntriples=ntriples(audited.graph).decode("utf-8"),
        reports=audited.reports,
        validation=validate(graph) if graph is not None else None,
        entity_iris={e.key: minter.entity(*e.key) for e in plan.entities},
    )


def _build_document(arguments: tuple[DocumentRecord, str, str, bool]) -> DocumentBuild | DocumentFailure:
    """Build one document; an error in it (not an interrupt) becomes its failure."""
    document = arguments[0]
    try:
        return build_document(*arguments)
    except Exception as error:  # one document's bug must not take the others down
        reason = f"{type(error).__name__}: {error}".splitlines()[0]
        return DocumentFailure(document.path, f"{document.path}: cannot be built ({reason})")


def _progress(total: int, enabled: bool):
    """A progress bar on stderr over the documents, drawn only when ``enabled`` and stderr is a terminal."""
    from tqdm import tqdm

    return tqdm(
        total=total, unit="doc", desc="building", disable=not (enabled and sys.stderr.isatty()), leave=False
    )


def build_all(
    documents: list[DocumentRecord],
    base: str,
    build: str,
    validate_shapes: bool,
    workers: int | None = None,
    progress: bool = False,
) -> list[DocumentBuild | DocumentFailure]:
    """Build every document (in parallel worker processes when there are several), in their order.

    A document whose build raises is returned as its DocumentFailure; ``progress`` draws a bar on a terminal.
    """
    tasks = [(d, base, build, validate_shapes) for d in documents]
    workers = min(workers or os.cpu_count() or 1, len(documents))
    with _progress(len(tasks), progress) as bar:
        if workers <= 1:
            results = []
            for task in tasks:
                results.append(_build_document(task))
                bar.update()
            return results
        # spawn, not fork: each worker loads its own pipeline, and no threads are copied mid-flight.
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            try:
                futures = {pool.submit(_build_document, task): i for i, task in enumerate(tasks)}
                done: list[DocumentBuild | DocumentFailure | None] = [None] * len(tasks)
                for future in as_completed(futures):
                    done[futures[future]] = future.result()
                    bar.update()
                return done  # type: ignore[return-value]
            except BaseException:
                # Interrupted: drop the documents not started rather than wait for them.
                pool.shutdown(wait=False, cancel_futures=True)
                raise


def reconcile_iris(builds: list[DocumentBuild]) -> list[str]:
    """Return each document's N-Triples with entity IRIs made distinct across documents.

    Each document mints its entities' IRIs on its own; where two documents gave different names
    one IRI (their slugs collide), both get the short hash of their name appended, the rule that
    minter.IriMinter applies within a document.
    """
    names_by_iri: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for b in builds:
        for key, iri in b.entity_iris.items():
            names_by_iri[iri].add(key)
    texts = []
    for b in builds:
        text = b.ntriples
        for key, iri in b.entity_iris.items():
            if len(names_by_iri[iri]) > 1:
                text = text.replace(f"<{iri}>", f"<{iri}-{short_hash(key[1])}>")
        texts.append(text)
    return texts


def class_counts(nt: str) -> dict[str, int]:
    """Count the entities of each policykg class in N-Triples."""
    prefix = f"<{PKG}"
    counts: Counter[str] = Counter()
    for line in nt.splitlines():
        parts = line.split(" ", 2)
        if len(parts) == 3 and parts[1] == _TYPE and parts[2].startswith(prefix):
            counts[parts[2][len(prefix) : parts[2].index(">")]] += 1
    return dict(counts)


def merge_validations(results: list[ValidationResult | None]) -> ValidationResult | None:
    """Join the shape results of several documents."""
    if not results or any(r is None for r in results):
        return None
    return ValidationResult(
        conforms=all(r.conforms for r in results), results=tuple(x for r in results for x in r.results)
    )


def write_atomically(files: dict[Path, bytes], build_id: str | None = None) -> list[Path]:
    """Write the files of one build directory as a whole new build and switch the directory to it at once.

    Holds the directory's lock meanwhile; raises BuildError when it cannot write or another build is writing.
    """
    folders = {path.parent for path in files}
    if len(folders) != 1:
        raise BuildError("the files of a build must go to one directory")
    (output,) = folders
    try:
        with build_lock(output):
            return publish(output, {p.name: c for p, c in files.items()}, build_id or new_build_id())
    except BuildBusy as error:
        raise BuildError(str(error)) from error
    except OSError as error:
        raise BuildError(f"cannot write the build: {error}") from error


def has_plan_structure(plan: PlanRecord) -> bool:
    """True if a plan states anything of a plan: domains, key-project portfolios or targets."""
    return bool(plan.domains or plan.portfolios or plan.targets)


def holds_build(output: Path) -> bool:
    """True if the build directory holds a graph."""
    return any((output / name).is_file() for name in ("graph.nt", "graph.ttl"))


def build_documents(
    paths: list[Path] | None = None,
    output: Path | None = None,
    base: str | None = None,
    validate_shapes: bool = True,
    workers: int | None = None,
    force: bool = False,
    progress: bool = False,
    use_cache: bool = True,
) -> BuildResult:
    """Build the graph of the documents (default: the bundled plan) into the build directory.

    The audit of the plans' own figures always runs and its findings go to findings.ttl, apart
    from the facts; the SHACL shapes run unless ``validate_shapes`` is false. The build holds the
    directory's lock throughout and replaces the last build in one step (see builddir); documents
    none of which yields plan structure replace an existing build only with ``force``. A document that
    cannot be read or built is skipped and listed in ``failures``; BuildError when none can be built.
    ``progress`` draws a progress bar on stderr when it is a terminal.

    Each document's build is kept in the directory's cache (see cache), and a document met again
    unchanged is not extracted again; ``use_cache=False`` extracts every document (and refreshes the cache).
    The graph is the same either way.
    """
    paths = list(paths) if paths else bundled_documents()
    if not paths:
        raise BuildError("no documents to build")
    output = Path(output) if output else default_build_dir()
    documents, unread = read_documents(paths)
    if not documents:
        raise all_failed(unread)
    with ExitStack() as stack:
        try:
            stack.enter_context(build_lock(output))
        except BuildBusy as error:
            raise BuildError(str(error)) from error
        except OSError as error:
            raise BuildError(f"cannot write the build: {error}") from error
        build_id = new_build_id()
        kept = BuildCache(cache_folder(output))
        builds, result, files = _build(
            documents,
            unread,
            output,
            resolve_base(base),
            validate_shapes,
            workers,
            build_id,
            progress,
            kept,
            use_cache,
        )
        empty = [Path(b.document.path).name for b in builds if not has_plan_structure(b.plan)]
        # One document of a corpus without a plan is a warning of its own; a build in which no
        # document has one does not replace a good build.
        if len(empty) == len(builds) and not force and holds_build(output):
            raise BuildError(
                f"{', '.join(empty)}: no plan structure found (no domains, targets or key projects); "
                f"the build in {output} is kept (--force replaces it)"
            )
        try:
            publish(output, {path.name: content for path, content in files.items()}, build_id)
            kept.prune()
        except OSError as error:
            raise BuildError(f"cannot write the build: {error}") from error
    return result


def _build(
    documents: list[DocumentRecord],
    unread: list[DocumentFailure],
    output: Path,
    base: str,
    validate_shapes: bool,
    workers: int | None,
    build_id: str,
    progress: bool = False,
    kept: BuildCache | None = None,
    use_cache: bool = True,
) -> tuple[list[DocumentBuild], BuildResult, dict[Path, bytes]]:
    """Build the documents; return their builds, the result and the files to write (nothing written).

    Documents found in the cache ``kept`` are taken from it (when ``use_cache``), the others built
    and kept in it. Raises BuildError when no document could be built.
    """
    from policykg.graph_builder.rdf.entities import BuildInfo, build_iri
    from policykg.graph_builder.rdf.triples import GraphWriter

    started = build_time()
    minter = IriMinter(base)
    build = build_iri(minter, documents)
    keys = [entry_key(d, base, validate_shapes) for d in documents]
    outcomes: list[DocumentBuild | DocumentFailure | None] = [
        kept.get(key, build) if kept is not None and use_cache else None for key in keys
    ]
    missing = [i for i, outcome in enumerate(outcomes) if outcome is None]
    made = build_all([documents[i] for i in missing], base, build, validate_shapes, workers, progress)
    for i, outcome in zip(missing, made, strict=True):
        outcomes[i] = outcome
        if kept is not None and isinstance(outcome, DocumentBuild):
            kept.put(keys[i], build, outcome)
    builds = [b for b in outcomes if isinstance(b, DocumentBuild)]
    failures = unread + [f for f in outcomes if isinstance(f, DocumentFailure)]
    if not builds:
        raise all_failed(failures)
    documents = [b.document for b in builds]
    provenance = GraphWriter(minter)
    provenance.add_build(documents, BuildInfo(started, build_time()))
    facts = "".join(reconcile_iris(builds)) + ntriples(provenance.graph).decode("utf-8")
    nt = "".join(sorted(set(facts.splitlines(keepends=True)))).encode("utf-8")
    parsed = oxigraph_parse(nt)
    files = {
        output / name: nt if fmt == "nt" else serialize_triples(parsed, fmt) for name, fmt in FORMATS.items()
    }
    findings_nt = "".join(b.findings_ntriples for b in builds).encode("utf-8")
    files[output / "findings.ttl"] = serialize_triples(oxigraph_parse(findings_nt), "turtle")
    findings = tuple(f for b in builds for f in b.findings)
    audited = AuditResult(
        findings,
        Graph().parse(data=findings_nt.decode("utf-8"), format="nt"),
        tuple(r for b in builds for r in b.reports),
    )
    validation = merge_validations([b.validation for b in builds])
    counts = class_counts(nt.decode("utf-8"))
    warnings = [f"{Path(b.document.path).name}: {w}" for b in builds for w in b.plan.warnings]
    manifest = {
        "software": f"policykg {__version__}",
        "build": build_id,
        "built": datetime.now(UTC).isoformat(timespec="seconds"),
        "base": base,
        "documents": [{"path": d.path, "sha256": d.sha256, "characters": len(d.text)} for d in documents],
        "triples": nt.count(b"\n"),
        "classes": counts,
        "warnings": warnings,
        "findings": len(findings),
        "conforms": validation.conforms if validation else None,
        "failed": [{"path": f.path, "reason": f.reason} for f in failures],
    }
    files[output / "build.json"] = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    result = BuildResult(
        tuple(documents),
        tuple(b.plan for b in builds),
        nt,
        counts,
        tuple(files),
        tuple(warnings),
        audited,
        validation,
        tuple(failures),
        tuple(b.document.path for b in made if isinstance(b, DocumentBuild)),
    )
    return builds, result, files
