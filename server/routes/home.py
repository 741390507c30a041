"""The home page at /: what the graph holds, a search box, and links to every part of the server."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request

from policykg.server.linkeddata import links as linkeddata
from policykg.server.linkeddata.entities import hit_json, search_index
from policykg.server.routes.findings import current_findings
from policykg.server.sparql.named import stats_json
from policykg.server.store.current import get_store
from policykg.server.web import caching

bp = Blueprint("home", __name__)

#: Longest search text used (as /api/search); labels are far shorter.
MAX_QUERY_LENGTH = 200
bp.after_request(caching.finish)
bp.context_processor(lambda: {"link": linkeddata.link_for})

# Each plan with its label in the page's language (either, if it has only one) and its number of domains.
_PLANS = """
PREFIX pkg: <https://w3id.org/policykg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?plan (SAMPLE(?wanted) AS ?label) (SAMPLE(?any) AS ?fallback) (COUNT(DISTINCT ?domain) AS ?domains)
WHERE {{
  ?plan a pkg:Plan .
  OPTIONAL {{ ?plan rdfs:label ?wanted FILTER(LANG(?wanted) = "{lang}") }}
  OPTIONAL {{ ?plan rdfs:label ?any }}
  OPTIONAL {{ ?plan pkg:hasDomain ?domain }}
}}
GROUP BY ?plan ORDER BY ?plan
"""


def plans(lang: str) -> list[dict[str, object]]:
    """Return each plan's IRI, local link, label and number of domains."""
    rows = get_store().select(_PLANS.format(lang="en" if lang == "en" else "zh"))
    return [
        {
            "iri": row["plan"].value,
            "href": linkeddata.link_for(row["plan"].value),
            "label": (row.get("label") or row.get("fallback") or row["plan"]).value,
            "domains": int(row["domains"].value),
        }
        for row in rows
    ]


@bp.get("/")
def home() -> Response:
    """Show what the graph holds and where to go from here."""
    lang = linkeddata.language()
    stats = stats_json(get_store(), lang)
    body = render_template(
        "home.html",
        lang=lang,
        other="en" if lang == "zh" else "zh",
        plans=plans(lang),
        stats=stats,
        findings=len(current_findings()),
        base=current_app.config["POLICYKG_BASE"],
    )
    return page(body)


@bp.get("/search")
def search() -> Response:
    """Show the entities whose labels match ``q`` in Chinese, English or pinyin (the /api/search ranking)."""
    lang = linkeddata.language()
    text = request.args.get("q", "").strip()[:MAX_QUERY_LENGTH]
    total, hits = 0, []
    if text:
        index = search_index(get_store(), current_app.config["POLICYKG_BASE"])
        total, found = index.search(text, [], limit=50, offset=0)
        hits = [hit_json(hit, lang, index.class_labels) for hit in found]
    body = render_template(
        "search.html", lang=lang, other="en" if lang == "zh" else "zh", q=text, total=total, hits=hits
    )
    return page(body)


def page(body: str) -> Response:
    """Return an HTML page whose labels follow the request's language."""
    response = Response(body, content_type="text/html; charset=utf-8")
    response.vary.add("Accept-Language")
    return response
