"""Build the graph of plan documents and write it to the build directory, atomically.

A build reads every document, extracts its records (in parallel worker processes; records kept in the
directory's cache are reused, see cache), then writes the whole corpus once with one IRI minter
(``writing``): a plan stated by several documents is one plan with each document as a source, an entity
named by several is one entity. The triples are spooled to disk plan by plan and merged into sorted
N-Triples, from which Turtle and JSON-LD are streamed, so memory stays flat as the corpus grows. The
audit reads each source's records as written; the SHACL shapes check the merged graph. Everything is
written into a new build folder that the directory switches to in one step (builddir), under the
directory's lock, so a failed or killed build never replaces the last good one nor leaves a mix of two.

A document that cannot be read or built is skipped with its reason (``BuildResult.failures``, and
``failed`` in build.json); the others are built. Only when every document fails does the build fail.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path

from rdflib import Graph

from policykg import __version__
from policykg.checks.audit import AuditResult
from policykg.checks.findings import Finding, findings_to_graph
from policykg.checks.validate import ValidationResult
from policykg.data import bundled_documents, default_build_dir
from policykg.graph_builder import memo
from policykg.graph_builder.builddir import (
    CURRENT,
    BuildBusy,
    Content,
    build_lock,
    builds_folder,
    cache_folder,
    new_build_id,
    publish,
    staging_folder,
)
from policykg.graph_builder.cache import BuildCache, entry_key
from policykg.graph_builder.corpus.works import Source
from policykg.graph_builder.documents import DocumentError, read_document
from policykg.graph_builder.extracting import DocumentFailure, extract_all, extract_document
from policykg.graph_builder.kept_checks import check_shapes
from policykg.graph_builder.kept_graph import (
    ChunkSink,
    LastGraph,
    Unpatchable,
    changes,
    keep_ledger,
    kept_lines,
    last_graph,
    new_duplicates_file,
    placeholder,
)
from policykg.graph_builder.rdf.converting import ConversionError, converting
from policykg.graph_builder.rdf.group_conversion import INDEX
from policykg.graph_builder.rdf.minter import IriMinter
from policykg.graph_builder.rdf.serialize import ntriples, oxigraph_parse, serialize_triples
from policykg.graph_builder.rdf.sorted_lines import LinesMissing
from policykg.graph_builder.rdf.spool import TripleSpool
from policykg.graph_builder.records import DocumentRecord, PlanRecord
from policykg.graph_builder.writing import WrittenCorpus, write_corpus
from policykg.ontology.namespaces import DEFAULT_BASE

__all__ = ["BuildError", "BuildResult", "DocumentFailure", "DocumentGraph", "build_documents", "build_graph"]

FORMATS = {"graph.ttl": "turtle", "graph.nt": "nt", "graph.jsonld": "json-ld"}
#: The most changed lines a patched build hands to the shapes check (beyond them it compares the files).
_MAX_CHANGES = 200_000


class BuildError(Exception):
    """A build that could not be done; the message says why in one line."""


@dataclass(frozen=True)
class BuildResult:
    """What a build read, made, checked and wrote (the graph itself is read back from its file on demand)."""

    documents: tuple[DocumentRecord, ...]
    nt_path: Path
    class_counts: dict[str, int]
    files: tuple[Path, ...]
    warnings: tuple[str, ...]
    audit: AuditResult
    validation: ValidationResult | None = None
    failures: tuple[DocumentFailure, ...] = ()
    #: The paths of the documents extracted by this build (the others were taken from the cache).
    extracted: tuple[str, ...] = ()
    triple_count: int = 0
    #: The IRIs of the plans written afresh by this build (the others were taken from the cache).
    rewritten: tuple[str, ...] = ()
    #: True if the graph was the last build's, patched where its chunks changed (kept_graph).
    patched: bool = False

    @cached_property
    def ntriples(self) -> bytes:
        """The built graph as sorted N-Triples."""
        return self.nt_path.read_bytes()

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

    Each document's records are kept in the directory's cache (see cache), and a document met again
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
        stack.callback(gc.unfreeze)  # the kept records (_kept_records)
        try:
            staging = stack.enter_context(staging_folder(output, build_id))
        except OSError as error:
            raise BuildError(f"cannot write the build: {error}") from error
        empty, result, files = _build(
            documents,
            unread,
            output,
            resolve_base(base),
            validate_shapes,
            workers,
            build_id,
            staging,
            progress,
            kept,
            use_cache,
        )
        # One document of a corpus without a plan is a warning of its own; a build in which no
        # document has one does not replace a good build.
        if len(empty) == len(result.documents) and not force and holds_build(output):
            raise BuildError(
                f"{', '.join(empty)}: no plan structure found (no domains, targets or key projects); "
                f"the build in {output} is kept (--force replaces it)"
            )
        try:
            publish(output, files, build_id)
            kept.prune()
        except OSError as error:
            raise BuildError(f"cannot write the build: {error}") from error
    return result


def write_graph(
    sources: list[Source],
    base: str,
    started: datetime,
    merged: Path,
    kept: BuildCache | None = None,
    workers: int = 1,
    last_nt: Path | None = None,
) -> tuple[WrittenCorpus, TripleSpool]:
    """Write the sources' graph with the build's provenance as sorted N-Triples to ``merged``.

    The triples are spooled in a folder beside ``merged`` and merged into it; returns what writing
    found and the spool (its counts of triples and classes). Plans kept in ``kept`` are reused, the
    others written by ``workers`` processes (see writing). With ``kept``, the last build's graph
    (``last_nt``) is patched when it can be (kept_graph), and what the next build needs is kept.
    """
    last = last_graph(kept, base, last_nt) if last_nt is not None else None
    if last is not None:
        try:
            return _write_graph(sources, base, started, merged, kept, workers, last)
        except Unpatchable:
            pass
    return _write_graph(sources, base, started, merged, kept, workers, None)


def _write_graph(
    sources: list[Source],
    base: str,
    started: datetime,
    merged: Path,
    kept: BuildCache | None,
    workers: int,
    last: LastGraph | None,
) -> tuple[WrittenCorpus, TripleSpool]:
    from policykg.graph_builder.rdf.entities import BuildInfo, build_iri
    from policykg.graph_builder.rdf.triples import GraphWriter

    documents = [s.document for s in sources]
    minter = IriMinter(base)
    build = build_iri(minter, documents)
    spool = TripleSpool(merged.parent / f"{merged.name}.spool")
    try:
        sink = ChunkSink(spool, last.ledger if last is not None else None)
        written = write_corpus(sources, minter, build, sink, kept, base, workers)
        stand_in = placeholder(minter)
        provenance = GraphWriter(minter)  # like every chunk, against the placeholder
        provenance.add_build(documents, BuildInfo(started, build_time()), stand_in)
        sink.add_part(ntriples(provenance.graph))
        sink.flush()
        stand_in_nt = f"<{stand_in}>".encode()  # as N-Triples write it
        _merge(sink, merged, build, stand_in_nt, kept, base, last)
        if last is not None:
            written.patched = True
            written.changes = changes(sink, last.ledger, build, stand_in_nt, _MAX_CHANGES)
    finally:
        shutil.rmtree(spool.folder, ignore_errors=True)
    return written, spool


def _merge(
    sink: ChunkSink,
    merged: Path,
    build: str,
    stand_in: bytes,
    kept: BuildCache | None,
    base: str,
    last: LastGraph | None,
) -> None:
    """Write graph.nt to ``merged`` from the sink's spool (and the ``last`` graph, patched), with the
    build's IRI for the placeholder ``stand_in``, keeping in ``kept`` what the next build patches;
    Unpatchable when the last lines lack a line to remove or are not what the ledger describes."""
    renamed = (stand_in, f"<{build}>".encode())
    duplicates, sink.now.duplicates = new_duplicates_file(kept, base) if kept is not None else (None, "")
    try:
        with ExitStack() as stack:
            lines = stack.enter_context(kept_lines(last, stand_in)) if last is not None else None
            sink.spool.write_ntriples(merged, duplicates, lines, sink.removed, renamed)
        if kept is not None and duplicates is not None:
            keep_ledger(kept, base, sink.now, duplicates, sink.spool, build)
    except LinesMissing as error:
        raise Unpatchable(str(error)) from error
    finally:
        if duplicates is not None:
            duplicates.unlink(missing_ok=True)


@dataclass(frozen=True)
class DocumentGraph:
    """A graph built without a build directory: its N-Triples, the audit's findings, the records."""

    ntriples: bytes
    findings: tuple[Finding, ...]
    plans: tuple[PlanRecord, ...]


