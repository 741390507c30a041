"""The OpenAPI 3.1 description of the server, built from the app's own URL map so no route is left out.

Each route's summary is its view's docstring; query parameters and response types come from the table
below, and every named query gets a path of its own with its typed parameters.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from flask import Flask

from policykg import __version__
from policykg.queries import TYPES, NamedQuery

_CONVERTER = re.compile(r"<(?:[a-z]+:)?([A-Za-z_]\w*)>")

_RDF = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml")
_RESULTS = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
_PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


def _param(name: str, description: str, schema: dict[str, Any] | None = None, required: bool = False) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema or {"type": "string"},
    }


_LANG = _param(
    "lang",
    "Label language, zh or en; default by Accept-Language, else zh.",
    {"type": "string", "enum": ["zh", "en"]},
)

#: Query parameters and response media types of each endpoint, by endpoint name.
ENDPOINTS: dict[str, dict[str, Any]] = {
    "api.search": {
        "parameters": [
            _param(
                "q",
                "Text to find in Chinese or English labels or in pinyin (济南, Jinan, jinan).",
                {"type": "string", "minLength": 1, "maxLength": 200},
                required=True,
            ),
            _param(
                "type",
                "Only entities of this class or its subclasses (Laboratory, pkg:Laboratory or an "
                "IRI); repeat or separate with commas for several.",
            ),
            _param(
                "limit", "Results per page.", {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}
            ),
            _param(
                "offset",
                "Results to skip.",
                {"type": "integer", "minimum": 0, "maximum": 10000, "default": 0},
            ),
            _LANG,
        ],
        "types": ("application/json",),
    },
    "api.entity": {"parameters": [_LANG], "types": ("application/json",)},
    "api.stats": {"parameters": [_LANG], "types": ("application/json",)},
    "api.queries": {"parameters": [_LANG], "types": ("application/json",)},
    "api.named_query": {
        "parameters": [
            _param("format", "Result format: json (rows), srj, srx, csv or tsv; overrides Accept.")
        ],
        "types": ("application/json", *_RESULTS),
    },
    "api.openapi_json": {"types": ("application/json",)},
    "resource.thing": {"parameters": [_LANG], "types": ("text/html", *_RDF)},
    "resource.ontology": {"types": ("text/html", *_RDF)},
    "resource.ontology_document": {"parameters": [_LANG], "types": ("text/html", *_RDF)},
    "void.void": {"types": _RDF},
    "void.void_document": {"types": _RDF},
    "void.dumps": {"types": ("text/html", "application/json")},
    "void.dump": {"types": (*_RDF, "application/n-quads")},
    "sparql.endpoint": {
        "parameters": [
            _param("query", "A SPARQL 1.1 query (SPARQL 1.1 Protocol, section 2.1)."),
            _param("default-graph-uri", "A graph of the query's default graph; may repeat."),
            _param("named-graph-uri", "A named graph of the query's dataset; may repeat."),
            _param(
                "format",
                "Result format by name (json, xml, csv, tsv, ttl, nt, jsonld, rdf); overrides Accept.",
            ),
        ],
        "types": (*_RESULTS, *_RDF, "text/html"),
    },
}


def openapi_path(rule: str) -> str:
    """Return a Flask rule written as an OpenAPI path template: ``/api/entities/<path:id>`` -> ``{id}``."""
    return _CONVERTER.sub(r"{\1}", rule)


def _operation(app: Flask, endpoint: str, rule_arguments: set[str], method: str) -> dict[str, Any]:
    view = app.view_functions[endpoint]
    doc = (view.__doc__ or endpoint).strip().splitlines()[0]
    spec = ENDPOINTS.get(endpoint, {})
    path_params = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in sorted(rule_arguments)
    ]
    types = spec.get("types", ("application/json",))
    return {
        "operationId": f"{endpoint.replace('.', '_')}_{method.lower()}",
        "summary": doc,
        "tags": [endpoint.partition(".")[0]],
        "parameters": path_params + (spec.get("parameters", []) if method == "get" else []),
        "responses": {
            "200": {"description": "OK", "content": {media: {} for media in types}},
            "4XX": {"description": "A client error, explained in English and Chinese.", "content": _PROBLEM},
        },
    }


def _named_query_path(query: NamedQuery) -> dict[str, Any]:
    parameters = [
        {
            "name": p.name,
            "in": "query",
            "required": p.required,
            "description": p.description,
            "schema": dict(TYPES[p.type][1], **({"default": p.default} if p.default is not None else {})),
        }
        for p in query.parameters
    ]
    return {
        "get": {
            "operationId": f"named_query_{query.name.replace('-', '_')}",
            "summary": query.title,
            "description": "\n\n".join(
                [query.description, f"{query.titles.get('zh', '')}：{query.descriptions.get('zh', '')}"]
            ),
            "tags": ["named queries"],
            "parameters": [*parameters, *ENDPOINTS["api.named_query"]["parameters"]],
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {m: {} for m in ENDPOINTS["api.named_query"]["types"]},
                },
                "400": {"description": "A parameter is missing or of the wrong type.", "content": _PROBLEM},
            },
        }
    }


def describe_app(app: Flask, queries: Mapping[str, NamedQuery]) -> dict[str, Any]:
    """Return the OpenAPI 3.1 document describing every route of ``app`` and every named query."""
    paths: dict[str, dict[str, Any]] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static":
            continue
        entry = paths.setdefault(openapi_path(rule.rule), {})
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            entry[method.lower()] = _operation(
                app, rule.endpoint, set(rule.arguments) - set(rule.defaults or {}), method.lower()
            )
    for query in queries.values():
        paths[f"/api/queries/{query.name}"] = _named_query_path(query)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "policykg",
            "version": __version__,
            "description": "Linked data, SPARQL 1.1 and a JSON API over a bilingual (zh/en) knowledge graph "
            "of Chinese policy plans. 政策规划知识图谱的关联数据、SPARQL 与 JSON 接口。",
        },
        "paths": paths,
        "components": {
            "schemas": {
                "Problem": {
                    "type": "object",
                    "description": "RFC 9457 problem details with the message in English and Chinese.",
                    "properties": {
                        "type": {"type": "string"},
                        "title": {"type": "string"},
                        "status": {"type": "integer"},
                        "detail": {"type": "string"},
                        "message": {
                            "type": "object",
                            "properties": {"en": {"type": "string"}, "zh": {"type": "string"}},
                        },
                    },
                }
            }
        },
    }
