"""The viewer's page building: pyvis node and edge data, seeded layout, options by size, offline assets."""

from __future__ import annotations

import json
import math
import re

import networkx as nx
import pytest
from rdflib import Graph
from synthetic import synthetic_plan

from policykg.server.viewer import analytics, layout, vis
from policykg.server.viewer import network as nw
from policykg.server.viewer import page as vh

ID = "https://w3id.org/policykg/id/"
PLAN = ID + "plan/shilishi-keji-chuangxin-sannian-xingdong-jihua-2023-2025"
PORTFOLIO, CITY = PLAN + "/domain/1/portfolio/1", ID + "city/shilishi"


@pytest.fixture(scope="module")
def sample(fixtures_dir) -> nx.MultiDiGraph:
    """The network of the builder-shaped sample graph."""
    return nw.to_networkx(Graph().parse(fixtures_dir / "sample_graph.ttl"))


def test_pyvis_nodes_styled_by_kind_and_sized_by_degree(sample):
    nodes = {n["id"]: n for n in vis.build_pyvis(sample, "en").nodes}
    city = nodes[CITY]
    assert (city["shape"], city["color"], city["label"]) == (
        "dot",
        vis.STYLES["Place"]["color"],
        "Shili City",
    )
    assert city["value"] == 4
    assert nodes[PLAN]["shape"] == "star"
    assert nodes[PORTFOLIO]["figures"]["printed"] == "100亿元"


def test_pyvis_edges_labelled_in_the_language(sample):
    for lang, expected in (("zh", "隶属于"), ("en", "within")):
        edges = {e["id"]: e for e in vis.build_pyvis(sample, lang).edges}
        edge = edges[f"{CITY} within {ID}province/shandongsheng"]
        assert (edge["label"], edge["arrows"]) == (expected, "to")
        assert edge["labels"] == {"zh": "隶属于", "en": "within"}


def test_findings_get_a_red_border(sample):
    nodes = {n["id"]: n for n in vis.build_pyvis(sample, "zh", findings={PORTFOLIO}).nodes}
    assert nodes[PORTFOLIO]["color"]["border"] == vis.FINDING_BORDER
    assert nodes[PORTFOLIO]["finding"] is True
    assert "finding" not in nodes[CITY]


def test_seed_positions_cluster_each_domain():
    net = nw.to_networkx(synthetic_plan(300))
    positions = layout.seed_positions(net)
    assert set(positions) == set(net)
    domains = [n for n, d in net.nodes(data=True) if d["kind"] == "Domain"]
    for domain in domains:
        for task in net.successors(domain):
            if net.nodes[task]["kind"] != "Task":
                continue
            # Each task starts nearer its own domain than any other domain.
            nearest = min(domains, key=lambda d: math.dist(positions[d], positions[task]))
            assert nearest == domain


def test_seed_positions_without_domains(sample):
    places = analytics.select(sample, types=["Place"])
    positions = layout.seed_positions(places)
    assert set(positions) == set(places)
    assert len(set(positions.values())) == len(places)


@pytest.mark.parametrize(
    ("count", "iterations", "improved"), [(10, 300, True), (1000, 100, False), (5000, 20, False)]
)
def test_options_by_size(count, iterations, improved):
    options = layout.physics_options(count)
    assert options["physics"]["stabilization"]["iterations"] == iterations
    assert options["layout"]["improvedLayout"] is improved


def test_standalone_page_inlines_everything(sample):
    html = vh.render_viewer(sample, standalone=True)
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=\"(?!data:)", html)
    vis = vh.asset_path("vis-network.min.js").read_text(encoding="utf-8")
    assert vis[:2000] in html


def test_served_page_links_its_assets(sample):
    html = vh.render_viewer(sample, asset_url="/static/{}".format)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts == ["/static/vis-network.min.js", "/static/viewer.js"]


def test_embedded_data_cannot_close_the_script(sample):
    net = sample.copy()
    net.nodes[CITY]["label"] = {"zh": "</script><script>alert(1)</script>"}
    html = vh.render_viewer(net)
    data = re.search(r'<script id="viewer-data" type="application/json">(.*?)</script>', html, re.DOTALL)
    # Jinja's tojson escapes "<", so the label cannot end the script early and comes back intact.
    assert json.loads(data.group(1))["nodes"][0]["labels"] == {"zh": "</script><script>alert(1)</script>"}


def test_unknown_language(sample):
    with pytest.raises(ValueError, match="lang"):
        vh.render_viewer(sample, lang="fr")


@pytest.mark.parametrize("name", ["vis-network.min.js", "vis-network.css", "viewer.js", "viewer.css"])
def test_assets_exist_locally(name):
    assert vh.asset_path(name).is_file()


def test_legend_names_every_kind_in_both_languages():
    legend = vis.legend()
    assert [e["kind"] for e in legend] == list(nw.KINDS)
    assert all(e["label"]["zh"] and e["label"]["en"] for e in legend)
