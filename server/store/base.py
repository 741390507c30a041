"""The triple store behind the server: one small interface and two implementations.

``OxigraphStore`` is the embedded default (pyoxigraph, on disk under the build directory or in memory);
``RemoteStore`` (remote_store.py) sends everything to any SPARQL 1.1 endpoint by URL. Both answer
queries with pyoxigraph's own result objects, so the rest of the server serializes them the same way.
Blueprints get the store with ``get_store()``.
"""

from __future__ import annotations

import fcntl
import json
import re
import secrets
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from flask import Flask, current_app

if TYPE_CHECKING:
    import rdflib

    from policykg.server.web.negotiation import Format

#: What a query returns: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE).
QueryResult = ox.QuerySolutions | ox.QueryBoolean | Iterator[ox.Triple]

#: A graph in the store: an IRI, or None for the default graph.
GraphName = str | None

_POSITION = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)


class StoreError(Exception):
    """A store could not do what was asked."""


class QuerySyntaxError(StoreError):
    """A query or update does not parse; ``line`` and ``column`` locate the error when known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    @classmethod
    def from_oxigraph(cls, error: SyntaxError) -> QuerySyntaxError:
        """Build from pyoxigraph's ``error at LINE:COLUMN: message`` text."""
        text = str(error)
        match = _POSITION.match(text)
        if match:
            return cls(match.group(3), int(match.group(1)), int(match.group(2)))
        return cls(text)


class ReadOnlyStoreError(StoreError):
    """The store cannot be written through this server."""


class RemoteStoreError(StoreError):
    """A remote SPARQL endpoint failed or answered with something unusable."""


@dataclass(frozen=True)
class Dataset:
    """An RDF dataset given by protocol parameters (SPARQL 1.1 Protocol §2.1.4); empty: the store's own."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


@dataclass(frozen=True)
class Counts:
    """Sizes of the store's content, computed once per version."""

    triples: int
    entities: int
    classes: dict[str, int] = field(default_factory=dict)
    properties: dict[str, int] = field(default_factory=dict)
    graphs: dict[str, int] = field(default_factory=dict)


def named_node(iri: str) -> ox.NamedNode:
    """Return the NamedNode for an absolute IRI, or raise StoreError."""
    try:
        return ox.NamedNode(iri)
    except ValueError as error:
        raise StoreError(f"not an absolute IRI: {iri!r} ({error})") from error


def _graph_node(graph: GraphName) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if graph is None else named_node(graph)


