"""One identity per entity across documents: generic names by place, names with or without their place,
alternative labels and classes reconciled; the class table agrees with the ontology."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import RDFS

from policykg.graph_builder.corpus.classes import PARENT
from policykg.graph_builder.corpus.entities import identity, reconcile
from policykg.graph_builder.corpus.generic import is_generic
from policykg.graph_builder.corpus.works import Source
from policykg.graph_builder.records import DocumentRecord, EntityRecord, PlanRecord
from policykg.ontology import ontology_path
from policykg.ontology.namespaces import PKG


@pytest.mark.parametrize(
    ("name", "generic"),
    [
        ("人民医院", True),
        ("中医院", True),
        ("第一中学", True),
        ("高新区", True),
        ("经济开发区", True),
        ("实验小学", True),
        ("T3航站楼", True),  # one letter and a digit number a terminal, as 7号线 numbers a line
        ("之江实验室", False),  # a place word opens it
        ("比亚迪", False),  # a name of its own (nr)
        ("宣武医院", False),  # the dictionary has it as one common noun; its parts name a place
        ("空天信息大学", False),  # 空天: no word of the dictionary
        ("LAOX保税中心", False),  # a Latin word
    ],
)
def test_generic_names_are_made_of_common_words(name, generic):
    assert is_generic(name) is generic


def _entity(cls: str, name: str, *alt: str) -> EntityRecord:
    return EntityRecord(cls, name, "", (), alt_labels=alt)


@pytest.mark.parametrize(
    ("cls", "name", "home", "expected"),
    [
        ("Hospital", "人民医院", "平阴县", ("Hospital", "平阴县人民医院", "平阴县")),
        ("Hospital", "县人民医院", "平阴县", ("Hospital", "平阴县人民医院", "平阴县")),
        ("Hospital", "人民医院", "商河县", ("Hospital", "商河县人民医院", "商河县")),
        ("Hospital", "市中心医院", "济南市", ("Hospital", "济南市中心医院", "济南市")),
        ("Hospital", "省人民医院", "济南市", ("Hospital", "山东省人民医院", "山东省")),
        ("Hospital", "市人民医院", "平阴县", ("Hospital", "济南市人民医院", "济南市")),
        ("Hospital", "济南市中心医院", "济南市", ("Hospital", "济南市中心医院", "济南市")),
        ("Hospital", "济南市中心医院", "青岛市", ("Hospital", "济南市中心医院", "济南市")),
        ("IndustrialPark", "济南高新区", "济南市", ("IndustrialPark", "济南市高新区", "济南市")),
        ("Laboratory", "之江实验室", "杭州市", ("Laboratory", "之江实验室", "")),
        ("Laboratory", "济南泉城实验室", "济南市", ("Laboratory", "济南泉城实验室", "")),
        ("Enterprise", "比亚迪", "济南市", ("Enterprise", "比亚迪", "")),
        (
            "InnovationCenter",
            "国家云计算装备产业创新中心",
            "济南市",
            ("InnovationCenter", "国家云计算装备产业创新中心", ""),
        ),
        ("Hospital", "人民医院", None, ("Hospital", "人民医院", "")),
        ("City", "济南市", "济南市", ("City", "济南市", "")),  # no code given: placed by ``within``
    ],
)
def test_identity_gives_a_generic_name_its_home_place(cls, name, home, expected):
    assert identity(_entity(cls, name), home) == expected


def test_a_division_is_placed_by_its_code():
    beijing = EntityRecord("District", "朝阳区", "", (), division_code="110105")
    changchun = EntityRecord("District", "朝阳区", "", (), division_code="220104")
    assert identity(beijing, None) == ("District", "朝阳区", "北京市")
    assert identity(changchun, "北京市") == ("District", "朝阳区", "长春市")
    assert identity(EntityRecord("Province", "山东省", "", (), division_code="370000"), None)[2] == ""


def _source(city: str, *entities: EntityRecord) -> Source:
    return Source(DocumentRecord(city, "", ""), PlanRecord("某计划", "", None, city=city, entities=entities))


def test_two_counties_hospitals_are_two_and_one_laboratory_is_one():
    sources = [
        _source("平阴县", _entity("Hospital", "人民医院"), _entity("Laboratory", "之江实验室")),
        _source("商河县", _entity("Hospital", "人民医院"), _entity("Institution", "之江实验室")),
    ]
    found = reconcile(sources)
    assert found[(0, "Hospital", "人民医院")] != found[(1, "Hospital", "人民医院")]
    lab = found[(0, "Laboratory", "之江实验室")]
    assert lab == found[(1, "Institution", "之江实验室")] == ("Laboratory", "之江实验室", "")


def test_alternative_labels_and_a_written_place_join_across_documents():
    corridor = _entity("DemonstrationZone", "齐鲁科技创新大走廊", "齐鲁科创大走廊")
    sources = [
        _source("济南市", corridor),
        _source(
            "济南市", _entity("DemonstrationZone", "齐鲁科创大走廊"), _entity("Laboratory", "济南泉城实验室")
        ),
        _source("济南市", _entity("Laboratory", "泉城实验室")),
        _source("青岛市", _entity("Laboratory", "泉城实验室")),
    ]
    found = reconcile(sources)
    assert (
        found[(1, "DemonstrationZone", "齐鲁科创大走廊")]
        == found[(0, "DemonstrationZone", "齐鲁科技创新大走廊")]
    )
    assert found[(1, "Laboratory", "济南泉城实验室")] == found[(2, "Laboratory", "泉城实验室")]
    # The name one plan writes after its place joins the bare name in plans of that place only; the same
    # bare name in two plans is one entity.
    assert found[(3, "Laboratory", "泉城实验室")] == found[(2, "Laboratory", "泉城实验室")]
    alone = reconcile([_source("济南市", _entity("Laboratory", "济南泉城实验室")), sources[3]])
    assert alone[(0, "Laboratory", "济南泉城实验室")] != alone[(1, "Laboratory", "泉城实验室")]


def test_an_alternative_label_joins_only_a_class_on_one_line_with_it():
    corridor = _entity("DemonstrationZone", "齐鲁科技创新大走廊", "齐鲁科创大走廊")
    found = reconcile([_source("济南市", corridor), _source("济南市", _entity("Hospital", "齐鲁科创大走廊"))])
    assert found[(1, "Hospital", "齐鲁科创大走廊")] == ("Hospital", "齐鲁科创大走廊", "")
    joined = reconcile(
        [_source("济南市", corridor), _source("济南市", _entity("Institution", "齐鲁科创大走廊"))]
    )
    assert joined[(1, "Institution", "齐鲁科创大走廊")] == ("DemonstrationZone", "齐鲁科技创新大走廊", "")


def test_the_institutions_of_the_plan_and_its_explainer_are_one_each(corpus_sources):
    sources = [corpus_sources["bundled"], corpus_sources["explainer"]]
    found = reconcile(sources)
    mine = {found[(0, e.cls, e.name)] for e in sources[0].plan.entities}
    theirs = {e.name: found[(1, e.cls, e.name)] for e in sources[1].plan.entities}
    shared = {name for name, key in theirs.items() if key in mine}
    # Every entity the explainer names is the bundled plan's but the office that answers the questions.
    assert set(theirs) - shared == {"市发展改革委"}
    institutions = {name for name in shared if found_cls(theirs[name]) not in PLACES}
    assert len(institutions) >= 25
    for written in ("济南市中心医院", "济南泉城实验室", "齐鲁科创大走廊", "济南科创金融改革试验区"):
        assert written in institutions
    # One identity per entity: no two entities of the explainer share one, nor do two of the plan's.
    assert len(set(theirs.values())) == len(theirs)


PLACES = {"Province", "City", "District", "County", "Region"}


def found_cls(key: tuple[str, str, str]) -> str:
    return key[0]


def test_the_class_table_is_the_ontologys():
    graph = rdflib.Graph().parse(ontology_path())
    prefix = str(PKG)
    pairs = {
        str(s)[len(prefix) :]: str(o)[len(prefix) :]
        for s, o in graph.subject_objects(RDFS.subClassOf)
        if str(s).startswith(prefix) and str(o).startswith(prefix)
    }
    entity_classes = {
        k: v for k, v in pairs.items() if {k, v} & {"Institution", "Project", "Place"} or k in PARENT
    }
    assert entity_classes == PARENT
