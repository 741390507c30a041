"""Running named queries for /api (within the server's time and row limits) and the /api/stats numbers."""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from flask import Response, current_app, request, url_for

from policykg.queries import bundled_queries
from policykg.server.linkeddata.describe import local_path
from policykg.server.linkeddata.links import curie, json_response, ontology_doc
from policykg.server.sparql.grammar import SparqlSyntaxError, parse_query
from policykg.server.sparql.results import (
    ROWS_HEADER,
    TRUNCATED_HEADER,
    Busy,
    Limits,
    NotAcceptable,
    Outcome,
    QueryTimeout,
    execute,
    limits_from_config,
    mark_truncated,
)
from policykg.server.store.base import QuerySyntaxError, RemoteStoreError, StoreError
from policykg.server.store.current import get_store
from policykg.server.web.errors import fail
from policykg.server.web.negotiation import (
    QUERY_FORMATS,
    RESULT_FORMATS,
    ROWS_JSON,
    accepted_types,
    choose_format,
)

if TYPE_CHECKING:
    from policykg.queries import NamedQuery
    from policykg.server.store.base import Store

XSD = "http://www.w3.org/2001/XMLSchema#"
_SPARQL_JSON = RESULT_FORMATS[0]


def _limits() -> Limits:
    return limits_from_config(current_app.config)


def _execute(query: NamedQuery, text: str, accept: str | None, requested: str | None) -> tuple[Outcome, bool]:
    """Run a bound named query; return the outcome and whether it must be turned into JSON rows."""
    fmt = choose_format(accept, requested, QUERY_FORMATS)
    if fmt is None:
        types = accepted_types(QUERY_FORMATS)
        fail(
            406,
            f"Named query results can be sent as: {', '.join(types)}.",
            f"命名查询结果可用以下格式返回：{', '.join(types)}。",
            accepted=types,
        )
    rows = fmt is ROWS_JSON
    try:
        outcome = execute(get_store(), text, choose=lambda _: _SPARQL_JSON if rows else fmt, limits=_limits())
    except NotAcceptable:
        fail(
            500,
            f"The named query {query.name} is not a SELECT query.",
            f"命名查询 {query.name} 不是 SELECT 查询。",
        )
    except QuerySyntaxError as error:
        # The files are checked at load time and by the tests, so this is a bug, not a bad request.
        fail(
            500,
            f"The named query {query.name} does not parse: {error.message}",
            f"命名查询 {query.name} 有语法错误。",
        )
    except QueryTimeout:
        seconds = current_app.config["POLICYKG_TIMEOUT"]
        fail(503, f"The query ran longer than {seconds} s.", f"查询运行超过 {seconds} 秒。", timeout=seconds)
    except Busy:
        fail(
            503,
            "Too many long queries are running; try again shortly.",
            "长时间查询过多，请稍后再试。",
            headers={"Retry-After": "10"},
        )
    except RemoteStoreError as error:
        fail(502, f"The triple store failed: {error}", f"三元组存储出错：{error}")
    except StoreError as error:
        fail(400, f"The query cannot be run: {error}", f"无法执行该查询：{error}")
    return outcome, rows


@lru_cache(maxsize=256)
def template_problem(name: str, template: str) -> str | None:
    """Check a named query's template once per process, like a prepared statement: None if it is a query
    that parses and fetches nothing from other hosts, else what is wrong with it.

    A request then only binds its typed parameters, each converted to one RDF term and written in
    N-Triples form in a VALUES block (``NamedQuery.bind``), so the bound text is not parsed again.
    """
    try:
        parsed = parse_query(template)
    except SparqlSyntaxError as error:
        return f"it does not parse at line {error.line}, column {error.column}: {error.message}"
    except RecursionError:
        return "it is nested too deeply to read"
    if parsed.fetches:
        shown = ", ".join(f"{f.keyword} {f.target}" for f in parsed.fetches[:3])
        return f"it would fetch from another host ({shown})"
    return None


