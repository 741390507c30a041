"""Which documents describe one plan: the bundled plan and its explainer together, other plans apart."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from policykg.graph_builder.corpus.works import Source, group_works, place_code, title_key
from policykg.graph_builder.documents import read_document
from policykg.graph_builder.pipeline.extract import extract_plan
from policykg.graph_builder.records import DocumentRecord, PlanRecord

PLANS = Path(__file__).parents[2] / "fixtures" / "plans"


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("济南市推进数字乡村建设三年行动计划（2024—2026年）", "推进数字乡村建设行动计划"),
        ("关于印发《济南市推进数字乡村建设三年行动计划（2024—2026年）》的通知", "推进数字乡村建设行动计划"),
        ("《济南市推进数字乡村建设三年行动计划(2024-2026年)》政策解读", "推进数字乡村建设行动计划"),
        ("市农业农村局负责同志就《济南市推进数字乡村建设行动计划》答记者问", "推进数字乡村建设行动计划"),
        ("图解：济南市推进数字乡村建设三年行动计划", "推进数字乡村建设行动计划"),
        ("山东省济南市数字乡村建设“十四五”规划", "数字乡村建设规划"),
    ],
)
def test_title_key_drops_wrappers_place_and_period(title, key):
    assert title_key(title) == key


def test_place_code_of_the_plans_city(corpus_sources):
    assert place_code(corpus_sources["bundled"].plan) == "370100"
    assert place_code(corpus_sources["district"].plan) == "370102"
    assert place_code(PlanRecord("某计划", "", None, city="历城区")) == "370112"
    assert place_code(PlanRecord("某计划", "", None)) is None


def test_the_plan_and_its_explainer_are_one_work_the_others_apart(corpus_sources, nlp):
    ours = [corpus_sources[k] for k in ("explainer", "district", "bundled", "later")]
    others = []
    for path in sorted(PLANS.glob("*.txt")):
        document = read_document(path)
        others.append(Source(document, extract_plan(document.text, nlp)))
    groups = group_works(ours + others)
    # The bundled plan is the fuller source: it comes first, though it is read after the explainer.
    assert groups[0] == (2, 0)
    assert sorted(i for g in groups for i in g) == list(range(len(ours) + len(others)))
    assert all(len(g) == 1 for g in groups[1:])
    assert [min(g) for g in groups] == sorted(min(g) for g in groups)


def _source(title: str, city: str | None, years: tuple[int | None, int | None], text: str = "") -> Source:
    plan = PlanRecord(title, "", None, city=city, start_year=years[0], end_year=years[1])
    return Source(DocumentRecord(title, text or title, ""), plan)


def test_different_places_periods_or_kinds_are_different_plans():
    sources = [
        _source("济南市推进数字乡村建设三年行动计划（2024—2026年）", "济南市", (2024, 2026)),
        _source("青岛市推进数字乡村建设三年行动计划（2024—2026年）", "青岛市", (2024, 2026)),
        _source("济南市推进数字乡村建设三年行动计划（2027—2029年）", "济南市", (2027, 2029)),
        _source("济南市推进数字乡村建设三年实施方案（2024—2026年）", "济南市", (2024, 2026)),
        _source("济南市推进智慧农业发展三年行动计划（2024—2026年）", "济南市", (2024, 2026)),
        _source("《济南市推进数字乡村建设三年行动计划》新闻发布会", "济南市", (2024, 2026)),
    ]
    assert group_works(sources) == [(0, 5), (1,), (2,), (3,), (4,)]


def test_a_document_naming_the_plan_in_quotes_joins_it():
    plan = _source("济南市推进数字乡村建设三年行动计划（2024—2026年）", "济南市", (2024, 2026))
    talk = _source(
        "数字乡村建设这样干",
        "济南市",
        (2024, 2026),
        text="数字乡村建设这样干\n\n近日，《济南市推进数字乡村建设三年行动计划（2024—2026年）》印发。",
    )
    other = replace(talk, document=replace(talk.document, text="数字乡村建设这样干\n\n近日，本市召开会议。"))
    assert group_works([plan, talk]) == [(0, 1)]
    assert group_works([plan, other]) == [(0,), (1,)]


def test_the_fullest_source_is_the_primary(corpus_sources):
    bundled, explainer = corpus_sources["bundled"], corpus_sources["explainer"]
    assert group_works([explainer, bundled]) == [(1, 0)]
    assert group_works([bundled, explainer]) == [(0, 1)]


def test_a_plan_that_names_another_in_its_preamble_stays_apart():
    parent = _source("济南市推进数字乡村建设三年行动计划（2024—2026年）", "济南市", (2024, 2026))
    child = _source(
        "济南市智慧农业三年行动方案（2024—2026年）",
        "济南市",
        (2024, 2026),
        text="济南市智慧农业三年行动方案（2024—2026年）\n\n为落实《济南市推进数字乡村建设三年行动计划"
        "（2024—2026年）》，制定本方案。",
    )
    assert group_works([parent, child]) == [(0,), (1,)]
