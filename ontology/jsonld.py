"""The project's JSON-LD context and compaction with it: one node per subject, compact keys.

The context (``context.jsonld`` beside the ontology) names every pkg: property by its local name, with
``"@type": "@id"`` for object properties and the xsd datatype of numeric ones, and gives labels,
definitions and titles as language maps. The server publishes it at ``/context.jsonld``. A compacted document
refers to it by URL when asked to; by default it carries, inline, the part of it that its keys and values
use, so that any processor expands it back to the same triples without fetching anything (rdflib, for
one, would try the network for a context URL). Both the builder and the server use this module, which
depends on rdflib only.
"""

from __future__ import annotations

import json
import warnings
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import rdflib


def context_path() -> Path:
    """Return the path of the JSON-LD context file."""
    return Path(str(resources.files(__package__) / "context.jsonld"))


@cache
def context_bytes() -> bytes:
    """Return the context document as published, read once per process."""
    return context_path().read_bytes()


def context() -> dict[str, Any]:
    """Return the value of the context document's ``@context`` (a fresh copy)."""
    return json.loads(context_bytes())["@context"]


def compact(graph: rdflib.Graph, context_url: str | None = None) -> dict[str, Any]:
    """Return ``graph`` as compacted JSON-LD, one node per subject under ``@graph``: with the context by
    ``context_url`` if given, else with the part of the context that the document uses, inline."""
    full = context()
    document = json.loads(graph.serialize(format="json-ld", context=full, auto_compact=True))
    document.pop("@context", None)
    nodes = document.get("@graph")
    if nodes is None:  # a single subject is written without @graph
        nodes = [document] if document else []
    return {"@context": context_url or used_context(full, nodes), "@graph": nodes}


def used_context(full: dict[str, Any], nodes: list[Any]) -> dict[str, Any]:
    """Return the entries of ``full`` that ``nodes`` need: keywords, namespace prefixes and the terms that
    occur as a key or a value (a class name under ``type``, say)."""
    seen: set[str] = set()
    stack: list[Any] = [nodes]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            seen.update(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            seen.add(item)
    return {
        key: value
        for key, value in full.items()
        if key.startswith("@")
        or key in seen
        or (isinstance(value, str) and value.endswith(("#", "/")))
        or value in ("@id", "@type")
    }


def compact_text(graph: rdflib.Graph, context_url: str | None = None) -> str:
    """Return ``graph`` as a compacted JSON-LD document, as text (UTF-8, not escaped)."""
    return json.dumps(compact(graph, context_url), ensure_ascii=False, indent=1) + "\n"


def compact_ntriples(nt: bytes, context_url: str | None = None) -> bytes:
    """Return N-Triples as a compacted JSON-LD document in UTF-8 (what the build writes to graph.jsonld)."""
    import rdflib

    with warnings.catch_warnings():
        # rdflib 7.6's JSON-LD plugin goes through its own deprecated ConjunctiveGraph API.
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib")
        graph = rdflib.Graph().parse(data=nt, format="nt")
        return compact_text(graph, context_url).encode("utf-8")


def expand_with_context(document: dict[str, Any]) -> rdflib.Graph:
    """Return the graph of a compacted ``document``; a context referred to by URL is read from the local
    copy instead of being fetched (what a consumer's caching document loader would do)."""
    import rdflib

    local = {**document, "@context": context()} if isinstance(document["@context"], str) else document
    return rdflib.Graph().parse(data=json.dumps(local), format="json-ld")
