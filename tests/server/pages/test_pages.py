"""The pages people meet: home, search, named queries, findings, VoID, dumps, API, and the query editor;
browsers get pages and machines keep their formats."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import PLANS
from flask.testing import FlaskClient
from rdflib import Graph

from policykg.checks.audit import audit
from policykg.iris import IriScheme
from policykg.ontology.namespaces import sparql_prologue
from policykg.queries import bundled_queries
from policykg.server.app import create_app
from policykg.server.linkeddata.query_examples import bound_example
from policykg.server.store.embedded import OxigraphStore
from policykg.server.store.loading import ontology_path

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
BASE = "https://w3id.org/policykg"
PLAN = f"{BASE}/id/plan/shilishi-keji-chuangxin-sannian-xingdong-jihua-2023-2025"
HEADER_LINKS = (
    "/search",
    "/viewer",
    "/query",
    "/queries",
    "/findings",
    "/ontology",
    "/api",
    "/void",
    "/dumps",
)


@pytest.fixture
def audited_client(sample_graph: Path, tmp_path: Path) -> Iterator[FlaskClient]:
    """A client of the app over the sample graph with its audit findings in their graph."""
    findings = tmp_path / "findings.ttl"
    minter = IriScheme()
    audit(Graph().parse(sample_graph), minter).graph.serialize(findings, format="turtle", encoding="utf-8")
    store = OxigraphStore()
    store.replace_all(
        [(sample_graph, None), (ontology_path(), None), (findings, minter.findings_graph())], "audited"
    )
    yield create_app({"TESTING": True, "POLICYKG_STORE": store}).test_client()
    store.close()


def page(client: FlaskClient, url: str, lang: str = "en") -> str:
    """Return the text of a page a browser gets, failing unless it is a 200 HTML page."""
    response = client.get(url, headers={"Accept": BROWSER, "Accept-Language": lang})
    assert response.status_code == 200, (url, response.status_code)
    assert response.mimetype == "text/html", url
    return response.get_data(as_text=True)


def test_home_page_says_what_the_graph_holds(ld_client: FlaskClient) -> None:
    """The home page lists both plans with their domains, counts per class, findings and every part."""
    html = page(ld_client, "/?lang=en")
    assert "Shili City Science and Technology Innovation Three-Year Action Plan" in html
    assert "Shili City Digital Economy Three-Year Action Plan" in html
    assert re.search(r"<strong>2</strong> plans", html)
    assert re.search(r'href="/ontology#Plan"[^>]*>Plan</a></td><td class="num">2</td>', html)
    assert 'action="/search"' in html and "audit findings" in html
    for href in HEADER_LINKS:
        assert f'href="{href}' in html


@pytest.mark.parametrize(
    "path", ["/", "/query", "/queries", "/findings", "/api", "/void", "/dumps", "/search"]
)
def test_every_page_has_the_header_and_every_header_link_resolves(ld_client: FlaskClient, path: str) -> None:
    """Each page carries the same header; no link of it is a 404 for a browser."""
    html = page(ld_client, path)
    header = html.split("</header>")[0]
    for href in HEADER_LINKS:
        assert f'href="{href}"' in header
        assert ld_client.get(href, headers={"Accept": BROWSER}).status_code in (200, 303), href


def test_search_page_finds_in_pinyin_chinese_and_english(ld_client: FlaskClient) -> None:
    """The search page ranks labels like /api/search and links each hit to its page."""
    for text in ("shiyanshi", "示例实验室", "Shili Laboratory"):
        html = page(ld_client, f"/search?q={text}&lang=zh")
        assert 'href="/id/laboratory/shili-shiyanshi">示例实验室</a>' in html, text
    assert "0 results" in page(ld_client, "/search?q=zzzzqqq&lang=en")


@pytest.fixture(scope="module")
def linked_plans_store(fixtures_dir: Path) -> Iterator[OxigraphStore]:
    """Both sample plans and a corpus of linked plans (tests/fixtures/corpus_graph.ttl): every named
    query, the cross-plan ones too, has rows to show on it."""
    store = OxigraphStore()
    graphs = [
        *((path, None) for path in PLANS),
        (fixtures_dir / "corpus_graph.ttl", None),
        (ontology_path(), None),
    ]
    store.replace_all(graphs, "linked-plans")
    yield store
    store.close()


def test_every_example_query_returns_rows_as_loaded(linked_plans_store: OxigraphStore) -> None:
    """Each named query opens with values for its parameters that give rows on the graph served."""
    app = create_app({"TESTING": True, "POLICYKG_STORE": linked_plans_store})
    with app.test_request_context("/query"):
        for query in bundled_queries().values():
            example = bound_example(query, "en")
            assert "PREFIX pkg:" not in example.text
            assert linked_plans_store.select(sparql_prologue() + example.text), query.name
            assert all(p.name in example.values for p in query.parameters if p.required), query.name


def test_query_editor_page_carries_the_examples_and_the_query(ld_client: FlaskClient) -> None:
    """/query holds YASGUI, the examples as buttons, and (from a shared link) the query to run."""
    html = page(ld_client, "/query")
    assert "/assets/yasgui/build/yasgui.min.js" in html and 'id="sparql-config"' in html
    assert html.count('class="example"') == len(bundled_queries())
    shared = page(ld_client, "/sparql?query=SELECT%20%3Fs%20WHERE%20%7B%20%3Fs%20a%20pkg%3APlan%20%7D")
    assert '"run": true' in shared and "SELECT ?s WHERE { ?s a pkg:Plan }" in shared


def test_a_sparql_client_still_gets_results_from_the_same_url(ld_client: FlaskClient) -> None:
    """Content negotiation: results for */* or a results type, a page only for a browser."""
    url = "/sparql?query=SELECT%20%3Fs%20WHERE%20%7B%20%3Fs%20a%20%3Chttps%3A%2F%2Fw3id.org%2Fpolicykg%2Fontology%23Plan%3E%20%7D"
    assert ld_client.get(url, headers={"Accept": "*/*"}).mimetype == "application/sparql-results+json"
    assert ld_client.get(url).mimetype == "application/sparql-results+json"
    xml = ld_client.get(url, headers={"Accept": "application/sparql-results+xml"})
    assert xml.mimetype == "application/sparql-results+xml"
    assert ld_client.get(url + "&format=csv", headers={"Accept": BROWSER}).mimetype == "text/csv"
    assert ld_client.get(url, headers={"Accept": BROWSER}).mimetype == "text/html"


