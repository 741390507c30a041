"""The named queries run on the sample graph: each parses bound to sample values and returns the expected
rows, labels fall back to the other language, and string values cannot change what a query does."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib.plugins.sparql import prepareQuery

from policykg.queries import bundled_queries, parse_query

ID = "https://w3id.org/policykg/id/"
PKG = "https://w3id.org/policykg/ontology#"
PLAN1 = "plan/shilishi-keji-chuangxin-sannian-xingdong-jihua-2023-2025"
PLAN2 = "plan/shilishi-shuzi-jingji-sannian-xingdong-jihua-2024-2026"

QUERIES = bundled_queries()

#: Sample values for parameters that have no default, so that every query can be run and parsed bound.
SAMPLE_VALUES = {
    "place": ID + "city/shilishi",
    "text": "示例",
    "plan": ID + PLAN1,
    "task": ID + PLAN1 + "/domain/1/task/1",
}


def short(term: ox.NamedNode | ox.Literal | None) -> str | None:
    """Return a term's value with the data and ontology namespaces dropped, for compact expectations."""
    if term is None:
        return None
    return term.value.removeprefix(ID).removeprefix(PKG)


def run(store: ox.Store, name: str, args: dict[str, str], columns: tuple[str, ...]) -> list[tuple]:
    """Run a named query with request-style arguments and return the chosen columns of each row."""
    return [tuple(short(row[c]) for c in columns) for row in store.query(QUERIES[name].bind(args))]


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_query_parses_unbound_and_bound(name):
    query = QUERIES[name]
    prepareQuery(query.text)
    args = {p.name: SAMPLE_VALUES[p.name] for p in query.parameters if p.name in SAMPLE_VALUES}
    bound = query.bind(args)
    assert "VALUES" in bound
    prepareQuery(bound)


