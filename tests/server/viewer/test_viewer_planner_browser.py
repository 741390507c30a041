"""The viewer on the whole bundled plan in real headless Chromium, as a planner uses it.

A real server on loopback serves a store loaded with the seed build (the bundled plan and its audit).
Every test keeps a screenshot under test-artifacts/ (viewer-planner-*.png) to look at.
"""

from __future__ import annotations

import base64
import csv
import io
import itertools
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from browser import chromium_missing, running_chromium
from click.testing import CliRunner
from flask import Flask
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from policykg.cli import cli
from policykg.server.app import create_app
from policykg.server.store.embedded import OxigraphStore
from policykg.server.store.loading import load_build
from policykg.server.viewer.network import load_build as load_network

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).parents[3] / "test-artifacts"


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    """A headless Chromium (Debian's), quit after the module."""
    if missing := chromium_missing():
        pytest.fail(missing)
    with running_chromium() as driver:
        yield driver


@pytest.fixture(scope="module")
def build_dir(seed_build) -> Path:
    """The folder of the seed build: the bundled plan's graph and its findings."""
    return seed_build.files[0].parent


@pytest.fixture(scope="module")
def plan_store(build_dir) -> Iterator[OxigraphStore]:
    """An in-memory store loaded with the seed build."""
    store = OxigraphStore()
    load_build(store, build_dir)
    yield store
    store.close()


@pytest.fixture(scope="module")
def plan_net(build_dir):
    """The bundled plan's network (with its findings' texts) and the entities the findings mention."""
    return load_network(build_dir)


@pytest.fixture
def site(plan_store: OxigraphStore, serve: Callable[[Flask], str]) -> str:
    """The root URL of an app over the bundled plan, served on loopback."""
    return serve(create_app({"TESTING": True, "POLICYKG_STORE": plan_store}))


def open_viewer(driver: WebDriver, url: str) -> None:
    """Load a viewer page and wait until its layout has settled and the URL's state is restored."""
    driver.get("about:blank")
    driver.get(url)
    wait_ready(driver)


def wait_ready(driver: WebDriver) -> None:
    """Wait until the viewer has settled and restored its state, then let it draw once more."""
    WebDriverWait(driver, 60).until(
        lambda d: d.execute_script(
            "var v = window.policykgViewer; return !!(v && v.stabilized && v.restored);"
        )
    )
    driver.execute_script("return new Promise(function (r) { setTimeout(r, 300); });")


def js(driver: WebDriver, script: str, *args: object) -> object:
    """Run a script with the viewer's state bound to ``v``."""
    return driver.execute_script("var v = window.policykgViewer;" + script, *args)


