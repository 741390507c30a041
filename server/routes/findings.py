"""``/api/findings``: the source audit's findings, read from the store's findings graph, as JSON.

The findings live in the named graph ``{base}graph/findings`` (loaded from the build's findings.ttl);
the spans they rest on are looked up in the default graph, so that each finding quotes its sentences.
``current_findings()`` also serves the entity pages and the viewer, which mark the entities involved.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, request

from policykg.checks.findings import Finding, filter_findings, finding_dicts, read_findings
from policykg.iris import findings_graph, iri_for
from policykg.server.sparql.policy import is_absolute_iri
from policykg.server.store.current import get_store
from policykg.server.web.errors import fail

bp = Blueprint("findings", __name__, url_prefix="/api")

SEVERITIES = ("violation", "warning", "info")

# The findings graph names the spans (prov:wasDerivedFrom); their offsets and sentences are facts.
_SPANS = """
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX pkg: <https://w3id.org/policykg/ontology#>
CONSTRUCT {{ ?span oa:start ?start ; oa:end ?end ; oa:exact ?exact ; pkg:sentence ?sentence }}
WHERE {{
  GRAPH <{graph}> {{ ?finding prov:wasDerivedFrom ?span }}
  OPTIONAL {{ ?span oa:start ?start }} OPTIONAL {{ ?span oa:end ?end }}
  OPTIONAL {{ ?span oa:exact ?exact }} OPTIONAL {{ ?span pkg:sentence ?sentence }}
}}
"""


@bp.get("/findings")
def list_findings() -> Response:
    """Return the audit findings, optionally only of one severity and/or involving one entity."""
    severity = request.args.get("severity") or None
    if severity is not None and severity.lower() not in SEVERITIES:
        fail(
            400,
            f"Unknown severity {severity!r}; use one of {', '.join(SEVERITIES)}.",
            f"未知的严重程度 {severity!r}；可用：{'、'.join(SEVERITIES)}。",
            parameter="severity",
        )
    entity = request.args.get("entity") or None
    if entity is not None and entity.startswith("/"):
        entity = iri_for(entity, current_app.config["POLICYKG_BASE"])
    elif entity is not None and not is_absolute_iri(entity):
        fail(
            400,
            f"entity must be an entity's IRI or its /id/... path, not {entity[:80]!r}.",
            f"entity 参数应为实体的 IRI 或其 /id/... 路径，而不是 {entity[:80]!r}。",
            parameter="entity",
        )
    findings = filter_findings(current_findings(), severity=severity, entity=entity)
    body = {"count": len(findings), "findings": finding_dicts(findings)}
    return Response(json.dumps(body, ensure_ascii=False, indent=1), mimetype="application/json")


def current_findings() -> tuple[Finding, ...]:
    """Return every finding in the store, read once per store version."""
    store = get_store()
    cached = current_app.extensions.get("policykg.findings")
    if cached is not None and cached[0] == store.version:
        return cached[1]
    graph = findings_graph(current_app.config["POLICYKG_BASE"])
    found = store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    spans = store.construct(_SPANS.format(graph=graph))
    findings = read_findings(found, spans)
    current_app.extensions["policykg.findings"] = (store.version, findings)
    return findings