def test_yasgui_and_swagger_assets_are_served_locally_with_their_licences(ld_client: FlaskClient) -> None:
    """The browser libraries come from node_modules through /assets, licence files included; others 404."""
    for url, media in [
        ("/assets/yasgui/build/yasgui.min.js", "text/javascript"),
        ("/assets/yasgui/build/yasgui.min.css", "text/css"),
        ("/assets/yasgui/package.json", "application/json"),
        ("/assets/swagger-ui/swagger-ui-bundle.js", "text/javascript"),
        ("/assets/swagger-ui/LICENSE", "text/plain"),
    ]:
        with ld_client.get(url) as response:
            assert response.status_code == 200 and response.mimetype == media, url
    with ld_client.get("/assets/yasgui/package.json") as response:
        assert '"license": "MIT"' in response.get_data(as_text=True)
    assert ld_client.get("/assets/yasgui/../../package.json").status_code == 404
    assert ld_client.get("/assets/swagger-ui/index.html").status_code == 404


def test_api_page_renders_the_openapi_description(ld_client: FlaskClient) -> None:
    """/api is a Swagger UI page over /api/openapi.json, which documents the new pages too."""
    html = page(ld_client, "/api")
    assert 'data-spec="/api/openapi.json"' in html and "swagger-ui-bundle.js" in html
    paths = ld_client.get("/api/openapi.json").get_json()["paths"]
    for path in ("/", "/search", "/query", "/queries", "/queries/{name}", "/findings", "/api"):
        assert path in paths, path


def test_named_query_pages_have_a_form_a_table_and_downloads(ld_client: FlaskClient) -> None:
    """A named query's page opens with working values: a form of its parameters and its rows as a table."""
    html = page(ld_client, "/queries/in-place?lang=en")
    assert '<input name="place" type="text" value="https://w3id.org/policykg/id/city/shilishi"' in html
    assert '<select name="lang">' in html and re.search(r'id="result-count">\d+ rows', html)
    assert re.search(r"<tbody>\s*<tr>", html)
    for fmt in ("csv", "json", "srj", "srx"):
        assert f"/api/queries/in-place?format={fmt}" in html.replace("&amp;", "&")
    year = page(ld_client, "/queries/targets-due-by?year=2025&lang=zh")
    assert 'name="year" type="number" value="2025"' in year
    bad = ld_client.get("/queries/targets-due-by?year=soon", headers={"Accept": BROWSER})
    assert bad.status_code == 400 and "year" in bad.get_data(as_text=True)
    assert "Named queries" in page(ld_client, "/queries?lang=en")


