"""Dereferencing /id/... and /ontology: 303 by Accept, documents parsed back, pages, errors, caching."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import unquote

import pytest
import rdflib
from rdflib import RDF, RDFS, SKOS, Literal, URIRef

from policykg.server.app import create_app
from policykg.server.store.embedded import OxigraphStore
from policykg.server.store.loading import ontology_path

ID = "https://w3id.org/policykg/id/"
PKG = rdflib.Namespace("https://w3id.org/policykg/ontology#")
LAB = "laboratory/shili-shiyanshi"
LAB_IRI = URIRef(ID + LAB)
TASK1 = URIRef(ID + "plan/shilishi-keji-chuangxin-sannian-xingdong-jihua-2023-2025/domain/1/task/1")
TASK2 = URIRef(ID + "plan/shilishi-shuzi-jingji-sannian-xingdong-jihua-2024-2026/domain/1/task/1")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

RDF_SUFFIXES = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdf": "xml"}


class Page(HTMLParser):
    """Collect what the tests look at in an HTML page: elements with their attributes and text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.texts: dict[str, list[str]] = {}
        self._open: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag not in ("link", "meta", "br", "img", "input"):
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            while self._open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        for tag in set(self._open):
            self.texts.setdefault(tag, []).append(data)

    def text(self, tag: str) -> str:
        return "".join(self.texts.get(tag, []))

    def all(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in attrs.items())]


@pytest.mark.parametrize(
    ("accept", "suffix"),
    [
        (None, "html"),
        ("*/*", "html"),
        (BROWSER, "html"),
        ("text/turtle", "ttl"),
        ("application/ld+json", "jsonld"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "rdf"),
        ("text/turtle;q=0.4, application/rdf+xml;q=0.9", "rdf"),
    ],
)
def test_an_entity_iri_answers_303_to_its_document(ld_client, accept, suffix):
    response = ld_client.get(f"/id/{LAB}", headers={"Accept": accept} if accept else {})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/id/{LAB}.{suffix}"
    assert "Accept" in response.headers["Vary"]


def test_the_redirect_keeps_the_query(ld_client):
    response = ld_client.get(f"/id/{LAB}?lang=en", headers={"Accept": "text/html"})
    assert response.headers["Location"] == f"/id/{LAB}.html?lang=en"
    assert ld_client.get("/ontology?lang=en").headers["Location"] == "/ontology.html?lang=en"
    odd = ld_client.get(f"/id/{LAB}?rest=x&family=y&suffix=z&lang=zh", headers={"Accept": "text/turtle"})
    assert odd.headers["Location"] == f"/id/{LAB}.ttl?suffix=z&lang=zh"
    assert ld_client.get("/ontology?suffix=x").headers["Location"] == "/ontology.html"


def test_an_unacceptable_type_gets_406_listing_what_is_available(ld_client):
    response = ld_client.get(f"/id/{LAB}", headers={"Accept": "image/png"})
    assert response.status_code == 406
    page = Page(response.get_data(as_text=True))
    assert "text/turtle" in page.text("main") and "application/ld+json" in page.text("main")


@pytest.mark.parametrize("suffix", sorted(RDF_SUFFIXES))
def test_rdf_documents_parse_back_with_the_entity_its_links_and_sources(ld_client, parse_rdf, suffix):
    response = ld_client.get(f"/id/{LAB}.{suffix}")
    assert response.status_code == 200
    graph = parse_rdf(response.data, RDF_SUFFIXES[suffix])
    assert (LAB_IRI, RDF.type, PKG.Laboratory) in graph
    assert (LAB_IRI, RDFS.label, Literal("示例实验室", lang="zh")) in graph
    assert (LAB_IRI, RDFS.label, Literal("Shili Laboratory", lang="en")) in graph
    assert (LAB_IRI, SKOS.altLabel, Literal("示例市示例实验室", lang="zh")) in graph
    assert (LAB_IRI, PKG.locatedIn, URIRef(ID + "city/shilishi")) in graph
    # Incoming links, and the labels of the neighbours so that a client can show them.
    assert (TASK1, PKG.mentions, LAB_IRI) in graph
    assert (TASK2, PKG.mentions, LAB_IRI) in graph
    assert (URIRef(ID + "city/shilishi"), RDFS.label, Literal("示例市", lang="zh")) in graph
    assert (PKG.locatedIn, RDFS.label, Literal("located in", lang="en")) in graph
    # The source span, with its sentence and offsets.
    span = URIRef(ID + "document/0123456789abcdef/span/80-85")
    assert (span, PKG.sentence, Literal("支持示例实验室争创国家实验室。")) in graph
    assert (span, rdflib.URIRef("http://www.w3.org/ns/oa#start"), Literal(80)) in graph
    assert response.headers["Content-Location"] == f"/id/{LAB}.{suffix}"