class Store(ABC):
    """The interface every store offers; writes raise ReadOnlyStoreError where the store cannot write."""

    writable: bool = True
    #: True when ``version`` changes with every change of content (no one else writes to the store).
    sees_all_writes: bool = True

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._generation = 0
        self._counts: tuple[str, Counts] | None = None

    # --- reading -------------------------------------------------------------------------------------

    @abstractmethod
    def query(
        self, sparql: str, *, dataset: Dataset | None = None, base_iri: str | None = None
    ) -> QueryResult:
        """Run a SPARQL query and return pyoxigraph's result object; QuerySyntaxError if it does not parse."""

    @abstractmethod
    def triples(self, graph: GraphName) -> Iterator[ox.Triple]:
        """Return the triples of one graph (None: the default graph)."""

    @abstractmethod
    def graph_exists(self, graph: GraphName) -> bool:
        """Return True if the store holds this graph (the default graph always exists)."""

    # --- writing -------------------------------------------------------------------------------------

    @abstractmethod
    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL 1.1 Update request, all or nothing."""

    @abstractmethod
    def replace_graph(self, graph: GraphName, triples: Iterable[ox.Triple]) -> None:
        """Replace the content of a graph, creating it if needed."""

    @abstractmethod
    def add_to_graph(self, graph: GraphName, triples: Iterable[ox.Triple]) -> None:
        """Add triples to a graph, creating it if needed."""

    @abstractmethod
    def drop_graph(self, graph: GraphName) -> bool:
        """Remove a named graph (or empty the default graph); return False if it did not exist."""

    @abstractmethod
    def close(self) -> None:
        """Release the store's resources."""

    # --- shared helpers ------------------------------------------------------------------------------

    @property
    @abstractmethod
    def version(self) -> str:
        """Return a token that changes whenever the content changes (for ETags and caches)."""

    def _changed(self) -> None:
        with self._lock:
            self._generation += 1

    def query_bytes(self, sparql: str, fmt: Format, **options: object) -> bytes:
        """Run a query and return its result serialized in ``fmt`` (no row cap, no timeout)."""
        from policykg.server.sparql.results import serialize_all

        return serialize_all(self.query(sparql, **options), fmt)  # type: ignore[arg-type]

    def construct(self, sparql: str, **options: object) -> rdflib.Graph:
        """Run a CONSTRUCT or DESCRIBE query and return an rdflib Graph (for small results)."""
        import rdflib

        result = self.query(sparql, **options)  # type: ignore[arg-type]
        if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
            raise StoreError("construct() needs a CONSTRUCT or DESCRIBE query")
        graph = rdflib.Graph()
        graph.parse(data=ox.serialize(result, format=ox.RdfFormat.N_TRIPLES), format="nt")
        return graph

    def describe(self, iri: str, *, incoming: bool = False) -> rdflib.Graph:
        """Return the triples about ``iri`` (and, if asked, the triples pointing at it) as an rdflib Graph."""
        term = named_node(iri)
        where = f"{{ {term} ?p ?o . BIND({term} AS ?s) }}"
        if incoming:
            where += f" UNION {{ ?s ?p {term} . BIND({term} AS ?o) }}"
        return self.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}")

    def select(
        self, sparql: str, **options: object
    ) -> list[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]]:
        """Run a SELECT query and return its rows as dicts of variable name to term (for small results)."""
        result = self.query(sparql, **options)  # type: ignore[arg-type]
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError("select() needs a SELECT query")
        names = [variable.value for variable in result.variables]
        return [{name: row[name] for name in names if row[name] is not None} for row in result]

    def counts(self) -> Counts:
        """Return triple, entity, class, property and named-graph counts, cached until the content changes."""
        version = self.version
        if self._counts and self._counts[0] == version:
            return self._counts[1]

        def pairs(sparql: str) -> dict[str, int]:
            return {row["k"].value: int(row["n"].value) for row in self.select(sparql) if "k" in row}

        totals = self.select("SELECT (COUNT(*) AS ?t) (COUNT(DISTINCT ?s) AS ?e) WHERE { ?s ?p ?o }")[0]
        counts = Counts(
            triples=int(totals["t"].value),
            entities=int(totals["e"].value),
            classes=pairs("SELECT ?k (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?k } GROUP BY ?k"),
            properties=pairs("SELECT ?k (COUNT(*) AS ?n) WHERE { ?s ?k ?o } GROUP BY ?k"),
            graphs=pairs("SELECT ?k (COUNT(*) AS ?n) WHERE { GRAPH ?k { ?s ?p ?o } } GROUP BY ?k"),
        )
        self._counts = (version, counts)
        return counts


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

    def close(self) -> None:
        """Flush and release the store (pyoxigraph closes it when the last reference goes)."""
        if self.path is not None and self.writable:
            self._store.flush()
        del self._store


class StoreInUse(StoreError):
    """Another process (a server or a writer) is using the store."""


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


def open_store(location: str | Path, update_url: str | None = None, timeout: float = 60.0) -> Store:
    """Open a store from a location: an http(s) URL is a remote endpoint, anything else a directory."""
    text = str(location)
    if text.startswith(("http://", "https://")):
        from policykg.server.store.remote import RemoteStore

        return RemoteStore(text, update_url=update_url, timeout=timeout)
    return OxigraphStore(Path(text))


def init_app(app: Flask) -> None:
    """Open the store named by ``POLICYKG_STORE`` (a Store, a URL or a path) and attach it to the app."""
    spec = app.config.get("POLICYKG_STORE")
    if not isinstance(spec, Store):
        if spec is None:
            from policykg.data import default_build_dir

            spec = Path(app.config.get("POLICYKG_BUILD_DIR") or default_build_dir()) / "store"
        spec = open_store(spec, app.config.get("POLICYKG_STORE_UPDATE_URL"))
    app.extensions["policykg.store"] = spec


def get_store() -> Store:
    """Return the current application's store."""
    return current_app.extensions["policykg.store"]
