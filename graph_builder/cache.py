"""Each document's records kept between builds, so that a rebuild extracts only the documents that changed.

The cache is a folder beside a build directory ``OUT`` and its builds (``.OUT.cache/``, see builddir),
read and written only under the directory's lock. An entry holds one document's records (its
``PlanRecord``) under a key made of the document's checksum and path and the software's fingerprint:
its version and a checksum of its code and data files, so that any change to the pipeline or its word
lists misses. Records name no IRI and no build, so an entry serves any base and any build. Each entry is
written to a temporary file and renamed into place, so a killed build leaves whole entries or none; an
entry that cannot be read is a miss. After a build the cache keeps only the entries that build used:
removing a document removes its entry. The same folder keeps each plan as written and the table of
entities (``kept_works``), the graph's sorted lines with their ledger (``kept_graph``), the shapes
results (``kept_checks``) and the memo of names (``memo``).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import secrets
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from policykg import __version__

if TYPE_CHECKING:
    from policykg.graph_builder.records import DocumentRecord

_SUFFIX = ".pickle"
#: The packages whose code or data decides what a document's build is.
_PACKAGES = ("policykg", "policykg.graph_builder", "policykg.checks", "policykg.ontology")
_CODE = (".py", ".ttl", ".tsv", ".txt", ".toml", ".json")


@cache
def software_fingerprint() -> str:
    """Return a checksum of the version, the code of the builder and the pipeline's data files."""
    import importlib

    digest = hashlib.sha256(__version__.encode())
    files: list[Path] = []
    for name in _PACKAGES:
        root = Path(importlib.import_module(name).__file__).parent
        files += [p for p in root.rglob("*") if p.suffix in _CODE and "__pycache__" not in p.parts]
    # The data package's own files only: its subfolders hold documents and build directories.
    data = Path(importlib.import_module("policykg.data").__file__).parent
    files += [p for p in data.iterdir() if p.suffix in _CODE]
    for path in sorted(set(files)):
        digest.update(str(path.name).encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def entry_key(document: DocumentRecord) -> str:
    """Return the key of a document's records as this software extracts them."""
    parts = [software_fingerprint(), document.path, document.sha256]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


class BuildCache:
    """The documents' records kept in one folder; use it holding the build directory's lock."""

    def __init__(self, folder: Path, reading: bool = True) -> None:
        self.folder = Path(folder)
        self.used: set[str] = set()
        #: False to read nothing (every entry a miss) while still writing entries.
        self.reading = reading

    def get(self, key: str, keep: bool = True) -> object | None:
        """Return what is kept under ``key`` (a document's records, or a plan, see kept_works); None if
        there is nothing. ``keep=False`` reads an entry that this build no longer uses (pruned after it)."""
        path = self.folder / f"{key}{_SUFFIX}"
        if not self.reading:
            return None
        try:
            with path.open("rb") as stream:
                kept = pickle.load(stream)
        except FileNotFoundError:
            return None
        except Exception:  # a damaged or foreign entry is a miss, rebuilt and rewritten
            return None
        if keep:
            self.used.add(key)
        return kept

    def has(self, key: str) -> bool:
        """True if something is kept under ``key`` (``get`` may still find it unreadable)."""
        return self.reading and (self.folder / f"{key}{_SUFFIX}").is_file()

    def retain(self, key: str) -> None:
        """Keep the entry ``key`` through this build's ``prune`` without reading it."""
        self.used.add(key)

    def put(self, key: str, plan: object) -> None:
        """Keep a document's records (or a plan) under ``key``, whole or not at all."""
        temporary = self.folder / f".{key}.{secrets.token_hex(4)}"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with temporary.open("wb") as stream:
                pickle.dump(plan, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.folder / f"{key}{_SUFFIX}")
        except OSError:
            return  # a cache that cannot be written costs the next build time, never this build
        finally:
            temporary.unlink(missing_ok=True)
        self.used.add(key)

    def kept_file(self, name: str, keep: bool = True) -> Path | None:
        """Return the file kept under ``name`` (one its user reads itself, such as a table); None if there is
        none or nothing is read. ``keep=False``: a file this build replaces (pruned after it)."""
        path = self.folder / name
        if not self.reading or not path.is_file():
            return None
        if keep:
            self.used.add(name)
        return path

    def own_file(self, name: str) -> Path:
        """Return the path of the file kept under ``name`` that its user updates in place, in transactions
        of its own (such as a SQLite table), whether it exists or not; it is kept through this build's
        ``prune``."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self.used.add(name)
        self.used.add(f"{name}-journal")
        return self.folder / name

    def new_file(self, name: str) -> Path:
        """Return a temporary path to write the file ``name`` to; ``keep_file`` puts it in place."""
        self.folder.mkdir(parents=True, exist_ok=True)
        return self.folder / f".{name}.{secrets.token_hex(4)}"

    def keep_file(self, written: Path, name: str) -> None:
        """Put a file written at a ``new_file`` path in place as ``name``, whole."""
        os.replace(written, self.folder / name)
        self.used.add(name)

    def prune(self) -> None:
        """Remove every entry this build did not use, and the temporary files of killed builds."""
        for entry in self.folder.iterdir() if self.folder.is_dir() else ():
            name = entry.name
            kept = name in self.used or name.removesuffix(_SUFFIX) in self.used
            if name.startswith(".") or not kept:
                entry.unlink(missing_ok=True)
