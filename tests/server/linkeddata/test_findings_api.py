"""``/api/findings``: the audit findings served from the store's findings graph."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph

from policykg.checks.audit import audit
from policykg.iris import IriScheme
from policykg.server.app import create_app
from policykg.server.routes.findings import current_findings
from policykg.server.store.embedded import OxigraphStore
from policykg.server.store.loading import ontology_path

PORTFOLIO = "https://w3id.org/policykg/id/plan/shilishi-keji-chuangxin-sannian-xingdong-jihua-2023-2025/domain/1/portfolio/1"


@pytest.fixture
def audited_store(sample_graph: Path, tmp_path: Path) -> Iterator[OxigraphStore]:
    """An in-memory store with the sample graph and ontology, and the sample's findings in their graph."""
    findings = tmp_path / "findings.ttl"
    minter = IriScheme()
    audit(Graph().parse(sample_graph), minter).graph.serialize(findings, format="turtle", encoding="utf-8")
    store = OxigraphStore()
    store.replace_all(
        [(sample_graph, None), (ontology_path(), None), (findings, minter.findings_graph())], "sample-audited"
    )
    yield store
    store.close()


@pytest.fixture
def audited_app(audited_store: OxigraphStore) -> Flask:
    """The application over the audited sample store."""
    return create_app({"TESTING": True, "POLICYKG_STORE": audited_store})


@pytest.fixture
def audited_client(audited_app: Flask) -> FlaskClient:
    """A test client of the audited app."""
    return audited_app.test_client()


def test_findings_are_served_with_their_sentences(audited_client: FlaskClient) -> None:
    response = audited_client.get("/api/findings")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["count"] == 2
    by_measure = {f["measure"]: f for f in body["findings"]}
    assert (by_measure["projectCount"]["expected"], by_measure["projectCount"]["observed"]) == (70, 80)
    assert (by_measure["investment"]["expected"], by_measure["investment"]["observed"]) == (9e9, 1e10)
    count = by_measure["projectCount"]
    assert count["focus"] == PORTFOLIO
    assert count["check"] == "parts-sum" and count["severity"] == "Violation"
    assert "合计70个" in count["message"]["zh"] and "add up to 70 projects" in count["message"]["en"]
    (span,) = count["spans"]
    assert (span["start"], span["end"]) == (30, 75)
    assert "80个重点项目" in span["sentence"]
    assert "合计70个" in response.get_data(as_text=True)  # Chinese is sent as text, not escaped


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("severity=violation", 2),
        ("severity=Warning", 0),
        (f"entity={PORTFOLIO}", 2),
        (f"entity={PORTFOLIO}/continuing", 2),
        ("entity=/id/city/shilishi", 0),
        (f"entity={PORTFOLIO.removeprefix('https://w3id.org/policykg')}", 2),
        (f"severity=info&entity={PORTFOLIO}", 0),
    ],
)
def test_findings_filter_by_severity_and_entity(audited_client: FlaskClient, query: str, count: int) -> None:
    body = audited_client.get(f"/api/findings?{query}").get_json()
    assert body["count"] == count
    assert len(body["findings"]) == count


def test_unknown_severity_is_a_bilingual_400(audited_client: FlaskClient) -> None:
    response = audited_client.get("/api/findings?severity=fatal")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert "fatal" in problem["message"]["en"] and "未知的严重程度" in problem["message"]["zh"]


def test_a_store_without_findings_serves_none(client: FlaskClient) -> None:
    body = client.get("/api/findings").get_json()
    assert body == {"count": 0, "findings": []}


def test_findings_are_read_once_per_store_version(audited_app: Flask, audited_store: OxigraphStore) -> None:
    with audited_app.app_context():
        first = current_findings()
        assert current_findings() is first
        audited_store.drop_graph(IriScheme().findings_graph())
        assert current_findings() == ()


def test_entity_pages_list_the_findings_about_them(audited_client: FlaskClient) -> None:
    path = PORTFOLIO.removeprefix("https://w3id.org/policykg") + ".html"
    page = audited_client.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Audit findings" in page and page.count('class="finding finding-violation"') == 2
    assert "推进总投资100亿元的80个重点项目" in page
    lab = audited_client.get("/id/laboratory/shili-shiyanshi.html").get_data(as_text=True)
    assert "Audit findings" not in lab
