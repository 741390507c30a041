"""The viewer as planners use it: findings with their text, the page in one language, its URL parameters.

The browser half (test_viewer_planner_browser.py) drives the same features in headless Chromium.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph

from policykg.server.viewer import findings as vf
from policykg.server.viewer import layout
from policykg.server.viewer import network as nw
from policykg.server.viewer import page as vh
from policykg.server.viewer.texts import PARAMETERS, UI

ID = "https://w3id.org/policykg/id/"
PLAN = ID + "plan/shilishi-keji-chuangxin-sannian-xingdong-jihua-2023-2025"
PORTFOLIO, CITY = PLAN + "/domain/1/portfolio/1", ID + "city/shilishi"
README = Path(__file__).parents[3] / "README.md"

# A finding about the portfolio that also involves the city, in a report about the plan (written for
# this test in the shape checks/findings.py writes).
FINDINGS = f"""
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix oa: <http://www.w3.org/ns/oa#> .
@prefix pkg: <https://w3id.org/policykg/ontology#> . @prefix dcterms: <http://purl.org/dc/terms/> .
<{PLAN}/audit> a sh:ValidationReport ; dcterms:subject <{PLAN}> ; sh:result <{PORTFOLIO}/finding/parts-sum> .
<{PORTFOLIO}/finding/parts-sum> a sh:ValidationResult ;
  sh:focusNode <{PORTFOLIO}> ; oa:hasTarget <{PORTFOLIO}>, <{CITY}> ;
  sh:resultSeverity sh:Violation ; sh:sourceConstraintComponent pkg:PartsSumCheck ;
  sh:resultPath pkg:projectCount ; pkg:expectedValue 80 ; pkg:observedValue 70 ; pkg:tolerance 0 ;
  sh:resultMessage "部分之和为70个，与所述80个不符。"@zh, "The parts add up to 70 projects, not the 80 stated."@en .
