"""Dump files of the whole store: written once per store version into a temporary folder, then sent as files.

Serializing a million triples takes seconds, so a dump is written on first request and kept; a new store
version gets a new folder. The folders are removed when the process exits.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from flask import current_app

from policykg.server.linkeddata.jsonld import write_jsonld
from policykg.server.linkeddata.links import DOCUMENT_PREFIXES
from policykg.server.web.negotiation import Format

if TYPE_CHECKING:
    from policykg.server.store.base import Store

_dump_lock = threading.Lock()
_write_lock = threading.Lock()


def _dump_dir() -> Path:
    """Return this app's folder of dump files, made on first use and removed when the process exits."""
    with _dump_lock:
        folder = current_app.extensions.get("policykg.dumps")
        if folder is None:
            folder = Path(tempfile.mkdtemp(prefix="policykg-dumps-"))
            current_app.extensions["policykg.dumps"] = folder
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def dump_file(store: Store, name: str, fmt: Format) -> Path:
    """Return the dump file for this store version, writing it first if it does not exist yet."""
    folder = _dump_dir() / "".join(c if c.isalnum() or c in "-_" else "_" for c in store.version)
    path = folder / f"{name}.{fmt.suffix}"
    with _write_lock:
        if not path.exists():
            folder.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".partial")
            if name == "graph" and fmt.writer == ox.RdfFormat.JSON_LD:
                write_jsonld(store.triples(None), partial)
            elif name == "graph":
                ox.serialize(store.triples(None), partial, fmt.writer, prefixes=DOCUMENT_PREFIXES)
            else:
                ox.serialize(_quads(store), partial, fmt.writer)
            partial.replace(path)
    return path


def _quads(store: Store) -> Iterator[ox.Quad]:
    """Yield the default graph's triples and then each named graph's, as quads."""
    default = ox.DefaultGraph()
    yield from (ox.Quad(t.subject, t.predicate, t.object, default) for t in store.triples(None))
    for graph in sorted(store.counts().graphs):
        node = ox.NamedNode(graph)
        yield from (ox.Quad(t.subject, t.predicate, t.object, node) for t in store.triples(graph))
