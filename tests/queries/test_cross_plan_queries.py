"""The named queries across plans, run through the server's /api/queries route on a corpus of three plans.

The expected rows are derived from the fixture's triples in Python (rdflib, no SPARQL), and the key figures
are spelt out as well: the city's R&D intensity went from 3.0% (2021-2025) to 3.5% (2026-2030).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.namespace import TIME

from policykg.server.app import create_app
from policykg.server.store.embedded import OxigraphStore
from policykg.server.store.loading import ontology_path

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus_graph.ttl"
ID = "https://w3id.org/policykg/id/"
PKG = Namespace("https://w3id.org/policykg/ontology#")
P1 = ID + "plan/shifanshi-keji-chuangxin-guihua-2021-2025"
P2 = ID + "plan/shifanshi-keji-chuangxin-guihua-2026-2030"
P3 = ID + "plan/xingangqu-keji-chuangxin-sannian-xingdong-jihua-2023-2025"
CITY, DISTRICT = ID + "city/shifanshi", ID + "district/xingangqu"
RD_SERIES = ID + "series/shifanshi/yanfa-jingfei-touru-qiangdu"
FIRMS_SERIES = ID + "series/xingangqu/gaoxin-jishu-qiye-shuliang"
LAB, UNIVERSITY = ID + "laboratory/shifan-shiyanshi", ID + "university/shifan-daxue"


@pytest.fixture(scope="module")
def corpus() -> Graph:
    """The fixture corpus, parsed with rdflib (to derive the expected rows)."""
    return Graph().parse(CORPUS)


@pytest.fixture(scope="module")
def corpus_store() -> Iterator[OxigraphStore]:
    """An embedded store with the corpus and the ontology, as `policykg load` fills it."""
    store = OxigraphStore()
    store.replace_all([(CORPUS, None), (ontology_path(), None)], "corpus")
    yield store
    store.close()


@pytest.fixture
def corpus_app(corpus_store: OxigraphStore) -> Flask:
    """The application over the corpus, read-only."""
    return create_app({"TESTING": True, "POLICYKG_STORE": corpus_store})


@pytest.fixture
def corpus_client(corpus_app: Flask) -> FlaskClient:
    """A test client of the corpus application."""
    return corpus_app.test_client()


def rows(client: FlaskClient, name: str, **args: str) -> list[dict]:
    """Return the JSON rows of a named query, asked for as a client of /api/queries would."""
    response = client.get(f"/api/queries/{name}", query_string=args)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["rows"]


# --- what the fixture means, read with rdflib -----------------------------------------------------------


def plan_of(graph: Graph, target: URIRef) -> URIRef:
    """Return the plan that sets a target, directly or through a domain or a task."""
    for setter in graph.subjects(PKG.hasTarget, target):
        for holder in (setter, *graph.subjects(PKG.hasTask, setter), *graph.subjects(PKG.hasDomain, setter)):
            for plan in (holder, *graph.subjects(PKG.hasDomain, holder)):
                if (plan, RDF.type, PKG.Plan) in graph:
                    return plan
    raise AssertionError(f"no plan sets {target}")


def period(graph: Graph, plan: URIRef) -> tuple[int, int]:
    """Return the first and last year of a plan's period."""
    interval = graph.value(plan, PKG.period)
    years = (graph.value(graph.value(interval, p), PKG.yearNumber) for p in (TIME.hasBeginning, TIME.hasEnd))
    start, end = (int(y.toPython()) for y in years)
    return start, end


def expected_series(graph: Graph) -> list[tuple]:
    """Each series' targets in the order of their plans' first years, as (series, plan, start, value)."""
    found = []
    for series in graph.subjects(RDF.type, PKG.TargetSeries):
        label = str(next(x for x in graph.objects(series, RDFS.label) if x.language == "zh"))
        members = [(plan_of(graph, t), t) for t in graph.subjects(PKG.inSeries, series)]
        for plan, target in sorted(members, key=lambda m: period(graph, m[0])):
            value = Decimal(str(graph.value(target, PKG.value).toPython()))
            found.append((label, str(series), str(plan), period(graph, plan)[0], value))
    return [row[1:] for row in sorted(found, key=lambda r: (r[0], r[1], r[3]))]


def expected_plan_counts(graph: Graph) -> dict[str, set[str]]:
    """Return, for each institution, the plans that mention it or set a target it owns."""
    plans: dict[str, set[str]] = {}
    for plan in graph.subjects(RDF.type, PKG.Plan):
        holders = {plan, *graph.objects(plan, PKG.hasDomain)}
        holders |= {t for h in list(holders) for t in graph.objects(h, PKG.hasTask)}
        named = {m for h in holders for m in graph.objects(h, PKG.mentions)}
        named |= {
            o
            for h in holders
            for t in graph.objects(h, PKG.hasTarget)
            for o in graph.objects(t, PKG.targetOf)
        }
        for entity in named:
            if "/plan/" not in str(entity) and not str(entity).startswith((ID + "city/", ID + "district/")):
                plans.setdefault(str(entity), set()).add(str(plan))
    return plans


