"""The viewer across plans in real headless Chromium: the plan picker, a plan's linked plans, a target's series.

A real server on loopback serves the three-plan corpus (tests/fixtures/corpus_graph.ttl). Each test keeps a
screenshot under test-artifacts/ (viewer-plans-*.png) to look at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from browser import chromium_missing, running_chromium
from flask import Flask
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select, WebDriverWait

from policykg.server.app import create_app
from policykg.server.store.embedded import OxigraphStore
from policykg.server.store.loading import ontology_path

pytestmark = pytest.mark.browser

CORPUS = Path(__file__).parents[2] / "fixtures" / "corpus_graph.ttl"
ARTIFACTS = Path(__file__).parents[3] / "test-artifacts"
ID = "https://w3id.org/policykg/id/"
P1 = ID + "plan/shifanshi-keji-chuangxin-guihua-2021-2025"
P2 = ID + "plan/shifanshi-keji-chuangxin-guihua-2026-2030"
P3 = ID + "plan/xingangqu-keji-chuangxin-sannian-xingdong-jihua-2023-2025"
RD_P1 = P1 + "/target/yanfa-jingfei-touru-qiangdu"
RD_P2 = P2 + "/target/yanfa-jingfei-touru-qiangdu"


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    """A headless Chromium (Debian's), quit after the module."""
    if missing := chromium_missing():
        pytest.fail(missing)
    with running_chromium() as driver:
        yield driver


@pytest.fixture(scope="module")
def corpus_store() -> Iterator[OxigraphStore]:
    """An embedded store with the three-plan corpus and the ontology."""
    store = OxigraphStore()
    store.replace_all([(CORPUS, None), (ontology_path(), None)], "corpus")
    yield store
    store.close()


@pytest.fixture
def site(corpus_store: OxigraphStore, serve: Callable[[Flask], str]) -> str:
    """The root URL of an app over the corpus, served on loopback."""
    return serve(create_app({"TESTING": True, "POLICYKG_STORE": corpus_store}))


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
    path = ARTIFACTS / f"viewer-plans-{name}.png"
    assert driver.save_screenshot(str(path))
    assert path.stat().st_size > 20_000
    return path


def test_the_picker_opens_one_plan_with_its_linked_plans(browser, site):
    open_viewer(browser, f"{site}/viewer?lang=zh")
    picker = Select(browser.find_element(By.ID, "plan-picker"))
    labels = [option.text for option in picker.options]
    assert labels[0] == "全部规划"
    assert "示范市科技创新规划(2021-2025年)" in labels
    assert not any(label.startswith("http") for label in labels)
    picker.select_by_value(P1)
    WebDriverWait(browser, 30).until(lambda d: "plan=" in d.current_url)
    wait_ready(browser)
    assert parse_qs(urlsplit(browser.current_url).query)["plan"] == [P1]
    shown = set(js(browser, "return v.nodes.getIds();"))
    assert {P1, P2, P3} <= shown
    assert not any(n.startswith((P2 + "/", P3 + "/")) for n in shown)
    edges = js(browser, "return v.edges.get().map(function (e) { return [e.from, e.to, e.label]; });")
    assert [P2, P1, "接续规划"] in edges and [P3, P1, "上级规划"] in edges
    assert browser.find_element(By.ID, "title").text == "示范市科技创新规划(2021-2025年)"
    shot(browser, "plan-zh")


def test_a_target_shows_its_series_and_leads_to_the_next_plan(browser, site):
    open_viewer(browser, f"{site}/viewer?lang=en&plan={P1}&select={RD_P1}")
    details = browser.find_element(By.ID, "details")
    WebDriverWait(browser, 10).until(lambda d: "Target series" in details.text)
    items = details.find_elements(By.CSS_SELECTOR, ".series-list li")
    assert [item.text for item in items] == [
        "2021–2025 Shifan City Science and Technology Innovation Plan (2021–2025): at least 3 PERCENT (2025)",
        "2026–2030 Shifan City Science and Technology Innovation Plan (2026–2030): at least 3.5 PERCENT (2030)",
    ]
    assert "current" in items[0].get_attribute("class")
    shot(browser, "series-en")
    items[1].find_element(By.TAG_NAME, "a").click()
    WebDriverWait(browser, 30).until(lambda d: P2 in parse_qs(urlsplit(d.current_url).query).get("plan", []))
    wait_ready(browser)
    assert js(browser, "return v.selected;") == RD_P2
    assert RD_P2 in js(browser, "return v.nodes.getIds();")
    assert "Target series" in browser.find_element(By.ID, "details").text


def test_the_picker_follows_the_language(browser, site):
    open_viewer(browser, f"{site}/viewer?lang=zh&plan={P3}")
    browser.find_element(By.ID, "lang-en").click()
    picker = Select(browser.find_element(By.ID, "plan-picker"))
    assert picker.first_selected_option.text.startswith("Xingang District")
    assert picker.options[0].text == "All plans"
    assert parse_qs(urlsplit(browser.current_url).query)["plan"] == [P3]
