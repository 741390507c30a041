"""A store that is any SPARQL 1.1 endpoint, reached over the SPARQL 1.1 Protocol by URL.

Credentials (HTTP Basic) come from the URL (``http://user:password@host/query``), from the environment
(``POLICYKG_STORE_USER`` and ``POLICYKG_STORE_PASSWORD``) or from a netrc file (``$NETRC`` or ``~/.netrc``),
in that order. They are sent in a header, never kept in the URL: every message names the endpoint by its
URL without them, and the password is masked in any text an endpoint or a library sends back.
"""

from __future__ import annotations

import base64
import http.client
import netrc
import os
import secrets
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import ClassVar

import pyoxigraph as ox

from policykg.server.store.base import (
    Dataset,
    GraphName,
    QueryResult,
    QuerySyntaxError,
    ReadOnlyStoreError,
    RemoteStoreError,
    Store,
    named_node,
)


@dataclass(frozen=True)
class Endpoint:
    """An endpoint URL without credentials, and the credentials to send to it (None: none)."""

    url: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)

    def redact(self, text: str) -> str:
        """Return ``text`` with the password (and any URL that carries it) masked."""
        if self.password:
            text = text.replace(urllib.parse.quote(self.password, safe=""), "***")
            text = text.replace(self.password, "***")
        return text

    @property
    def authorization(self) -> str | None:
        """Return the HTTP Basic ``Authorization`` header value, or None without credentials."""
        if self.user is None:
            return None
        token = f"{self.user}:{self.password or ''}".encode()
        return "Basic " + base64.b64encode(token).decode("ascii")


