"""A store that is any SPARQL 1.1 endpoint, reached over the SPARQL 1.1 Protocol by URL.

Credentials come from the URL (``http://user:password@host/query``), from the environment
(``POLICYKG_STORE_USER`` and ``POLICYKG_STORE_PASSWORD``) or from a netrc file (``$NETRC`` or ``~/.netrc``),
in that order. They are sent in a header (HTTP Basic, or Digest when the endpoint asks for it, as
Virtuoso's ``/sparql-auth`` does), never kept in the URL: every message names the endpoint by its URL
without them, and the password is masked in any text an endpoint or a library sends back.

The query URL may carry the store's dataset as protocol parameters (SPARQL 1.1 Protocol §2.1.4):
``http://host:8890/sparql?default-graph-uri=G&named-graph-uri=F``. They are sent with every query that
names no dataset of its own (no FROM, no protocol dataset), and a sole ``default-graph-uri`` is where
writes to the default graph go. That is how a store whose default graph is the union of all its graphs
(Virtuoso) holds a build: its default graph in one named graph, its other graphs beside it.
"""

from __future__ import annotations

import base64
import http.client
import json
import netrc
import os
import re
import secrets
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
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


XSD = "http://www.w3.org/2001/XMLSchema#"

#: The protocol parameters that give a query's dataset (SPARQL 1.1 Protocol §2.1.4).
DATASET_PARAMETERS = ("default-graph-uri", "named-graph-uri")


def split_dataset(url: str) -> tuple[str, Dataset]:
    """Split the dataset parameters off an endpoint URL: return the URL without them, and the dataset."""
    parts = urllib.parse.urlsplit(url)
    pairs = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    if not any(name in DATASET_PARAMETERS for name, _ in pairs):
        return url, Dataset()
    dataset = Dataset(
        tuple(value for name, value in pairs if name == "default-graph-uri"),
        tuple(value for name, value in pairs if name == "named-graph-uri"),
    )
    rest = urllib.parse.urlencode([(name, value) for name, value in pairs if name not in DATASET_PARAMETERS])
    return urllib.parse.urlunsplit(parts._replace(query=rest)), dataset


def names_own_dataset(sparql: str) -> bool:
    """Return True if a query has FROM or FROM NAMED clauses (the only place the keyword FROM may stand)."""
    from policykg.server.sparql.lexer import keywords

    return any(keyword.word == "FROM" for keyword in keywords(sparql))


def query_form(sparql: str) -> str | None:
    """Return a query's form (SELECT, ASK, CONSTRUCT or DESCRIBE): its first such keyword; None if none."""
    from policykg.server.sparql.lexer import keywords

    forms = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
    return next((keyword.word for keyword in keywords(sparql) if keyword.word in forms), None)


def boolean(value: bool) -> ox.QueryBoolean:
    """Return pyoxigraph's boolean result for ``value``."""
    text = b'{"head":{},"boolean":%s}' % str(value).lower().encode()
    return ox.parse_query_results(text, ox.QueryResultsFormat.JSON)


def _boolean(value: str) -> str:
    return {"1": "true", "0": "false"}.get(value, value)


def _seconds(value: str) -> str:
    """Drop the trailing zeros of a time's fraction of a second (Virtuoso keeps six digits)."""
    match = re.fullmatch(r"(.*T\d\d:\d\d:\d\d)(\.\d+)(.*)", value)
    if match is None:
        return value
    fraction = match[2].rstrip("0")
    return match[1] + (fraction if fraction != "." else "") + match[3]


#: Canonical lexical forms (XML Schema 1.1) of the values some stores answer in other forms: Virtuoso
#: answers "1"^^xsd:boolean and "...T10:00:00.500000Z"; the embedded store answers in canonical forms.
_CANONICAL: dict[str, Callable[[str], str]] = {f"{XSD}boolean": _boolean, f"{XSD}dateTime": _seconds}


def canonical_triple(triple: ox.Triple) -> ox.Triple:
    """Return a triple with its object literal in canonical form (see ``_CANONICAL``)."""
    literal = triple.object
    if isinstance(literal, ox.Literal) and literal.datatype.value in _CANONICAL:
        value = _CANONICAL[literal.datatype.value](literal.value)
        return ox.Triple(triple.subject, triple.predicate, ox.Literal(value, datatype=literal.datatype))
    return triple