"""


@pytest.fixture
def sample(fixtures_dir) -> nx.MultiDiGraph:
    """The network of the sample graph with the finding above attached."""
    net = nw.to_networkx(Graph().parse(fixtures_dir / "sample_graph.ttl"))
    return vf.attach(net, Graph().parse(data=FINDINGS, format="turtle"))


def page_data(html: str) -> dict:
    """Return the JSON data that a viewer page embeds for its script."""
    found = re.search(r'<script id="viewer-data" type="application/json">(.*?)</script>', html, re.DOTALL)
    assert found, "the page embeds no viewer data"
    return json.loads(found.group(1))


def test_finding_notes_carry_the_text_for_every_entity_involved(sample):
    notes = vf.notes_of(sample)
    assert set(notes) == {PORTFOLIO, CITY}
    (portfolio,) = notes[PORTFOLIO]
    assert portfolio["focus"] is True and portfolio["severity"] == "Violation"
    assert portfolio["message"]["en"] == "The parts add up to 70 projects, not the 80 stated."
    assert portfolio["path"] == "/" + (PORTFOLIO + "/finding/parts-sum").removeprefix(
        "https://w3id.org/policykg/"
    )
    assert notes[CITY][0]["focus"] is False


def test_only_the_focus_of_a_finding_is_flagged(sample):
    # The report names the plan and the finding involves the city: neither is flagged, only the portfolio.
    assert vf.flagged(sample, {PLAN, PORTFOLIO, CITY}) == {PORTFOLIO}


def test_without_finding_texts_the_mentioned_entities_are_flagged(fixtures_dir):
    net = nw.to_networkx(Graph().parse(fixtures_dir / "sample_graph.ttl"))
    assert vf.flagged(net, {CITY}) == {CITY}


def test_flagged_node_keeps_its_class_colour_and_shape(sample):
    html, _view = vh.viewer_page(sample, findings={PLAN, PORTFOLIO, CITY})
    data = page_data(html)
    nodes = {n["id"]: n for n in data["nodes"]}
    portfolio = nodes[PORTFOLIO]
    style = data["styles"]["ProjectPortfolio"]
    assert (portfolio["shape"], portfolio["color"]["background"]) == (style["shape"], style["color"])
    assert portfolio["finding"] is True and portfolio["borderWidth"] <= 2
    assert "finding" not in nodes[PLAN] and "finding" not in nodes[CITY]
    assert data["findings"] == [PORTFOLIO]
    assert data["findingNotes"][PORTFOLIO][0]["message"]["zh"] == "部分之和为70个，与所述80个不符。"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_title_in_the_chosen_language(sample, lang):
    html, _view = vh.viewer_page(sample, lang=lang)
    titles = page_data(html)["titles"]
    plan = sample.nodes[PLAN]["label"]
    assert titles == {"zh": plan["zh"], "en": plan["en"]}
    assert f"<title>{plan[lang]}</title>" in html
    assert f'<h1 id="title">{plan[lang]}</h1>' in html
    assert UI[lang]["helpTitle"] in html


def test_help_lists_every_url_parameter_in_the_language(sample):
    html, _view = vh.viewer_page(sample, lang="en")
    for name, text in PARAMETERS.items():
        assert f"<code>{name}</code>" in html
        assert text["en"] in html
    assert page_data(html)["parameters"] == PARAMETERS


def test_readme_documents_the_viewer_parameters():
    readme = README.read_text(encoding="utf-8")
    section = readme[readme.index("URL parameters of `/viewer`") :][:3000]
    for name in PARAMETERS:
        assert f"`{name}" in section, name


def test_served_subset_carries_a_search_index_of_the_rest(sample):
    html, view = vh.viewer_page(sample, focus=CITY, depth=1)
    index = page_data(html)["index"]
    assert {r["id"] for r in index} == set(sample) - set(view)
    assert all(r["label"] and r["kind"] for r in index)
    whole, _ = vh.viewer_page(sample)
    assert page_data(whole)["index"] is None


def test_path_page_carries_the_steps_with_sentences(sample):
    html, view = vh.viewer_page(sample, path=(CITY, PLAN))
    path = page_data(html)["path"]
    assert path["connected"] and path["nodes"][0]["id"] == CITY and path["nodes"][-1]["id"] == PLAN
    assert set(view) == {n["id"] for n in path["nodes"]}
    assert path["length"] == len(path["steps"]) >= 1
    assert all("sentence" in step for step in path["steps"])


def test_nodes_carry_their_domain_cluster(sample):
    data = page_data(vh.viewer_page(sample)[0])
    homes = layout.clusters(sample)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes[PLAN]["cluster"] is None
    assert (
        nodes[PLAN + "/domain/1/task/1"]["cluster"] == homes[PLAN + "/domain/1/task/1"] == PLAN + "/domain/1"
    )


def test_vis_network_draws_no_labels_of_its_own(sample):
    # The page draws node labels where they fit and edge labels on hover; vis-network's would pile up.
    options = page_data(vh.viewer_page(sample)[0])["options"]
    assert options["nodes"]["scaling"]["label"]["drawThreshold"] == layout.LABELS_HIDDEN
    assert options["edges"]["scaling"]["label"]["drawThreshold"] == layout.LABELS_HIDDEN


def test_load_build_attaches_finding_texts(tmp_path, fixtures_dir):
    (tmp_path / "graph.ttl").write_text((fixtures_dir / "sample_graph.ttl").read_text(encoding="utf-8"))
    (tmp_path / "findings.ttl").write_text(FINDINGS, encoding="utf-8")
    net, mentioned = nw.load_build(tmp_path)
    assert {PLAN, PORTFOLIO, CITY} <= mentioned
    assert vf.flagged(net, mentioned) == {PORTFOLIO}


def test_served_viewer_in_english(client):
    page = client.get("/viewer?lang=en").get_data(as_text=True)
    data = page_data(page)
    assert data["pathUrl"] == "/api/graph/path"
    assert re.search(r"<title>[^<]*Shili[^<]*</title>", page)
    assert UI["en"]["exportPng"] in page and UI["en"]["pathFind"] in page


def test_a_relation_from_the_division_data_quotes_only_a_sentence_naming_both(sample):
    # CITY within PROVINCE comes from the administrative-division data: the province's first sentence
    # would not attest it; a sentence both were read from, or one naming both, does.
    ends = (CITY, ID + "province/shandongsheng")
    names = [sample.nodes[n]["label"]["zh"] for n in ends]
    sentence = sample[CITY][ends[1]]["within"]["sentence"]
    shared = set(sample.nodes[ends[0]]["sentences"]) & set(sample.nodes[ends[1]]["sentences"])
    assert sentence is None or sentence in shared or all(name in sentence for name in names)
    net = sample.copy()
    net.nodes[ends[0]]["sentences"] = []
    net.nodes[ends[1]]["sentences"] = ["本句只提到山东省。"]
    assert nw._edge_sentence(net, *ends, "within") is None
    assert nw._edge_sentence(net, *ends, "mentions") == "本句只提到山东省。"


def test_search_box_has_the_focus_on_load(sample):
    assert re.search(r'<input id="search"[^>]* autofocus', vh.viewer_page(sample)[0])