def test_a_browser_opening_a_named_query_gets_its_page_a_machine_its_rows(ld_client: FlaskClient) -> None:
    """/api/queries/{name}: 303 to the page for a browser; JSON rows or SPARQL formats for programs."""
    browser = ld_client.get("/api/queries/plan-outline?lang=en", headers={"Accept": BROWSER})
    assert browser.status_code == 303 and browser.location.endswith("/queries/plan-outline?lang=en")
    assert ld_client.get("/api/queries/plan-outline").get_json()["rows"]
    xml = ld_client.get("/api/queries/plan-outline", headers={"Accept": "application/sparql-results+xml"})
    assert xml.mimetype == "application/sparql-results+xml"
    csv = ld_client.get("/api/queries/plan-outline?format=csv", headers={"Accept": BROWSER})
    assert csv.mimetype == "text/csv"
    listing = ld_client.get("/api/queries?lang=en", headers={"Accept": BROWSER})
    assert listing.status_code == 303 and listing.location.endswith("/queries?lang=en")
    assert ld_client.get("/api/queries").get_json()["queries"]


def test_void_and_dumps_are_pages_for_browsers_and_data_for_machines(ld_client: FlaskClient) -> None:
    """/void and /dumps: HTML to a browser, Turtle and JSON to anything else."""
    void = page(ld_client, "/void")
    assert "void:triples" in void and 'href="/void.ttl"' in void
    assert ld_client.get("/void").mimetype == "text/turtle"
    assert ld_client.get("/void", headers={"Accept": "*/*"}).mimetype == "text/turtle"
    assert ld_client.get("/void.html").mimetype == "text/html"
    dumps = page(ld_client, "/dumps")
    assert 'href="/dumps/graph.ttl" download' in dumps
    assert ld_client.get("/dumps").mimetype == "application/json"


def test_every_finding_iri_dereferences_as_html_and_rdf(audited_client: FlaskClient) -> None:
    """Each finding IRI answers 303 to its page or its RDF; the page shows the figures as printed."""
    findings = audited_client.get("/api/findings").get_json()["findings"]
    assert findings
    for finding in findings:
        path = finding["iri"].removeprefix(BASE)
        html = audited_client.get(path, headers={"Accept": BROWSER})
        assert html.status_code == 303 and html.location.endswith(path + ".html")
        text = page(audited_client, path + ".html", "zh")
        assert finding["message"]["zh"] in text
        turtle = audited_client.get(path, headers={"Accept": "text/turtle"}, follow_redirects=True)
        assert turtle.mimetype == "text/turtle"
        graph = ox.Store()
        graph.load(turtle.data, ox.RdfFormat.TURTLE)
        assert len(list(graph.query(f"SELECT * WHERE {{ <{finding['iri']}> ?p ?o }}"))) >= 10
    investment = next(f for f in findings if f["measure"] == "investment")
    text = page(audited_client, investment["iri"].removeprefix(BASE) + ".html", "zh")
    assert "应为 90亿元" in text and "原文 100亿元" in text
    english = page(audited_client, investment["iri"].removeprefix(BASE) + ".html?lang=en", "en")
    assert "9 billion yuan (90亿元)" in english


def test_no_finding_link_on_an_entity_page_is_a_404(audited_client: FlaskClient) -> None:
    """Every link to a finding on an entity page resolves; each sentence is quoted once per finding."""
    portfolio = PLAN.removeprefix(BASE) + "/domain/1/portfolio/1.html"
    html = page(audited_client, portfolio, "zh")
    links = set(re.findall(r'href="([^"]*/finding/[^"]*)"', html))
    assert links
    for link in links:
        assert audited_client.get(link, headers={"Accept": BROWSER}, follow_redirects=True).status_code == 200
    for card in html.split('<figure class="finding')[1:]:
        quotes = re.findall(r"<blockquote[^>]*>(.*?)</blockquote>", card.split("</figure>")[0], re.S)
        assert len(quotes) == len(set(quotes))
    assert "expected 9000000000" not in html and "90亿元" in html


def test_findings_page_lists_a_plans_findings_by_domain(audited_client: FlaskClient) -> None:
    """/findings?plan= lists the plan's findings under its domains, with their sentences."""
    html = page(audited_client, f"/findings?plan={PLAN}&lang=zh", "zh")
    assert html.count('class="finding finding-violation"') == 2
    assert "<h3><a href=" in html and "推进总投资100亿元的80个重点项目" in html
    assert (
        page(audited_client, f"/findings?plan={PLAN.removeprefix(BASE)}", "zh").count("finding-violation")
        == 2
    )
    assert "No findings" in page(audited_client, f"/findings?plan={BASE}/id/plan/none&lang=en")


def test_query_editor_opens_on_an_empty_store(make_app) -> None:
    """With no entity to bind a required parameter to, the examples open unbound instead of failing."""
    from policykg.server.store.embedded import OxigraphStore

    app = make_app(POLICYKG_STORE=OxigraphStore())
    response = app.test_client().get("/sparql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "in-place" in response.get_data(as_text=True)