def canonical_results(body: bytes) -> bytes:
    """Return SPARQL JSON results with their literals in canonical form (see ``_CANONICAL``)."""
    if not any(datatype.encode() in body for datatype in _CANONICAL):
        return body
    try:
        document = json.loads(body)
        for row in document.get("results", {}).get("bindings", []):
            for term in row.values():
                canonical = _CANONICAL.get(term.get("datatype", ""))
                if canonical and isinstance(term.get("value"), str):
                    term["value"] = canonical(term["value"])
    except (ValueError, AttributeError, TypeError):
        return body  # Not what it says it is: the parser reports it.
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def has_blank_node(triple: ox.Triple) -> bool:
    """Return True if a triple's subject or object is a blank node."""
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


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
    """A store that is any SPARQL 1.1 endpoint (Fuseki, Virtuoso, GraphDB, QLever, Oxigraph server) by URL.

    ``query_url`` may carry the store's dataset (see the module's docstring); ``update_url`` is where updates
    go (None: the store is read-only).
    """

    #: What we ask the endpoint for: results we can parse, RDF we can parse (SPARQL 1.1 Protocol §2.2.6).
    #: Asked by query form: Virtuoso answers whatever comes first, a CONSTRUCT with a results table too.
    RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
    RDF_ACCEPT = (
        "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8, application/ld+json;q=0.7"
    )
    ACCEPT = f"{RESULTS_ACCEPT}, {RDF_ACCEPT}"
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
        query_url, self.dataset = split_dataset(query_url)
        self._query = endpoint(query_url)
        self._update = endpoint(split_dataset(update_url)[0]) if update_url is not None else None
        defaults = self.dataset.default_graphs
        #: Where writes to the default graph go: the dataset's sole default graph, else the endpoint's own.
        self.default_graph: str | None = defaults[0] if len(defaults) == 1 else None
        #: The endpoints' URLs without credentials: safe to show.
        self.query_url = self._query.url
        self.update_url = self._update.url if self._update else None
        self.writable = update_url is not None
        self.timeout = timeout
        self._instance = secrets.token_hex(4)
        #: The endpoints that refused Basic credentials: they get Digest (after their challenge) only.
        self._digest: set[str] = set()

    def close(self) -> None:
        """Nothing to release: every request opens its own connection."""

    @property
    def version(self) -> str:
        """Return a per-process token plus the writes made through this server (others' writes go unseen)."""
        return f"remote-{self._instance}-{self._generation}"

    def _open(self, target: Endpoint, body: bytes, accept: str) -> tuple[str, bytes]:
        """POST a form to an endpoint with its credentials: Basic at once, else Digest when challenged.

        An endpoint that refuses Basic with a 401 (Virtuoso's ``/sparql-auth`` does, without a challenge)
        is asked once more without it, so that it can send its Digest challenge; it then gets Digest only.
        """
        request = urllib.request.Request(target.url, data=body, method="POST")
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        request.add_header("Accept", accept)
        handlers: list[urllib.request.BaseHandler] = []
        basic = target.authorization is not None and target.url not in self._digest
        if target.user is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, target.url, target.user, target.password or "")
            handlers.append(urllib.request.HTTPDigestAuthHandler(passwords))
        if basic:
            request.add_unredirected_header("Authorization", target.authorization or "")
        try:
            with urllib.request.build_opener(*handlers).open(request, timeout=self.timeout) as response:
                answer = response.read()
                if response.headers.get("X-SQL-State") == "S1TAT":
                    # Virtuoso's "anytime" answer: what it found before its time limit, sent as a 200.
                    raise RemoteStoreError(f"{target.url} answered with incomplete results (its time limit)")
                return response.headers.get_content_type(), answer
        except urllib.error.HTTPError as error:
            if not (basic and error.code == 401):
                raise
            error.close()
        self._digest.add(target.url)
        return self._open(target, body, accept)

    def _post(self, target: Endpoint, fields: list[tuple[str, str]], accept: str) -> tuple[str, bytes]:
        body = urllib.parse.urlencode(fields).encode("utf-8")
        url = target.url
        try:
            return self._open(target, body, accept)
        except urllib.error.HTTPError as error:
            text = target.redact(error.read().decode("utf-8", "replace")).strip()
            error.close()
            if error.code == 400:
                raise QuerySyntaxError(f"the remote endpoint rejected the request: {text[:2000]}") from None
            raise RemoteStoreError(f"{url} answered {error.code}: {text[:500]}") from None
        except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as error:
            # HTTPException covers an answer that breaks off (IncompleteRead) or is not HTTP at all.
            raise RemoteStoreError(f"cannot reach {url}: {target.redact(str(error))}") from None

    def query(
        self, sparql: str, *, dataset: Dataset | None = None, base_iri: str | None = None
    ) -> QueryResult:
        """Send the query to the endpoint and parse its answer into pyoxigraph objects.

        A query without a dataset of its own (protocol ``dataset`` or FROM clauses) gets the store's.
        """
        if not dataset and self.dataset and not names_own_dataset(sparql):
            dataset = self.dataset
        return self._ask_endpoint(sparql, dataset, base_iri)

    def _ask_endpoint(self, sparql: str, dataset: Dataset | None, base_iri: str | None) -> QueryResult:
        """Send a query with the dataset given (None: the endpoint's own) and parse the answer."""
        fields = [("query", sparql)]
        if dataset:
            fields += [("default-graph-uri", iri) for iri in dataset.default_graphs]
            fields += [("named-graph-uri", iri) for iri in dataset.named_graphs]
        form = query_form(sparql)
        accept = {"CONSTRUCT": self.RDF_ACCEPT, "DESCRIBE": self.RDF_ACCEPT}.get(form, self.RESULTS_ACCEPT)
        media_type, body = self._post(self._query, fields, accept if form else self.ACCEPT)
        try:
            if media_type in self._RESULTS:
                results_format = self._RESULTS[media_type]
                if results_format == ox.QueryResultsFormat.JSON:
                    body = canonical_results(body)
                # Read through once, so that a body that breaks off fails here, not halfway through an answer.
                parsed = ox.parse_query_results(body, results_format)
                if isinstance(parsed, ox.QueryBoolean):
                    return parsed
                rows = list(parsed)
                if form == "ASK":
                    # Virtuoso answers ASK with a table: a row (__ASK_RETVAL 1) for true, none for false.
                    return boolean(bool(rows))
                return ox.parse_query_results(body, results_format)
            if media_type in self._RDF:
                # Parsed now, so that a body that breaks off fails here, not halfway through a response.
                quads = ox.parse(body, self._RDF[media_type], base_iri=base_iri)
                return iter([canonical_triple(quad.triple) for quad in quads])
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
        """Ask the endpoint whether it holds the graph (with a triple: some stores hold no empty graphs)."""
        # Asked of the endpoint's own dataset: given named graphs, Virtuoso matches a GRAPH outside them.
        ask = f"ASK {{ GRAPH {named_node(graph)} {{ ?s ?p ?o }} }}"
        return graph is None or bool(self._ask_endpoint(ask, None, None))

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Send a SPARQL Update to the endpoint's update URL."""
        if self._update is None:
            raise ReadOnlyStoreError(f"no update endpoint was given for {self.query_url}")
        self._post(self._update, [("update", sparql)], "*/*")
        self._changed()

    def _target(self, graph: GraphName) -> GraphName:
        """Return the graph a write goes to: the store's default graph stands for None when it has one."""
        return self.default_graph if graph is None else graph

    def _insert(self, graph: GraphName, triples: Iterable[ox.Triple]) -> str:
        """Return the update that adds triples to a graph.

        INSERT DATA, or with blank nodes ``INSERT { ... } WHERE { }``, which makes the same fresh blank
        nodes and which Virtuoso takes (it refuses blank nodes in INSERT DATA).
        """
        triples = list(triples)
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        target = self._target(graph)
        block = data if target is None else f"GRAPH {named_node(target)} {{ {data} }}"
        if any(has_blank_node(triple) for triple in triples):
            return f"INSERT {{ {block} }} WHERE {{ }}"
        return f"INSERT DATA {{ {block} }}"

    def replace_graph(self, graph: GraphName, triples: Iterable[ox.Triple]) -> None:
        """Replace a graph with one update request (DROP then INSERT, atomic on most stores)."""
        target = self._target(graph)
        dropped = "DEFAULT" if target is None else f"GRAPH {named_node(target)}"
        self.update(f"DROP SILENT {dropped} ;\n{self._insert(graph, triples)}")

    def add_to_graph(self, graph: GraphName, triples: Iterable[ox.Triple]) -> None:
        """Add triples with INSERT DATA."""
        self.update(self._insert(graph, triples))

    def drop_graph(self, graph: GraphName) -> bool:
        """Drop a graph with DROP SILENT (Virtuoso refuses DROP of a graph that no CREATE GRAPH made)."""
        if not self.graph_exists(graph):
            return False
        target = self._target(graph)
        self.update("DROP DEFAULT" if target is None else f"DROP SILENT GRAPH {named_node(target)}")
        return True