def build_graph(documents: list[DocumentRecord], base: str | None = None) -> DocumentGraph:
    """Build documents' graph as ``policykg build`` would, in this process, writing no build directory,
    using no cache and checking no shapes (for evaluations and tests). BuildError if one cannot be built."""
    sources = []
    for document in documents:
        plan = extract_document(document)
        if isinstance(plan, DocumentFailure):
            raise BuildError(plan.reason)
        sources.append(Source(document, plan))
    with tempfile.TemporaryDirectory(prefix="policykg-graph-") as folder:
        merged = Path(folder) / "graph.nt"
        written, _ = write_graph(sources, resolve_base(base), build_time(), merged)
        return DocumentGraph(merged.read_bytes(), tuple(written.findings), tuple(s.plan for s in sources))


def _kept_records(kept: BuildCache | None, keys: list[str]) -> list[PlanRecord | DocumentFailure | None]:
    """The records the cache holds under ``keys`` (None where it holds none).

    They are loaded without the cyclic garbage collector, which would otherwise walk the growing heap of
    records again and again (three quarters of the loading time at 900 documents), and then frozen out of
    later collections (``gc.freeze``; ``build_documents`` unfreezes them) since they live to the end of
    the build; reference counting still frees them.
    """
    if kept is None:
        return [None] * len(keys)
    enabled = gc.isenabled()
    gc.disable()
    try:
        return [kept.get(key) for key in keys]
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _build(
    documents: list[DocumentRecord],
    unread: list[DocumentFailure],
    output: Path,
    base: str,
    validate_shapes: bool,
    workers: int | None,
    build_id: str,
    staging: Path,
    progress: bool = False,
    kept: BuildCache | None = None,
    use_cache: bool = True,
) -> tuple[list[str], BuildResult, dict[str, Content]]:
    """Build the documents; return the names of those without plan structure, the result and the files
    to publish (nothing published).

    Records found in the cache ``kept`` are taken from it (when ``use_cache``), the others extracted and
    kept in it. The graph is spooled, merged and converted in ``staging``, the new build's own folder
    (builddir.staging_folder), which publishing then takes as it is. The records are let go once the graph is
    written, before the shapes check, so that the check reuses their memory. Raises BuildError when no
    document could be built.
    """
    started = build_time()
    cores = workers or os.cpu_count() or 1  # for the extraction, the writing and the check
    keys = [entry_key(d) for d in documents]
    if kept is not None:
        kept.reading = use_cache
        memo.load(kept)  # the words and readings of the names the last build met
    outcomes = _kept_records(kept, keys)
    missing = [i for i, outcome in enumerate(outcomes) if outcome is None]
    made = extract_all([documents[i] for i in missing], cores, progress)
    for i, outcome in zip(missing, made, strict=True):
        outcomes[i] = outcome
        if kept is not None and isinstance(outcome, PlanRecord):
            kept.put(keys[i], outcome)
    sources = [Source(d, o) for d, o in zip(documents, outcomes, strict=True) if isinstance(o, PlanRecord)]
    failures = unread + [f for f in outcomes if isinstance(f, DocumentFailure)]
    if not sources:
        raise all_failed(failures)
    built = [s.document for s in sources]
    extracted = tuple(documents[i].path for i in missing if isinstance(outcomes[i], PlanRecord))
    merged = staging / "graph.nt"
    last_build = builds_folder(output) / CURRENT  # the build this one replaces
    written, spool = write_graph(sources, base, started, merged, kept, cores, last_build / "graph.nt")
    if kept is not None:
        memo.save(kept)
    warnings = [f"{Path(s.document.path).name}: {w}" for s in sources for w in s.plan.warnings]
    empty = [Path(s.document.path).name for s in sources if not has_plan_structure(s.plan)]
    del sources, outcomes, made
    converted = {staging / name: fmt for name, fmt in FORMATS.items() if fmt != "nt"}
    last_index = last_build / INDEX if use_cache else None
    try:
        # On another core, while the shapes are checked; the groups the last build converted are kept.
        with converting(merged, converted, written.build, staging / INDEX, last_index):
            validation = (
                check_shapes(
                    merged,
                    spool.triples,
                    written.build,
                    output / "graph.nt",
                    kept,
                    cores,
                    written.changes,
                    spool.graph_digest,
                )
                if validate_shapes
                else None
            )
    except ConversionError as error:
        raise BuildError(str(error)) from error
    findings = tuple(written.findings)
    findings_graph = findings_to_graph(findings, written.reports)
    audited = AuditResult(findings, findings_graph, tuple(written.reports))
    manifest = {
        "software": f"policykg {__version__}",
        "build": build_id,
        "built": datetime.now(UTC).isoformat(timespec="seconds"),
        "base": base,
        "documents": [{"path": d.path, "sha256": d.sha256, "characters": len(d.text)} for d in built],
        "plans": len(written.plans),
        "triples": spool.triples,
        "classes": dict(spool.classes),
        "warnings": warnings,
        "findings": len(findings),
        "conforms": validation.conforms if validation else None,
        "failed": [{"path": f.path, "reason": f.reason} for f in failures],
    }
    files: dict[str, Content] = {name: staging / name for name in FORMATS}
    files["findings.ttl"] = serialize_triples(oxigraph_parse(ntriples(findings_graph)), "turtle")
    files["build.json"] = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    result = BuildResult(
        tuple(built),
        output / "graph.nt",
        dict(spool.classes),
        tuple(output / name for name in files),
        tuple(warnings),
        audited,
        validation,
        tuple(failures),
        extracted,
        spool.triples,
        tuple(str(node) for node in written.rewritten),
        written.patched,
    )
    return empty, result, files
