"""Task and domain titles: the 在…上 frame after the verb phrase, nominal verbs, no stray prepositions.

The titles are written for these tests in the style of the genre.
"""

from __future__ import annotations

import pytest

from policykg.graph_builder.english.labels import english_label

TITLES = [
    # 在 X 上 + a verb alone: the verb takes "in" and governs X (a verb in X becomes a gerund)
    ("在建设某某样板上走在前", "Take the Lead in Building So-and-So Model"),
    ("在科技创新上走在前列", "Take the Lead in Science and Technology Innovation"),
    # a verb that ends in "in" already does not take a second one
    ("在打造某某样板上先行一步", "Take the Lead in Building So-and-So Model"),
    # 在 X 上 + a verb phrase: "in X" follows it
    (
        "在数字经济发展上争取更大作为",
        "Strive for Greater Achievements in Digital Economy Development",
    ),
    # 在 X + a verb, without a closing word
    ("在重点领域取得突破", "Achieve Breakthrough in Key Fields"),
    # a one-character attribute before a verb makes it a noun
    ("在重点领域取得新突破", "Achieve New Breakthrough in Key Fields"),
    # a verb between a noun and a countable head names the kind of the head
    ("实施国际物流畅通行动", "Implement International Logistics Unblocking Actions"),
    # a conjunction before a second verb is not doubled
    (
        "构建数据要素生态圈和推进开放合作",
        "Build Data Factors Ecosystems and Advance Open Cooperation",
    ),
    # a preposition left at the end is dropped
    ("积极倡导全民参与", "Actively Advocate Entire Population Participation"),
    # headings of the genre
    ("保障措施", "Safeguard Measures"),
    ("总体目标", "Overall Goals"),
]


@pytest.mark.parametrize(("zh", "expected"), TITLES)
def test_task_titles_read_in_english_order(zh: str, expected: str) -> None:
    assert english_label(zh, "Task") == expected


def test_a_frame_without_a_verb_after_it_stays_in_place() -> None:
    assert english_label("在某某区", "Task").startswith("In ")


def test_the_closing_word_of_a_frame_is_dropped() -> None:
    assert "Upper" not in english_label("在数字经济上走在前", "Domain")
