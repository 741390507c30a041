"""The embedded store: pyoxigraph on disk (or in memory), and the lock that gives one process its use."""

from __future__ import annotations

import fcntl
import json
import secrets
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from policykg.server.store.base import (
    Dataset,
    GraphName,
    QueryResult,
    QuerySyntaxError,
    ReadOnlyStoreError,
    Store,
    StoreInUse,
    named_node,
)


def _graph_node(graph: GraphName) -> ox.NamedNode | ox.DefaultGraph:
    """Return pyoxigraph's name of a graph: a NamedNode, or DefaultGraph for None."""
    return ox.DefaultGraph() if graph is None else named_node(graph)


class OxigraphStore(Store):
    """The embedded store: pyoxigraph on disk at ``path`` (None: in memory).

    ``read_only`` opens an existing store for reading only, which many processes may do at once (the
    server's workers); no process may write it meanwhile (pyoxigraph's ``Store.read_only``).
    """

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        super().__init__()
        self.path = Path(path) if path is not None else None
        self.writable = not read_only
        if read_only:
            if self.path is None or not self.path.is_dir():
                raise OSError(f"no store to open read-only at {self.path}")
            self._store = ox.Store.read_only(str(self.path))
        elif self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._store = ox.Store(str(self.path))
        else:
            self._store = ox.Store()
        meta = self._read_metadata()
        self.fingerprint: str | None = meta.get("fingerprint")
        self._generation = int(meta.get("generation", 0))
        self._instance = secrets.token_hex(4)
        self._snapshots_taken = False
        #: Set by the application that serves the store: a writable store's queries then run in query
        #: processes over its snapshots (server/sparql/running.py), not in the serving process.
        self.served = False

    @property
    def metadata_path(self) -> Path | None:
        """Return the file beside the store that records what was loaded into it, or None in memory."""
        return None if self.path is None else self.path.with_name(self.path.name + ".json")

    def _read_metadata(self) -> dict[str, object]:
        meta = self.metadata_path
        if meta is None or not meta.exists():
            return {}
        try:
            return json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def _write_metadata(self) -> None:
        meta = self.metadata_path
        if meta is not None:
            tmp = meta.with_suffix(".tmp")
            data = {"fingerprint": self.fingerprint, "generation": self._generation}
            tmp.write_text(json.dumps(data), encoding="utf-8")
            tmp.replace(meta)

    def _changed(self) -> None:
        # Under the lock, so that concurrent writes never race on the metadata file.
        with self._lock:
            self._generation += 1
            self._write_metadata()

    @property
    def version(self) -> str:
        """Return the loaded build's fingerprint and the number of writes since, or a per-process token."""
        origin = self.fingerprint[:16] if self.fingerprint else self._instance
        return f"{origin}-{self._generation}"

    def _check_writable(self) -> None:
        if not self.writable:
            raise ReadOnlyStoreError(
                f"the store at {self.path} is open read-only, shared by worker processes"
            )

    @property
    def raw(self) -> ox.Store:
        """Return the underlying pyoxigraph store, for loading and for benchmarks."""
        return self._store

    def query(
        self, sparql: str, *, dataset: Dataset | None = None, base_iri: str | None = None
    ) -> QueryResult:
        """Run a SPARQL query on the embedded store."""
        options: dict[str, object] = {}
        if dataset:
            options["default_graph"] = [named_node(iri) for iri in dataset.default_graphs]
            options["named_graphs"] = [named_node(iri) for iri in dataset.named_graphs]
        try:
            return self._store.query(sparql, base_iri=base_iri, **options)
        except SyntaxError as error:
            raise QuerySyntaxError.from_oxigraph(error) from error

    def triples(self, graph: GraphName) -> Iterator[ox.Triple]:
        """Return the triples of one graph."""
        for quad in self._store.quads_for_pattern(None, None, None, _graph_node(graph)):
            yield quad.triple

    def graph_exists(self, graph: GraphName) -> bool:
        """Return True for the default graph and for named graphs the store holds."""
        return graph is None or self._store.contains_named_graph(named_node(graph))

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL 1.1 Update on the embedded store."""
        self._check_writable()
        try:
            self._store.update(sparql, base_iri=base_iri)
        except SyntaxError as error:
            raise QuerySyntaxError.from_oxigraph(error) from error
        self._changed()

    def replace_graph(self, graph: GraphName, triples: Iterable[ox.Triple]) -> None:
        """Replace a graph's content; the new triples are materialized first so bad input changes nothing."""
        self._check_writable()
        target = _graph_node(graph)
        quads = [ox.Quad(t.subject, t.predicate, t.object, target) for t in triples]
        if graph is None:
            self._store.clear_graph(target)
        else:
            self._store.add_graph(target)
            self._store.clear_graph(target)
        self._store.extend(quads)
        self._changed()

    def add_to_graph(self, graph: GraphName, triples: Iterable[ox.Triple]) -> None:
        """Add triples to a graph in one transaction."""
        self._check_writable()
        target = _graph_node(graph)
        quads = [ox.Quad(t.subject, t.predicate, t.object, target) for t in triples]
        if graph is not None:
            self._store.add_graph(target)
        self._store.extend(quads)
        self._changed()

    def drop_graph(self, graph: GraphName) -> bool:
        """Remove a named graph or empty the default graph."""
        self._check_writable()
        if graph is None:
            self._store.clear_graph(ox.DefaultGraph())
        elif self._store.contains_named_graph(named_node(graph)):
            self._store.remove_graph(named_node(graph))
        else:
            return False
        self._changed()
        return True

    def replace_all(self, sources: Iterable[tuple[Path, GraphName]], fingerprint: str) -> None:
        """Empty the store and bulk-load each (file, graph) source, recording the inputs' fingerprint."""
        self._check_writable()
        self._store.clear()
        for path, graph in sources:
            self._store.bulk_load(
                path=str(path),
                format=ox.RdfFormat.from_extension(path.suffix.lstrip(".")),
                to_graph=_graph_node(graph),
            )
        # Compact once after loading: the store is read far more than it is written.
        self._store.optimize()
        self.fingerprint = fingerprint
        self._generation = 0
        self._counts = None
        self._write_metadata()

    @property
    def snapshots_folder(self) -> Path | None:
        """Return the folder beside the store that holds its snapshots (``snapshot``); None in memory."""
        return None if self.path is None else self.path.with_name(self.path.name + ".snapshots")

    def snapshot(self) -> Path:
        """Write a consistent copy of the store as it is now, for other processes to open read-only.

        The copy is a RocksDB checkpoint (pyoxigraph's ``Store.backup``): hard links to the store's files,
        so it is quick and small whatever the store's size. The first one also removes any left behind by
        an earlier run; ``drop_snapshot`` removes one no longer used.
        """
        folder = self.snapshots_folder
        if folder is None:
            raise OSError("an in-memory store has no snapshots")
        if not self._snapshots_taken:
            shutil.rmtree(folder, ignore_errors=True)
        self._snapshots_taken = True
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{self._generation}-{secrets.token_hex(4)}"
        self._store.backup(str(target))
        return target

    def drop_snapshot(self, path: Path) -> None:
        """Remove a snapshot of this store (one that no process has open)."""
        if self.snapshots_folder is not None and Path(path).parent == self.snapshots_folder:
            shutil.rmtree(path, ignore_errors=True)

    def close(self) -> None:
        """Flush and release the store (pyoxigraph closes it when the last reference goes), and remove its
        snapshots and the processes that query them."""
        pool = getattr(self, "query_pool", None)
        if pool is not None:
            pool.close()
        if self.path is not None and self.writable:
            self._store.flush()
            if (snapshots := self.snapshots_folder) is not None:
                shutil.rmtree(snapshots, ignore_errors=True)
        del self._store


@contextmanager
def exclusive_use(path: Path) -> Iterator[None]:
    """Hold a lock beside the store at ``path``: no other policykg process may write or serve it meanwhile.

    The lock is ``flock`` on ``{path}.lock``; the kernel drops it when its holder exits, even on a crash.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.with_name(path.name + ".lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise StoreInUse(f"another policykg process is using the store at {path}") from error
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
