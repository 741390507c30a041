"""JSON views of entities for /api: the compact entity, search hits, and the search index's source rows."""

from __future__ import annotations

import csv
import io
import threading
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from flask import Flask

from policykg.ontology.namespaces import OWL, PKG, PREFIXES, RDF, RDFS, SKOS
from policykg.pinyin import PINYIN_LANGUAGE
from policykg.server.linkeddata.describe import Description, Node, grouped
from policykg.server.linkeddata.links import curie, link_for
from policykg.server.linkeddata.search import Entity, Hit, IndexCache, SearchIndex
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


class LabelledIndex(SearchIndex):
    """A search index that also knows the labels of the classes, for showing hits."""

    class_labels: dict[str, dict[str, str]]


def search_index(store: Store, base: str) -> LabelledIndex:
    """Return the search index of the store's current version, building it on first use."""
    # The store object is part of the key: two stores loaded from the same build share a version.
    key = f"{id(store)} {base} {store.version}"
    return _index_cache.get(key, lambda: build_index(store, base))  # type: ignore[return-value]


def build_index(store: Store, base: str) -> LabelledIndex:
    """Read every labelled entity under ``{base}id/`` and the class hierarchy, and index them."""
    prefix = base + "id/"
    label, alt, kind = str(RDFS.label), str(SKOS.altLabel), str(RDF.type)
    hidden = str(SKOS.hiddenLabel)
    entities: dict[str, Entity] = {}
    solutions = store.query(
        f"SELECT ?s ?p ?o (LANG(?o) AS ?lang) WHERE {{ VALUES ?p {{ <{label}> <{alt}> <{kind}> <{hidden}> }} "
        f"?s ?p ?o . FILTER(isIRI(?s) && STRSTARTS(STR(?s), {ox.Literal(prefix)})) }}"
    )
    # Reading a few hundred thousand rows as CSV written by the store is several times faster than
    # touching each solution's terms from Python.
    text = solutions.serialize(format=ox.QueryResultsFormat.CSV).decode("utf-8")
    rows = csv.reader(io.StringIO(text))
    next(rows, None)
    for subject, predicate, value, lang in rows:
        entity = entities.get(subject) or entities.setdefault(subject, Entity(subject))
        if predicate == kind:
            entity.types.append(value)
        elif predicate == label:
            entity.labels.setdefault(lang, value)
        elif predicate == alt:
            entity.alt_labels.append(value)
        elif lang.lower() == PINYIN_LANGUAGE:
            entity.readings.append(value)
    superclasses: dict[str, set[str]] = {}
    for row in store.query(f"SELECT ?c ?s WHERE {{ ?c <{RDFS.subClassOf}>+ ?s }}"):
        superclasses.setdefault(row["c"].value, set()).add(row["s"].value)
    class_labels: dict[str, dict[str, str]] = {}
    for row in store.query(f"SELECT ?c ?l WHERE {{ ?c a <{OWL.Class}> ; <{label}> ?l }}"):
        class_labels.setdefault(row["c"].value, {})[row["l"].language or ""] = row["l"].value
    labelled = [e for e in entities.values() if e.labels or e.alt_labels]
    index = LabelledIndex(sorted(labelled, key=lambda e: e.iri), superclasses)
    index.class_labels = class_labels
    return index


def resolve_type(value: str, index: LabelledIndex) -> str | None:
    """Return the class IRI a ``type`` parameter names (``Laboratory``, ``pkg:Laboratory`` or an IRI)."""
    if value.startswith(("http://", "https://")):
        iri = value
    elif ":" in value:
        prefix, _, local = value.partition(":")
        iri = str(PREFIXES[prefix]) + local if prefix in PREFIXES else value
    else:
        iri = str(PKG) + value
    return iri if iri in index.class_labels else None
