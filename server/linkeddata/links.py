"""Helpers shared by the linked-data, API and VoID blueprints: language, links, RDF bodies, the ontology."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

import pyoxigraph as ox
from flask import Response, current_app, request, url_for

from policykg import iris
from policykg.ontology import ontology_graph, ontology_path
from policykg.ontology.namespaces import DEFAULT_BASE, ONTOLOGY_IRI, PKU, PREFIX_IRIS
from policykg.server.linkeddata.describe import Node, local_path
from policykg.server.store.current import get_store
from policykg.server.web.errors import fail
from policykg.server.web.negotiation import Format, choose_language

if TYPE_CHECKING:
    from policykg.server.store.base import Store

#: Prefixes written into Turtle and RDF/XML documents.
DOCUMENT_PREFIXES = PREFIX_IRIS


def lookup(family: str, rest: str) -> str | None:
    """Return the stored IRI that ``/{family}/{rest}`` stands for (IRI or percent-encoded form), else None."""
    # Units of the ontology (pku:) live under the fixed project namespace whatever the data's base is.
    base = DEFAULT_BASE if family == "unit" else current_app.config["POLICYKG_BASE"]
    path = f"/{family}/{rest}"
    # Flask hands over the path percent-decoded; IRIs minted by iris.child keep non-ASCII segments
    # percent-encoded, so both spellings are tried (RFC 3987 section 3.1 maps one to the other).
    for candidate in dict.fromkeys((path, quote(path, safe="/:@!$&'()*+,;=-._~%"))):
        iri = iris.iri_for(candidate, base)
        try:
            if exists(get_store(), iri):
                return iri
        except ValueError:
            continue
    return None


def exists(store: Store, iri: str) -> bool:
    """Return True if the store has any triple with ``iri`` as subject or object."""
    this = str(ox.NamedNode(iri))
    return store.ask(f"ASK {{ {{ {this} ?p ?o }} UNION {{ ?s ?p {this} }} }}")


def language() -> str:
    """Return the label language of this request: ``?lang=`` if given, else by Accept-Language."""
    lang = choose_language(request.args.get("lang"), request.headers.get("Accept-Language"))
    if lang is None:
        fail(400, "The lang parameter must be zh or en.", "lang 参数应为 zh 或 en。", parameter="lang")
    return lang


def link_for(node: Node | str) -> str | None:
    """Return where a browser should go for an IRI: its page on this server, else the IRI itself if it is
    an http(s) address; None for any other scheme (``javascript:``, ``data:``), which must not be a link.
    """
    iri = node if isinstance(node, str) else node.term.value
    local = local_path(iri, current_app.config["POLICYKG_BASE"])
    if local:
        return local
    return iri if iri.lower().startswith(("http://", "https://")) else None


def viewer_url(iri: str) -> str:
    """Return the URL of the relationship viewer focused on ``iri``."""
    viewer = next((rule for rule in current_app.url_map.iter_rules() if rule.rule == "/viewer"), None)
    if viewer is not None:
        return url_for(viewer.endpoint, focus=iri)
    # The viewer is another blueprint; until it is registered, link to the address it will answer at.
    return "/viewer?" + urlencode({"focus": iri})


def not_acceptable(formats: Iterable[Format]) -> None:
    """Abort with 406, listing the media types that are on offer."""
    offered = [fmt.media_type for fmt in formats]
    fail(
        406,
        f"None of the accepted media types can be produced here; available: {', '.join(offered)}.",
        f"无法生成可接受的媒体类型；可用类型：{', '.join(offered)}。",
        available=offered,
    )


def json_response(data: object = None, /, **fields: object) -> Response:
    """Return ``data`` (or the keyword fields) as JSON, with Chinese text written as itself, not escaped."""
    body = current_app.json.dumps(fields if data is None else data, ensure_ascii=False)
    return Response(body + "\n", content_type="application/json")


def rdf_response(
    triples: Iterable[ox.Triple], fmt: Format, prefixes: Mapping[str, str] = DOCUMENT_PREFIXES
) -> Response:
    """Return a response with ``triples`` serialized in an RDF format."""
    body = ox.serialize(triples, format=fmt.writer, prefixes=dict(prefixes))
    return Response(body, content_type=fmt.content_type)


def advertise(response: Response, alternates: Mapping[Format, str], current: Format) -> None:
    """Add a Link header naming every other format of this document (RFC 8288) and Vary on Accept."""
    links = [
        f'<{url}>; rel="alternate"; type="{fmt.media_type}"'
        for fmt, url in alternates.items()
        if fmt != current
    ]
    if links:
        response.headers["Link"] = ", ".join(links)
    response.headers["Content-Location"] = alternates[current]


# --- the ontology ------------------------------------------------------------------------------------


@dataclass
class Term:
    """One ontology term as the documentation page lists it."""

    iri: str
    anchor: str
    labels: dict[str, str] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)
    parents: list[str] = field(default_factory=list)
    domain: list[str] = field(default_factory=list)
    range: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    notation: str | None = None

    def label(self, lang: str) -> str:
        """Return the label in ``lang``, else in the other language, else the anchor."""
        return self.labels.get(lang) or self.labels.get("en" if lang == "zh" else "zh") or self.anchor


@dataclass
class OntologyDoc:
    """The ontology's header and its terms, grouped as the documentation page shows them."""

    header: Term
    sections: dict[str, list[Term]]
    terms: dict[str, Term]

    def name(self, iri: str, lang: str) -> str:
        """Return the label of a term of this ontology, or a prefixed name for anything else."""
        if iri in self.terms:
            return self.terms[iri].label(lang)
        for prefix, namespace in DOCUMENT_PREFIXES.items():
            if iri.startswith(namespace):
                return f"{prefix}:{iri[len(namespace) :]}"
        return iri


