"""Whose target a figure is, a year's planned investment, and how the graph states them (pkg:targetOf,
pkg:withinPeriod, dcterms:issued)."""

from __future__ import annotations

import re

import pytest
import rdflib
from rdflib.namespace import DCTERMS, XSD

from policykg.graph_builder.build import build_graph
from policykg.graph_builder.documents import document_from_text, normalize
from policykg.graph_builder.text.numbers import find_quantities
from policykg.graph_builder.text.targets import find_targets
from policykg.graph_builder.text.targets.owners import owner_span, planned_investment
from policykg.ontology.namespaces import PKG

BASE = "https://example.org/kg/"


def targets_in(text: str, **years):
    text = normalize(text)
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^。！？\n]+[。！？]?", text)]
    return text, find_targets(text, sentences, find_quantities(text), set(), ("某市",), **years)


def test_planned_investment_words():
    assert planned_investment("总投资12亿元，年度计划投资") == "年度计划投资"
    assert planned_investment("2024年计划投资") == "计划投资"
    assert planned_investment("年内计划完成投资") == "年内计划完成投资"
    assert planned_investment("总投资") is None


def test_each_units_planned_investment_is_its_target():
    text, found = targets_in(
        "从区域看：东城区10个，总投资80亿元，年度计划投资12亿元；西山县6个，总投资30亿元，年度计划投资5亿元。",
        document_year=2016,
    )
    planned = [t for t in found if t.metric == "年度计划投资"]
    assert [(int(t.quantity.value), t.deadline_year) for t in planned] == [
        (1200000000, 2016),
        (500000000, 2016),
    ]
    assert [text[t.owner[0] : t.owner[1]] for t in planned] == ["东城区", "西山县"]


def test_owner_span_needs_a_lead_before_a_figure():
    text = "全市推进产业升级，年度计划投资9亿元。"
    assert owner_span(text, 0, text.index("年度")) is None
    text = "南湖区：年度计划投资9亿元。"
    assert owner_span(text, 0, text.index("年度")) == (0, 3)


@pytest.fixture(scope="module")
def small_graph() -> rdflib.Graph:
    text = (
        "某市2023年重点项目简报\n发布日期：2023-03-08\n"
        "全市重点项目200个。其中，东城区10个，总投资80亿元，年度计划投资12亿元。\n"
        "某市绿色发展行动方案（2023—2025年）\n全市新能源汽车保有量突破5万辆。\n"
    )
    built = build_graph([document_from_text(text)], BASE)
    graph = rdflib.Graph()
    graph.parse(data=built.ntriples, format="nt")
    return graph


def test_the_document_date_is_issued(small_graph):
    issued = list(small_graph.objects(None, DCTERMS.issued))
    assert issued == [rdflib.Literal("2023-03-08", datatype=XSD.date)]


def test_planned_investment_in_the_graph(small_graph):
    targets = [t for t in small_graph.subjects(PKG.metric, rdflib.Literal("年度计划投资", lang="zh"))]
    assert len(targets) == 1
    assert str(small_graph.value(targets[0], PKG.deadlineYear)) == "2023"