# --- target series --------------------------------------------------------------------------------------


def test_target_series_rows_follow_each_series_in_plan_order(corpus, corpus_client):
    found = rows(corpus_client, "target-series")
    got = [(r["series"], r["plan"], r["start"], Decimal(str(r["value"]))) for r in found]
    assert got == expected_series(corpus)
    # The city's R&D intensity target over its two plans, and the district's firms over the city's and its own.
    by_series = {}
    for r in found:
        by_series.setdefault(r["series"], []).append(
            (r["planLabel"], r["start"], r["end"], r["deadline"], r["value"])
        )
    assert by_series[RD_SERIES] == [
        ("示范市科技创新规划(2021-2025年)", 2021, 2025, 2025, 3),
        ("示范市科技创新规划(2026-2030年)", 2026, 2030, 2030, 3.5),
    ]
    assert by_series[FIRMS_SERIES] == [
        ("示范市科技创新规划(2021-2025年)", 2021, 2025, 2025, 500),
        ("新港区科技创新三年行动计划(2023-2025年)", 2023, 2025, 2025, 600),
    ]
    first = found[-2]
    assert (
        first["metricLabel"],
        first["seriesPlace"],
        first["seriesPlaceLabel"],
        first["comparatorLabel"],
    ) == (
        "研发经费投入强度",
        CITY,
        "示范市",
        "不低于",
    )
    assert first["unit"] == "http://qudt.org/vocab/unit/PERCENT"
    assert {r["seriesPlace"] for r in found if r["series"] == FIRMS_SERIES} == {DISTRICT}


@pytest.mark.parametrize(
    ("args", "series"),
    [
        ({"metric": "高新技术"}, [FIRMS_SERIES, FIRMS_SERIES]),
        ({"metric": "r&d", "lang": "en"}, [RD_SERIES, RD_SERIES]),
        ({"place": CITY}, [RD_SERIES, RD_SERIES]),
        ({"place": DISTRICT, "metric": "研发"}, []),
        ({"metric": "no such metric"}, []),
    ],
)
def test_target_series_filters_by_metric_text_and_place(corpus_client, args, series):
    assert [r["series"] for r in rows(corpus_client, "target-series", **args)] == series


def test_target_series_in_english(corpus_client):
    found = rows(corpus_client, "target-series", lang="en", place=CITY)
    assert [(r["metricLabel"], r["planLabel"], r["comparatorLabel"]) for r in found] == [
        (
            "R&D expenditure intensity",
            "Shifan City Science and Technology Innovation Plan (2021–2025)",
            "at least",
        ),
        (
            "R&D expenditure intensity",
            "Shifan City Science and Technology Innovation Plan (2026–2030)",
            "at least",
        ),
    ]


def test_a_target_outside_any_series_is_not_a_series_row(corpus_client):
    # The city's 3,000 high-tech enterprises (P2) share the metric with the district's series, not its place.
    targets = {r["target"] for r in rows(corpus_client, "target-series")}
    assert P2 + "/target/gaoxin-jishu-qiye-shuliang" not in targets


# --- institutions across plans --------------------------------------------------------------------------


def test_institutions_named_by_at_least_two_plans(corpus, corpus_client):
    found = rows(corpus_client, "institutions-across-plans")
    counts = expected_plan_counts(corpus)
    expected = {(i, p) for i, plans in counts.items() if len(plans) >= 2 for p in plans}
    assert {(r["institution"], r["plan"]) for r in found} == expected
    assert all(r["plans"] == len(counts[r["institution"]]) for r in found)
    assert [(r["label"], r["plans"], r["planLabel"], r["ownsTarget"]) for r in found] == [
        ("示范实验室", 3, "示范市科技创新规划(2021-2025年)", False),
        ("示范实验室", 3, "新港区科技创新三年行动计划(2023-2025年)", False),
        ("示范实验室", 3, "示范市科技创新规划(2026-2030年)", False),
        ("示范大学", 2, "示范市科技创新规划(2021-2025年)", False),
        ("示范大学", 2, "新港区科技创新三年行动计划(2023-2025年)", True),
    ]


@pytest.mark.parametrize(("least", "institutions"), [("3", {LAB}), ("1", None), ("4", set())])
def test_institutions_by_least_number_of_plans(corpus, corpus_client, least, institutions):
    found = {r["institution"] for r in rows(corpus_client, "institutions-across-plans", minPlans=least)}
    assert found == (institutions if institutions is not None else set(expected_plan_counts(corpus)))


# --- investment by domain across plans -----------------------------------------------------------------


