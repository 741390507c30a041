"""RDF to networkx conversion and each analytic, on small graphs whose answers are known by hand."""

from __future__ import annotations

import networkx as nx
import pytest
from rdflib import Graph

from policykg.server.viewer import analytics
from policykg.server.viewer import network as nw

ID = "https://w3id.org/policykg/id/"
PLAN, D1, D2 = ID + "plan/p", ID + "plan/p/domain/1", ID + "plan/p/domain/2"
T1, T2, T3 = D1 + "/task/1", D1 + "/task/2", D2 + "/task/1"
LAB, PARK = ID + "laboratory/jia-shiyanshi", ID + "industrial-park/yi-yuanqu"
CITY, PROVINCE = ID + "city/c", ID + "province/s"
PORTFOLIO, PART, TARGET = D1 + "/portfolio/1", D1 + "/portfolio/1/continuing", PLAN + "/target/rencai-2025"
ENTITIES = {PLAN, D1, D2, T1, T2, T3, LAB, PARK, CITY, PROVINCE, PORTFOLIO, PART, TARGET}

# Two triangles (a task and the two places it mentions) joined by one `within` bridge.
TRIANGLES = """
@prefix pkg: <https://w3id.org/policykg/ontology#> .
@base <https://w3id.org/policykg/id/> .
<task/x> a pkg:Task ; pkg:mentions <district/a> , <district/b> .
<task/y> a pkg:Task ; pkg:mentions <district/c> , <district/d> .
<district/a> a pkg:District ; pkg:within <district/b> .
<district/c> a pkg:District ; pkg:within <district/d> .
<district/b> pkg:within <district/c> .
<district/b> a pkg:District . <district/d> a pkg:District .
"""


@pytest.fixture(scope="module")
def small(fixtures_dir) -> nx.MultiDiGraph:
    """The network of tests/fixtures/small_network.ttl (drawn in that file's header)."""
    return nw.to_networkx(Graph().parse(fixtures_dir / "small_network.ttl"))


@pytest.fixture(scope="module")
def sample(fixtures_dir) -> nx.MultiDiGraph:
    """The network of the builder-shaped sample graph."""
    return nw.to_networkx(Graph().parse(fixtures_dir / "sample_graph.ttl"))


def test_nodes_are_the_typed_entities_only(small):
    assert set(small) == ENTITIES
    assert small.number_of_edges() == 13


def test_sample_graph_leaves_provenance_out(sample):
    kinds = sorted(d["kind"] for _, d in sample.nodes(data=True))
    assert kinds == ["Domain", "Institution", "Place", "Place", "Plan"] + ["ProjectPortfolio"] * 3 + [
        "Target",
        "Task",
    ]
    assert not [n for n in sample if "/span/" in n or "/document/" in n or "/year/" in n or "/build/" in n]


@pytest.mark.parametrize(
    ("iri", "cls", "kind", "zh", "en", "pinyin"),
    [
        (LAB, "Laboratory", "Institution", "甲实验室", "Jia Laboratory", "jia shi yan shi"),
        (PARK, "IndustrialPark", "Institution", "乙园区", "Yi Park", "yi yuan qu"),
        (CITY, "City", "Place", "小城市", "Xiaocheng City", "xiao cheng shi"),
        (D1, "Domain", "Domain", "科技创新", "Innovation", "ke ji chuang xin"),
        (PROVINCE, "Province", "Place", "大省", None, "da sheng"),
    ],
)
def test_node_attributes(small, iri, cls, kind, zh, en, pinyin):
    node = small.nodes[iri]
    assert (node["cls"], node["kind"], node["pinyin"]) == (cls, kind, pinyin)
    assert node["label"].get("zh") == zh
    assert node["label"].get("en") == en
    assert node["path"] == "/" + iri.removeprefix("https://w3id.org/policykg/")


READINGS = """
@prefix pkg: <https://w3id.org/policykg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@base <https://w3id.org/policykg/id/> .
<hospital/qilu> a pkg:Hospital ; rdfs:label "山东大学齐鲁医院"@zh ; skos:altLabel "齐鲁医院"@zh ;
    skos:hiddenLabel "qi lu yi yuan"@zh-latn-pinyin , "shan dong da xue qi lu yi yuan"@zh-latn-pinyin .
<city/x> a pkg:City ; rdfs:label "二〇二三城"@zh .
<laboratory/y> a pkg:Laboratory ; rdfs:label "神农实验室"@zh ; skos:altLabel "神衣实验室"@zh ;
    skos:hiddenLabel "shen nong shi yan shi"@zh-latn-pinyin , "shen yi shi yan shi"@zh-latn-pinyin .
"""


