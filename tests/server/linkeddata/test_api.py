"""The JSON API: entities, stats, named queries in every format, OpenAPI, bad input, caching."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from policykg.queries import bundled_queries
from policykg.server.app import create_app
from policykg.server.linkeddata.openapi import openapi_path

ID = "https://w3id.org/policykg/id/"
PKG = "https://w3id.org/policykg/ontology#"
LAB = "laboratory/shili-shiyanshi"
PLAN1 = "plan/shilishi-keji-chuangxin-sannian-xingdong-jihua-2023-2025"
SRX = "{http://www.w3.org/2005/sparql-results#}"


def test_an_entity_as_compact_json(ld_client):
    body = ld_client.get(f"/api/entities/{LAB}?lang=en").get_json()
    assert body["iri"] == ID + LAB
    assert body["label"] == "Shili Laboratory"
    assert body["labels"] == {"zh": "示例实验室", "en": "Shili Laboratory"}
    assert body["altLabels"] == ["示例市示例实验室"]
    assert body["types"] == [
        {"iri": PKG + "Laboratory", "label": "Laboratory", "href": "/ontology#Laboratory"}
    ]
    assert body["properties"]["pkg:locatedIn"] == [
        {"iri": ID + "city/shilishi", "label": "Shili City", "href": "/id/city/shilishi"}
    ]
    assert {m["label"] for m in body["incoming"]["pkg:mentions"]} == {
        "Build High-Level Laboratories",
        "Build Computing Centres (AI)",
    }
    assert body["incomingTotal"] == 2
    [source] = body["sources"]
    assert source["sentence"][slice(*source["highlight"])] == "示例实验室" == source["exact"]
    assert body["links"]["ttl"] == f"/id/{LAB}.ttl"


def test_entity_numbers_are_json_numbers(ld_client):
    body = ld_client.get(f"/api/entities/{PLAN1}/domain/1/portfolio/1").get_json()
    assert body["properties"]["pkg:projectCount"] == [80]
    assert body["properties"]["pkg:investment"] == [10000000000]
    assert body["properties"]["pkg:printedInvestment"] == ["100亿元"]
    assert body["label"] == "重点项目（80个，100亿元）"


def test_an_unknown_entity_is_a_json_404(ld_client):
    response = ld_client.get("/api/entities/laboratory/nowhere", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert set(response.get_json()["message"]) == {"en", "zh"}


def test_stats_count_what_the_store_holds(ld_client, plans_store):
    body = ld_client.get("/api/stats").get_json()
    assert body["triples"] == len(plans_store.raw)
    classes = {c["curie"]: c for c in body["classes"]}
    assert classes["pkg:Plan"]["entities"] == 2
    assert classes["pkg:Laboratory"] == {
        "iri": PKG + "Laboratory",
        "curie": "pkg:Laboratory",
        "label": "实验室",
        "entities": 1,
    }
    properties = {p["curie"]: p["triples"] for p in body["properties"]}
    assert properties["pkg:mentions"] == 6
    assert body["version"] == plans_store.version


def test_the_named_queries_are_listed_with_typed_parameters(ld_client):
    body = ld_client.get("/api/queries?lang=en").get_json()
    listed = {q["name"]: q for q in body["queries"]}
    assert set(listed) == set(bundled_queries())
    targets = listed["targets-due-by"]
    assert targets["title"] == "Targets due by a year"
    assert targets["href"] == "/api/queries/targets-due-by"
    assert targets["parameters"][0] == {
        "name": "year",
        "type": "year",
        "required": False,
        "default": "2025",
        "description": "The last deadline year to include.",
    }
    assert (
        ld_client.get("/api/queries?lang=zh").get_json()["queries"][0]["title"] != listed["in-place"]["title"]
    )


def test_a_named_query_answers_json_rows_by_default(ld_client):
    response = ld_client.get("/api/queries/targets-due-by?year=2026&lang=en")
    assert response.status_code == 200
    body = response.get_json()
    assert body["query"] == "targets-due-by"
    assert body["parameters"] == {"year": "2026", "lang": "en"}
    assert body["truncated"] is None
    assert [(r["metric"], r["value"], r["deadline"]) for r in body["rows"]] == [
        ("total talent", 500000, 2025),
        ("data centre racks", 5000, 2026),
    ]
    assert "metric" in body["columns"]
    assert response.headers["Policykg-Rows"] == "2"


@pytest.mark.parametrize(
    ("headers", "query", "media_type"),
    [
        ({"Accept": "application/sparql-results+json"}, "", "application/sparql-results+json"),
        ({"Accept": "application/sparql-results+xml"}, "", "application/sparql-results+xml"),
        ({"Accept": "text/csv"}, "", "text/csv"),
        ({"Accept": "text/tab-separated-values"}, "", "text/tab-separated-values"),
        ({}, "&format=csv", "text/csv"),
        ({"Accept": "text/csv"}, "&format=srj", "application/sparql-results+json"),
        ({}, "&format=tsv", "text/tab-separated-values"),
    ],
)
def test_a_named_query_answers_every_sparql_result_format(ld_client, headers, query, media_type):
    response = ld_client.get(f"/api/queries/institutions-by-type?lang=en{query}", headers=headers)
    assert response.status_code == 200
    assert response.mimetype == media_type
    text = response.get_data(as_text=True)
    if media_type.endswith("json"):
        rows = [{k: v["value"] for k, v in b.items()} for b in json.loads(text)["results"]["bindings"]]
    elif media_type.endswith("xml"):
        rows = [
            {b.get("name"): "".join(b.itertext()) for b in result}
            for result in ET.fromstring(text).iter(SRX + "result")
        ]
    elif media_type == "text/csv":
        rows = list(csv.DictReader(io.StringIO(text)))
    else:
        lines = [line.split("\t") for line in text.strip().split("\n")]
        names = [name.lstrip("?") for name in lines[0]]
        rows = [
            {n: v.strip('"').split('"@')[0] for n, v in zip(names, line, strict=True)} for line in lines[1:]
        ]
    assert sorted(r["label"] for r in rows) == ["Shili Computing Center", "Shili Laboratory"]


def test_accept_language_chooses_the_labels_of_a_named_query(ld_client):
    rows = ld_client.get("/api/queries/institutions-by-type", headers={"Accept-Language": "en-US"}).get_json()
    assert rows["parameters"]["lang"] == "en"
    assert {r["label"] for r in rows["rows"]} == {"Shili Laboratory", "Shili Computing Center"}


@pytest.mark.parametrize(
    ("path", "status", "fragment"),
    [
        ("/api/queries/in-place", 400, "'place' (iri) is required"),
        ("/api/queries/in-place?place=county/shilixian", 400, "must be of type iri"),
        ("/api/queries/targets-due-by?year=soon", 400, "must be of type year"),
        ("/api/queries/targets-due-by?yaer=2025", 400, "unknown parameter(s) yaer"),
        ("/api/queries/label-search?text=" + "长" * 5000, 400, "longer than 500"),
        ("/api/queries/institutions-by-type?lang=fr", 400, "must be of type lang"),
        ("/api/queries/no-such-query", 404, "no named query"),
        ("/api/queries/targets-due-by?format=turtle", 406, "can be sent as"),
    ],
)
def test_bad_named_query_requests_are_refused_clearly(ld_client, path, status, fragment):
    response = ld_client.get(path)
    assert response.status_code == status
    problem = response.get_json()
    assert fragment in problem["message"]["en"]
    assert problem["message"]["zh"]


def test_a_parameter_given_twice_is_refused(ld_client):
    response = ld_client.get("/api/queries/targets-due-by?year=2025&year=2026")
    assert response.status_code == 400
    assert "once" in response.get_json()["message"]["en"]


def test_a_cut_result_says_so(plans_store):
    client = create_app(
        {"TESTING": True, "POLICYKG_STORE": plans_store, "POLICYKG_MAX_ROWS": 3}
    ).test_client()
    response = client.get("/api/queries/number-sources")
    body = response.get_json()
    assert len(body["rows"]) == 3
    assert body["truncated"] == {"reason": "max-rows", "limit": 3}
    assert response.headers["Policykg-Truncated"] == "max-rows; limit=3"
    srj = client.get("/api/queries/number-sources?format=srj").get_json()
    assert srj["truncated"]["reason"] == "max-rows"


@pytest.mark.parametrize(
    ("method", "path"),
    [("post", "/api/search?q=x"), ("delete", f"/api/entities/{LAB}"), ("put", "/api/queries/in-place")],
)
def test_wrong_methods_get_a_json_405(ld_client, method, path):
    response = getattr(ld_client, method)(path)
    assert response.status_code == 405
    assert response.mimetype == "application/problem+json"


def test_api_responses_carry_validators_and_answer_304(ld_client):
    for path in ("/api/stats", f"/api/entities/{LAB}", "/api/queries", "/api/queries/plan-outline"):
        first = ld_client.get(path)
        assert first.headers["Last-Modified"]
        again = ld_client.get(path, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304, path
        assert again.data == b""


def test_openapi_describes_every_route_and_every_named_query(ld_app, ld_client):
    document = ld_client.get("/api/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    paths = document["paths"]
    for rule in ld_app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = openapi_path(rule.rule)
        assert path in paths, rule.rule
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            operation = paths[path][method.lower()]
            # Each operation documents its success: 200, or 204/201 for writes and 303 for redirects.
            assert operation["summary"] and any(code[0] in "23" for code in operation["responses"])
    for name, query in bundled_queries().items():
        operation = paths[f"/api/queries/{name}"]["get"]
        assert {p["name"] for p in operation["parameters"]} == {p.name for p in query.parameters} | {"format"}
    search = {p["name"]: p for p in paths["/api/search"]["get"]["parameters"]}
    assert search["q"]["required"] is True
    assert paths["/api/entities/{id}"]["get"]["parameters"][0] == {
        "name": "id",
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
    }
