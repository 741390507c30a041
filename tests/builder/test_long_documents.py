"""Documents longer than spaCy's max_length are tokenized in batches of whole lines, with offsets kept."""

from __future__ import annotations

import pytest

from policykg.graph_builder.pipeline.extract import extract_plan
from policykg.graph_builder.pipeline.nlp import line_batches, make_doc

PLAN = (
    "示例市推进制造业高质量发展三年行动计划（2024—2026年）\n"
    "一、建设先进制造业基地\n"
    "（一）壮大产业集群。建设示例市新能源汽车产业园，到2025年全市新能源汽车产量达到10万辆。\n"
    "二、提升创新能力\n"
    "（二）建设创新平台。支持示例市智能制造研究院建设，到2026年新增省级重点实验室5家。\n"
)


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("ab\ncd\nef\n", 4, ["ab\n", "cd\n", "ef\n"]),
        ("ab\ncd\nef\n", 6, ["ab\ncd\n", "ef\n"]),
        ("abcdefg\nhi", 3, ["abc", "def", "g\n", "hi"]),
        ("", 3, []),
    ],
)
def test_line_batches(text: str, limit: int, expected: list[str]) -> None:
    assert line_batches(text, limit) == expected


def test_a_long_document_is_tokenized_in_batches_with_its_own_offsets(nlp, monkeypatch) -> None:
    monkeypatch.setattr(nlp, "max_length", 60)
    doc = make_doc(nlp, PLAN)
    assert doc.text == PLAN
    assert all(PLAN[t.idx : t.idx + len(t.text)] == t.text for t in doc)
    with pytest.raises(ValueError, match="E088"):
        nlp(PLAN)


def test_a_long_document_yields_what_it_would_in_one_piece(nlp, monkeypatch) -> None:
    whole = extract_plan(PLAN, nlp)
    monkeypatch.setattr(nlp, "max_length", 60)
    assert extract_plan(PLAN, nlp) == whole
    assert len(whole.domains) == 2
