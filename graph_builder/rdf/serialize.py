"""Write rdflib graphs to Turtle, N-Triples and JSON-LD quickly and deterministically.

rdflib terms make the graph; N-Triples text is written from them directly, sorted so that each
subject's statements come together and two builds of the same document give identical files, and
Oxigraph (Rust, through pyoxigraph) parses that text and writes Turtle and JSON-LD. rdflib's own
Turtle and JSON-LD writers take seconds per ten thousand triples; these take milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from policykg.ontology.namespaces import PREFIX_IRIS

FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "json-ld": ox.RdfFormat.JSON_LD,
}


def oxigraph_triples(triples: Iterable[tuple[Node, Node, Node]]) -> list[ox.Triple]:
    """Convert rdflib triples to Oxigraph triples, sorted by subject, predicate and object.

    The triples go through N-Triples text, which Python writes and Oxigraph parses far faster than
    terms can be converted one by one.
    """
    return oxigraph_parse(ntriples(triples))


def oxigraph_parse(nt: bytes) -> list[ox.Triple]:
    """Parse N-Triples into Oxigraph triples."""
    return list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _nt(node: Node, cache: dict[Node, str]) -> str:
    text = cache.get(node)
    if text is None:
        if isinstance(node, URIRef):
            text = f"<{node}>"
        elif isinstance(node, BNode):
            text = f"_:{node}"
        elif isinstance(node, Literal):
            text = f'"{str(node).translate(_ESCAPES)}"'
            if node.language:
                text += f"@{node.language}"
            elif node.datatype and str(node.datatype) != _XSD_STRING:
                text += f"^^<{node.datatype}>"
        else:
            raise TypeError(f"not an RDF term: {node!r}")
        cache[node] = text
    return text


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def ntriples(triples: Iterable[tuple[Node, Node, Node]]) -> bytes:
    """Return triples as N-Triples, one per line, sorted (so subjects' statements come together)."""
    cache: dict[Node, str] = {}
    lines = sorted({f"{_nt(s, cache)} {_nt(p, cache)} {_nt(o, cache)} .\n" for s, p, o in triples})
    return "".join(lines).encode("utf-8")


def serialize(graph: Graph | Iterable[tuple[Node, Node, Node]], rdf_format: str) -> bytes:
    """Serialize a graph (or triples) as ``turtle``, ``nt`` or ``json-ld``."""
    return serialize_triples(oxigraph_triples(graph), rdf_format)


def serialize_triples(triples: list[ox.Triple], rdf_format: str) -> bytes:
    """Serialize already converted Oxigraph triples."""
    target = FORMATS[rdf_format]
    if target is ox.RdfFormat.N_TRIPLES:
        return ox.serialize(triples, format=target)
    return ox.serialize(triples, format=target, prefixes=PREFIX_IRIS)
