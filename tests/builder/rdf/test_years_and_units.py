"""Years the writer gives as integers beside their gYear forms, units it labels, and the targets-due-by
query on what it writes: stated deadlines compared as numbers, targets without one listed apart."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest
from rdflib import Literal

from policykg.graph_builder.rdf.minter import IriMinter
from policykg.graph_builder.rdf.triples import GraphWriter
from policykg.graph_builder.records import (
    Comparator,
    DocumentRecord,
    PlanRecord,
    Quantity,
    Span,
    TargetRecord,
)
from policykg.ontology import ontology_path
from policykg.ontology.namespaces import PKG
from policykg.queries import bundled_queries

SPAN = Span(0, 6, "示例目标句", "示例目标句。", 0)


def target(metric: str, metric_en: str, printed: str, unit: str, **years: int) -> TargetRecord:
    value = Decimal(printed.rstrip("%美元个"))
    return TargetRecord(metric, metric_en, Quantity(value, unit, printed), Comparator.AT_LEAST, SPAN, **years)


PLAN = PlanRecord(
    "示例市示例行动计划",
    "Shili Action Plan",
    SPAN,
    start_year=2023,
    end_year=2025,
    issued="2023-03-08",
    targets=(
        target(
            "实际使用外资", "foreign capital used", "5美元", "USD", deadline_year=2024, baseline_year=2020
        ),
        target("覆盖率", "coverage rate", "90%", "PERCENT"),
        target("示范项目", "demonstration projects", "30个", "ITEM", deadline_year=2027),
    ),
)


@pytest.fixture(scope="module")
def written():
    writer = GraphWriter(IriMinter())
    writer.add_plan(PLAN, DocumentRecord("shili.txt", "示例目标句。", "0" * 64))
    return writer.graph


def test_every_year_is_also_an_integer(written):
    integers = {(p, o) for _, p, o in written if p.endswith("YearNumber") or p == PKG.yearNumber}
    assert (PKG.deadlineYearNumber, Literal(2024)) in integers
    assert (PKG.baselineYearNumber, Literal(2020)) in integers
    assert (PKG.issuedYearNumber, Literal(2023)) in integers
    assert {(PKG.yearNumber, Literal(2023)), (PKG.yearNumber, Literal(2025))} <= integers


def test_percent_and_dollars_are_labelled_in_both_languages(written):
    labels = {(str(s).rsplit("/", 1)[-1], str(o), o.language) for s, p, o in written if "qudt.org" in str(s)}
    assert {("PERCENT", "百分比", "zh"), ("PERCENT", "percent", "en")} <= labels
    assert {("USD", "美元", "zh"), ("USD", "US dollars", "en")} <= labels


@pytest.fixture(scope="module")
def store(written):
    store = ox.Store()
    store.load(path=str(ontology_path()), format=ox.RdfFormat.TURTLE)
    store.load(written.to_graph().serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def test_a_plain_numeric_filter_finds_the_deadlines(store):
    rows = store.query(
        "PREFIX pkg: <https://w3id.org/policykg/ontology#> "
        "SELECT ?t WHERE { ?t pkg:deadlineYearNumber ?year FILTER(?year <= 2025) }"
    )
    assert len(list(rows)) == 1


def test_targets_due_by_lists_targets_without_a_deadline_apart(store):
    query = bundled_queries()["targets-due-by"]
    rows = [
        tuple(
            row[c].value if row[c] is not None else None
            for c in ("metric", "hasDeadline", "deadline", "periodEnd", "unitLabel")
        )
        for row in store.query(query.bind({"year": "2025", "lang": "en"}))
    ]
    assert rows == [
        ("foreign capital used", "true", "2024", None, "US dollars"),
        ("coverage rate", "false", None, "2025", "percent"),
    ]
