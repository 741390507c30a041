"""The /api/graph analytics and the /viewer page, over the sample graph in a real Oxigraph store."""

from __future__ import annotations

import json
import re

import pytest

from policykg.server.store.embedded import OxigraphStore
from policykg.server.viewer import network

ID = "https://w3id.org/policykg/id/"
PLAN = ID + "plan/shilishi-keji-chuangxin-sannian-xingdong-jihua-2023-2025"
DOMAIN, TASK = PLAN + "/domain/1", PLAN + "/domain/1/task/1"
PORTFOLIO = DOMAIN + "/portfolio/1"
LAB, CITY, PROVINCE = ID + "laboratory/shili-shiyanshi", ID + "city/shilishi", ID + "province/shandongsheng"
TARGET = PLAN + "/target/rencai-zongliang-2025"


def page_data(html: str) -> dict:
    """Return the JSON data that a viewer page embeds for its script."""
    found = re.search(r'<script id="viewer-data" type="application/json">(.*?)</script>', html, re.DOTALL)
    assert found, "the page embeds no viewer data"
    return json.loads(found.group(1))


def test_path_between_province_and_target(client):
    response = client.get("/api/graph/path", query_string={"from": PROVINCE, "to": TARGET})
    assert response.status_code == 200
    body = response.json
    assert [n["id"] for n in body["nodes"]] == [PROVINCE, CITY, TASK, TARGET]
    assert [(s["label"]["zh"], s["direction"]) for s in body["steps"]] == [
        ("隶属于", "backward"),
        ("提及", "backward"),
        ("设定目标", "forward"),
    ]
    assert body["steps"][-1]["sentence"] == "到2025年人才总量突破50万。"
    assert body["view"].startswith("/viewer?from=")
    view = page_data(client.get(body["view"]).get_data(as_text=True))
    assert {n["id"] for n in view["nodes"]} == {PROVINCE, CITY, TASK, TARGET}


@pytest.mark.parametrize(
    ("query", "top"),
    [
        ({"measure": "degree", "limit": "2"}, [CITY, TASK]),
        ({"measure": "betweenness", "limit": "1"}, [DOMAIN]),
        ({"type": "Place"}, [CITY, PROVINCE]),
        ({"type": "Institution,Target", "limit": "5"}, [LAB, TARGET]),
        # Both have two relations; ties go in IRI order.
        ({"type": ["Plan", "Laboratory"]}, [LAB, PLAN]),
    ],
)
def test_central(client, query, top):
    response = client.get("/api/graph/central", query_string=query)
    assert response.status_code == 200
    assert [r["id"] for r in response.json] == top


def test_central_by_pagerank_carries_scores_and_figures(client):
    ranked = client.get("/api/graph/central", query_string={"measure": "pagerank", "limit": 100}).json
    assert len(ranked) == 10
    assert sum(r["score"] for r in ranked) == pytest.approx(1, abs=1e-4)
    portfolio = next(r for r in ranked if r["id"] == PORTFOLIO)
    assert portfolio["figures"]["count"] == 80
    assert portfolio["path"] == PORTFOLIO.removeprefix("https://w3id.org/policykg")


@pytest.mark.parametrize(
    ("depth", "expected"),
    [
        ("1", {CITY, PROVINCE, LAB, TASK, PLAN}),
        ("2", {CITY, PROVINCE, LAB, TASK, PLAN, DOMAIN, TARGET}),
    ],
)
def test_neighbors(client, depth, expected):
    body = client.get("/api/graph/neighbors", query_string={"id": CITY, "depth": depth}).json
    assert {n["id"] for n in body["nodes"]} == expected
    assert {(e["from"], e["key"], e["to"]) for e in body["edges"]} >= {(CITY, "within", PROVINCE)}
    assert all(e["from"] in expected and e["to"] in expected for e in body["edges"])


def test_communities_cover_every_entity_once(client):
    found = client.get("/api/graph/communities").json
    members = [m["id"] for c in found for m in c["members"]]
    assert len(members) == len(set(members)) == 10
    assert [c["size"] for c in found] == sorted((c["size"] for c in found), reverse=True)
    portfolio = next(c for c in found if PORTFOLIO in {m["id"] for m in c["members"]})
    parts = {PORTFOLIO, PORTFOLIO + "/continuing", PORTFOLIO + "/new-start-2023"}
    assert {m["id"] for m in portfolio["members"]} == parts


@pytest.mark.parametrize(
    ("url", "query", "status", "words"),
    [
        ("/api/graph/path", {"from": CITY}, 400, "'to' is required"),
        ("/api/graph/path", {"from": CITY, "to": ID + "city/atlantis"}, 404, "atlantis"),
        ("/api/graph/central", {"measure": "closeness"}, 400, "unknown measure"),
        ("/api/graph/central", {"type": "Dragon"}, 400, "unknown type"),
        ("/api/graph/central", {"limit": "ten"}, 400, "whole number"),
        ("/api/graph/central", {"limit": "0"}, 400, "at least 1"),
        ("/api/graph/neighbors", {}, 400, "'id' is required"),
        ("/api/graph/neighbors", {"id": CITY, "depth": "4"}, 400, "depth"),
        ("/api/graph/neighbors", {"id": CITY, "depth": "deep"}, 400, "depth"),
        ("/api/graph/neighbors", {"id": ID + "document/0123456789abcdef"}, 404, "no entity"),
    ],
)
def test_bad_parameters_get_json_problems(client, url, query, status, words):
    response = client.get(url, query_string=query)
    assert response.status_code == status
    assert response.content_type == "application/problem+json"
    assert words in response.json["detail"]
    assert response.json["message"]["zh"]