def run_named_query(query: NamedQuery, text: str, args: Mapping[str, str]) -> Response:
    """Run a bound named query and answer in the negotiated format, saying so if the result was cut."""
    problem = template_problem(query.name, query.text)
    if problem is not None:
        fail(
            500,
            f"The named query {query.name} cannot be run: {problem}.",
            f"命名查询 {query.name} 无法运行。",
        )
    outcome, rows = _execute(query, text, request.headers.get("Accept"), request.args.get("format"))
    if rows:
        results = json.loads(outcome.body)
        bindings = results["results"]["bindings"]
        response = json_response(
            query=query.name,
            title=query.title,
            parameters=dict(args),
            columns=results["head"]["vars"],
            rows=[{name: _plain(value) for name, value in row.items()} for row in bindings],
            hrefs=[_hrefs(row) for row in bindings],
            truncated={"reason": outcome.truncated, "limit": outcome.limit} if outcome.truncated else None,
        )
    else:
        response = Response(
            mark_truncated(outcome, request.base_url), content_type=outcome.format.content_type
        )
    if outcome.rows is not None:
        response.headers[ROWS_HEADER] = str(outcome.rows)
    if outcome.truncated:
        response.headers[TRUNCATED_HEADER] = f"{outcome.truncated}; limit={outcome.limit}"
    response.vary.add("Accept")
    response.vary.add("Accept-Language")
    return response


def _hrefs(row: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """Return, for each IRI value of a result row that this server publishes, the path of its page."""
    base = current_app.config["POLICYKG_BASE"]
    found = {
        name: local_path(binding["value"], base) for name, binding in row.items() if binding["type"] == "uri"
    }
    return {name: path for name, path in found.items() if path}


def _plain(binding: Mapping[str, str]) -> Any:
    """Return a SPARQL JSON binding as a plain JSON value: IRIs and text as strings, numbers as numbers."""
    datatype = binding.get("datatype", "")
    value = binding["value"]
    if binding["type"] == "bnode":
        return "_:" + value
    if datatype == XSD + "boolean" and value in ("true", "false", "1", "0"):
        return value in ("true", "1")
    if datatype in (XSD + "integer", XSD + "int", XSD + "long"):
        try:
            return int(value)
        except ValueError:  # an ill-typed literal stays as printed
            return value
    if datatype in (XSD + "decimal", XSD + "double", XSD + "float"):
        try:
            number = Decimal(value)
        except InvalidOperation:
            return value
        return int(number) if number == number.to_integral_value() and abs(number) < 2**53 else float(number)
    return value


def queries_json(lang: str) -> list[dict[str, Any]]:
    """Return the named queries with titles and descriptions in ``lang`` and their typed parameters."""
    return [
        {
            "name": query.name,
            "title": query.titles.get(lang, query.title),
            "description": query.descriptions.get(lang, query.description),
            "parameters": [
                {
                    "name": p.name,
                    "type": p.type,
                    "required": p.required,
                    "default": p.default,
                    "description": p.description,
                }
                for p in query.parameters
            ],
            "href": url_for("api.named_query", name=query.name),
        }
        for query in bundled_queries().values()
    ]


def stats_json(store: Store, lang: str) -> dict[str, Any]:
    """Return the store's size: triples, distinct subjects, entities per class, triples per property."""
    counts = store.counts()
    doc = ontology_doc()

    def entry(iri: str, count: int, key: str) -> dict[str, Any]:
        term = doc.terms.get(iri)
        return {
            "iri": iri,
            "curie": curie(iri),
            "label": term.label(lang) if term else curie(iri),
            key: count,
        }

    return {
        "version": store.version,
        "triples": counts.triples,
        "subjects": counts.entities,
        "classes": [
            entry(iri, n, "entities")
            for iri, n in sorted(counts.classes.items(), key=lambda i: (-i[1], i[0]))
        ],
        "properties": [
            entry(iri, n, "triples")
            for iri, n in sorted(counts.properties.items(), key=lambda i: (-i[1], i[0]))
        ],
        "graphs": [{"iri": iri, "triples": n} for iri, n in sorted(counts.graphs.items())],
    }
