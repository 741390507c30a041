"""Send RDF files to a remote store with SPARQL 1.1 Update, in requests of bounded size."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from policykg.server.store.base import GraphName, RemoteStoreError
from policykg.server.store.remote import RemoteStore


@dataclass(frozen=True)
class Sent:
    """One file sent to a remote store: the graph it went to and how many triples it held."""

    path: Path
    graph: GraphName
    triples: int


def read_triples(path: Path) -> list[ox.Triple]:
    """Parse an RDF file, its syntax told by its extension; RemoteStoreError if it cannot be read."""
    try:
        syntax = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
        if syntax is None:
            raise ValueError("unknown RDF file extension")
        return [quad.triple for quad in ox.parse(path=str(path), format=syntax)]
    except (SyntaxError, ValueError, OSError) as error:
        raise RemoteStoreError(f"cannot read {path}: {error}") from None


def batches(triples: list[ox.Triple], size: int) -> list[list[ox.Triple]]:
    """Split triples into batches of about ``size``, keeping the triples of linked blank nodes together.

    Blank nodes are scoped to one request, so the triples that share a blank node (directly or through
    other blank nodes) must go in the same request to stay one node.
    """
    parent: dict[ox.BlankNode, ox.BlankNode] = {}

    def root(node: ox.BlankNode) -> ox.BlankNode:
        while parent.setdefault(node, node) != node:
            node = parent[node] = parent[parent[node]]
        return node

    for triple in triples:
        if isinstance(triple.subject, ox.BlankNode) and isinstance(triple.object, ox.BlankNode):
            parent[root(triple.subject)] = root(triple.object)
    groups: dict[ox.BlankNode, list[ox.Triple]] = {}
    plain: list[ox.Triple] = []
    for triple in triples:
        node = triple.subject if isinstance(triple.subject, ox.BlankNode) else triple.object
        if isinstance(node, ox.BlankNode):
            groups.setdefault(root(node), []).append(triple)
        else:
            plain.append(triple)
    chunks: list[list[ox.Triple]] = []
    for group in [*groups.values(), *([triple] for triple in plain)]:
        if not chunks or len(chunks[-1]) + len(group) > size:
            chunks.append([])
        chunks[-1].extend(group)
    return chunks


def send_files(
    store: RemoteStore,
    sources: Iterable[tuple[Path, GraphName]],
    *,
    replace: bool = True,
    batch: int = 250,
) -> list[Sent]:
    """Send RDF files to their graphs with SPARQL Update, about ``batch`` triples a request.

    The first request to each graph replaces it (if ``replace``) and later ones add to it, so sending twice
    leaves the same content. Requests stay small because some stores cap them: Virtuoso 7 compiles an
    update to SQL and refuses one of 2,000 triples.
    """
    sent: list[Sent] = []
    seen: set[GraphName] = set()
    for path, graph in sources:
        triples = read_triples(path)
        for chunk in batches(triples, batch) or [[]]:
            if replace and graph not in seen:
                store.replace_graph(graph, chunk)
            elif chunk:
                store.add_to_graph(graph, chunk)
            seen.add(graph)
        sent.append(Sent(path, graph, len(triples)))
    return sent
