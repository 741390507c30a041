"""The store interface every triple store behind the server offers, its errors and its value types.

Two implementations: ``OxigraphStore`` (embedded.py) is the embedded default (pyoxigraph, on disk under
the build directory or in memory); ``RemoteStore`` (remote.py) sends everything to any SPARQL 1.1
endpoint by URL. Both answer queries with pyoxigraph's own result objects, so the rest of the server
serializes them the same way. Blueprints get the application's store with ``current.get_store()``.
"""

from __future__ import annotations

import re
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox

if TYPE_CHECKING:
    import rdflib


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


class StoreInUse(StoreError):
    """Another process (a server or a writer) is using the store."""


class StoreUnavailable(StoreError):
    """The store cannot be opened, or holds no build to serve; the message says what to run."""


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


class Store(ABC):
    """The interface every store offers; writes raise ReadOnlyStoreError where the store cannot write."""

    writable: bool = True
    #: True when ``version`` changes with every change of content (no one else writes to the store).
    sees_all_writes: bool = True

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._generation = 0
        self._counts: tuple[str, Counts] | None = None
        #: Runs the fixed queries of pages and the API (``select``, ``construct``, ``ask``, ``counts``) within
        #: the serving application's limits; None runs them here (server/store/current.py sets it).
        self.view_query: Callable[[str], QueryResult] | None = None

    def _query_for_view(self, sparql: str, **options: object) -> QueryResult:
        if self.view_query is None or options:
            return self.query(sparql, **options)  # type: ignore[arg-type]
        return self.view_query(sparql)

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

    def construct(self, sparql: str, **options: object) -> rdflib.Graph:
        """Run a CONSTRUCT or DESCRIBE query and return an rdflib Graph (for small results)."""
        import rdflib

        result = self._query_for_view(sparql, **options)
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
        result = self._query_for_view(sparql, **options)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError("select() needs a SELECT query")
        names = [variable.value for variable in result.variables]
        return [{name: row[name] for name in names if row[name] is not None} for row in result]

    def ask(self, sparql: str) -> bool:
        """Run an ASK query and return its answer."""
        result = self._query_for_view(sparql)
        if not isinstance(result, ox.QueryBoolean):
            raise StoreError("ask() needs an ASK query")
        return bool(result)

    def view_triples(self, sparql: str) -> Iterator[ox.Triple]:
        """Run a CONSTRUCT or DESCRIBE query and return its triples, as pyoxigraph terms."""
        result = self._query_for_view(sparql)
        if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
            raise StoreError("view_triples() needs a CONSTRUCT or DESCRIBE query")
        return iter(result)

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
