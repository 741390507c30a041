"""The viewer in a real headless Chromium: offline loading, node count, language, search, details, expansion.

Served pages come from a real server on loopback over the sample store; standalone pages are files written
by ``policykg viz`` and opened from disk. Chrome's performance log (DevTools Network events) lists every
request the page made, so a test can show that none failed and none left the machine.
"""

from __future__ import annotations

import itertools
import json
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import chromium_missing, start_chromium
from click.testing import CliRunner
from flask import Flask
from rdflib import Graph
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from policykg.cli import cli

pytestmark = pytest.mark.browser

ID = "https://w3id.org/policykg/id/"
PLAN = ID + "plan/shilishi-keji-chuangxin-sannian-xingdong-jihua-2023-2025"
TASK, PORTFOLIO = PLAN + "/domain/1/task/1", PLAN + "/domain/1/portfolio/1"
CITY, PROVINCE, LAB = ID + "city/shilishi", ID + "province/shandongsheng", ID + "laboratory/shili-shiyanshi"
ARTIFACTS = Path(__file__).parents[3] / "test-artifacts"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    """A headless Chromium (Debian's) that records DevTools network events, quit after the module."""
    if missing := chromium_missing():
        pytest.fail(missing)
    profile = tempfile.mkdtemp(prefix="policykg-chromium-")
    driver = start_chromium(profile, log_network=True)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def open_viewer(driver: WebDriver, url: str) -> None:
    """Load a viewer page (after forgetting earlier network events) and wait until its layout has settled."""
    driver.get("about:blank")
    driver.get_log("performance")
    driver.get(url)
    WebDriverWait(driver, 60).until(
        lambda d: d.execute_script("return !!(window.policykgViewer && policykgViewer.stabilized)")
    )


def network_events(driver: WebDriver) -> tuple[list[str], list[str]]:
    """Return the URLs the page requested and the URLs that failed (network error or HTTP status >= 400)."""
    urls, failed, by_id = [], [], {}
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message["method"] == "Network.requestWillBeSent":
            by_id[params["requestId"]] = params["request"]["url"]
            urls.append(params["request"]["url"])
        elif message["method"] == "Network.loadingFailed":
            failed.append(f"{by_id.get(params['requestId'])}: {params.get('errorText')}")
        elif message["method"] == "Network.responseReceived" and params["response"]["status"] >= 400:
            failed.append(f"{params['response']['url']}: HTTP {params['response']['status']}")
    return urls, failed


def js(driver: WebDriver, script: str, *args: object) -> object:
    """Run a script with the viewer's state bound to ``v``."""
    return driver.execute_script("var v = window.policykgViewer;" + script, *args)


def node_label(driver: WebDriver, iri: str) -> str:
    """Return the label a node shows now."""
    return js(driver, "return v.nodes.get(arguments[0]).label;", iri)


def node_screen_point(driver: WebDriver, iri: str) -> tuple[float, float]:
    """Return where a node is drawn, relative to the centre of the network's canvas (for ActionChains)."""
    return tuple(
        js(
            driver,
            """var p = v.network.getPositions([arguments[0]])[arguments[0]];
            var dom = v.network.canvasToDOM(p);
            var box = document.getElementById('network').getBoundingClientRect();
            return [dom.x - box.width / 2, dom.y - box.height / 2];""",
            iri,
        )
    )


def click_node(driver: WebDriver, iri: str, double: bool = False) -> None:
    """Click (or double-click) a node where it is drawn on the canvas."""
    js(driver, "v.network.moveTo({position: v.network.getPositions([arguments[0]])[arguments[0]]});", iri)
    x, y = node_screen_point(driver, iri)
    canvas = driver.find_element(By.CSS_SELECTOR, "#network canvas")
    chain = ActionChains(driver).move_to_element_with_offset(canvas, int(x), int(y))
    (chain.double_click() if double else chain.click()).perform()