def test_every_document_advertises_the_others_in_a_link_header_and_in_the_page(ld_client):
    response = ld_client.get(f"/id/{LAB}.html")
    page = Page(response.get_data(as_text=True))
    alternates = {a["type"]: a["href"] for a in page.all("link", rel="alternate")}
    assert alternates == {
        "text/html": f"/id/{LAB}.html",
        "text/turtle": f"/id/{LAB}.ttl",
        "application/n-triples": f"/id/{LAB}.nt",
        "application/ld+json": f"/id/{LAB}.jsonld",
        "application/rdf+xml": f"/id/{LAB}.rdf",
    }
    link = response.headers["Link"]
    for media, href in alternates.items():
        if media != "text/html":
            assert f'<{href}>; rel="alternate"; type="{media}"' in link
    turtle = ld_client.get(f"/id/{LAB}.ttl").headers["Link"]
    assert f'</id/{LAB}.html>; rel="alternate"; type="text/html"' in turtle


@pytest.mark.parametrize(
    ("query", "headers", "first", "second"),
    [
        ("", {}, "示例实验室", "Shili Laboratory"),
        ("?lang=en", {}, "Shili Laboratory", "示例实验室"),
        ("", {"Accept-Language": "en-GB,en;q=0.9"}, "Shili Laboratory", "示例实验室"),
        ("?lang=zh", {"Accept-Language": "en"}, "示例实验室", "Shili Laboratory"),
    ],
)
def test_the_page_shows_the_chosen_language_first(ld_client, query, headers, first, second):
    response = ld_client.get(f"/id/{LAB}.html{query}", headers=headers)
    page = Page(response.get_data(as_text=True))
    assert page.text("h1") == first
    assert second in page.text("p")
    assert "Accept-Language" in response.headers["Vary"]


def test_the_page_links_types_properties_incoming_links_viewer_and_json(ld_client):
    page = Page(ld_client.get(f"/id/{LAB}.html?lang=en").get_data(as_text=True))
    hrefs = {a["href"] for a in page.all("a")}
    assert "/ontology#Laboratory" in hrefs
    assert "/id/city/shilishi" in hrefs
    assert "/id/" + TASK1.removeprefix(ID) in hrefs and "/id/" + TASK2.removeprefix(ID) in hrefs
    assert f"/api/entities/{LAB}" in hrefs
    viewer = [h for h in hrefs if h.startswith("/viewer?focus=")]
    assert [unquote(h.removeprefix("/viewer?focus=")) for h in viewer] == [str(LAB_IRI)]
    text = page.text("main")
    assert "Shili City" in text and "located in" in text
    assert "Build High-Level Laboratories" in text and "Build Computing Centres (AI)" in text


@pytest.mark.parametrize(
    ("path", "marked", "sentence"),
    [
        (LAB, "示例实验室", "支持示例实验室争创国家实验室。"),
        # The sample's offsets (30-75, sentence at 21) do not match its text; the exact text still shows.
        (
            "plan/shilishi-keji-chuangxin-sannian-xingdong-jihua-2023-2025/domain/1/portfolio/1",
            "推进总投资100亿元的80个重点项目，其中续建项目30个，总投资50亿元；新开工项目40个，总投资40亿元",
            "一、建设创新平台。推进总投资100亿元的80个重点项目，其中续建项目30个，总投资50亿元；新开工项目40个，总投资40亿元。",
        ),
        (
            "county/shilixian",
            "示例县示例算力中心和示例实验室",
            "依托示例县示例算力中心和示例实验室，建设示例区示例轨道交通。",
        ),
    ],
)
def test_source_sentences_are_shown_with_the_span_highlighted(ld_client, path, marked, sentence):
    page = Page(ld_client.get(f"/id/{path}.html").get_data(as_text=True))
    assert page.text("mark") == marked
    assert page.text("blockquote") == sentence


