"""The SPARQL 1.1 Protocol endpoint at /sparql: queries, updates, the service description, the query page."""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request, url_for

from policykg.ontology.namespaces import sparql_prologue
from policykg.server.sparql.cache import deterministic, mark_cacheable
from policykg.server.sparql.examples import example_queries
from policykg.server.sparql.execution import answer_query, apply_update
from policykg.server.sparql.protocol import SparqlRequest, check_write_access, parse_request
from policykg.server.sparql.results import ROWS_HEADER, TRUNCATED_HEADER, Limits, mark_truncated
from policykg.server.sparql.service_description import PREFIXES, describe_service
from policykg.server.store.current import get_store
from policykg.server.web import caching
from policykg.server.web.errors import fail
from policykg.server.web.negotiation import HTML, RDF_FORMATS, accepted_types, choose_format

bp = Blueprint("sparql", __name__)


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """Answer a query or an update; without either, describe the service (or show the query page)."""
    operation = parse_request(request)
    if operation.update is not None:
        return run_update(operation)
    if operation.query is None:
        return describe(operation.formats)
    return run_query(operation)


def limits() -> Limits:
    """Return the configured row cap and timeout."""
    return Limits(current_app.config["POLICYKG_MAX_ROWS"], current_app.config["POLICYKG_TIMEOUT"])


def run_query(operation: SparqlRequest) -> Response:
    """Answer a query with its result in the negotiated format, noting a cut in headers and body."""
    outcome = answer_query(
        get_store(),
        operation.query,
        accept=request.headers.get("Accept"),
        formats=operation.formats,
        limits=limits(),
        dataset=operation.dataset,
        # Relative IRIs in a query resolve against the data's base: <id/city/x> is the entity at /id/city/x.
        base_iri=current_app.config["POLICYKG_BASE"],
    )
    body = mark_truncated(outcome, lambda: request.base_url)
    headers = {"Vary": "Accept"}
    if outcome.rows is not None:
        headers[ROWS_HEADER] = str(outcome.rows)
    if outcome.truncated:
        headers[TRUNCATED_HEADER] = f"{outcome.truncated}; limit={outcome.limit}"
    response = Response(body, content_type=outcome.format.content_type, headers=headers)
    if outcome.truncated or not deterministic(operation.query) or not get_store().sees_all_writes:
        return response
    # The same request gives the same answer until the store changes: keep it, and let clients revalidate.
    mark_cacheable()
    return caching.finish(response)


def run_update(operation: SparqlRequest) -> Response:
    """Apply an update for a client holding the update token; answer 204."""
    check_write_access(request)
    # Relative IRIs in an update resolve against the endpoint's URL (the service-defined base of SPARQL
    # 1.1 Protocol §2.2, W3C test update_base_uri), not the data's base: IRIs under the data's base are
    # minted only in graph_builder/rdf/minter.py (named entities and plans) and policykg/iris.py (the rest).
    apply_update(get_store(), operation.update, using=operation.using, base_iri=request.base_url)
    return Response(status=204)


def describe(requested: tuple[str, ...]) -> Response:
    """Answer the service description in RDF, or the query page to a browser."""
    fmt = choose_format(request.headers.get("Accept"), requested, (*RDF_FORMATS, HTML))
    if fmt is None:
        types = accepted_types((*RDF_FORMATS, HTML))
        fail(
            406,
            f"The service description is available as: {', '.join(types)}.",
            f"服务描述可用以下格式获取：{', '.join(types)}。",
            accepted=types,
        )
    if fmt is HTML:
        body = render_template(
            "query.html",
            prologue=sparql_prologue(),
            examples=example_queries(),
            writable=bool(current_app.config["POLICYKG_UPDATE_TOKEN"]),
        )
    else:
        triples = describe_service(
            get_store(),
            request.base_url,
            writable=bool(current_app.config["POLICYKG_UPDATE_TOKEN"]),
            graph_store=url_for("graph_store.read", _external=True),
        )
        body = ox.serialize(triples, format=fmt.writer, prefixes=PREFIXES)
    response = Response(body, content_type=fmt.content_type)
    response.vary.add("Accept")
    return response
