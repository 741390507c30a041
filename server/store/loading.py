"""Fill the embedded store from a build directory, only when the build changed since the last load.

The default graph gets the facts (graph.nt, else graph.ttl) and the ontology; audit findings go to the named
graph ``{base}graph/findings``. A fingerprint of the inputs (names, sizes, modification times, the
ontology's checksum, the base) is kept beside the store, so a restart on an unchanged build loads nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from policykg import iris
from policykg.ontology import ontology_path
from policykg.ontology.namespaces import DEFAULT_BASE
from policykg.server.store.base import GraphName
from policykg.server.store.embedded import OxigraphStore

FACT_FILES = ("graph.nt", "graph.ttl")
FINDINGS_FILE = "findings.ttl"
MANIFEST_FILE = "build.json"


class BuildMissing(FileNotFoundError):
    """The build directory holds no graph file."""


def build_base(build_dir: Path, base: str | None = None) -> str:
    """Return the base IRI: the one given, else the build manifest's, else $POLICYKG_BASE or the default."""
    if base:
        return base
    manifest = build_dir / MANIFEST_FILE
    if manifest.exists():
        try:
            recorded = json.loads(manifest.read_text(encoding="utf-8")).get("base")
        except (OSError, ValueError, AttributeError):
            recorded = None
        if isinstance(recorded, str) and recorded:
            return recorded
    return os.environ.get("POLICYKG_BASE") or DEFAULT_BASE


def build_sources(build_dir: Path, base: str) -> list[tuple[Path, GraphName]]:
    """Return the files to load and the graph each goes to; raise BuildMissing without a graph file."""
    facts = next((build_dir / name for name in FACT_FILES if (build_dir / name).is_file()), None)
    if facts is None:
        raise BuildMissing(f"no {' or '.join(FACT_FILES)} in {build_dir}")
    sources: list[tuple[Path, GraphName]] = [(facts, None), (ontology_path(), None)]
    findings = build_dir / FINDINGS_FILE
    if findings.is_file():
        sources.append((findings, iris.findings_graph(base)))
    return sources


def fingerprint(sources: list[tuple[Path, GraphName]], build_dir: Path, base: str) -> str:
    """Return a checksum that changes when any input file, the ontology or the base changes."""
    digest = hashlib.sha256(base.encode())
    manifest = build_dir / MANIFEST_FILE
    for path, graph in [*sources, (manifest, None)]:
        if path.exists():
            stat = path.stat()
            digest.update(f"{path.name}\0{graph}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    digest.update(ontology_path().read_bytes())
    if manifest.exists():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()


def load_build(store: OxigraphStore, build_dir: Path, base: str | None = None) -> bool:
    """Load a build into the store unless it is already there; return True if it loaded."""
    base = build_base(build_dir, base)
    sources = build_sources(build_dir, base)
    current = fingerprint(sources, build_dir, base)
    if store.fingerprint == current:
        return False
    store.replace_all(sources, current)
    return True