def test_the_entity_template_keeps_a_block_for_audit_findings(ld_app):
    assert "findings" in ld_app.jinja_env.get_template("entity.html").blocks


@pytest.mark.parametrize(
    ("path", "accept", "status", "content_type"),
    [
        ("/id/laboratory/no-such-lab", BROWSER, 404, "text/html"),
        ("/id/laboratory/no-such-lab", "application/json", 404, "application/problem+json"),
        ("/id/laboratory/no-such-lab.ttl", "text/turtle", 404, "text/html"),
        (
            "/id/laboratory/no-such-lab.ttl",
            "text/turtle, application/json;q=0.5",
            404,
            "application/problem+json",
        ),
        (f"/id/{LAB}.pdf", BROWSER, 404, "text/html"),
        ("/id/" + "x" * 20000, BROWSER, 404, "text/html"),
        ("/id/a b/<c>", BROWSER, 404, "text/html"),
        ("/ontology.pdf", BROWSER, 404, "text/html"),
    ],
)
def test_unknown_addresses_get_404_in_the_clients_format(ld_client, path, accept, status, content_type):
    response = ld_client.get(path, headers={"Accept": accept})
    assert response.status_code == status
    assert response.mimetype == content_type


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_wrong_methods_get_405(ld_client, method):
    response = getattr(ld_client, method)(f"/id/{LAB}")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]


@pytest.fixture
def unicode_client():
    """A client over a store whose IRIs hold non-ASCII: percent-encoded (as iris.child writes) and raw."""
    store = OxigraphStore()
    store.raw.add(_quad(ID + "place/%E6%B5%8E%E5%8D%97", "济南"))
    store.raw.add(_quad(ID + "place/青岛", "青岛"))
    yield create_app({"TESTING": True, "POLICYKG_STORE": store}).test_client()
    store.close()


def _quad(iri: str, label: str):
    import pyoxigraph as ox

    return ox.Quad(ox.NamedNode(iri), ox.NamedNode(str(RDFS.label)), ox.Literal(label, language="zh"))


@pytest.mark.parametrize(
    ("path", "location", "label"),
    [
        ("/id/place/济南", "/id/place/%E6%B5%8E%E5%8D%97.ttl", "济南"),
        ("/id/place/%E6%B5%8E%E5%8D%97", "/id/place/%E6%B5%8E%E5%8D%97.ttl", "济南"),
        ("/id/place/青岛", "/id/place/%E9%9D%92%E5%B2%9B.ttl", "青岛"),
    ],
)
def test_non_ascii_iris_redirect_to_percent_encoded_locations(unicode_client, path, location, label):
    response = unicode_client.get(path, headers={"Accept": "text/turtle"})
    assert response.status_code == 303
    assert response.headers["Location"] == location
    assert response.headers["Location"].isascii()
    document = unicode_client.get(location)
    assert document.status_code == 200
    graph = rdflib.Graph().parse(data=document.data, format="turtle")
    assert {str(o) for o in graph.objects(None, RDFS.label)} == {label}


def test_conditional_requests_get_304(ld_client):
    first = ld_client.get(f"/id/{LAB}.ttl")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert ld_client.get(f"/id/{LAB}.ttl", headers={"If-None-Match": etag}).status_code == 304
    assert ld_client.get(f"/id/{LAB}.ttl", headers={"If-Modified-Since": modified}).status_code == 304
    assert ld_client.get(f"/id/{LAB}.ttl", headers={"If-None-Match": '"other"'}).status_code == 200
    zh = ld_client.get(f"/id/{LAB}.html?lang=zh").headers["ETag"]
    en = ld_client.get(f"/id/{LAB}.html?lang=en")
    assert en.headers["ETag"] != zh
    assert ld_client.get(f"/id/{LAB}.html?lang=en", headers={"If-None-Match": zh}).status_code == 200