EXPECTED = [
    (
        "institutions-by-type",
        {},
        ("institution", "label", "class", "placeLabel"),
        [
            ("laboratory/shili-shiyanshi", "示例实验室", "Laboratory", "示例市"),
            ("data-center/shili-suanli-zhongxin", "示例算力中心", "DataCenter", "示例县"),
        ],
    ),
    (
        "institutions-by-type",
        {"type": "pkg:Laboratory", "lang": "en"},
        ("institution", "label", "classLabel", "placeLabel"),
        [("laboratory/shili-shiyanshi", "Shili Laboratory", "Laboratory", "Shili City")],
    ),
    ("institutions-by-type", {"type": "pkg:Hospital"}, ("institution",), []),
    (
        "portfolio-investment",
        {"lang": "en"},
        ("plan", "domainLabel", "statusLabel", "portfolios", "projects", "investment"),
        [
            (PLAN2, None, "total", "1", "15", "2800000000"),
            (PLAN2, None, "Continuing", "1", "5", "800000000"),
            (PLAN2, None, "Reserve", "1", "10", "2000000000"),
            (PLAN1, "Build Innovation Platforms", "total", "1", "80", "10000000000"),
            (PLAN1, "Build Innovation Platforms", "Continuing", "1", "30", "5000000000"),
            (PLAN1, "Build Innovation Platforms", "New start", "1", "40", "4000000000"),
        ],
    ),
    (
        "portfolio-investment",
        {"plan": ID + PLAN2},
        ("status", "statusLabel", "projects"),
        [(None, "合计", "15"), ("Continuing", "续建", "5"), ("Reserve", "谋划储备", "10")],
    ),
    (
        "targets-due-by",
        {},
        (
            "target",
            "metric",
            "comparatorLabel",
            "value",
            "unitLabel",
            "printedValue",
            "hasDeadline",
            "deadline",
            "setByLabel",
        ),
        [
            (
                PLAN1 + "/target/rencai-zongliang-2025",
                "人才总量",
                "不低于",
                "500000",
                "人",
                "50万",
                "true",
                "2025",
                "建设高能级实验室",
            )
        ],
    ),
    (
        "targets-due-by",
        {"year": "2026", "lang": "en"},
        ("metric", "comparator", "value", "unit", "deadline", "setByLabel"),
        [
            (
                "total talent",
                "AtLeast",
                "500000",
                "https://w3id.org/policykg/unit/Person",
                "2025",
                "Build High-Level Laboratories",
            ),
            (
                "data centre racks",
                "Equal",
                "5000",
                "https://w3id.org/policykg/unit/Item",
                "2026",
                "Strengthen Digital Infrastructure",
            ),
        ],
    ),
    ("targets-due-by", {"year": "2024"}, ("target",), []),
    (
        "in-place",
        {"place": ID + "county/shilixian", "lang": "en"},
        ("entity", "label", "relation", "whereLabel"),
        [
            ("data-center/shili-suanli-zhongxin", "Shili Computing Center", "locatedIn", "Shili County"),
            (PLAN2 + "/domain/1/task/1", "Build Computing Centres (AI)", "mentions", "Shili County"),
        ],
    ),
    (
        "in-place",
        {"place": ID + "city/shilishi"},
        ("entity", "relation", "where"),
        [
            (PLAN2, "coversPlace", "city/shilishi"),
            (PLAN1, "coversPlace", "city/shilishi"),
            ("transport-project/shili-guidao-jiaotong", "locatedIn", "district/shiliqu"),
            ("laboratory/shili-shiyanshi", "locatedIn", "city/shilishi"),
            ("data-center/shili-suanli-zhongxin", "locatedIn", "county/shilixian"),
            (PLAN2 + "/domain/1/task/1", "mentions", "county/shilixian"),
            (PLAN1 + "/domain/1/task/1", "mentions", "city/shilishi"),
            ("county/shilixian", "within", "city/shilishi"),
            ("district/shiliqu", "within", "city/shilishi"),
        ],
    ),
    (
        "task-projects-institutions",
        {},
        ("task", "entity", "kind"),
        [
            (PLAN1 + "/domain/1/task/1", "laboratory/shili-shiyanshi", "Institution"),
            (PLAN2 + "/domain/1/task/1", "laboratory/shili-shiyanshi", "Institution"),
            (PLAN2 + "/domain/1/task/1", "data-center/shili-suanli-zhongxin", "Institution"),
            (PLAN2 + "/domain/1/task/1", "transport-project/shili-guidao-jiaotong", "Project"),
        ],
    ),
    (
        "task-projects-institutions",
        {"task": ID + PLAN1 + "/domain/1/task/1", "lang": "en"},
        ("domainLabel", "taskLabel", "label", "classLabel"),
        [("Build Innovation Platforms", "Build High-Level Laboratories", "Shili Laboratory", "Laboratory")],
    ),
    (
        "number-sources",
        {"subject": ID + PLAN1 + "/target/rencai-zongliang-2025"},
        ("label", "printed", "value", "span", "exact", "start", "end", "sentence"),
        [
            (
                "人才总量突破50万（2025年）",
                "50万",
                "500000",
                "document/0123456789abcdef/span/100-120",
                "到2025年人才总量突破50万",
                "100",
                "120",
                "到2025年人才总量突破50万。",
            )
        ],
    ),
    (
        "number-sources",
        {"lang": "en"},
        ("subject", "printed"),
        [
            (PLAN1 + "/domain/1/portfolio/1", "100亿元"),
            (PLAN1 + "/domain/1/portfolio/1/continuing", "50亿元"),
            (PLAN1 + "/domain/1/portfolio/1/new-start-2023", "40亿元"),
            (PLAN1 + "/target/rencai-zongliang-2025", "50万"),
            (PLAN2 + "/portfolio/1", "28亿元"),
            (PLAN2 + "/portfolio/1/continuing", "8亿元"),
            (PLAN2 + "/portfolio/1/reserve-2024-2025", "20亿元"),
            (PLAN2 + "/target/shuju-zhongxin-jijia-2026", "5000个"),
        ],
    ),
    (
        "shared-institutions",
        {},
        ("institution", "label", "domains", "domainLabel"),
        [
            ("laboratory/shili-shiyanshi", "示例实验室", "2", "夯实数字基础设施"),
            ("laboratory/shili-shiyanshi", "示例实验室", "2", "建设创新平台"),
        ],
    ),
    ("shared-institutions", {"minDomains": "3"}, ("institution",), []),
    (
        "label-search",
        {"text": "实验室"},
        ("entity", "label", "matchLength"),
        [
            ("laboratory/shili-shiyanshi", "示例实验室", "5"),
            (PLAN1 + "/domain/1/task/1", "建设高能级实验室", "8"),
        ],
    ),
    (
        "label-search",
        {"text": "SHILI C", "lang": "en"},
        ("entity", "label"),
        [
            ("city/shilishi", "Shili City"),
            ("county/shilixian", "Shili County"),
            ("data-center/shili-suanli-zhongxin", "Shili Computing Center"),
            (PLAN2, "Shili City Digital Economy Three-Year Action Plan (2024–2026)"),
            (PLAN1, "Shili City Science and Technology Innovation Three-Year Action Plan (2023–2025)"),
        ],
    ),
    (
        "plan-outline",
        {"plan": ID + PLAN1, "lang": "en"},
        ("domainOrdinal", "domainLabel", "taskOrdinal", "taskLabel", "targets", "portfolios", "mentions"),
        [
            ("1", "Build Innovation Platforms", None, None, "0", "1", "0"),
            ("1", "Build Innovation Platforms", "1", "Build High-Level Laboratories", "1", "0", "2"),
        ],
    ),
    # The cross-plan queries on the two sample plans, which are neither linked nor share a metric and
    # place (their rows on a linked corpus: tests/queries/test_cross_plan_queries.py).
    ("target-series", {}, ("series",), []),
    ("plan-links", {}, ("plan",), []),
    (
        "institutions-across-plans",
        {},
        ("institution", "plans", "plan", "ownsTarget"),
        [
            ("laboratory/shili-shiyanshi", "2", PLAN2, "false"),
            ("laboratory/shili-shiyanshi", "2", PLAN1, "false"),
        ],
    ),
    (
        "investment-by-domain-across-plans",
        {"lang": "en"},
        ("plan", "domainLabel", "projects", "investment", "perYear"),
        [
            (PLAN2, "(whole plan)", "15", "2800000000", None),
            (PLAN1, "Build Innovation Platforms", "80", "10000000000", "3333333333"),
        ],
    ),
]