@pytest.fixture
def served(app: Flask, serve: Callable[[Flask], str]) -> str:
    """The root URL of the app over the sample store, served on loopback."""
    return serve(app)


@pytest.fixture
def standalone(tmp_path: Path, fixtures_dir: Path) -> Callable[..., str]:
    """Return a function that writes a standalone viewer of the sample graph and gives its file URL."""
    build = tmp_path / "build"
    build.mkdir()
    shutil.copy(fixtures_dir / "sample_graph.ttl", build / "graph.ttl")
    counter = itertools.count()

    def write(*args: str) -> str:
        out = tmp_path / f"viewer-{next(counter)}.html"
        result = CliRunner().invoke(cli, ["viz", "--build-dir", str(build), "-o", str(out), *args])
        assert result.exit_code == 0, result.output
        return out.as_uri()

    return write


def test_served_viewer_requests_only_loopback(browser, served):
    open_viewer(browser, served + "/viewer")
    urls, failed = network_events(browser)
    assert failed == []
    assert any(u.endswith("/viewer/assets/vis-network.min.js") for u in urls)
    outside = [u for u in urls if urlsplit(u).scheme != "data" and urlsplit(u).hostname not in LOCAL_HOSTS]
    assert outside == []
    assert js(browser, "return v.nodes.length;") == 10
    assert js(browser, "return v.edges.length;") == 11


def test_standalone_file_requests_nothing_but_itself(browser, standalone):
    url = standalone()
    open_viewer(browser, url)
    urls, failed = network_events(browser)
    assert failed == []
    assert [u for u in urls if not u.startswith("data:")] == [url]
    assert js(browser, "return v.nodes.length;") == 10


