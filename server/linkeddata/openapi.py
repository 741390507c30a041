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
#: A graph or entity named by its absolute IRI.
_IRI = {"type": "string", "format": "iri", "minLength": 1}
#: An optional IRI parameter: empty means not given.
_OPTIONAL_IRI = {"type": "string", "pattern": r"^$|^[A-Za-z][A-Za-z0-9+.\-]*:"}
#: Names a ``format`` parameter takes (server/web/negotiation.py), by what they name.
_RESULT_NAMES = ["json", "srj", "xml", "srx", "csv", "tsv"]
_RDF_NAMES = ["ttl", "turtle", "nt", "ntriples", "jsonld", "json-ld", "rdf", "xml"]
_RDF_BODY = {media: {"schema": {"type": "string"}} for media in _RDF}


def _sparql_form() -> dict[str, Any]:
    fields = {
        name: {"type": "string", "minLength": 1}
        for name in ("query", "update", "default-graph-uri", "named-graph-uri")
    }
    fields |= {"using-graph-uri": _IRI, "using-named-graph-uri": _IRI}
    return {"type": "object", "properties": fields, "minProperties": 1}


#: The answer of any route that queries the store when its query is stopped (server/sparql/running.py).
_SLOW = "A query ran over the time limit, or too many long queries are running (Retry-After)."
#: Routes that never query the store.
_STATIC = {"assets.asset", "viewer.asset", "context.context", "api.openapi_json", "api.docs"}

#: The answer of the network routes when the store is too large to draw as one network.
_NETWORK_TOO_LARGE = {
    "503": "The store holds more entities than the server draws as one network (POLICYKG_VIEWER_MAX_NODES)."
}

