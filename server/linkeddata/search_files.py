"""Build the search index of a store once per store version and keep it on disk, shared by the workers.

The index of an embedded store on disk lives beside it, in ``{store}.search/``, one file per store
version (the loaded build's fingerprint and the writes since), so that a SPARQL update or a new load
makes the next search build a new one. The first worker to need a missing file builds it under a
lock while the others wait, then every worker opens it read-only. The building runs in a child
process, so that no worker keeps the memory it takes (every label as a Python object, pypinyin's
dictionaries for data without readings): the worker only streams the store's label rows to a file
for it. A store without a folder (in memory, remote) gets its index in a temporary file of its own.

    python -m policykg.server.linkeddata.search_files ROWS.csv CLASSES.json OUT.sqlite
"""

from __future__ import annotations

import csv
import fcntl
import hashlib
import json
import os
import re
import subprocess
import sys
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from policykg.ontology.namespaces import OWL, RDF, RDFS, SKOS
from policykg.pinyin import PINYIN_LANGUAGE
from policykg.server.linkeddata.search import Entity, SearchIndex, scratch_file
from policykg.server.linkeddata.search_writer import SCHEMA_VERSION, write_index

if TYPE_CHECKING:
    from policykg.server.store.base import Store

#: The suffix of the folder beside an embedded store that holds its search index.
FOLDER_SUFFIX = ".search"

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def index_folder(store: Store) -> Path | None:
    """Return the folder beside an embedded store on disk for its search index, or None (no such store)."""
    from policykg.server.store.embedded import OxigraphStore

    if isinstance(store, OxigraphStore) and store.path is not None:
        return store.path.with_name(store.path.name + FOLDER_SUFFIX)
    return None


def index_name(version: str, base: str) -> str:
    """Return the file name of the index of one store version and base IRI."""
    digest = hashlib.sha256(base.encode()).hexdigest()[:8]
    return f"v{SCHEMA_VERSION}-{_UNSAFE.sub('_', version)}-{digest}.sqlite"


def load_index(store: Store, base: str) -> SearchIndex:
    """Return the search index of the store's current version: opened from disk, else built first."""
    folder = index_folder(store)
    if folder is not None:
        try:
            return _shared_index(store, base, folder)
        except OSError:
            pass  # A folder that cannot be written (a read-only disk): this process builds its own.
    rows, classes = scratch_file().with_suffix(".csv"), scratch_file().with_suffix(".json")
    try:
        export_rows(store, base, rows, classes)
        target = scratch_file()
        build_from_rows(rows, classes, target)
    finally:
        rows.unlink(missing_ok=True)
        classes.unlink(missing_ok=True)
    index = SearchIndex.open(target)
    # This process's own file goes with the index (a new store version makes a new one).
    weakref.finalize(index, target.unlink, missing_ok=True)
    return index


def _shared_index(store: Store, base: str, folder: Path) -> SearchIndex:
    """Open the index file of the store's version in ``folder``, building it first (once) if missing."""
    target = folder / index_name(store.version, base)
    if target.is_file():
        return SearchIndex.open(target)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "build.lock").open("a") as lock:
        # Another worker may be building it: wait for it rather than build it twice.
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not target.is_file():
                _build_in_child(store, base, folder, target)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return SearchIndex.open(target)


def _build_in_child(store: Store, base: str, folder: Path, target: Path) -> None:
    """Export the rows, build the file in a child process, put it in place and remove older ones."""
    for leftover in folder.glob("tmp-*"):
        leftover.unlink(missing_ok=True)  # Under the lock: left by a build that died.
    rows, classes = folder / f"tmp-{os.getpid()}.csv", folder / f"tmp-{os.getpid()}.json"
    partial = folder / f"tmp-{os.getpid()}.sqlite"
    try:
        export_rows(store, base, rows, classes)
        command = [sys.executable, "-m", __name__, str(rows), str(classes), str(partial)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"building the search index failed: {done.stderr.strip()[-2000:]}")
        os.replace(partial, target)
    finally:
        for path in (rows, classes, partial):
            path.unlink(missing_ok=True)
    for older in folder.glob("*.sqlite"):
        if older != target:
            # A worker still reading an older file keeps it open until it lets it go.
            older.unlink(missing_ok=True)