@pytest.mark.parametrize(("name", "args", "columns", "rows"), EXPECTED)
def test_query_returns_the_expected_rows(sample_oxigraph, name, args, columns, rows):
    assert run(sample_oxigraph, name, args, columns) == rows


def test_every_query_has_expected_rows():
    assert {name for name, *_ in EXPECTED} == set(QUERIES)


def test_labels_fall_back_to_the_other_language():
    store = ox.Store()
    lab = ox.NamedNode(ID + "laboratory/zhi-you-zhongwen")
    store.add(
        ox.Quad(
            lab,
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode(PKG + "Laboratory"),
        )
    )
    store.add(
        ox.Quad(
            lab,
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            ox.Literal("只有中文", language="zh"),
        )
    )
    store.add(
        ox.Quad(
            ox.NamedNode(PKG + "Laboratory"),
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf"),
            ox.NamedNode(PKG + "Institution"),
        )
    )
    assert run(store, "institutions-by-type", {"lang": "en"}, ("label",)) == [("只有中文",)]


ECHO = parse_query("echo", "# title: Echo\n# param: text (string) T\nSELECT ?text WHERE { }")


@pytest.mark.parametrize(
    "text",
    [
        '示例") } } DROP ALL ; SELECT * WHERE { ?s ?p ?o FILTER("',
        "x' UNION { ?s ?p ?o } #",
        '}\nVALUES ?lang { "en" }\n',
        "\\u0022) }",
        "\\",
        "\U0001f600 😀 \t\r\x00",
    ],
)
def test_string_values_cannot_change_the_query(sample_oxigraph, text):
    # The value comes back unchanged from the store, so it stayed one literal ...
    assert [row["text"].value for row in sample_oxigraph.query(ECHO.bind({"text": text}))] == [text]
    # ... and the real query still has its own shape and finds nothing.
    assert run(sample_oxigraph, "label-search", {"text": text}, ("entity",)) == []
