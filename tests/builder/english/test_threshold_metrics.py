"""A target's metric that counts things above a threshold reads as "number of … with … of … or more"."""

from __future__ import annotations

import pytest

from policykg.graph_builder.english.labels import english_label


@pytest.mark.parametrize(
    ("metric", "label"),
    [
        (
            "营业收入达到50亿元以上的企业数量",
            "number of enterprises with operating revenue of CNY 5 billion or more",
        ),
        (
            "年产值超过10亿元以上的企业",
            "number of enterprises with annual output value of CNY 1 billion or more",
        ),
    ],
)
def test_a_threshold_count_reads_as_a_number_of_things(metric: str, label: str) -> None:
    assert english_label(metric, "Target") == label


def test_only_targets_and_only_thresholds_take_the_frame() -> None:
    assert english_label("高新技术企业数量", "Target") == "number of high-tech enterprises"
    assert not english_label("营业收入达到50亿元以上的企业数量", "Institution").startswith("number of")