#: Sections of the documentation page: key -> (the rdf:type that puts a term there, zh title, en title).
SECTIONS = {
    "classes": ("http://www.w3.org/2002/07/owl#Class", "类", "Classes"),
    "object": ("http://www.w3.org/2002/07/owl#ObjectProperty", "对象属性", "Object properties"),
    "data": ("http://www.w3.org/2002/07/owl#DatatypeProperty", "数据属性", "Datatype properties"),
    "annotation": ("http://www.w3.org/2002/07/owl#AnnotationProperty", "注释属性", "Annotation properties"),
    "schemes": ("http://www.w3.org/2004/02/skos/core#ConceptScheme", "概念体系", "Concept schemes"),
    "units": ("http://qudt.org/schema/qudt/Unit", "单位", "Units"),
}


@cache
def ontology_doc() -> OntologyDoc:
    """Return the packaged ontology arranged for its documentation page, read once per process."""
    import rdflib

    graph = ontology_graph()
    rdf, rdfs, owl = rdflib.RDF, rdflib.RDFS, rdflib.OWL
    skos = rdflib.SKOS

    def literals(subject: rdflib.term.Node, predicate: rdflib.URIRef) -> dict[str, str]:
        return {
            (o.language or ""): str(o)
            for o in graph.objects(subject, predicate)
            if isinstance(o, rdflib.Literal)
        }

    def iris_of(subject: rdflib.term.Node, predicate: rdflib.URIRef) -> list[str]:
        found = []
        for o in graph.objects(subject, predicate):
            if isinstance(o, rdflib.URIRef):
                found.append(str(o))
            elif (members := graph.value(o, owl.unionOf)) is not None:
                found.extend(str(m) for m in rdflib.collection.Collection(graph, members))
        return sorted(found)

    terms: dict[str, Term] = {}
    for subject in set(graph.subjects()):
        if not isinstance(subject, rdflib.URIRef):
            continue
        iri = str(subject)
        if "#" in iri:
            anchor = iri.rpartition("#")[2]
        elif iri.startswith(str(PKU)):
            anchor = "unit-" + iri.rpartition("/")[2]
        else:
            anchor = ""
        notation = graph.value(subject, skos.notation)
        terms[iri] = Term(
            iri=iri,
            anchor=anchor,
            labels=literals(subject, rdfs.label),
            definitions=literals(subject, skos.definition),
            parents=iris_of(subject, rdfs.subClassOf) + iris_of(subject, rdfs.subPropertyOf),
            domain=iris_of(subject, rdfs.domain),
            range=iris_of(subject, rdfs.range),
            types=sorted(str(t) for t in graph.objects(subject, rdf.type)),
            notation=str(notation) if notation is not None else None,
        )
    sections: dict[str, list[Term]] = {key: [] for key in SECTIONS}
    sections["concepts"] = []
    pkg = ONTOLOGY_IRI + "#"
    for term in terms.values():
        if not term.iri.startswith((pkg, str(PKU))):
            continue  # terms of other vocabularies are declared (OWL 2 DL asks it), not documented here
        for key, (kind, _, _) in SECTIONS.items():
            if kind in term.types:
                sections[key].append(term)
                break
        else:
            if term.iri.startswith(pkg) and any(t.startswith(pkg) for t in term.types):
                sections["concepts"].append(term)
    for listed in sections.values():
        listed.sort(key=lambda t: t.anchor.lower())
    return OntologyDoc(terms[ONTOLOGY_IRI], sections, terms)


@cache
def _ontology_bytes(writer: ox.RdfFormat) -> bytes:
    triples = [quad.triple for quad in ox.parse(path=str(ontology_path()), format=ox.RdfFormat.TURTLE)]
    return ox.serialize(triples, format=writer, prefixes=DOCUMENT_PREFIXES)


def ontology_rdf(fmt: Format) -> Response:
    """Return the ontology in an RDF format; Turtle is the packaged file itself, comments and all."""
    turtle = fmt.writer == ox.RdfFormat.TURTLE
    body = ontology_path().read_bytes() if turtle else _ontology_bytes(fmt.writer)
    return Response(body, content_type=fmt.content_type)


def curie(iri: str) -> str:
    """Return a prefixed name for ``iri`` if a project prefix covers it, else the IRI."""
    for prefix, namespace in DOCUMENT_PREFIXES.items():
        local = iri[len(namespace) :]
        if iri.startswith(namespace) and local and "/" not in local and "#" not in local:
            return f"{prefix}:{local}"
    return iri


@dataclass(frozen=True)
class Shown:
    """A node as a page shows it: text, an optional link, and the language or datatype of a literal."""

    text: str
    href: str | None = None
    lang: str | None = None
    datatype: str | None = None
    iri: str | None = None


def show(node: Node, lang: str) -> Shown:
    """Return how a page shows a node: IRIs by label and link, literals with their tag or datatype."""
    term = node.term
    if isinstance(term, ox.NamedNode):
        return Shown(node.label(lang) or curie(term.value), link_for(term.value), iri=term.value)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        plain = datatype in (XSD_STRING, RDF_LANG_STRING)
        return Shown(term.value, lang=term.language, datatype=None if plain else curie(datatype))
    return Shown(f"_:{term.value}")


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