def test_units_dereference_like_entities(ld_client):
    response = ld_client.get("/unit/Person", headers={"Accept": "text/turtle"})
    assert response.headers["Location"] == "/unit/Person.ttl"
    graph = rdflib.Graph().parse(data=ld_client.get("/unit/Person.ttl").data, format="turtle")
    assert (URIRef("https://w3id.org/policykg/unit/Person"), RDFS.label, Literal("人", lang="zh")) in graph


@pytest.mark.parametrize(
    ("accept", "location"),
    [
        (BROWSER, "/ontology.html"),
        ("text/turtle", "/ontology.ttl"),
        ("application/ld+json", "/ontology.jsonld"),
    ],
)
def test_the_ontology_namespace_answers_303(ld_client, accept, location):
    response = ld_client.get("/ontology", headers={"Accept": accept})
    assert response.status_code == 303
    assert response.headers["Location"] == location


@pytest.mark.parametrize("suffix", sorted(RDF_SUFFIXES))
def test_the_ontology_documents_parse_back_to_the_ontology(ld_client, parse_rdf, suffix):
    response = ld_client.get(f"/ontology.{suffix}")
    served = parse_rdf(response.data, RDF_SUFFIXES[suffix])
    packaged = rdflib.Graph().parse(ontology_path(), format="turtle")
    assert len(served) == len(packaged)
    assert (PKG.Laboratory, RDFS.label, Literal("实验室", lang="zh")) in served
    assert "ETag" in response.headers


def test_the_ontology_page_documents_every_class_and_property_in_both_languages(ld_client):
    packaged = rdflib.Graph().parse(ontology_path(), format="turtle")
    page = Page(ld_client.get("/ontology.html").get_data(as_text=True))
    anchors = {a["id"] for _, a in page.elements if a.get("id")}
    text = page.text("main")
    kinds = (rdflib.OWL.Class, rdflib.OWL.ObjectProperty, rdflib.OWL.DatatypeProperty)
    terms = [s for kind in kinds for s in packaged.subjects(RDF.type, kind) if str(s).startswith(str(PKG))]
    assert len(terms) > 40
    for term in terms:
        assert str(term).removeprefix(str(PKG)) in anchors
        for label in packaged.objects(term, RDFS.label):
            assert str(label) in text
    assert "Controlled values" in text and "续建" in text


def test_the_ontology_page_follows_the_language(ld_client):
    zh = Page(ld_client.get("/ontology.html").get_data(as_text=True))
    en = Page(ld_client.get("/ontology.html?lang=en").get_data(as_text=True))
    assert zh.text("h1") == "policykg 政策规划知识图谱本体"
    assert en.text("h1") == "policykg ontology of policy plans"


def test_a_bad_lang_parameter_is_refused(ld_client):
    response = ld_client.get(f"/id/{LAB}.html?lang=fr", headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert response.get_json()["parameter"] == "lang"


def test_a_hub_lists_the_first_incoming_links_and_says_how_many(monkeypatch, parse_rdf):
    import pyoxigraph as ox

    from policykg.server.linkeddata import describe

    monkeypatch.setattr(describe, "MAX_INCOMING", 5)
    store = OxigraphStore()
    city = ox.NamedNode(ID + "city/hub")
    store.raw.add(ox.Quad(city, ox.NamedNode(str(RDFS.label)), ox.Literal("枢纽市", language="zh")))
    for n in range(7):
        store.raw.add(ox.Quad(ox.NamedNode(f"{ID}task/{n}"), ox.NamedNode(str(PKG.mentions)), city))
    client = create_app({"TESTING": True, "POLICYKG_STORE": store}).test_client()
    assert client.get("/api/entities/city/hub").get_json()["incomingTotal"] == 7
    page = Page(client.get("/id/city/hub.html?lang=en").get_data(as_text=True))
    assert "7 links; the first 5 are listed." in page.text("main")
    graph = parse_rdf(client.get("/id/city/hub.ttl").data, "turtle")
    assert len(list(graph.subjects(PKG.mentions, URIRef(ID + "city/hub")))) == 5
    store.close()