def export_rows(store: Store, base: str, rows: Path, classes: Path) -> None:
    """Write the label, variant, reading and class rows of every entity under ``{base}id/`` as CSV to
    ``rows``, and the class hierarchy and class labels as JSON to ``classes``."""
    prefix = base + "id/"
    wanted = " ".join(f"<{p}>" for p in (RDFS.label, SKOS.altLabel, RDF.type, SKOS.hiddenLabel))
    solutions = store.query(
        f"SELECT ?s ?p ?o (LANG(?o) AS ?lang) WHERE {{ VALUES ?p {{ {wanted} }} "
        f"?s ?p ?o . FILTER(isIRI(?s) && STRSTARTS(STR(?s), {ox.Literal(prefix)})) }}"
    )
    # Written by the store straight to the file: the worker never holds the rows.
    solutions.serialize(output=str(rows), format=ox.QueryResultsFormat.CSV)
    direct: dict[str, set[str]] = {}
    # Direct links only, closed here: some stores refuse a path whose two ends are unbound.
    for row in store.query(f"SELECT ?c ?s WHERE {{ ?c <{RDFS.subClassOf}> ?s . FILTER(isIRI(?s)) }}"):
        direct.setdefault(row["c"].value, set()).add(row["s"].value)
    superclasses = {cls: sorted(ancestors(cls, direct)) for cls in direct}
    labels: dict[str, dict[str, str]] = {}
    for row in store.query(f"SELECT ?c ?l WHERE {{ ?c a <{OWL.Class}> ; <{RDFS.label}> ?l }}"):
        labels.setdefault(row["c"].value, {})[row["l"].language or ""] = row["l"].value
    classes.write_text(json.dumps({"superclasses": superclasses, "labels": labels}), encoding="utf-8")


def ancestors(cls: str, direct: dict[str, set[str]]) -> set[str]:
    """Return every class above ``cls`` (``rdfs:subClassOf+``) from the direct links, cycles allowed."""
    found: set[str] = set()
    waiting = list(direct.get(cls, ()))
    while waiting:
        above = waiting.pop()
        if above not in found:
            found.add(above)
            waiting.extend(direct.get(above, ()))
    return found


def read_entities(rows: Path) -> list[Entity]:
    """Return the labelled entities of the CSV rows written by ``export_rows``."""
    label, alt, kind = str(RDFS.label), str(SKOS.altLabel), str(RDF.type)
    entities: dict[str, Entity] = {}
    with rows.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        for subject, predicate, value, lang in reader:
            entity = entities.get(subject) or entities.setdefault(subject, Entity(subject))
            if predicate == kind:
                entity.types.append(value)
            elif predicate == label:
                entity.labels.setdefault(lang, value)
            elif predicate == alt:
                entity.alt_labels.append(value)
            elif lang.lower() == PINYIN_LANGUAGE:
                entity.readings.append(value)
    return [e for e in entities.values() if e.labels or e.alt_labels]


def build_from_rows(rows: Path, classes: Path, target: Path) -> int:
    """Write the index file ``target`` from the exported rows and classes; return the entities indexed."""
    hierarchy = json.loads(classes.read_text(encoding="utf-8"))
    superclasses = {cls: set(above) for cls, above in hierarchy["superclasses"].items()}
    return write_index(target, read_entities(rows), superclasses, hierarchy["labels"])


def main(arguments: list[str]) -> int:
    """Build one index file from exported rows (the child process of ``_build_in_child``)."""
    if len(arguments) != 3:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    rows, classes, target = (Path(a) for a in arguments)
    build_from_rows(rows, classes, target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
