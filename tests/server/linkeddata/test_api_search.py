"""/api/search and its index: Chinese, English and pinyin, ranked tiers, type filter, paging, bad input."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from pypinyin import lazy_pinyin

from policykg.pinyin import pinyin_syllables
from policykg.server.app import create_app
from policykg.server.linkeddata import entities as entity_views
from policykg.server.linkeddata.entities import warm_search_index
from policykg.server.linkeddata.search import (
    Entity,
    IndexCache,
    SearchIndex,
    compact,
    normalize,
)
from policykg.server.store.current import get_store
from policykg.server.store.embedded import OxigraphStore
from policykg.server.store.loading import ontology_path

ID = "https://w3id.org/policykg/id/"
PKG = "https://w3id.org/policykg/ontology#"

#: (path, class, zh label, en label, variant names)
PLACES = [
    ("city/jinanshi", "City", "济南市", "Jinan", ()),
    ("laboratory/jinan-shiyanshi", "Laboratory", "济南实验室", "Jinan Laboratory", ("济南市实验室",)),
    ("city/jiningshi", "City", "济宁市", "Jining", ()),
    ("city/nanjingshi", "City", "南京市", "Nanjing", ()),
    ("enterprise/chongqing-yinhang", "Enterprise", "重庆银行", "Bank of Chongqing", ()),
    (
        "data-center/quancheng-suanli",
        "DataCenter",
        "泉城算力中心（AI）",
        "Quancheng Computing Center (AI)",
        (),
    ),
    (
        "hospital/shandong-daxue-qilu-yiyuan",
        "Hospital",
        "山东大学齐鲁医院",
        "Qilu Hospital of Shandong University",
        (),
    ),
]


def entities() -> list[Entity]:
    """Return the test places as index entities."""
    return [
        Entity(ID + path, {"zh": zh, "en": en}, list(alt), [PKG + cls]) for path, cls, zh, en, alt in PLACES
    ]


SUPERCLASSES = {
    PKG + "City": {PKG + "AdministrativeDivision", PKG + "Place"},
    PKG + "Laboratory": {PKG + "Institution"},
    PKG + "Enterprise": {PKG + "Institution"},
    PKG + "DataCenter": {PKG + "Institution"},
    PKG + "Hospital": {PKG + "Institution"},
}


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    """An index of the test places."""
    return SearchIndex(entities(), SUPERCLASSES)


def ranked(index: SearchIndex, text: str, types: tuple[str, ...] = ()) -> list[tuple[str, str, str]]:
    """Return (path, field, tier) of every hit, best first."""
    total, hits = index.search(text, [PKG + t for t in types], limit=100)
    assert total == len(hits)
    return [(h.entity.iri.removeprefix(ID), h.field, h.tier) for h in hits]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 济南, Jinan and jinan all find the city first, exactly.
        ("济南", [("city/jinanshi", "label", "prefix"), ("laboratory/jinan-shiyanshi", "label", "prefix")]),
        ("Jinan", [("city/jinanshi", "label", "exact"), ("laboratory/jinan-shiyanshi", "pinyin", "prefix")]),
        ("jinan", [("city/jinanshi", "label", "exact"), ("laboratory/jinan-shiyanshi", "pinyin", "prefix")]),
        ("JINAN", [("city/jinanshi", "label", "exact"), ("laboratory/jinan-shiyanshi", "pinyin", "prefix")]),
        (
            "ji nan",
            [("city/jinanshi", "pinyin", "prefix"), ("laboratory/jinan-shiyanshi", "pinyin", "prefix")],
        ),
        ("济南市", [("city/jinanshi", "label", "exact"), ("laboratory/jinan-shiyanshi", "label", "prefix")]),
        # Pinyin matches start at a syllable: "nan" is a syllable of 济南 and 南京, "inan" is not.
        ("nanjing", [("city/nanjingshi", "label", "exact")]),
        (
            "inan",
            [("city/jinanshi", "label", "substring"), ("laboratory/jinan-shiyanshi", "label", "substring")],
        ),
        ("chongqing", [("enterprise/chongqing-yinhang", "pinyin", "prefix")]),
        ("yinhang", [("enterprise/chongqing-yinhang", "pinyin", "word")]),
        ("银行", [("enterprise/chongqing-yinhang", "label", "substring")]),
        ("hospital", [("hospital/shandong-daxue-qilu-yiyuan", "label", "word")]),
        ("齐鲁医院", [("hospital/shandong-daxue-qilu-yiyuan", "label", "substring")]),
        # Full-width and half-width forms are the same text.
        ("（AI）", [("data-center/quancheng-suanli", "pinyin", "word")]),
        ("ＡＩ", [("data-center/quancheng-suanli", "label", "word")]),
        ("quancheng computing", [("data-center/quancheng-suanli", "label", "prefix")]),
        ("no such place", []),
    ],
)
def test_search_finds_and_ranks(index, text, expected):
    assert ranked(index, text) == expected


def test_variant_names_are_searched(index):
    assert ranked(index, "济南市实验室") == [("laboratory/jinan-shiyanshi", "label", "exact")]


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        # "ji" starts a syllable of 南京 (nan-jing) too.
        (("City",), ["city/jinanshi", "city/jiningshi", "city/nanjingshi"]),
        (("Institution",), ["laboratory/jinan-shiyanshi"]),
        (
            ("Laboratory", "City"),
            ["city/jinanshi", "city/jiningshi", "laboratory/jinan-shiyanshi", "city/nanjingshi"],
        ),
        (("Hospital",), []),
    ],
)
def test_the_type_filter_includes_subclasses(index, types, expected):
    assert [path for path, _, _ in ranked(index, "ji", types)] == expected


def test_pages_partition_the_ranked_results(index):
    total, everything = index.search("i", limit=100)
    assert total == len(everything) >= 5
    pages = [index.search("i", limit=2, offset=offset) for offset in range(0, total, 2)]
    assert all(count == total for count, _ in pages)
    assert [h.entity.iri for _, hits in pages for h in hits] == [h.entity.iri for h in everything]


def test_tiers_come_in_order(index):
    tiers = [tier for _, _, tier in ranked(index, "n")]
    order = ["exact", "prefix", "word", "substring"]
    assert tiers == sorted(tiers, key=order.index)


@pytest.mark.parametrize(
    ("text", "normalized", "compacted"),
    [("  Jinan  City ", "jinan city", "jinancity"), ("ＡＩ", "ai", "ai"), ("Lü Xi'an", "lü xi'an", "lvxian")],
)
def test_normalization(text, normalized, compacted):
    assert normalize(text) == normalized
    assert compact(text) == compacted


@pytest.mark.parametrize(
    "name",
    [
        "重庆银行",
        "银行行长",
        "长江经济带",
        "行动计划",
        "重点项目",
        "都市圈",
        "发展和改革委员会",
        "济南市历城区",
        "示例市科技创新三年行动计划(2023-2025年)",
        "单县",
        "乐陵市",
        "朝阳区",
        "绿色低碳高质量发展",
        "二〇二三年工作要点",
    ],
)
def test_pinyin_agrees_with_pypinyin(name):
    expected = [s for part in lazy_pinyin(name) for s in re.sub(r"[^a-z0-9]+", " ", part.lower()).split()]
    assert pinyin_syllables(name) == expected


def test_pinyin_syllables():
    assert pinyin_syllables("重庆银行") == ["chong", "qing", "yin", "hang"]
    assert pinyin_syllables("泉城算力中心（AI）") == ["quan", "cheng", "suan", "li", "zhong", "xin", "ai"]
    assert pinyin_syllables("绿色") == ["lv", "se"]


def test_the_index_is_built_once_per_version():
    cache, builds = IndexCache(), []

    def build() -> SearchIndex:
        builds.append(1)
        return SearchIndex([])

    first = cache.get("v1", build)
    assert cache.get("v1", build) is first
    assert cache.get("v2", build) is not first
    assert len(builds) == 2


# --- over HTTP -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def places_client():
    """A client over a store holding the test places and the ontology."""
    store = OxigraphStore()
    store.replace_all([(ontology_path(), None)], "places")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    alt = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
    kind = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    for path, cls, zh, en, variants in PLACES:
        node = ox.NamedNode(ID + path)
        store.raw.add(ox.Quad(node, kind, ox.NamedNode(PKG + cls)))
        store.raw.add(ox.Quad(node, label, ox.Literal(zh, language="zh")))
        store.raw.add(ox.Quad(node, label, ox.Literal(en, language="en")))
        for variant in variants:
            store.raw.add(ox.Quad(node, alt, ox.Literal(variant, language="zh")))
    yield create_app({"TESTING": True, "POLICYKG_STORE": store}).test_client()
    store.close()


@pytest.mark.parametrize("text", ["济南", "Jinan", "jinan"])
def test_search_over_http_finds_jinan_in_every_script(places_client, text):
    body = places_client.get("/api/search", query_string={"q": text}).get_json()
    first = body["results"][0]
    assert first["iri"] == ID + "city/jinanshi"
    assert first["labels"] == {"zh": "济南市", "en": "Jinan"}
    assert first["types"] == [{"iri": PKG + "City", "label": "地级市"}]
    assert first["href"] == "/id/city/jinanshi"
    assert body["total"] == 2


def test_search_labels_follow_the_language(places_client):
    zh = places_client.get("/api/search?q=jinan").get_json()["results"][0]
    en = places_client.get("/api/search?q=jinan", headers={"Accept-Language": "en"}).get_json()["results"][0]
    assert (zh["label"], en["label"]) == ("济南市", "Jinan")
    assert en["types"][0]["label"] == "City"


def test_search_type_filter_and_paging_over_http(places_client):
    url, seen = "/api/search?q=ji&type=City&limit=1", []
    while url:
        body = places_client.get(url).get_json()
        assert body["total"] == 3 and len(body["results"]) == 1
        seen.append(body["results"][0]["iri"].removeprefix(ID))
        url = body["next"]
    assert seen == ["city/jinanshi", "city/jiningshi", "city/nanjingshi"]
    both = places_client.get("/api/search?q=ji&type=pkg:City,Laboratory").get_json()
    assert both["total"] == 4


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("", "q"),
        ("?q=", "q"),
        ("?q=%20%20", "q"),
        ("?q=" + "济" * 201, "q"),
        ("?q=ji&limit=0", "limit"),
        ("?q=ji&limit=101", "limit"),
        ("?q=ji&limit=ten", "limit"),
        ("?q=ji&offset=-1", "offset"),
        ("?q=ji&offset=99999999999999999999", "offset"),
        ("?q=ji&offset=" + "9" * 5000, "offset"),
        ("?q=ji&limit=²", "limit"),
        ("?q=ji&limit=٣", "limit"),
        ("?q=ji&type=Spaceship", "type"),
        ("?q=ji&lang=de", "lang"),
    ],
)
def test_bad_search_requests_get_400_naming_the_parameter(places_client, query, parameter):
    response = places_client.get("/api/search" + query)
    assert response.status_code == 400
    assert response.get_json()["parameter"] == parameter


def test_the_index_can_be_built_in_the_background(places_client, monkeypatch):
    app = places_client.application
    with app.app_context():
        version = f"{id(get_store())} {app.config['POLICYKG_BASE']} {get_store().version}"
    cache = IndexCache()
    monkeypatch.setattr(entity_views, "_index_cache", cache)
    warm_search_index(app).join(timeout=60)
    built = cache._entry
    assert built is not None and built[0] == version and len(built[1]) == len(PLACES)
    assert places_client.get("/api/search?q=jinan").get_json()["total"] == 2
    assert cache._entry[1] is built[1]


def test_the_index_takes_pinyin_readings_from_the_data_when_it_has_them() -> None:
    # A reading that pypinyin would not give shows that the index used the data's, not its own.
    given = Entity("https://e.org/id/city/x", labels={"zh": "济南市"}, readings=["fu bar shi"])
    computed = Entity("https://e.org/id/city/y", labels={"zh": "临沂市"})
    index = SearchIndex([given, computed])
    assert [(hit.entity.iri, hit.field, hit.matched) for hit in index.search("fubar")[1]] == [
        (given.iri, "pinyin", "济南市")
    ]
    assert index.search("jinan") == (0, [])
    assert [hit.entity.iri for hit in index.search("linyi")[1]] == [computed.iri]


def test_each_reading_from_the_data_is_matched_as_the_name_it_reads() -> None:
    # The data reads the label and each variant, in no order; the index pairs them by syllable count.
    hospital = Entity(
        "https://e.org/id/hospital/qilu",
        labels={"zh": "齐鲁医院", "en": "Qilu Hospital"},
        alt_labels=["山东大学齐鲁医院", "Qilu"],
        readings=["shan dong da xue qi lu yi yuan", "qi lu yi yuan"],
    )
    index = SearchIndex([hospital])
    found = [(hit.field, hit.matched, hit.tier) for hit in index.search("shandongdaxue")[1]]
    assert found == [("pinyin", "山东大学齐鲁医院", "prefix")]
    found = [(hit.field, hit.matched, hit.tier) for hit in index.search("qiluyiy")[1]]
    assert found == [("pinyin", "齐鲁医院", "prefix")]
    # A reading that fits none of the names is matched as the Chinese label.
    odd = Entity("https://e.org/id/city/z", labels={"zh": "济南市"}, readings=["ji nan shi qu"])
    assert [hit.matched for hit in SearchIndex([odd]).search("jinanshiqu")[1]] == ["济南市"]
