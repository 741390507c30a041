"""/queries: the named queries as pages, each a form from its typed parameters and its result as a table.

The machine-readable side stays under /api/queries; a browser that opens /api/queries/{name} is sent here.
Each page opens with values that give rows (see ``query_examples``) and links the result in CSV, JSON
rows and the SPARQL result formats, and the query itself in the query editor.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, render_template, request, url_for

from policykg.queries import NamedQuery, ParameterError, bundled_queries
from policykg.server.linkeddata import links as linkeddata
from policykg.server.linkeddata.query_examples import example_values, without_project_prefixes
from policykg.server.sparql.named import _execute as execute_named
from policykg.server.web import caching
from policykg.server.web.errors import fail

bp = Blueprint("query_pages", __name__)
bp.after_request(caching.finish)

#: The links under a result: label -> format parameter of /api/queries/{name}.
DOWNLOADS = {"CSV": "csv", "JSON": "json", "SPARQL JSON": "srj", "SPARQL XML": "srx", "TSV": "tsv"}

#: HTML input types for the parameter types of named queries.
INPUT_TYPES = {"integer": "number", "decimal": "number", "year": "number"}


def named(name: str) -> NamedQuery:
    """Return the named query ``name`` or fail with 404 pointing at the list."""
    query = bundled_queries().get(name)
    if query is None:
        fail(
            404,
            f"There is no named query {name[:100]!r}; see /queries.",
            "没有这个命名查询；请查看 /queries。",
        )
    return query


@bp.get("/queries")
def index() -> Response:
    """List the named queries with their descriptions and parameters."""
    lang = linkeddata.language()
    return page(render_template("queries.html", lang=lang, queries=list(bundled_queries().values())))


@bp.get("/queries/<name>")
def query_page(name: str) -> Response:
    """Show a named query's form, and its result for the values given (or for its opening values)."""
    query = named(name)
    lang = linkeddata.language()
    given = {key: value for key, value in request.args.items() if key != "lang" or "lang" in _names(query)}
    # The form sends every field; a link may give only some, the others keep their opening values.
    values = example_values(query, lang) | given
    error, columns, rows, truncated = None, [], [], None
    try:
        text = query.bind(values)
    except ParameterError as problem:
        error = problem.message_zh if lang == "zh" else str(problem)
    else:
        outcome, _ = execute_named(query, text, None, "srj")
        results = json.loads(outcome.body)
        # A label column beside an IRI column names that IRI's link rather than repeating it.
        columns = [c for c in results["head"]["vars"] if _labelled(c, results["head"]["vars"]) is None]
        rows = [_row(binding, columns) for binding in results["results"]["bindings"]]
        truncated = outcome.limit if outcome.truncated else None
    api_args = {key: value for key, value in values.items() if value}
    body = render_template(
        "named_query.html",
        lang=lang,
        query=query,
        values=values,
        input_types=INPUT_TYPES,
        error=error,
        columns=columns,
        rows=rows,
        truncated=truncated,
        downloads={
            label: url_for("api.named_query", name=name, format=fmt, **api_args)
            for label, fmt in DOWNLOADS.items()
        },
        editor=url_for("sparql.editor", query=without_project_prefixes(text)) if error is None else None,
    )
    return page(body, 400 if error else 200)


def _names(query: NamedQuery) -> set[str]:
    return {p.name for p in query.parameters}


def _labelled(column: str, columns: list[str]) -> str | None:
    """Return the IRI column that ``column`` labels (``xLabel`` for ``x``, ``label`` for ``entity``)."""
    if column.endswith("Label") and column.removesuffix("Label") in columns:
        return column.removesuffix("Label")
    return "entity" if column == "label" and "entity" in columns else None


def _row(binding: dict[str, dict[str, str]], columns: list[str]) -> list[dict[str, Any]]:
    """Return a result row as cells: text, a local link for IRIs (named by a label column beside it)."""
    cells = []
    for column in columns:
        term = binding.get(column)
        if term is None:
            cells.append({"text": ""})
        elif term["type"] == "uri":
            label = binding.get(column + "Label") or (binding.get("label") if column == "entity" else None)
            cells.append(
                {
                    "text": label["value"] if label else linkeddata.curie(term["value"]),
                    "href": linkeddata.link_for(term["value"]),
                    "iri": term["value"],
                }
            )
        else:
            cells.append({"text": term["value"], "lang": term.get("xml:lang")})
    return cells


def page(body: str, status: int = 200) -> Response:
    """Return an HTML page that depends on the request's language."""
    response = Response(body, status=status, content_type="text/html; charset=utf-8")
    response.vary.add("Accept-Language")
    return response
