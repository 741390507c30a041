"""Findings people can read: /findings lists a plan's audit findings by domain with their sentences, and
every finding IRI dereferences (HTML or RDF by Accept, through ``resource.thing``) like an entity's.

Findings live in their own named graph, apart from the facts, so they are found here rather than by the
entity look-up; their RDF is what that graph says about them.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request, url_for

from policykg.checks.findings import Finding, Measure, sort_findings
from policykg.iris import findings_graph, iri_for
from policykg.server.linkeddata import links as linkeddata
from policykg.server.linkeddata.figures import printed
from policykg.server.routes.findings import current_findings
from policykg.server.store.current import get_store
from policykg.server.web import caching
from policykg.server.web.negotiation import Format

bp = Blueprint("finding_pages", __name__)
bp.after_request(caching.finish)

_PLACES = """
PREFIX pkg: <https://w3id.org/policykg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?finding ?plan ?domain WHERE {{
  VALUES (?finding ?focus) {{ {pairs} }}
  OPTIONAL {{ GRAPH <{graph}> {{ ?report <http://www.w3.org/ns/shacl#result> ?finding ;
                                      dcterms:subject ?plan }} }}
  OPTIONAL {{ ?domain a pkg:Domain ;
                (pkg:hasPortfolio|pkg:hasTask|pkg:hasTarget)/pkg:hasPart* ?focus }}
}}
"""

_LABELS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?label WHERE {{ VALUES ?s {{ {iris} }} ?s rdfs:label ?label }}
"""


def helpers() -> dict[str, object]:
    """Give the finding templates their helpers: links, prefixed names and figures as printed."""
    return {"link": linkeddata.link_for, "curie": linkeddata.curie, "figure": figure}


def figure(finding: Finding, value: object, lang: str) -> str:
    """Return one of a finding's figures as the plan prints it."""
    return printed(value, finding.measure is Measure.COUNT, lang)  # type: ignore[arg-type]


def finding_named(iri: str) -> Finding | None:
    """Return the finding whose IRI is ``iri``, if the store holds one."""
    return next((f for f in current_findings() if f.iri == iri), None)


def finding_at(family: str, rest: str) -> Finding | None:
    """Return the finding published at ``/{family}/{rest}``, if any."""
    return finding_named(iri_for(f"/{family}/{rest}", current_app.config["POLICYKG_BASE"]))


def labels(iris: Iterable[str], lang: str) -> dict[str, str]:
    """Return a label for each IRI that has one, in ``lang`` where there is one."""
    terms = " ".join(str(ox.NamedNode(iri)) for iri in dict.fromkeys(iris))
    if not terms:
        return {}
    found: dict[str, str] = {}
    for row in get_store().select(_LABELS.format(iris=terms)):
        label = row["label"]
        if row["s"].value not in found or getattr(label, "language", None) == lang:
            found[row["s"].value] = label.value
    return found


def places(findings: Iterable[Finding]) -> dict[str, tuple[str | None, str | None]]:
    """Return each finding's plan (from its audit report) and domain (the one holding its focus)."""
    findings = tuple(findings)
    if not findings:
        return {}
    pairs = " ".join(f"({ox.NamedNode(f.iri)} {ox.NamedNode(f.focus)})" for f in findings)
    graph = findings_graph(current_app.config["POLICYKG_BASE"])
    found: dict[str, tuple[str | None, str | None]] = {}
    for row in get_store().select(_PLACES.format(pairs=pairs, graph=graph)):
        plan, domain = row.get("plan"), row.get("domain")
        old = found.get(row["finding"].value, (None, None))
        found[row["finding"].value] = (
            old[0] or (plan.value if plan else None),
            old[1] or (domain.value if domain else None),
        )
    return found


@bp.get("/findings")
def index() -> Response:
    """List the audit findings, of one plan with ``?plan=`` (IRI or /id path), grouped by plan and domain."""
    lang = linkeddata.language()
    wanted = request.args.get("plan") or None
    if wanted and wanted.startswith("/"):
        wanted = iri_for(wanted, current_app.config["POLICYKG_BASE"])
    findings = sort_findings(current_findings())
    where = places(findings)
    groups: dict[str | None, dict[str | None, list[Finding]]] = {}
    for f in findings:
        plan, domain = where.get(f.iri, (None, None))
        if wanted is None or plan == wanted:
            groups.setdefault(plan, {}).setdefault(domain, []).append(f)
    named = labels([iri for plan, domains in groups.items() for iri in (plan, *domains) if iri], lang)
    named |= labels([f.focus for domains in groups.values() for fs in domains.values() for f in fs], lang)
    body = render_template(
        "findings.html",
        lang=lang,
        groups=groups,
        labels=named,
        wanted=wanted,
        total=len(current_findings()),
        **helpers(),
    )
    return page(body)


def finding_document(finding: Finding, fmt: Format, alternates: dict[Format, str]) -> Response:
    """Serve one finding as an HTML page or as the RDF its graph holds about it."""
    if fmt.writer is None:
        lang = linkeddata.language()
        plan, domain = places([finding]).get(finding.iri, (None, None))
        named = labels([iri for iri in (plan, domain, *finding.entities) if iri], lang)
        body = render_template(
            "finding.html",
            f=finding,
            lang=lang,
            other="en" if lang == "zh" else "zh",
            plan=plan,
            domain=domain,
            labels=named,
            alternates=alternates,
            findings_page=url_for("finding_pages.index", plan=plan, lang=lang) if plan else None,
            **helpers(),
        )
        response = page(body)
    else:
        graph = ox.NamedNode(findings_graph(current_app.config["POLICYKG_BASE"]))
        node = ox.NamedNode(finding.iri)
        triples = get_store().view_triples(
            f"CONSTRUCT {{ {node} ?p ?o }} WHERE {{ GRAPH {graph} {{ {node} ?p ?o }} }}"
        )
        response = linkeddata.rdf_response(triples, fmt)
    linkeddata.advertise(response, alternates, fmt)
    return response


def page(body: str) -> Response:
    """Return an HTML page that depends on the request's language."""
    response = Response(body, content_type="text/html; charset=utf-8")
    response.vary.add("Accept-Language")
    return response