def test_language_switch_relabels_nodes_and_edges(browser, served, store):
    store.update(
        f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        DELETE DATA {{ <{PROVINCE}> rdfs:label "Shandong Province"@en . }}"""
    )
    open_viewer(browser, served + "/viewer")
    within = f"{CITY} within {PROVINCE}"
    assert (node_label(browser, CITY), js(browser, "return v.edges.get(arguments[0]).label;", within)) == (
        "示例市",
        "隶属于",
    )
    browser.find_element(By.ID, "lang-en").click()
    assert node_label(browser, CITY) == "Shili City"
    assert js(browser, "return v.edges.get(arguments[0]).label;", within) == "within"
    assert node_label(browser, PROVINCE) == "山东省"  # no English label: falls back to the Chinese
    assert browser.find_element(By.ID, "lang-en").get_attribute("aria-pressed") == "true"
    assert "Institution" in browser.find_element(By.ID, "legend").text
    assert "lang=en" in browser.current_url
    browser.find_element(By.ID, "lang-zh").click()
    assert node_label(browser, CITY) == "示例市"


def test_tooltips_carry_figures(browser, served):
    open_viewer(browser, served + "/viewer?lang=en")
    title = js(browser, "return v.nodes.get(arguments[0]).title;", PORTFOLIO)
    assert "100亿元" in title and "80" in title and "10,000,000,000" in title
    target = js(browser, "return v.nodes.get(arguments[0]).title;", PLAN + "/target/rencai-zongliang-2025")
    assert "at least 500,000 persons" in target and "2025" in target


@pytest.mark.parametrize("query", ["示例实验", "Shili Lab", "shilishiyan", "shi li shi yan"])
def test_search_focuses_a_node(browser, served, query):
    open_viewer(browser, served + "/viewer")
    box = browser.find_element(By.ID, "search")
    box.send_keys(query)
    first = browser.find_element(By.CSS_SELECTOR, "#search-results li[data-id]")
    assert first.get_attribute("data-id") == LAB
    box.send_keys(Keys.ENTER)
    assert js(browser, "return v.focused;") == LAB
    assert js(browser, "return v.network.getSelectedNodes();") == [LAB]
    assert browser.find_element(By.ID, "details").is_displayed()


def test_clicking_a_node_offers_its_page(browser, served):
    open_viewer(browser, served + "/viewer")
    click_node(browser, LAB)
    details = browser.find_element(By.ID, "details")
    assert details.is_displayed()
    assert "示例实验室" in details.text and "支持示例实验室争创国家实验室。" in details.text
    link = browser.find_element(By.ID, "page-link")
    assert link.get_attribute("href") == served + "/id/laboratory/shili-shiyanshi"


def test_standalone_page_link_is_the_iri(browser, standalone):
    open_viewer(browser, standalone("--lang", "en"))
    click_node(browser, CITY)
    assert browser.find_element(By.ID, "page-link").get_attribute("href") == CITY
    assert "Shili City" in browser.find_element(By.ID, "details").text


def test_double_click_expands_from_the_api(browser, served):
    open_viewer(browser, served + f"/viewer?focus={LAB}&depth=1")
    assert set(js(browser, "return v.nodes.getIds();")) == {LAB, CITY, TASK}
    click_node(browser, CITY, double=True)
    WebDriverWait(browser, 10).until(lambda d: js(d, "return v.nodes.length;") == 5)
    assert set(js(browser, "return v.nodes.getIds();")) == {LAB, CITY, TASK, PROVINCE, PLAN}
    urls, failed = network_events(browser)
    assert failed == []
    assert any("/api/graph/neighbors?id=" in u for u in urls)


def test_double_click_expands_offline_in_the_standalone_file(browser, standalone):
    open_viewer(browser, standalone("--focus", LAB, "--depth", "1"))
    click_node(browser, CITY, double=True)
    WebDriverWait(browser, 10).until(lambda d: js(d, "return v.nodes.length;") == 5)
    assert js(browser, "return v.edges.get(arguments[0]) !== null;", f"{CITY} within {PROVINCE}")
    urls, failed = network_events(browser)
    assert failed == [] and [u for u in urls if not u.startswith("data:")] == [browser.current_url]


def test_layout_stops_after_stabilizing_and_can_resume(browser, served):
    open_viewer(browser, served + "/viewer")
    assert js(browser, "return v.physics;") is False
    before = js(browser, "return v.network.getPositions();")
    browser.execute_script("return new Promise(function (r) { setTimeout(r, 600); });")
    assert js(browser, "return v.network.getPositions();") == before
    button = browser.find_element(By.ID, "physics")
    button.click()
    assert js(browser, "return v.physics;") is True
    assert button.get_attribute("aria-pressed") == "true"


def overlapping_share(driver: WebDriver) -> float:
    """Return the share of nodes drawn on top of another node (centres closer than 12 canvas units)."""
    positions = js(driver, "return v.network.getPositions();")
    points = list(positions.values())
    crowded: set[int] = set()
    for (a, p), (b, q) in itertools.combinations(enumerate(points), 2):
        if (p["x"] - q["x"]) ** 2 + (p["y"] - q["y"]) ** 2 < 144:
            crowded.update((a, b))
    return len(crowded) / len(points)


@pytest.mark.parametrize("name", ["sample", "seed"])
def test_screenshot_of_a_full_graph(browser, tmp_path, fixtures_dir, seed_build, name):
    build = tmp_path / name
    build.mkdir()
    if name == "seed":
        # The real seed build, with the audit's findings marked on their nodes.
        for source in seed_build.files:
            if source.name in ("graph.ttl", "findings.ttl"):
                (build / source.name).write_bytes(source.read_bytes())
    else:
        Graph().parse(fixtures_dir / "sample_graph.ttl").serialize(build / "graph.ttl", format="turtle")
    out = tmp_path / f"{name}.html"
    result = CliRunner().invoke(cli, ["viz", "--build-dir", str(build), "-o", str(out)])
    assert result.exit_code == 0, result.output
    open_viewer(browser, out.as_uri())
    browser.execute_script("return new Promise(function (r) { setTimeout(r, 300); });")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"viewer-{name}.png"
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 20_000
    assert overlapping_share(browser) < 0.05
