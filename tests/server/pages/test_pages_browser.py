"""The pages in a real headless Chromium: the home page and its search, the YASGUI query page (examples,
shared links, errors, local links), the Swagger UI API page, and the findings and named-query pages.

Screenshots go to test-artifacts/pages-*.png. Every page must load with nothing from another host.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from browser import chromium_missing, running_chromium
from flask import Flask
from rdflib import Graph
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from policykg.checks.audit import audit
from policykg.iris import IriScheme
from policykg.server.app import create_app
from policykg.server.store.embedded import OxigraphStore
from policykg.server.store.loading import ontology_path

pytestmark = [pytest.mark.browser, pytest.mark.live]

ARTIFACTS = Path(__file__).parents[3] / "test-artifacts"
PLAN = "https://w3id.org/policykg/id/plan/shilishi-keji-chuangxin-sannian-xingdong-jihua-2023-2025"


@pytest.fixture(scope="module")
def chromium() -> Iterator[WebDriver]:
    """A headless Chromium, quit after the module."""
    if missing := chromium_missing():
        pytest.fail(missing)
    with running_chromium() as driver:
        yield driver


@pytest.fixture
def audited_server(sample_graph: Path, tmp_path: Path, serve: Callable[[Flask], str]) -> Iterator[str]:
    """The root URL of a live app over the sample graph with its audit findings."""
    findings = tmp_path / "findings.ttl"
    minter = IriScheme()
    audit(Graph().parse(sample_graph), minter).graph.serialize(findings, format="turtle", encoding="utf-8")
    store = OxigraphStore()
    store.replace_all(
        [(sample_graph, None), (ontology_path(), None), (findings, minter.findings_graph())], "audited"
    )
    yield serve(create_app({"TESTING": True, "POLICYKG_STORE": store}))
    store.close()


@pytest.fixture
def plans_server(ld_app: Flask, serve: Callable[[Flask], str]) -> str:
    """The root URL of a live app over both sample plans."""
    return serve(ld_app)


def wait(driver: WebDriver, condition: Callable[[WebDriver], object], seconds: float = 30) -> object:
    """Wait until ``condition`` holds and return its value."""
    return WebDriverWait(driver, seconds).until(condition)


def shoot(driver: WebDriver, name: str) -> None:
    """Keep a screenshot of the page under test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"pages-{name}.png"))


def all_local(driver: WebDriver, root: str) -> None:
    """Assert that every resource the page loaded came from this server."""
    sources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name);")
    assert all(source.startswith(root) for source in sources), sources


def test_home_page_and_search(chromium: WebDriver, plans_server: str) -> None:
    """The home page shows the plans and counts; its search finds an entity by pinyin and opens its page."""
    chromium.get(f"{plans_server}/?lang=en")
    assert chromium.find_element(By.TAG_NAME, "h1").text == "Policy knowledge graph"
    plans = chromium.find_elements(By.CSS_SELECTOR, "table.plans tbody tr")
    assert len(plans) == 2
    nav = [a.get_attribute("pathname") for a in chromium.find_elements(By.CSS_SELECTOR, "header.site nav a")]
    assert nav == [
        "/search",
        "/viewer",
        "/query",
        "/queries",
        "/findings",
        "/ontology",
        "/api",
        "/void",
        "/dumps",
    ]
    shoot(chromium, "home")
    all_local(chromium, plans_server)
    box = chromium.find_element(By.CSS_SELECTOR, "form.search input[type=search]")
    box.send_keys("shiyanshi")
    box.submit()
    hit = wait(chromium, ec.element_to_be_clickable((By.CSS_SELECTOR, "ol.hits li a")))
    assert hit.text == "Shili Laboratory"
    shoot(chromium, "search")
    hit.click()
    wait(chromium, ec.url_contains("/id/laboratory/shili-shiyanshi"))


