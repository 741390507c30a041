"""English word rules for composed labels."""

from __future__ import annotations

import pytest

from policykg.graph_builder.english.inflection import gerund, lower_case, plural, title_case
from policykg.graph_builder.english.romanize import join_syllables, romanize_word, slugify


@pytest.mark.parametrize(
    ("noun", "expected"),
    [
        ("Platform", "Platforms"),
        ("Key Laboratory", "Key Laboratories"),
        ("Bus", "Buses"),
        ("Hub", "Hubs"),
        ("Day", "Days"),
        ("Match", "Matches"),
        ("AI", "AI"),
        ("", ""),
    ],
)
def test_english_plural(noun: str, expected: str) -> None:
    assert plural(noun) == expected


@pytest.mark.parametrize(
    ("verb", "expected"),
    [
        ("Build", "Building"),
        ("Improve", "Improving"),
        ("Plan", "Planning"),
        ("Deepen", "Deepening"),
        ("Tie", "Tying"),
        ("See", "Seeing"),
        ("Carry Out", "Carrying Out"),
        ("Vigorously Develop", "Vigorously Developing"),
        ("Further Advance", "Further Advancing"),
        ("Accelerate the Construction of", "Accelerating the Construction of"),
    ],
)
def test_english_gerund(verb: str, expected: str) -> None:
    assert gerund(verb) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plan for the conversion of growth drivers", "Plan for the Conversion of Growth Drivers"),
        ("south-to-north water diversion", "South-to-North Water Diversion"),
        ("in-depth integration", "In-Depth Integration"),
        ("R&D base of BeiDou", "R&D Base of BeiDou"),
        ("xi'an", "Xi'an"),
    ],
)
def test_english_title_case(text: str, expected: str) -> None:
    assert title_case(text) == expected


def test_english_lower_case_keeps_acronyms() -> None:
    assert lower_case("National-Level R&D BeiDou High-Tech 15-Minute GDP") == (
        "national-level R&D BeiDou high-tech 15-minute GDP"
    )


@pytest.mark.parametrize(
    ("syllables", "word"),
    [(["xi", "an"], "Xi'an"), (["tian", "an", "men"], "Tian'anmen"), (["lu:", "liang"], "Luliang")],
)
def test_english_pinyin_join_syllables_marks_syllable_breaks(syllables: list[str], word: str) -> None:
    assert join_syllables(syllables) == word


def test_english_pinyin_romanize_word_keeps_slugs_unchanged() -> None:
    assert romanize_word("泉城") == "Quancheng"
    assert slugify("泉城实验室") == "quancheng-shiyanshi"