def shot(driver: WebDriver, name: str) -> Path:
    """Save a screenshot under test-artifacts/ and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"viewer-planner-{name}.png"
    assert driver.save_screenshot(str(path))
    assert path.stat().st_size > 20_000
    return path


def overlapping_labels(driver: WebDriver) -> list[tuple[str, str]]:
    """Return the pairs of drawn labels whose boxes on screen overlap."""
    boxes = js(driver, "return v.labelBoxes.map(function (b) { return [b.text, b.screen]; });")
    return [
        (a, b)
        for (a, p), (b, q) in itertools.combinations(boxes, 2)
        if p["l"] < q["r"] and q["l"] < p["r"] and p["t"] < q["b"] and q["t"] < p["b"]
    ]


def click_node(driver: WebDriver, iri: str, double: bool = False) -> None:
    """Click (or double-click) a node where it is drawn on the canvas."""
    js(driver, "v.network.moveTo({position: v.network.getPositions([arguments[0]])[arguments[0]]});", iri)
    x, y = js(
        driver,
        """var p = v.network.canvasToDOM(v.network.getPositions([arguments[0]])[arguments[0]]);
        var box = document.getElementById('network').getBoundingClientRect();
        return [p.x - box.width / 2, p.y - box.height / 2];""",
        iri,
    )
    canvas = driver.find_element(By.CSS_SELECTOR, "#network canvas")
    chain = ActionChains(driver).move_to_element_with_offset(canvas, int(x), int(y))
    (chain.double_click() if double else chain.click()).perform()


def of_kind(net, kind: str) -> list[str]:
    """Return the nodes of one kind, most connected first."""
    return sorted((n for n, d in net.nodes(data=True) if d["kind"] == kind), key=lambda n: -net.degree(n))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_whole_plan_legible_at_first_load(browser, site, plan_net, lang):
    net, _ = plan_net
    open_viewer(browser, f"{site}/viewer?lang={lang}")
    shot(browser, f"plan-{lang}")
    assert js(browser, "return v.nodes.length;") == len(net)
    assert overlapping_labels(browser) == []
    drawn = js(browser, "return v.labelBoxes.map(function (b) { return b.owner; });")
    # Every domain is named on its cluster, and the overview names a fair share of the rest.
    assert set(of_kind(net, "Domain")) <= set(drawn)
    assert len(drawn) >= 40
    assert js(browser, "return v.nodes.get().filter(function (n) { return !n.cluster; }).length;") < 10


def test_the_whole_page_switches_language(browser, site, plan_net):
    net, _ = plan_net
    plan = of_kind(net, "Plan")[0]
    open_viewer(browser, f"{site}/viewer?lang=zh")
    assert browser.title == net.nodes[plan]["label"]["zh"]
    browser.find_element(By.ID, "lang-en").click()
    english = net.nodes[plan]["label"]["en"]
    assert browser.title == english
    assert browser.find_element(By.ID, "title").text.startswith(english[:30])
    for control, text in (("help-toggle", "Help"), ("path-toggle", "Path"), ("export-toggle", "Export")):
        assert browser.find_element(By.ID, control).text == text
    assert "Project portfolio" in browser.find_element(By.ID, "legend").text
    browser.find_element(By.ID, "help-toggle").click()
    help_text = browser.find_element(By.ID, "help").text
    assert "URL parameters" in help_text and "expand" in help_text and "界面语言" not in help_text
    assert "lang=en" in browser.current_url
    shot(browser, "help-en")


def test_a_flag_keeps_the_class_style_and_the_panel_quotes_the_finding(browser, site, plan_net):
    net, mentioned = plan_net
    open_viewer(browser, f"{site}/viewer?lang=en")
    flagged = js(browser, "return v.nodes.get().filter(function (n) { return n.finding; });")
    plans = of_kind(net, "Plan")
    assert flagged and not {n["id"] for n in flagged} & set(plans)
    # Fewer flags than entities mentioned: only a finding's focus is flagged.
    assert len(flagged) < len(mentioned)
    styles = js(browser, "return JSON.parse(document.getElementById('viewer-data').textContent).styles;")
    for node in flagged:
        style = styles[node["kind"]]
        assert (node["shape"], node["color"]["background"]) == (style["shape"], style["color"])
    legend = browser.find_element(By.CSS_SELECTOR, "#legend div[data-kind=finding] svg :first-child")
    assert legend.get_attribute("fill") == styles[flagged[0]["kind"]]["color"]
    target = flagged[0]["id"]
    message = js(
        browser,
        "return JSON.parse(document.getElementById('viewer-data').textContent)"
        ".findingNotes[arguments[0]][0].message.en;",
        target,
    )
    click_node(browser, target)
    details = browser.find_element(By.ID, "details")
    assert message and message in details.text.replace("\n", " ")
    assert "select=" in browser.current_url
    shot(browser, "finding")


def test_a_path_chosen_in_the_page_shows_every_sentence(browser, site, plan_net):
    net, _ = plan_net
    source, target = of_kind(net, "Project")[0], of_kind(net, "Target")[-1]
    open_viewer(browser, f"{site}/viewer?lang=zh")
    browser.find_element(By.ID, "path-toggle").click()
    for end, iri in (("from", source), ("to", target)):
        box = browser.find_element(By.ID, f"path-{end}")
        box.send_keys(net.nodes[iri]["label"]["zh"])
        first = browser.find_element(By.CSS_SELECTOR, f"#path-{end} + .choices li[data-id]")
        assert first.get_attribute("data-id") == iri
        box.send_keys(Keys.ENTER)
    browser.find_element(By.ID, "path-find").click()
    WebDriverWait(browser, 20).until(lambda d: js(d, "return !!(v.path && v.showingPath);"))
    steps = browser.find_elements(By.CSS_SELECTOR, "#details .path-steps li")
    length = js(browser, "return v.path.result.length;")
    assert len(steps) == length >= 2
    for step in steps:
        assert step.find_element(By.TAG_NAME, "blockquote").text.strip()
    # The path's relations are named on the network.
    named = js(browser, "return v.labelBoxes.filter(function (b) { return !b.kind; }).length;")
    assert named == length
    query = parse_qs(urlsplit(browser.current_url).query)
    assert (query["from"], query["to"]) == ([source], [target])
    shot(browser, "path")
    browser.refresh()
    wait_ready(browser)
    assert js(browser, "return v.showingPath && v.path.result.steps.length;") == length


def test_expansions_selection_and_language_survive_a_reload(browser, site, plan_net):
    net, _ = plan_net
    centre = of_kind(net, "Institution")[0]
    open_viewer(browser, f"{site}/viewer?focus={centre}&depth=1&lang=en")
    neighbour = next(n for n in js(browser, "return v.nodes.getIds();") if n != centre and net.degree(n) > 2)
    click_node(browser, neighbour, double=True)
    WebDriverWait(browser, 10).until(lambda d: js(d, "return v.expanded.length;") == 1)
    shown = set(js(browser, "return v.nodes.getIds();"))
    click_node(browser, neighbour)
    query = parse_qs(urlsplit(browser.current_url).query)
    assert query["expand"] == [neighbour] and query["select"] == [neighbour] and query["lang"] == ["en"]
    browser.refresh()
    wait_ready(browser)
    assert set(js(browser, "return v.nodes.getIds();")) == shown
    assert js(browser, "return [v.selected, v.lang()];") == [neighbour, "en"]
    assert browser.find_element(By.ID, "details").is_displayed()
    shot(browser, "reloaded")


def test_search_brings_in_an_entity_beyond_the_view(browser, site, plan_net):
    net, _ = plan_net
    centre = of_kind(net, "Institution")[0]
    open_viewer(browser, f"{site}/viewer?focus={centre}&depth=1")
    shown = set(js(browser, "return v.nodes.getIds();"))
    wanted = next(n for n in of_kind(net, "Project") if n not in shown)
    box = browser.find_element(By.ID, "search")
    box.send_keys(net.nodes[wanted]["label"]["zh"])
    assert (
        browser.find_element(By.CSS_SELECTOR, "#search-results li[data-id]").get_attribute("data-id")
        == wanted
    )
    box.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: js(d, "return v.focused;") == wanted)
    now = set(js(browser, "return v.nodes.getIds();"))
    assert wanted in now and set(net.predecessors(wanted)) | set(net.successors(wanted)) <= now
    assert f"expand={wanted}".replace(":", "%3A").replace("/", "%2F") in browser.current_url


def test_exports(browser, site, plan_net):
    net, _ = plan_net
    open_viewer(browser, f"{site}/viewer?lang=en")
    png = base64.b64decode(js(browser, "return v.exports.png();").split(",", 1)[1])
    assert png.startswith(b"\x89PNG") and len(png) > 50_000
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "viewer-planner-export.png").write_bytes(png)
    svg = js(browser, "return v.exports.svg();")
    (ARTIFACTS / "viewer-planner-export.svg").write_text(svg, encoding="utf-8")
    root = ET.fromstring(svg.split("\n", 1)[1])
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == ns + "svg"
    assert len(root.findall(ns + "line")) == net.number_of_edges()
    labels = [t for t in root.findall(ns + "text") if t.get("class") != "badge"]
    assert len(labels) == len(js(browser, "return v.labelBoxes;"))
    flags = js(browser, "return v.nodes.get().filter(function (n) { return n.finding; }).length;")
    assert len(root.findall(ns + "text[@class='badge']")) == flags > 0
    nodes = list(csv.DictReader(io.StringIO(js(browser, "return v.exports.nodesCsv();").lstrip("\ufeff"))))
    assert {row["id"] for row in nodes} == set(net)
    flagged = [row for row in nodes if row["finding"]]
    assert flagged and all(row["finding"] != "Audit finding" for row in flagged)
    edges = list(csv.DictReader(io.StringIO(js(browser, "return v.exports.edgesCsv();").lstrip("\ufeff"))))
    assert len(edges) == net.number_of_edges()
    assert sum(bool(row["sentence"]) for row in edges) > len(edges) // 2
    browser.find_element(By.ID, "export-toggle").click()
    assert browser.find_element(By.ID, "export-png").is_displayed()
    shot(browser, "export-menu")


def test_standalone_file_reads_its_state_from_the_fragment(browser, build_dir, tmp_path, plan_net):
    net, _ = plan_net
    out = tmp_path / "plan.html"
    result = CliRunner().invoke(cli, ["viz", "--build-dir", str(build_dir), "-o", str(out)])
    assert result.exit_code == 0, result.output
    portfolio = of_kind(net, "ProjectPortfolio")[0]
    open_viewer(browser, f"{out.as_uri()}#lang=en&select={portfolio}")
    assert js(browser, "return [v.lang(), v.selected];") == ["en", portfolio]
    assert net.nodes[portfolio]["label"]["en"] in browser.find_element(By.ID, "details").text
    assert overlapping_labels(browser) == []
    shot(browser, "standalone-en")


def test_hovering_a_relation_names_it(browser, site):
    open_viewer(browser, f"{site}/viewer?types=Place&lang=en")
    assert js(browser, "return v.labelBoxes.filter(function (b) { return !b.kind; }).length;") == 0
    # A point on a relation and on no node: its label is not drawn until the pointer rests there.
    edge, x, y = js(
        browser,
        """var box = document.getElementById('network').getBoundingClientRect(), found = null;
        v.edges.forEach(function (e) {
          var p = v.network.getPositions([e.from, e.to]);
          var a = v.network.canvasToDOM(p[e.from]), z = v.network.canvasToDOM(p[e.to]);
          for (var t = 0.3; t <= 0.7 && !found; t += 0.05) {
            var dom = {x: a.x + (z.x - a.x) * t, y: a.y + (z.y - a.y) * t};
            if (v.network.getEdgeAt(dom) === e.id && v.network.getNodeAt(dom) === undefined) {
              found = [e.id, dom.x - box.width / 2, dom.y - box.height / 2];
            }
          }
        });
        return found;""",
    )
    canvas = browser.find_element(By.CSS_SELECTOR, "#network canvas")
    ActionChains(browser).move_to_element_with_offset(canvas, int(x), int(y)).perform()
    WebDriverWait(browser, 5).until(lambda d: js(d, "return v.hoveredEdge;") == edge)
    label = js(browser, "return v.edges.get(arguments[0]).label;", edge)
    drawn = js(
        browser,
        "return v.labelBoxes.filter(function (b) { return !b.kind; }).map(function (b) { return b.text; });",
    )
    assert drawn == [label]
    shot(browser, "hover-relation")