def results(driver: WebDriver) -> list[list[str]]:
    """Return the rows of the YASR result table (the row-number column left out)."""
    rows = driver.find_elements(By.CSS_SELECTOR, ".yasr table.dataTable tbody tr")
    return [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")[1:]] for row in rows]


def test_query_page_runs_examples_shared_links_and_shows_errors(
    chromium: WebDriver, plans_server: str
) -> None:
    """YASGUI loads offline; an example runs with rows; a shared URL opens run; an error marks its line."""
    chromium.get(f"{plans_server}/query?lang=en")
    wait(chromium, lambda d: d.execute_script("return !!window.policykgYasgui"))
    chromium.find_element(By.CSS_SELECTOR, "button.example[data-name='plan-outline']").click()
    wait(chromium, lambda d: len(results(d)) > 0)
    assert not chromium.find_elements(By.CSS_SELECTOR, ".CodeMirror .gutterErrorBar *")
    assert "query=" in chromium.current_url
    links = [a.get_attribute("href") for a in chromium.find_elements(By.CSS_SELECTOR, ".yasr tbody a[href]")]
    # Data IRIs lead to this server's pages (datatype IRIs such as xsd:integer stay as they are).
    assert any(link.startswith(plans_server + "/id/") for link in links), links[:3]
    assert not any(link.startswith("https://w3id.org/policykg/id/") for link in links)
    shoot(chromium, "query-example")
    all_local(chromium, plans_server)

    query = "SELECT ?plan ?label WHERE { ?plan a pkg:Plan ; rdfs:label ?label FILTER(LANG(?label) = 'en') }"
    chromium.get(f"{plans_server}/sparql?query={quote(query)}&lang=zh")
    wait(chromium, lambda d: len(results(d)) == 2)
    assert any("Shili City Digital Economy" in " ".join(row) for row in results(chromium))
    editor = chromium.execute_script("return policykgYasgui.getTab().getYasqe().getValue();")
    assert editor == query
    # Labels beside the IRIs, in the page's language.
    labels = wait(chromium, lambda d: d.find_elements(By.CSS_SELECTOR, ".yasr .iri-label"))
    assert sorted(label.text for label in labels) == [
        "示例市数字经济三年行动计划(2024-2026年)",
        "示例市科技创新三年行动计划(2023-2025年)",
    ]
    chromium.execute_script("document.querySelector('.yasr').scrollIntoView();")
    shoot(chromium, "query-shared")

    chromium.execute_script("policykgYasgui.getTab().getYasqe().setValue('SELECT ?s WHERE {\\n  ?s ?p\\n}');")
    chromium.execute_script("policykgYasgui.getTab().getYasqe().query();")
    message = wait(chromium, ec.visibility_of_element_located((By.ID, "query-error")))
    assert "第 3 行" in message.text
    assert chromium.find_elements(By.CSS_SELECTOR, ".CodeMirror .query-error")
    shoot(chromium, "query-error")


def test_api_page_renders_swagger_ui(chromium: WebDriver, plans_server: str) -> None:
    """The API page draws every operation of /api/openapi.json with Swagger UI served from this host."""
    chromium.get(f"{plans_server}/api")
    wait(chromium, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".swagger-ui .opblock")) > 20)
    summaries = " ".join(e.text for e in chromium.find_elements(By.CSS_SELECTOR, ".opblock-summary-path"))
    assert "/api/search" in summaries and "/sparql" in summaries
    shoot(chromium, "api")
    all_local(chromium, plans_server)


def test_findings_and_named_query_pages(chromium: WebDriver, audited_server: str) -> None:
    """The findings page lists the plan's findings with sentences; a finding link opens its page; a named
    query's page runs from its form."""
    chromium.get(f"{audited_server}/findings?plan={quote(PLAN)}&lang=en")
    cards = chromium.find_elements(By.CSS_SELECTOR, "figure.finding")
    assert len(cards) == 2
    assert "billion yuan" in chromium.find_element(By.TAG_NAME, "main").text
    shoot(chromium, "findings")
    cards[0].find_element(By.CSS_SELECTOR, "figcaption a").click()
    wait(chromium, ec.url_contains("/finding/"))
    assert chromium.find_element(By.TAG_NAME, "h1").text.startswith("Audit finding")
    shoot(chromium, "finding")

    chromium.get(f"{audited_server}/queries/targets-due-by?lang=en")
    rows = chromium.find_elements(By.CSS_SELECTOR, "table.results tbody tr")
    assert rows
    year = chromium.find_element(By.NAME, "year")
    year.clear()
    year.send_keys("2000")
    year.submit()
    wait(chromium, ec.url_contains("year=2000"))
    assert not chromium.find_elements(By.CSS_SELECTOR, "table.results tbody tr")
    chromium.get(f"{audited_server}/queries/portfolio-investment?lang=en")
    shoot(chromium, "named-query")
