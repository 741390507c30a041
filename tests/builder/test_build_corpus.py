"""Building several documents: parallel workers, IRIs reconciled across documents, one joined graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, RDFS

from policykg.graph_builder.build import build_documents
from policykg.ontology.namespaces import PKG

PLANS = Path(__file__).parents[1] / "fixtures" / "plans"

# Two plans naming homophone laboratories (泉城 and 全城 are both "quancheng"), and one shared province.
HOMOPHONES = {
    "a.txt": "甲市推进科技创新三年行动计划（2024—2026年）\n一、建设创新平台\n（一）建设实验室。支持泉城实验室建设，服务山东省。\n",
    "b.txt": "乙市推进科技创新三年行动计划（2024—2026年）\n一、建设创新平台\n（一）建设实验室。支持全城实验室建设，服务山东省。\n",
}


@pytest.fixture(scope="module")
def two_plans(tmp_path_factory):
    documents = [
        PLANS / "hefei-2024-2026-innovation-notice.txt",
        PLANS / "wuhan-2024-2026-action-plan-news.txt",
    ]
    parallel = build_documents(
        documents, tmp_path_factory.mktemp("parallel"), validate_shapes=False, workers=2
    )
    serial = build_documents(documents, tmp_path_factory.mktemp("serial"), validate_shapes=False, workers=1)
    return parallel, serial


def _without_times(nt: bytes) -> list[bytes]:
    return [line for line in nt.splitlines() if b"AtTime>" not in line]


def test_parallel_and_serial_builds_write_the_same_graph(two_plans):
    parallel, serial = two_plans
    assert len(parallel.ntriples) > 100_000
    assert _without_times(parallel.ntriples) == _without_times(serial.ntriples)
    assert _without_times(parallel.files[1].read_bytes()) == _without_times(serial.files[1].read_bytes())


def test_both_plans_are_in_the_joined_graph(two_plans):
    graph = two_plans[0].graph
    titles = {
        str(o)
        for s in graph.subjects(RDF.type, PKG.Plan)
        for o in graph.objects(s, RDFS.label)
        if o.language == "zh"
    }
    assert any(t.startswith("合肥市") for t in titles) and any(t.startswith("武汉市") for t in titles)
    assert len(list(graph.subjects(RDF.type, PKG.SourceDocument))) == 2
    assert two_plans[0].class_counts["Plan"] == 2


def test_homophone_names_in_different_documents_get_distinct_iris(tmp_path):
    paths = []
    for name, text in HOMOPHONES.items():
        paths.append(tmp_path / name)
        paths[-1].write_text(text, encoding="utf-8")
    graph = build_documents(paths, tmp_path / "out", validate_shapes=False, workers=1).graph
    iris = sorted(str(s) for s in graph.subjects(RDF.type, PKG.Laboratory))
    assert len(iris) == 2
    assert all(iri.startswith("https://w3id.org/policykg/id/laboratory/quancheng-shiyanshi-") for iri in iris)
    for iri in graph.subjects(RDF.type, PKG.Laboratory):
        names = {str(o) for o in graph.objects(iri, RDFS.label) if o.language == "zh"}
        assert len(names) == 1
    province = list(graph.subjects(RDFS.label, Literal("山东省", lang="zh")))
    assert len(province) == 1
