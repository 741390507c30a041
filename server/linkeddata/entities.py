"""JSON views of entities for /api: the compact entity and search hits; the search index of the store."""

from __future__ import annotations

import threading
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from flask import Flask

from policykg.ontology.namespaces import PKG, PREFIXES, RDF, RDFS, SKOS
from policykg.server.linkeddata.describe import Description, Node, grouped
from policykg.server.linkeddata.links import curie, link_for
from policykg.server.linkeddata.search import Hit, IndexCache, SearchIndex
from policykg.server.linkeddata.search_files import load_index
from policykg.server.store.current import get_store

if TYPE_CHECKING:
    from policykg.server.store.base import Store

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {
    XSD + name for name in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")
}
_NUMBERS = {XSD + "decimal", XSD + "double", XSD + "float"}

_index_cache = IndexCache()


def json_value(node: Node, lang: str) -> Any:
    """Return a node as compact JSON: IRIs as objects with a label, numbers as numbers, text as text."""
    term = node.term
    if isinstance(term, ox.NamedNode):
        return {"iri": term.value, "label": node.label(lang), "href": link_for(term.value)}
    if isinstance(term, ox.BlankNode):
        return {"bnode": term.value}
    datatype = term.datatype.value
    if datatype in _INTEGERS:
        try:
            return int(term.value)
        except ValueError:
            return term.value
    if datatype in _NUMBERS:
        try:
            number = Decimal(term.value)
        except InvalidOperation:
            return term.value
        return int(number) if number == number.to_integral_value() and abs(number) < 2**53 else float(number)
    if datatype == XSD + "boolean":
        return term.value in ("true", "1")
    if term.language:
        return {"value": term.value, "lang": term.language}
    return term.value


def entity_json(description: Description, lang: str, links: dict[str, str]) -> dict[str, Any]:
    """Return the compact JSON view of an entity."""
    me = description.node
    labels = dict(me.labels)
    hidden = {str(RDF.type), str(RDFS.label), str(SKOS.altLabel)}
    properties = {
        curie(predicate.term.value): [json_value(n, lang) for n in nodes]
        for predicate, nodes in grouped(description.outgoing)
        if predicate.term.value not in hidden
    }
    incoming = {
        curie(predicate.term.value): [json_value(n, lang) for n in nodes]
        for predicate, nodes in grouped(description.incoming)
    }
    return {
        "iri": description.iri,
        "label": me.label(lang),
        "labels": {key or "none": value for key, value in labels.items()},
        "altLabels": sorted(
            arc.node.term.value
            for arc in description.outgoing
            if arc.predicate.term.value == str(SKOS.altLabel)
        ),
        "types": [json_value(t, lang) for t in description.types],
        "properties": properties,
        "incoming": incoming,
        "incomingTotal": description.incoming_total,
        "sources": [
            {
                "span": span.iri,
                "document": span.document,
                "start": span.start,
                "end": span.end,
                "exact": span.exact,
                "sentence": span.sentence,
                "highlight": _highlight(span.parts()),
            }
            for span in description.spans
        ],
        "links": links,
    }


def _highlight(parts: tuple[str, str, str]) -> list[int] | None:
    before, exact, _ = parts
    return [len(before), len(before) + len(exact)] if exact else None


def hit_json(hit: Hit, lang: str, class_labels: dict[str, dict[str, str]]) -> dict[str, Any]:
    """Return one search hit as JSON."""
    entity = hit.entity
    other = "en" if lang == "zh" else "zh"
    return {
        "iri": entity.iri,
        "label": entity.label(lang),
        "labels": dict(entity.labels),
        "types": [
            {
                "iri": t,
                "label": class_labels.get(t, {}).get(lang) or class_labels.get(t, {}).get(other) or curie(t),
            }
            for t in entity.types
        ],
        "matched": hit.matched,
        "field": hit.field,
        "match": hit.tier,
        "href": link_for(entity.iri),
    }


def warm_search_index(app: Flask) -> threading.Thread:
    """Start building the search index in the background, so that the first search need not wait.

    A server process calls this once after creating its app (building takes seconds on a graph of a
    million triples); a search that comes before the build ends waits for it under the index's lock.
    """

    def build() -> None:
        with app.app_context():
            search_index(get_store(), app.config["POLICYKG_BASE"])

    thread = threading.Thread(target=build, name="policykg-search-index", daemon=True)
    thread.start()
    return thread


def search_index(store: Store, base: str) -> SearchIndex:
    """Return the search index of the store's current version: opened from its file, built on first use.

    The file of an embedded store on disk is shared by every worker (``search_files``).
    """
    # The store object is part of the key: two stores loaded from the same build share a version.
    key = f"{id(store)} {base} {store.version}"
    return _index_cache.get(key, lambda: load_index(store, base))


def resolve_type(value: str, index: SearchIndex) -> str | None:
    """Return the class IRI a ``type`` parameter names (``Laboratory``, ``pkg:Laboratory`` or an IRI)."""
    if value.startswith(("http://", "https://")):
        iri = value
    elif ":" in value:
        prefix, _, local = value.partition(":")
        iri = str(PREFIXES[prefix]) + local if prefix in PREFIXES else value
    else:
        iri = str(PKG) + value
    return iri if iri in index.class_labels else None