def test_network_is_rebuilt_when_the_store_changes(client, store: OxigraphStore):
    assert len(client.get("/api/graph/communities").json[0]["members"]) == 5
    store.update(
        f"""PREFIX pkg: <https://w3id.org/policykg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        INSERT DATA {{ <{ID}university/shili-daxue> a pkg:University ; rdfs:label "示例大学"@zh .
                       <{TASK}> pkg:mentions <{ID}university/shili-daxue> . }}"""
    )
    body = client.get("/api/graph/neighbors", query_string={"id": ID + "university/shili-daxue"}).json
    assert {n["id"] for n in body["nodes"]} == {ID + "university/shili-daxue", TASK}


def test_findings_graph_marks_nodes(client, store: OxigraphStore):
    store.update(
        f"""PREFIX sh: <http://www.w3.org/ns/shacl#>
        INSERT DATA {{ GRAPH <https://w3id.org/policykg/graph/findings> {{
            <urn:finding:1> a sh:ValidationResult ; sh:focusNode <{PORTFOLIO}> . }} }}"""
    )
    data = page_data(client.get("/viewer").get_data(as_text=True))
    assert data["findings"] == [PORTFOLIO]
    assert [n["id"] for n in data["nodes"] if n.get("finding")] == [PORTFOLIO]


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({}, 10),
        ({"types": "Place"}, 2),
        ({"domain": "1"}, 9),
        ({"focus": CITY, "depth": "1"}, 5),
        ({"from": PROVINCE, "to": TARGET}, 4),
    ],
)
def test_viewer_page_shows_the_selection(client, query, shown):
    response = client.get("/viewer", query_string=query)
    assert response.status_code == 200
    data = page_data(response.get_data(as_text=True))
    assert len(data["nodes"]) == shown
    ends = {e["from"] for e in data["edges"]} | {e["to"] for e in data["edges"]}
    assert ends <= {n["id"] for n in data["nodes"]}


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"lang": "fr"}, 400),
        ({"depth": "9", "focus": CITY}, 400),
        ({"focus": ID + "city/atlantis"}, 404),
        ({"types": "Dragon"}, 400),
        ({"from": CITY}, 400),
    ],
)
def test_viewer_rejects_bad_parameters(client, query, status):
    assert client.get("/viewer", query_string=query).status_code == status


@pytest.mark.parametrize("name", ["vis-network.min.js", "vis-network.css", "viewer.js", "viewer.css"])
def test_viewer_assets_are_served_locally(client, name):
    response = client.get(f"/viewer/assets/{name}")
    assert response.status_code == 200
    assert len(response.data) > 1000
    response.close()


def test_unknown_asset(client):
    assert client.get("/viewer/assets/bootstrap.min.js").status_code == 404


def test_viewer_page_links_only_local_assets(client):
    page = client.get("/viewer").get_data(as_text=True)
    assert '<script src="/viewer/assets/vis-network.min.js">' in page
    assert page_data(page)["neighborsUrl"] == "/api/graph/neighbors"
    assert not re.search(r"(src|href)=\"(https?:)?//", page)


def test_network_is_cached_per_store_version(store: OxigraphStore):
    first, _ = network.network_from_store(store, "https://w3id.org/policykg/")
    again, _ = network.network_from_store(store, "https://w3id.org/policykg/")
    assert again is first
    store.update(f"DELETE WHERE {{ <{CITY}> <https://w3id.org/policykg/ontology#within> ?o }}")
    changed, _ = network.network_from_store(store, "https://w3id.org/policykg/")
    assert changed is not first
    assert not changed.has_edge(CITY, PROVINCE)


def test_a_store_larger_than_the_network_limit_is_refused_before_its_entities_are_fetched(
    make_app, store, monkeypatch
):
    count = int(store.select(network.entity_count_query())[0]["n"].value)
    assert count > 5
    fetched: list[str] = []
    construct = store.construct
    monkeypatch.setattr(store, "construct", lambda sparql: fetched.append(sparql) or construct(sparql))
    client = make_app(POLICYKG_VIEWER_MAX_NODES=count - 1).test_client()
    for path in ("/api/graph/central", "/api/graph/communities", f"/api/graph/neighbors?id={LAB}"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert (response.json["entities"], response.json["limit"]) == (count, count - 1)
    page = client.get("/viewer", headers={"Accept": "text/html"})
    assert page.status_code == 503 and "SPARQL" in page.get_data(as_text=True)
    assert fetched == []
    # At the limit the network is drawn.
    assert (
        make_app(POLICYKG_VIEWER_MAX_NODES=count).test_client().get("/api/graph/central").status_code == 200
    )
    assert fetched
