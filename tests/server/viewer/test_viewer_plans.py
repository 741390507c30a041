"""The viewer across plans: /viewer?plan= shows one plan, the plans linked to it and its targets' series."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from policykg.server.app import create_app
from policykg.server.store.embedded import OxigraphStore
from policykg.server.store.loading import ontology_path
from policykg.server.viewer import analytics, network

CORPUS = Path(__file__).parents[2] / "fixtures" / "corpus_graph.ttl"
ID = "https://w3id.org/policykg/id/"
P1 = ID + "plan/shifanshi-keji-chuangxin-guihua-2021-2025"
P2 = ID + "plan/shifanshi-keji-chuangxin-guihua-2026-2030"
P3 = ID + "plan/xingangqu-keji-chuangxin-sannian-xingdong-jihua-2023-2025"
RD_SERIES = ID + "series/shifanshi/yanfa-jingfei-touru-qiangdu"
LAB, CITY = ID + "laboratory/shifan-shiyanshi", ID + "city/shifanshi"


@pytest.fixture(scope="module")
def corpus_store() -> Iterator[OxigraphStore]:
    """An embedded store with the three-plan corpus and the ontology."""
    store = OxigraphStore()
    store.replace_all([(CORPUS, None), (ontology_path(), None)], "corpus")
    yield store
    store.close()


@pytest.fixture
def corpus_app(corpus_store: OxigraphStore) -> Flask:
    """The application over the corpus, read-only."""
    return create_app({"TESTING": True, "POLICYKG_STORE": corpus_store})


@pytest.fixture
def corpus_client(corpus_app: Flask) -> FlaskClient:
    """A test client of the corpus application."""
    return corpus_app.test_client()


def page_data(html: str) -> dict:
    """Return the JSON data that a viewer page embeds for its script."""
    found = re.search(r'<script id="viewer-data" type="application/json">(.*?)</script>', html, re.DOTALL)
    assert found, "the page embeds no viewer data"
    return json.loads(found.group(1))


def viewer(client: FlaskClient, **args: str) -> tuple[str, dict]:
    response = client.get("/viewer", query_string=args)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    html = response.get_data(as_text=True)
    return html, page_data(html)


def owned(net, plan: str) -> set[str]:
    """Return the IRIs under a plan by their path (its domains, tasks, portfolios and targets)."""
    return {n for n in net if n.startswith(plan + "/")}


def test_a_plan_view_holds_its_own_entities_and_its_linked_plans_only(corpus_store, corpus_client):
    net, _ = network.network_from_store(corpus_store, "https://w3id.org/policykg/")
    _html, data = viewer(corpus_client, plan=P1)
    shown = {n["id"] for n in data["nodes"]}
    assert owned(net, P1) <= shown
    assert not (owned(net, P2) | owned(net, P3)) & shown
    assert {P1, P2, P3} <= shown
    assert {LAB, CITY} <= shown
    edges = {(e["from"], e["to"]): e for e in data["edges"]}
    assert edges[(P2, P1)]["labels"] == {"zh": "接续规划", "en": "succeeds"}
    assert edges[(P3, P1)]["labels"] == {"zh": "上级规划", "en": "within plan"}
    ends = {e["from"] for e in data["edges"]} | {e["to"] for e in data["edges"]}
    assert ends <= shown


def test_the_district_plan_links_up_to_the_city_plan_only(corpus_client):
    _html, data = viewer(corpus_client, plan=P3, lang="en")
    plans = {n["id"] for n in data["nodes"] if n["kind"] == "Plan"}
    assert plans == {P3, P1}
    assert data["plan"] == P3
    assert data["titles"]["en"].startswith("Xingang District")


def test_the_plan_picker_lists_every_plan_by_label(corpus_client):
    html, data = viewer(corpus_client, plan=P2)
    assert [p["id"] for p in data["plans"]] == sorted([P1, P2, P3], key=lambda p: _zh(data, p))
    assert '<select id="plan-picker">' in html
    for label in ("示范市科技创新规划(2021-2025年)", "新港区科技创新三年行动计划(2023-2025年)"):
        assert f">{label}</option>" in html
    assert f'<option value="{P2}" selected>' in html
    assert "全部规划" in html


def _zh(data: dict, plan: str) -> str:
    return next(p["label"]["zh"] for p in data["plans"] if p["id"] == plan)


def test_a_series_lists_its_targets_in_plan_order(corpus_client):
    _html, data = viewer(corpus_client, plan=P2)
    members = data["series"][RD_SERIES]["members"]
    assert [(m["plan"], m["period"], m["value"], m["deadline"]) for m in members] == [
        (P1, [2021, 2025], 3, "2025"),
        (P2, [2026, 2030], 3.5, "2030"),
    ]
    assert data["series"][RD_SERIES]["label"]["zh"] == "示范市研发经费投入强度目标"
    target = next(n for n in data["nodes"] if n["id"] == P2 + "/target/yanfa-jingfei-touru-qiangdu")
    assert target["figures"]["series"]["iri"] == RD_SERIES


def test_a_page_carries_only_the_series_of_the_targets_it_shows(corpus_client):
    _html, data = viewer(corpus_client, plan=P3)
    assert list(data["series"]) == [ID + "series/xingangqu/gaoxin-jishu-qiye-shuliang"]
    members = data["series"][ID + "series/xingangqu/gaoxin-jishu-qiye-shuliang"]["members"]
    assert [(m["plan"], m["value"]) for m in members] == [(P1, 500), (P3, 600)]


@pytest.mark.parametrize(
    ("plan", "status"),
    [
        (ID + "plan/no-such-plan", 404),
        (LAB, 400),
        ("not an iri", 400),
        ("javascript:alert(1)", 400),
        ("https://" + "x" * 3000, 400),
    ],
)
def test_a_bad_plan_is_refused_clearly(corpus_client, plan, status):
    response = corpus_client.get("/viewer", query_string={"plan": plan})
    assert response.status_code == status
    assert "plan" in response.get_data(as_text=True)


def test_a_plan_combines_with_types(corpus_client):
    _html, data = viewer(corpus_client, plan=P1, types="Plan")
    assert {n["id"] for n in data["nodes"]} == {P1, P2, P3}


def test_the_whole_graph_has_no_plan_and_every_plan(corpus_client):
    _html, data = viewer(corpus_client)
    assert data["plan"] is None
    assert len(data["plans"]) == 3
    assert data["titles"] == {"zh": "policykg", "en": "policykg"}


def test_linked_plans_both_ways(corpus_store):
    net, _ = network.network_from_store(corpus_store, "https://w3id.org/policykg/")
    assert analytics.linked_plans(net, P1) == [
        {"relation": "succeeds", "direction": "in", "plan": P2},
        {"relation": "withinPlan", "direction": "in", "plan": P3},
    ]
    assert analytics.linked_plans(net, P2) == [{"relation": "succeeds", "direction": "out", "plan": P1}]


def test_one_plan_graph_has_no_picker(client):
    html = client.get("/viewer").get_data(as_text=True)
    assert 'id="plan-picker"' not in html