def expected_investment(graph: Graph) -> list[tuple]:
    """Sum each plan's and domain's whole portfolios (never their parts) from the triples."""
    found = []
    for plan in graph.subjects(RDF.type, PKG.Plan):
        start, end = period(graph, plan)
        groups = [(d, list(graph.objects(d, PKG.hasPortfolio))) for d in graph.objects(plan, PKG.hasDomain)]
        groups.append((None, list(graph.objects(plan, PKG.hasPortfolio))))
        for domain, portfolios in groups:
            if not portfolios:
                continue
            amount = sum(Decimal(str(graph.value(p, PKG.investment))) for p in portfolios)
            count = sum(int(graph.value(p, PKG.projectCount)) for p in portfolios)
            found.append((str(plan), str(domain or ""), start, end, len(portfolios), count, amount))
    return sorted(found)


def test_investment_by_domain_sums_whole_portfolios(corpus, corpus_client):
    found = rows(corpus_client, "investment-by-domain-across-plans")
    got = [
        (
            r["plan"],
            r.get("domain") or "",
            r["start"],
            r["end"],
            r["portfolios"],
            r["projects"],
            Decimal(r["investment"]),
        )
        for r in found
    ]
    assert sorted(got) == expected_investment(corpus)
    assert [(r["domainLabel"], r["projects"], r["investment"], r["perYear"]) for r in found] == [
        ("壮大创新主体", 12, 800_000_000, 266_666_667),
        ("（规划整体）", 5, 200_000_000, 66_666_667),
        ("建设创新平台", 60, 12_000_000_000, 2_400_000_000),
        ("培育科技企业", 30, 3_500_000_000, 700_000_000),
        ("建设创新平台", 90, 20_000_000_000, 4_000_000_000),
    ]


def test_investment_by_domain_of_one_place_in_english(corpus_client):
    found = rows(corpus_client, "investment-by-domain-across-plans", place=CITY, lang="en")
    assert [(r["plan"], r["placeLabel"], r["domainLabel"], r["perYear"]) for r in found] == [
        (P1, "Shifan City", "Build Innovation Platforms", 2_400_000_000),
        (P1, "Shifan City", "Grow Technology Enterprises", 700_000_000),
        (P2, "Shifan City", "Build Innovation Platforms", 4_000_000_000),
    ]


# --- links between plans --------------------------------------------------------------------------------


def expected_links(graph: Graph) -> set[tuple[str, str, str, str]]:
    """Every withinPlan and succeeds triple, once from each end."""
    links = set()
    for prop in (PKG.withinPlan, PKG.succeeds):
        for a, b in graph.subject_objects(prop):
            links |= {(str(a), str(prop), "out", str(b)), (str(b), str(prop), "in", str(a))}
    return links


def test_plan_links_both_directions(corpus, corpus_client):
    found = rows(corpus_client, "plan-links")
    assert {(r["plan"], r["relation"], r["direction"], r["other"]) for r in found} == expected_links(corpus)
    assert len(found) == 4
    labels = {
        (r["plan"], r["other"]): (r["relationLabel"], r["otherPlaceLabel"], r["otherStart"]) for r in found
    }
    assert labels[(P3, P1)] == ("上级规划", "示范市", 2021)
    assert labels[(P1, P3)] == ("下级规划", "新港区", 2023)
    assert labels[(P2, P1)] == ("前一期规划", "示范市", 2021)
    assert labels[(P1, P2)] == ("后一期规划", "示范市", 2026)


def test_plan_links_of_one_plan_in_english(corpus_client):
    found = rows(corpus_client, "plan-links", plan=P1, lang="en")
    assert [(r["relationLabel"], r["other"], r["otherEnd"]) for r in found] == [
        ("succeeded by", P2, 2030),
        ("has plan within", P3, 2025),
    ]


def test_a_plan_without_links_has_no_rows(corpus_client):
    assert rows(corpus_client, "plan-links", plan=ID + "plan/no-such-plan") == []


# --- a real server ---------------------------------------------------------------------------------------


def test_series_over_http(corpus_app: Flask, serve: Callable[[Flask], str]):
    root = serve(corpus_app)
    response = requests.get(
        f"{root}/api/queries/target-series",
        params={"metric": "研发"},
        headers={"Accept": "application/json", "Accept-Language": "en"},
        timeout=30,
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["query"] == "target-series"
    assert [(r["metricLabel"], r["start"], r["value"]) for r in body["rows"]] == [
        ("R&D expenditure intensity", 2021, 3),
        ("R&D expenditure intensity", 2026, 3.5),
    ]
    listed = requests.get(f"{root}/api/queries", timeout=30).json()
    names = {q["name"] for q in (listed["queries"] if isinstance(listed, dict) else listed)}
    assert {
        "target-series",
        "institutions-across-plans",
        "investment-by-domain-across-plans",
        "plan-links",
    } <= names
