"""Linked-data dereferencing: an entity IRI answers 303 to a document, HTML or RDF, chosen by Accept.

Following "Cool URIs for the Semantic Web" (W3C Interest Group Note, section 4.3), the IRI of a thing
(``/id/...``) is not a document: it redirects with 303 See Other to one of its documents, each with an
explicit suffix URL (``.html``, ``.ttl``, ``.jsonld``, ``.nt``, ``.rdf``) that every page advertises.
The ontology is served the same way at its namespace IRI, ``/ontology``.
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, redirect, render_template, request, url_for

from policykg.checks.findings import findings_for
from policykg.server.linkeddata import links as linkeddata
from policykg.server.linkeddata.describe import Description, describe, grouped
from policykg.server.linkeddata.jsonld import jsonld_text
from policykg.server.routes.finding_pages import figure, finding_at, finding_document
from policykg.server.routes.findings import current_findings
from policykg.server.store.current import get_store
from policykg.server.web import caching
from policykg.server.web.errors import fail
from policykg.server.web.negotiation import RESOURCE_FORMATS, Format, choose_format

bp = Blueprint("resource", __name__)
bp.after_request(caching.finish)


@bp.context_processor
def helpers() -> dict[str, object]:
    """Give the page templates their helpers for showing terms."""
    return {
        "show": linkeddata.show,
        "curie": linkeddata.curie,
        "grouped": grouped,
        "link": linkeddata.link_for,
        "figure": figure,
    }


def _query(*taken: str) -> dict[str, list[str]]:
    """Return the request's query parameters, except names the URL itself uses."""
    return {key: values for key, values in request.args.lists() if key not in taken}


def _split_suffix(rest: str) -> tuple[str, Format] | None:
    stem, dot, suffix = rest.rpartition(".")
    for fmt in RESOURCE_FORMATS:
        if dot and stem and suffix == fmt.suffix:
            return stem, fmt
    return None


@bp.get("/id/<path:rest>", defaults={"family": "id"})
@bp.get("/unit/<path:rest>", defaults={"family": "unit"})
def thing(family: str, rest: str) -> Response:
    """Redirect an entity IRI to its document in the negotiated format, or serve a suffixed document."""
    split = _split_suffix(rest)
    if split is not None and (iri := linkeddata.lookup(family, split[0])) is not None:
        return document(iri, split[1], split[0], family)
    if split is not None and (finding := finding_at(family, split[0])) is not None:
        alternates = {
            f: url_for("resource.thing", family=family, rest=f"{split[0]}.{f.suffix}")
            for f in RESOURCE_FORMATS
        }
        return finding_document(finding, split[1], alternates)
    if (iri := linkeddata.lookup(family, rest)) is None and finding_at(family, rest) is None:
        fail(404, f"No resource is published at /{family}/{rest[:200]}.", "此地址没有发布任何资源。")
    fmt = choose_format(request.headers.get("Accept"), None, RESOURCE_FORMATS)
    if fmt is None:
        linkeddata.not_acceptable(RESOURCE_FORMATS)
    # Keep the query (?lang=en) so that the document is the one asked for.
    target = url_for("resource.thing", family=family, rest=f"{rest}.{fmt.suffix}", **_query("family", "rest"))
    response = redirect(target, code=303)
    response.vary.add("Accept")
    return response


def document(iri: str, fmt: Format, stem: str, family: str) -> Response:
    """Serve the document about ``iri`` in ``fmt``, advertising every other format."""
    description: Description = describe(get_store(), iri)
    alternates = {
        f: url_for("resource.thing", family=family, rest=f"{stem}.{f.suffix}") for f in RESOURCE_FORMATS
    }
    if fmt.writer is None:
        lang = linkeddata.language()
        body = render_template(
            "entity.html",
            d=description,
            lang=lang,
            other="en" if lang == "zh" else "zh",
            alternates=alternates,
            viewer=linkeddata.viewer_url(iri),
            entity_json=url_for("api.entity", id=stem) if family == "id" else None,
            findings=findings_for(current_findings(), iri),
        )
        response = Response(body, content_type="text/html; charset=utf-8")
        response.vary.add("Accept-Language")
    elif fmt.writer == ox.RdfFormat.JSON_LD:
        # Compacted with the project's context: one node per subject, compact keys, language maps.
        response = Response(jsonld_text(description.triples()), content_type=fmt.content_type)
    else:
        response = linkeddata.rdf_response(description.triples(), fmt)
    linkeddata.advertise(response, alternates, fmt)
    return response


@bp.get("/ontology")
def ontology() -> Response:
    """Redirect the ontology's namespace IRI to its documentation page or to RDF, by Accept."""
    fmt = choose_format(request.headers.get("Accept"), None, RESOURCE_FORMATS)
    if fmt is None:
        linkeddata.not_acceptable(RESOURCE_FORMATS)
    response = redirect(
        url_for("resource.ontology_document", suffix=fmt.suffix, **_query("suffix")), code=303
    )
    response.vary.add("Accept")
    return response


@bp.get("/ontology.<suffix>")
def ontology_document(suffix: str) -> Response:
    """Serve the ontology as an HTML documentation page or as RDF."""
    fmt = next((f for f in RESOURCE_FORMATS if f.suffix == suffix), None)
    if fmt is None:
        fail(404, f"The ontology has no .{suffix[:20]} document.", f"本体没有 .{suffix[:20]} 格式的文档。")
    alternates = {f: url_for("resource.ontology_document", suffix=f.suffix) for f in RESOURCE_FORMATS}
    if fmt.writer is None:
        lang = linkeddata.language()
        body = render_template(
            "ontology.html",
            o=linkeddata.ontology_doc(),
            lang=lang,
            other="en" if lang == "zh" else "zh",
            alternates=alternates,
        )
        response = Response(body, content_type="text/html; charset=utf-8")
        response.vary.add("Accept-Language")
    else:
        response = linkeddata.ontology_rdf(fmt)
    linkeddata.advertise(response, alternates, fmt)
    return response
