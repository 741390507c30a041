"""/void, a VoID description of the dataset with real counts, and /dumps, the whole graph in each format.

VoID ("Describing Linked Datasets with the VoID Vocabulary", W3C Interest Group Note) section 7.2 asks
for the description at /.well-known/void; it redirects to /void. A dump's ETag is the store version, so
a client with a current copy gets 304 without the dump being written (see ``dumps.py``).
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, redirect, render_template, request, send_file, url_for

from policykg.server.linkeddata import links as linkeddata
from policykg.server.linkeddata.links import json_response
from policykg.server.linkeddata.void import DATA_LICENSE, FOAF, VOID, void_triples
from policykg.server.store.current import get_store
from policykg.server.store.dumps import dump_file
from policykg.server.web import caching
from policykg.server.web.errors import fail
from policykg.server.web.negotiation import HTML, RDF_FORMATS, Format, choose_format

bp = Blueprint("void", __name__)
bp.after_request(caching.finish)
bp.context_processor(lambda: {"link": linkeddata.link_for, "curie": void_curie})

#: The dumps on offer: file stem -> (what it holds, graph formats or dataset formats).
DUMP_FORMATS: dict[str, tuple[Format, ...]] = {
    "graph": RDF_FORMATS,
    "dataset": (Format("application/n-quads", ("nq",), ox.RdfFormat.N_QUADS),),
}

#: The JSON list of /dumps, the default for clients other than browsers.
JSON_LIST = Format("application/json", ("json",), None)

VOID_PREFIXES = {"void": VOID, "foaf": FOAF, **linkeddata.DOCUMENT_PREFIXES}


@bp.get("/.well-known/void")
def well_known() -> Response:
    """Redirect the well-known VoID location to /void."""
    return redirect(url_for("void.void"), code=303)


@bp.get("/void")
def void() -> Response:
    """Return the VoID description in the negotiated RDF format (Turtle by default); browsers get a page."""
    # HTML comes last: */* alone still gets Turtle; a browser names text/html first and gets the page.
    fmt = choose_format(request.headers.get("Accept"), None, (*RDF_FORMATS, HTML))
    if fmt is None:
        linkeddata.not_acceptable(RDF_FORMATS)
    response = void_document(fmt.suffix)
    response.vary.add("Accept")
    return response


@bp.get("/void.<suffix>")
def void_document(suffix: str) -> Response:
    """Return the VoID description in the format named by the suffix (``.html``: as a page)."""
    fmt = next((f for f in (*RDF_FORMATS, HTML) if f.suffix == suffix), None)
    if fmt is None:
        fail(
            404,
            f"The VoID description has no .{suffix[:20]} document.",
            f"VoID 描述没有 .{suffix[:20]} 格式。",
        )
    triples = void_triples(
        get_store(), current_app.config["POLICYKG_BASE"], _links(), caching.last_modified()
    )
    alternates = {f: url_for("void.void_document", suffix=f.suffix) for f in (HTML, *RDF_FORMATS)}
    if fmt is HTML:
        lang = linkeddata.language()
        body = render_template("void.html", lang=lang, subjects=void_table(triples), alternates=alternates)
        response = Response(body, content_type=HTML.content_type)
        response.vary.add("Accept-Language")
    else:
        response = linkeddata.rdf_response(triples, fmt, VOID_PREFIXES)
    linkeddata.advertise(response, alternates, fmt)
    return response


def _links() -> dict[str, str | list[str]]:
    return {
        "void": url_for("void.void", _external=True),
        "sparql": url_for("sparql.endpoint", _external=True),
        "dumps": [
            url_for("void.dump", name=name, suffix=fmt.suffix, _external=True)
            for name, formats in DUMP_FORMATS.items()
            for fmt in formats
        ],
    }


def void_curie(iri: str) -> str:
    """Return a prefixed name for ``iri`` with the VoID document's prefixes, else the IRI."""
    for prefix, namespace in VOID_PREFIXES.items():
        local = iri.removeprefix(str(namespace))
        if local != iri and local and "/" not in local and "#" not in local:
            return f"{prefix}:{local}"
    return iri


def void_table(triples: list[ox.Triple]) -> dict[str, list[tuple[str, ox.Term]]]:
    """Return the VoID statements by subject (the dataset first), each as (prefixed predicate, object)."""
    subjects: dict[str, list[tuple[str, ox.Term]]] = {}
    for triple in triples:
        name = (
            triple.subject.value if isinstance(triple.subject, ox.NamedNode) else f"_:{triple.subject.value}"
        )
        subjects.setdefault(name, []).append((void_curie(triple.predicate.value), triple.object))
    for statements in subjects.values():
        statements.sort(key=lambda s: (s[0] != "rdf:type", s[0], str(s[1])))
    return dict(sorted(subjects.items(), key=lambda item: (item[0].startswith("_:"), -len(item[1]), item[0])))


@bp.get("/dumps")
def dumps() -> Response:
    """List the dumps of the whole graph, one per format, with their media types (a page to a browser)."""
    listed = _dump_list()
    if choose_format(request.headers.get("Accept"), None, (JSON_LIST, HTML)) is HTML:
        body = render_template(
            "dumps.html", lang=linkeddata.language(), dumps=listed, version=get_store().version
        )
        response = Response(body, content_type=HTML.content_type)
    else:
        response = json_response(version=get_store().version, dumps=listed)
    response.vary.add("Accept")
    return response


def _dump_list() -> list[dict[str, str]]:
    return [
        {
            "href": url_for("void.dump", name=name, suffix=fmt.suffix),
            "mediaType": fmt.media_type,
            "contains": "default graph" if name == "graph" else "every graph (N-Quads)",
            "license": DATA_LICENSE,
        }
        for name, formats in DUMP_FORMATS.items()
        for fmt in formats
    ]


@bp.get("/dumps/<name>.<suffix>")
def dump(name: str, suffix: str) -> Response:
    """Send the whole default graph (graph.*) or every graph (dataset.nq) as a file."""
    fmt = next((f for f in DUMP_FORMATS.get(name, ()) if f.suffix == suffix), None)
    if fmt is None:
        fail(
            404,
            f"There is no dump /dumps/{name[:40]}.{suffix[:20]}; see /dumps.",
            "没有这个数据转储；请查看 /dumps。",
        )
    store = get_store()
    etag = f"{store.version}-{name}-{fmt.suffix}"
    if etag in request.if_none_match:
        response = Response(status=304)
        response.set_etag(etag)
        return response
    path = dump_file(store, name, fmt)
    # send_file adds the charset of textual types itself.
    response = send_file(path, mimetype=fmt.media_type, etag=etag, conditional=True, max_age=None)
    response.headers["Content-Disposition"] = f'attachment; filename="policykg-{name}.{fmt.suffix}"'
    # RFC 4946: the licence of the file travels with it, whatever its format.
    response.headers["Link"] = f'<{DATA_LICENSE}>; rel="license"'
    return response