#: Query parameters, response media types and per-method details of each endpoint, by endpoint name.
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
                "IRI); repeat or separate with commas for several. An unknown class gets 400.",
                {"type": "string", "minLength": 1},
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
    "api.queries": {
        "parameters": [_LANG],
        "types": ("application/json",),
        "extra": {"303": "A browser (text/html first) is sent to the page /queries."},
    },
    "api.named_query": {
        "parameters": [
            _param(
                "format",
                "Result format: json (rows, and hrefs: this server's page of each IRI value, row by row), "
                "srj, srx, csv or tsv; overrides Accept.",
                {"type": "string", "enum": ["json", "rows", "srj", "srx", "xml", "csv", "tsv"]},
            )
        ],
        "types": ("application/json", *_RESULTS),
        "extra": {
            "303": "A browser (text/html first, no format parameter) is sent to the page /queries/{name}.",
            "503": "The query ran over the time limit, or too many long queries are running.",
        },
    },
    "api.openapi_json": {"types": ("application/json",)},
    "findings.list_findings": {
        "parameters": [
            _param(
                "severity",
                "Only findings of this severity.",
                {"type": "string", "enum": ["violation", "warning", "info"]},
            ),
            _param(
                "entity",
                "Only findings involving this entity (its IRI or /id/... path).",
                {"type": "string", "pattern": r"^$|^/|^[A-Za-z][A-Za-z0-9+.\-]*:"},
            ),
        ],
        "types": ("application/json",),
    },
    "graph_api.path": {
        "parameters": [
            _param("from", "IRI of the entity the chain starts at.", _IRI, required=True),
            _param("to", "IRI of the entity the chain ends at.", _IRI, required=True),
        ],
        "types": ("application/json",),
        "extra": _NETWORK_TOO_LARGE,
    },
    "graph_api.central": {
        "parameters": [
            _param(
                "measure",
                "How to measure centrality.",
                {"type": "string", "enum": ["degree", "betweenness", "pagerank"], "default": "degree"},
            ),
            _param("limit", "How many entities.", {"type": "integer", "minimum": 1, "maximum": 999999999}),
            _param("type", "Only entities of these classes (comma-separated).", {"type": "string"}),
        ],
        "types": ("application/json",),
        "extra": _NETWORK_TOO_LARGE,
    },
    "graph_api.neighbors": {
        "parameters": [
            _param("id", "IRI of the entity.", _IRI, required=True),
            _param("depth", "Steps from the entity.", {"type": "integer", "minimum": 1, "maximum": 3}),
        ],
        "types": ("application/json",),
        "extra": _NETWORK_TOO_LARGE,
    },
    "graph_api.communities": {"types": ("application/json",), "extra": _NETWORK_TOO_LARGE},
    "viewer.view": {
        "parameters": [
            _LANG,
            _param(
                "domain",
                "One domain, by IRI or ordinal, and what hangs under it; empty: all.",
                {"type": "string"},
            ),
            _param("types", "Only entities of these classes (comma-separated).", {"type": "string"}),
            _param("focus", "IRI of an entity whose neighbourhood to show.", _OPTIONAL_IRI),
            _param("depth", "Steps around focus.", {"type": "integer", "minimum": 1, "maximum": 3}),
            _param("from", "With to: the chain of relations between two entities.", _OPTIONAL_IRI),
            _param("to", "With from: the chain of relations between two entities.", _OPTIONAL_IRI),
            _param(
                "plan",
                "IRI of a plan: only that plan and what hangs under it, with the plans it is linked to "
                "(within, succeeds); empty: every plan.",
                _OPTIONAL_IRI,
            ),
        ],
        "types": ("text/html",),
        "extra": _NETWORK_TOO_LARGE,
    },
    "viewer.asset": {"types": ("text/javascript", "text/css")},
    "resource.thing": {"parameters": [_LANG], "types": ("text/html", *_RDF)},
    "resource.ontology": {"types": ("text/html", *_RDF)},
    "resource.ontology_document": {"parameters": [_LANG], "types": ("text/html", *_RDF)},
    "void.well_known": {"types": (), "status": "303"},
    "void.void": {"types": (*_RDF, "text/html")},
    "void.void_document": {"types": (*_RDF, "text/html")},
    "home.home": {"parameters": [_LANG], "types": ("text/html",)},
    "home.search": {
        "parameters": [
            _LANG,
            _param("q", "Text to look for in zh, en or pinyin labels.", {"type": "string"}),
        ],
        "types": ("text/html",),
    },
    "assets.asset": {"types": ("text/javascript", "text/css", "application/json", "text/plain")},
    "sparql.editor": {
        "parameters": [_LANG, _param("query", "A query to open the editor with, run.", {"type": "string"})],
        "types": ("text/html",),
    },
    "api.docs": {"parameters": [_LANG], "types": ("text/html",)},
    "query_pages.index": {"parameters": [_LANG], "types": ("text/html",)},
    "query_pages.query_page": {"parameters": [_LANG], "types": ("text/html",)},
    "finding_pages.index": {
        "parameters": [
            _LANG,
            _param("plan", "Only this plan's findings (IRI or /id/... path).", {"type": "string"}),
        ],
        "types": ("text/html",),
    },
    "void.dumps": {"types": ("text/html", "application/json")},
    "context.context": {"types": ("application/ld+json",)},
    "void.dump": {"types": (*_RDF, "application/n-quads")},
    "graph_store.read": {
        "parameters": [
            _param(
                "graph", "The graph's IRI (or ?default for the default graph, §4.2).", _IRI, required=True
            ),
            _param("format", "RDF format by name; overrides Accept.", {"type": "string", "enum": _RDF_NAMES}),
        ],
        "types": _RDF,
    },
    "graph_store.graph_store": {
        "parameters": [
            _param("graph", "The graph's IRI (or ?default for the default graph, §4.2).", _IRI, required=True)
        ],
        "types": (),
        "status": "204",
        "body": {"put": _RDF_BODY, "post": _RDF_BODY},
        "extra": {
            "201": "The graph was created.",
            "401": "The update token is missing or wrong.",
            "403": "The server is read-only.",
        },
    },
    "sparql.endpoint": {
        "parameters": [
            _param(
                "query",
                "A SPARQL 1.1 query (SPARQL 1.1 Protocol, section 2.1).",
                {"type": "string", "minLength": 1},
            ),
            _param("default-graph-uri", "A graph of the query's default graph; may repeat.", _IRI),
            _param("named-graph-uri", "A named graph of the query's dataset; may repeat.", _IRI),
            _param(
                "format",
                "Result format by name; overrides Accept.",
                {"type": "string", "enum": sorted({*_RESULT_NAMES, *_RDF_NAMES, "html"})},
            ),
        ],
        "types": (*_RESULTS, *_RDF, "text/html"),
        "body": {
            "post": {
                "application/x-www-form-urlencoded": {"schema": _sparql_form()},
                "application/sparql-query": {"schema": {"type": "string", "minLength": 1}},
                "application/sparql-update": {"schema": {"type": "string", "minLength": 1}},
            }
        },
        "extra": {
            "204": "An update was applied.",
            "401": "An update without the right token.",
            "403": "A read-only server, or a query that would fetch from another host (SERVICE, LOAD).",
            "502": "The remote triple store failed.",
            "503": "The query ran over the time limit, or too many long queries are running.",
        },
    },
}