def test_a_node_reads_the_pinyin_of_its_label_not_of_its_variants():
    net = nw.to_networkx(Graph().parse(data=READINGS, format="turtle"))
    assert net.nodes[ID + "hospital/qilu"]["pinyin"] == "shan dong da xue qi lu yi yuan"
    # Without a reading in the data the viewer reads one, as the builder would: 〇 is "ling".
    assert net.nodes[ID + "city/x"]["pinyin"] == "er ling er san cheng"
    # Two names as long, read differently: without a dictionary the label's reading is unknown, and
    # the node shows none rather than its variant's.
    assert net.nodes[ID + "laboratory/y"]["pinyin"] == ""


def test_class_labels_come_from_the_ontology(small):
    assert small.nodes[PARK]["classLabel"] == {"zh": "产业园区", "en": "Industrial park"}


def test_portfolio_and_target_figures(small):
    portfolio, part, target = (small.nodes[n]["figures"] for n in (PORTFOLIO, PART, TARGET))
    assert portfolio["count"] == 80
    assert portfolio["investment"] == 10_000_000_000
    assert portfolio["printed"] == "100亿元"
    assert portfolio["unit"]["iri"] == "http://qudt.org/vocab/currency/CNY"
    assert part["status"]["zh"] == "续建"
    assert part["startYears"] == ["2024", "2025"]
    assert target["value"] == 500_000
    assert target["unit"] == {"iri": "https://w3id.org/policykg/unit/Person", "zh": "人", "en": "persons"}
    assert target["comparator"]["en"] == "at least"
    assert target["deadline"] == "2025"
    assert target["printedValue"] == "50万"
    assert target["metric"] == {"zh": "人才总量", "en": "total talent"}


def test_node_and_edge_sentences(small):
    assert small.nodes[TARGET]["sentences"] == ["到2025年人才总量突破50万。"]
    assert small.nodes[PARK]["sentences"] == []
    # The task and the laboratory share the span that attests the mention.
    assert small[T1][LAB]["mentions"]["sentence"] == "一、科技创新。支持甲实验室建设。"


@pytest.mark.parametrize(
    ("source", "target", "key", "zh", "en"),
    [
        (PLAN, D1, "hasDomain", "包含领域", "has domain"),
        (T3, PARK, "mentions", "提及", "mentions"),
        (PARK, CITY, "locatedIn", "位于", "located in"),
        (PORTFOLIO, PART, "hasPart", "包含部分", "has part"),
        (CITY, PROVINCE, "within", "隶属于", "within"),
    ],
)
def test_edges_carry_property_labels(small, source, target, key, zh, en):
    edge = small[source][target][key]
    assert edge["label"] == {"zh": zh, "en": en}
    assert edge["property"] == "https://w3id.org/policykg/ontology#" + key


def test_shortest_path_steps(small):
    result = analytics.shortest_path(small, LAB, TARGET)
    assert [n["id"] for n in result["nodes"]] == [LAB, T1, D1, PLAN, D2, TARGET]
    steps = [(s["label"]["en"], s["direction"]) for s in result["steps"]]
    assert steps == [
        ("mentions", "backward"),
        ("has task", "backward"),
        ("has domain", "backward"),
        ("has domain", "forward"),
        ("has target", "forward"),
    ]
    assert result["steps"][0]["subject"] == T1
    assert result["steps"][-1]["sentence"] == "到2025年人才总量突破50万。"
    assert result["length"] == 5


def test_shortest_path_between_unconnected_entities():
    net = nw.to_networkx(Graph().parse(data=TRIANGLES + "<task/z> a pkg:Task .", format="turtle"))
    result = analytics.shortest_path(net, ID + "task/x", ID + "task/z")
    assert (result["connected"], result["steps"]) == (False, [])


@pytest.mark.parametrize(
    ("measure", "types", "top"),
    [
        ("degree", (), [D1]),
        ("betweenness", (), [D1, PLAN]),
        ("degree", ("Place",), [CITY, PROVINCE]),
        ("degree", ("Institution",), [PARK, LAB]),
        ("degree", ("pkg:Laboratory",), [LAB]),
    ],
)
def test_centrality_ranking(small, measure, types, top):
    ranked = analytics.centrality(small, measure, types, limit=len(top))
    assert [r["id"] for r in ranked] == top
    assert [r["rank"] for r in ranked] == list(range(1, len(top) + 1))


def test_betweenness_of_the_bridge_is_exact(small):
    # 43 of the 66 pairs of the other 12 nodes pass through domain 1 (counted in small_network.ttl).
    assert analytics.centrality(small, "betweenness", limit=1)[0]["score"] == round(43 / 66, 6)
    assert analytics.centrality(small, "degree", limit=1)[0]["score"] == round(4 / 12, 6)


def test_pagerank_scores_sum_to_one(small):
    scores = [r["score"] for r in analytics.centrality(small, "pagerank", limit=100)]
    assert len(scores) == 13
    assert sum(scores) == pytest.approx(1, abs=1e-4)


