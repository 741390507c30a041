"""The query page in a real headless Chromium: prefixes preloaded, results as a table, bilingual errors."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

import pytest
from browser import chromium_missing, start_chromium
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

LAB = "https://w3id.org/policykg/id/laboratory/shili-shiyanshi"


@pytest.fixture
def chromium() -> Iterator[webdriver.Chrome]:
    """A headless Chromium driven through Debian's chromedriver."""
    if missing := chromium_missing():
        pytest.fail(missing)
    with tempfile.TemporaryDirectory(prefix="policykg-chromium-") as profile:
        browser = start_chromium(profile)
        try:
            yield browser
        finally:
            browser.quit()


def run(browser: webdriver.Chrome, query: str) -> None:
    """Replace the editor's text with a query and press Run."""
    editor = browser.find_element(By.ID, "query")
    browser.execute_script("arguments[0].value = arguments[1];", editor, query)
    browser.find_element(By.ID, "run").click()


@pytest.mark.browser
@pytest.mark.live
def test_query_page_runs_queries(live_server: str, chromium: webdriver.Chrome) -> None:
    """The page loads offline, runs the preloaded query, shows a table, and shows errors in both languages."""
    chromium.get(f"{live_server}/sparql")
    editor = chromium.find_element(By.ID, "query")
    assert "PREFIX pkg: <https://w3id.org/policykg/ontology#>" in editor.get_attribute("value")
    chromium.find_element(By.ID, "run").click()
    WebDriverWait(chromium, 20).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "#output table tbody tr"))
    )
    assert "行 rows" in chromium.find_element(By.ID, "status").text

    prologue = editor.get_attribute("value").split("SELECT")[0]
    run(chromium, prologue + f"SELECT ?label WHERE {{ <{LAB}> rdfs:label ?label }} ORDER BY ?label")
    WebDriverWait(chromium, 20).until(ec.text_to_be_present_in_element((By.ID, "output"), "示例实验室"))
    cells = [cell.text for cell in chromium.find_elements(By.CSS_SELECTOR, "#output tbody td")]
    assert cells == ["Shili Laboratory@en", "示例实验室@zh"]

    run(chromium, "SELECT ?s WHERE { ?s ?p ")
    WebDriverWait(chromium, 20).until(ec.text_to_be_present_in_element((By.ID, "status"), "400"))
    status = chromium.find_element(By.ID, "status").text
    assert "SPARQL 语法错误" in status and "Malformed SPARQL" in status

    # Nothing on the page comes from another host.
    sources = chromium.execute_script(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; });"
    )
    assert sources and all(source.startswith(live_server) for source in sources)