def openapi_path(rule: str) -> str:
    """Return a Flask rule written as an OpenAPI path template: ``/api/entities/<path:id>`` -> ``{id}``."""
    return _CONVERTER.sub(r"{\1}", rule)


def _errors(path: str) -> dict[str, Any]:
    """Return the content of errors: problem+json, and an HTML page for browsers off /api (web/errors.py)."""
    return _PROBLEM if path.startswith("/api") else {**_PROBLEM, "text/html": {}}


def _operation(app: Flask, endpoint: str, rule: str, rule_arguments: set[str], method: str) -> dict[str, Any]:
    view = app.view_functions[endpoint]
    doc = (view.__doc__ or endpoint).strip().splitlines()[0]
    spec = ENDPOINTS.get(endpoint, {})
    path_params = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in sorted(rule_arguments)
    ]
    types = spec.get("types", ("application/json",))
    success = spec.get("status", "200")
    responses: dict[str, Any] = {
        success: {"description": "OK", **({"content": {media: {} for media in types}} if types else {})},
        "4XX": {"description": "A client error, explained in English and Chinese.", "content": _errors(rule)},
    }
    extra = spec.get("extra", {})
    if endpoint not in _STATIC:
        extra = {"503": _SLOW} | extra
    for status, description in extra.items():
        responses[status] = {"description": description}
        if status.startswith(("4", "5")):
            responses[status]["content"] = _errors(rule)
    query = [p for p in spec.get("parameters", []) if method == "get" or p["name"] in ("graph",)]
    operation = {
        "operationId": f"{endpoint.replace('.', '_')}_{method.lower()}",
        "summary": doc,
        "tags": [endpoint.partition(".")[0]],
        "parameters": path_params + query,
        "responses": responses,
    }
    body = spec.get("body", {}).get(method)
    if body:
        operation["requestBody"] = {"required": True, "content": body}
    return operation


def _schema(kind: str, default: str | None) -> dict[str, Any]:
    """Return the JSON Schema of a named-query parameter; an empty value is refused, so none is valid."""
    schema = dict(TYPES[kind][1], **({"default": default} if default is not None else {}))
    if schema.get("type") == "string":
        schema.setdefault("minLength", 1)
    return schema


def _named_query_path(query: NamedQuery) -> dict[str, Any]:
    parameters = [
        {
            "name": p.name,
            "in": "query",
            "required": p.required,
            "description": p.description,
            "schema": _schema(p.type, p.default),
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
                "4XX": {"description": "A parameter is missing or of the wrong type.", "content": _PROBLEM},
                "503": {
                    "description": ENDPOINTS["api.named_query"]["extra"]["503"],
                    "content": _PROBLEM,
                },
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
                app, rule.endpoint, rule.rule, set(rule.arguments) - set(rule.defaults or {}), method.lower()
            )
    generic = paths.get("/api/queries/{name}", {}).get("get")
    if generic:
        # The generic path runs the queries that need no parameter; the others have paths of their own.
        plain = sorted(q.name for q in queries.values() if not any(p.required for p in q.parameters))
        generic["parameters"][0]["schema"] = {"type": "string", "enum": plain}
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