def endpoint(url: str) -> Endpoint:
    """Split a URL into the bare URL and the credentials: the URL's, else the environment's, else netrc's."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError:
        raise RemoteStoreError("the store's URL is not a valid http(s) URL") from None
    host = parts.hostname or ""
    netloc = host if ":" not in host else f"[{host}]"
    if port is not None:
        netloc += f":{port}"
    bare = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    if parts.username is not None:
        user = urllib.parse.unquote(parts.username)
        password = urllib.parse.unquote(parts.password) if parts.password is not None else None
        return Endpoint(bare, user, password)
    if os.environ.get("POLICYKG_STORE_USER"):
        return Endpoint(bare, os.environ["POLICYKG_STORE_USER"], os.environ.get("POLICYKG_STORE_PASSWORD"))
    try:
        entry = netrc.netrc(os.environ.get("NETRC")).authenticators(host)
    except (OSError, netrc.NetrcParseError):
        entry = None
    if entry is not None:
        return Endpoint(bare, entry[0], entry[2])
    return Endpoint(bare)


class RemoteStore(Store):
    """A store that is any SPARQL 1.1 endpoint (Fuseki, Virtuoso, GraphDB, QLever, Oxigraph server) by URL."""

    #: What we ask the endpoint for: results we can parse, RDF we can parse (SPARQL 1.1 Protocol §2.2.6).
    ACCEPT = (
        "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
        "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8, application/ld+json;q=0.7"
    )
    _RESULTS: ClassVar[dict[str, ox.QueryResultsFormat]] = {
        "application/sparql-results+json": ox.QueryResultsFormat.JSON,
        "application/json": ox.QueryResultsFormat.JSON,
        "application/sparql-results+xml": ox.QueryResultsFormat.XML,
        "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    }
    _RDF: ClassVar[dict[str, ox.RdfFormat]] = {
        "application/n-triples": ox.RdfFormat.N_TRIPLES,
        "text/plain": ox.RdfFormat.N_TRIPLES,
        "text/turtle": ox.RdfFormat.TURTLE,
        "application/rdf+xml": ox.RdfFormat.RDF_XML,
        "application/ld+json": ox.RdfFormat.JSON_LD,
    }

    #: Others may write to the endpoint without this server knowing.
    sees_all_writes = False

    def __init__(self, query_url: str, update_url: str | None = None, timeout: float = 60.0) -> None:
        super().__init__()
        self._query = endpoint(query_url)
        self._update = endpoint(update_url) if update_url is not None else None
        #: The endpoints' URLs without credentials: safe to show.
        self.query_url = self._query.url
        self.update_url = self._update.url if self._update else None
        self.writable = update_url is not None
        self.timeout = timeout
        self._instance = secrets.token_hex(4)

    def close(self) -> None:
        """Nothing to release: every request opens its own connection."""

    @property
    def version(self) -> str:
        """Return a per-process token plus the writes made through this server (others' writes go unseen)."""
        return f"remote-{self._instance}-{self._generation}"

    def _post(self, target: Endpoint, fields: list[tuple[str, str]], accept: str) -> tuple[str, bytes]:
        body = urllib.parse.urlencode(fields).encode("utf-8")
        request = urllib.request.Request(target.url, data=body, method="POST")
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        request.add_header("Accept", accept)
        if target.authorization:
            request.add_header("Authorization", target.authorization)
        url = target.url
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                media_type = response.headers.get_content_type()
                return media_type, response.read()
        except urllib.error.HTTPError as error:
            text = target.redact(error.read().decode("utf-8", "replace")).strip()
            error.close()
            if error.code == 400:
                raise QuerySyntaxError(f"the remote endpoint rejected the request: {text}") from None
            raise RemoteStoreError(f"{url} answered {error.code}: {text[:500]}") from None
        except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as error:
            # HTTPException covers an answer that breaks off (IncompleteRead) or is not HTTP at all.
            raise RemoteStoreError(f"cannot reach {url}: {target.redact(str(error))}") from None

    def query(
        self, sparql: str, *, dataset: Dataset | None = None, base_iri: str | None = None
    ) -> QueryResult:
        """Send the query to the endpoint and parse its answer into pyoxigraph objects."""
        fields = [("query", sparql)]
        if dataset:
            fields += [("default-graph-uri", iri) for iri in dataset.default_graphs]
            fields += [("named-graph-uri", iri) for iri in dataset.named_graphs]
        media_type, body = self._post(self._query, fields, self.ACCEPT)
        try:
            if media_type in self._RESULTS:
                # Read through once, so that a body that breaks off fails here, not halfway through an answer.
                parsed = ox.parse_query_results(body, self._RESULTS[media_type])
                if isinstance(parsed, ox.QueryBoolean):
                    return parsed
                for _ in parsed:
                    pass
                return ox.parse_query_results(body, self._RESULTS[media_type])
            if media_type in self._RDF:
                # Parsed now, so that a body that breaks off fails here, not halfway through a response.
                triples = [quad.triple for quad in ox.parse(body, self._RDF[media_type], base_iri=base_iri)]
                return iter(triples)
        except SyntaxError as error:
            message = self._query.redact(str(error))
            raise RemoteStoreError(f"{self.query_url} sent unparsable {media_type}: {message}") from None
        raise RemoteStoreError(f"{self.query_url} answered with unexpected media type {media_type}")

    def triples(self, graph: GraphName) -> Iterator[ox.Triple]:
        """Fetch one graph with a CONSTRUCT query."""
        pattern = "?s ?p ?o" if graph is None else f"GRAPH {named_node(graph)} {{ ?s ?p ?o }}"
        result = self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {pattern} }}")
        if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
            raise RemoteStoreError(f"{self.query_url} answered a CONSTRUCT query with solutions")
        return iter(result)

    def graph_exists(self, graph: GraphName) -> bool:
        """Ask the endpoint whether it holds the graph."""
        return graph is None or bool(self.query(f"ASK {{ GRAPH {named_node(graph)} {{ }} }}"))

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Send a SPARQL Update to the endpoint's update URL."""
        if self._update is None:
            raise ReadOnlyStoreError(f"no update endpoint was given for {self.query_url}")
        self._post(self._update, [("update", sparql)], "*/*")
        self._changed()

    @staticmethod
    def _insert_data(graph: GraphName, triples: Iterable[ox.Triple]) -> str:
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        return (
            f"INSERT DATA {{ {data} }}"
            if graph is None
            else f"INSERT DATA {{ GRAPH {named_node(graph)} {{ {data} }} }}"
        )

    def replace_graph(self, graph: GraphName, triples: Iterable[ox.Triple]) -> None:
        """Replace a graph with one update request (DROP then INSERT DATA, atomic on most stores)."""
        target = "DEFAULT" if graph is None else f"GRAPH {named_node(graph)}"
        self.update(f"DROP SILENT {target} ;\n{self._insert_data(graph, triples)}")

    def add_to_graph(self, graph: GraphName, triples: Iterable[ox.Triple]) -> None:
        """Add triples with INSERT DATA."""
        self.update(self._insert_data(graph, triples))

    def drop_graph(self, graph: GraphName) -> bool:
        """Drop a graph with DROP."""
        if not self.graph_exists(graph):
            return False
        self.update("DROP DEFAULT" if graph is None else f"DROP GRAPH {named_node(graph)}")
        return True