@pytest.mark.parametrize(
    ("measure", "types", "limit", "message"),
    [
        ("closeness", (), 5, "unknown measure"),
        ("degree", ("Dragon",), 5, "unknown type"),
        ("degree", (), 0, "limit"),
    ],
)
def test_centrality_rejects_bad_parameters(small, measure, types, limit, message):
    with pytest.raises(analytics.NetworkError, match=message):
        analytics.centrality(small, measure, types, limit)


@pytest.mark.parametrize(
    ("centre", "depth", "expected"),
    [
        (LAB, 1, {LAB, T1}),
        (LAB, 2, {LAB, T1, D1}),
        (CITY, 1, {CITY, PLAN, PARK, PROVINCE}),
        (CITY, 2, {CITY, PLAN, PARK, PROVINCE, D1, D2, T3}),
    ],
)
def test_neighborhood_by_depth(small, centre, depth, expected):
    assert set(analytics.neighborhood(small, centre, depth)) == expected


def test_neighborhood_json_keeps_edges_among_the_nodes(small):
    result = analytics.neighborhood_json(small, PARK, 1)
    assert {n["id"] for n in result["nodes"]} == {PARK, T3, CITY}
    assert {(e["from"], e["key"], e["to"]) for e in result["edges"]} == {
        (T3, "mentions", PARK),
        (PARK, "locatedIn", CITY),
    }


@pytest.mark.parametrize("depth", [0, 4, "two"])
def test_neighborhood_rejects_bad_depth(small, depth):
    with pytest.raises(analytics.NetworkError, match="depth"):
        analytics.neighborhood(small, LAB, depth)


def test_unknown_entity(small):
    with pytest.raises(analytics.UnknownEntity):
        analytics.neighborhood(small, ID + "laboratory/nowhere")


def test_communities_of_two_triangles():
    net = nw.to_networkx(Graph().parse(data=TRIANGLES, format="turtle"))
    found = [{m["id"].removeprefix(ID) for m in c["members"]} for c in analytics.communities(net)]
    assert sorted(found, key=sorted) == [
        {"task/x", "district/a", "district/b"},
        {"task/y", "district/c", "district/d"},
    ]


def test_communities_keep_a_branch_behind_a_bridge_together(small):
    found = analytics.communities(small)
    assert sum(c["size"] for c in found) == 13
    # Domain 1 and everything under it hang off the rest through the single link to the plan.
    assert {m["id"] for m in found[0]["members"]} == {D1, T1, T2, LAB, PORTFOLIO, PART}
    assert found[0]["hub"] == D1


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"domain": D2}, {D2, T3, PARK, CITY, PROVINCE, TARGET}),
        ({"domain": "1"}, {D1, T1, T2, LAB, PORTFOLIO, PART}),
        ({"types": ["Place", "Institution"]}, {CITY, PROVINCE, LAB, PARK}),
        ({"focus": PARK, "depth": 1}, {PARK, T3, CITY}),
        ({"focus": PARK, "depth": 2, "types": ["Place"]}, {PARK, CITY, PROVINCE}),
    ],
)
def test_select_views(small, kwargs, expected):
    assert set(analytics.select(small, **kwargs)) == expected


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"domain": "7"}, analytics.UnknownEntity),
        ({"domain": LAB}, analytics.NetworkError),
        ({"focus": ID + "city/nowhere"}, analytics.UnknownEntity),
        ({"types": ["Dragon"]}, analytics.NetworkError),
    ],
)
def test_select_rejects_bad_views(small, kwargs, error):
    with pytest.raises(error):
        analytics.select(small, **kwargs)


def test_path_view_holds_the_path(small):
    assert set(analytics.path_view(small, LAB, TARGET)) == {LAB, T1, D1, PLAN, D2, TARGET}


def test_findings_mark_only_entities(small):
    findings = Graph().parse(
        data=f"""@prefix sh: <http://www.w3.org/ns/shacl#> .
        [] a sh:ValidationResult ; sh:focusNode <{PORTFOLIO}> ; sh:resultMessage "parts do not add up" .
        [] a sh:ValidationResult ; sh:focusNode <{ID}span/elsewhere> .""",
        format="turtle",
    )
    assert nw.mentioned_entities(small, findings) == {PORTFOLIO}


def test_load_build_reads_graph_base_and_findings(tmp_path, fixtures_dir):
    (tmp_path / "graph.ttl").write_text((fixtures_dir / "small_network.ttl").read_text(encoding="utf-8"))
    (tmp_path / "build.json").write_text('{"base": "https://w3id.org/policykg/"}')
    (tmp_path / "findings.ttl").write_text(f"<urn:x:finding> <urn:x:about> <{CITY}> .")
    net, findings = nw.load_build(tmp_path)
    assert len(net) == 13
    assert findings == {CITY}


def test_load_build_without_graph(tmp_path):
    with pytest.raises(FileNotFoundError, match="policykg build"):
        nw.load_build(tmp_path)
