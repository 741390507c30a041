"""/context.jsonld: the JSON-LD context of the project's vocabulary, which its JSON-LD documents use."""

from __future__ import annotations

from flask import Blueprint, Response, request

from policykg.ontology.jsonld import context_bytes

bp = Blueprint("context", __name__)

#: The context changes only with a release, so caches may keep it a day before asking again.
MAX_AGE = 86400


@bp.get("/context.jsonld")
def context() -> Response:
    """Return the JSON-LD context (compact keys, language maps, typed numbers) as application/ld+json."""
    response = Response(context_bytes(), content_type="application/ld+json")
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    response.add_etag()
    return response.make_conditional(request)
