"""policykg.pinyin: the one reading (as lazy_pinyin reads), its pieces, and readings told apart by name."""

from __future__ import annotations

import pytest
from pypinyin import lazy_pinyin

from policykg.pinyin import (
    pair_readings,
    pinyin_pieces,
    pinyin_reading,
    pinyin_syllables,
    reading_syllables,
    syllable_count,
)


@pytest.mark.parametrize(
    "text",
    ["二〇二三年工作要点", "济南市〇号线", "5G基站建设", "重庆银行", "绿色低碳", "示例市(2023-2025年)"],
)
def test_the_pieces_are_those_of_lazy_pinyin(text: str) -> None:
    assert pinyin_pieces(text) == lazy_pinyin(text)


def test_the_numeral_zero_reads_ling_as_lazy_pinyin_reads_it() -> None:
    assert pinyin_reading("二〇二三年") == "er ling er san nian"
    assert pinyin_syllables("〇") == ["ling"]


def test_a_character_without_a_reading_is_kept_as_a_piece_and_dropped_from_the_syllables() -> None:
    # U+3402 is a Han character (Extension A) that pypinyin's dictionary does not read.
    assert pinyin_pieces("基站\u3402号") == ["ji", "zhan", "\u3402", "hao"]
    assert pinyin_syllables("基站\u3402号") == ["ji", "zhan", "hao"]


def test_other_text_is_kept_as_it_stands_in_pieces_and_split_in_syllables() -> None:
    assert pinyin_pieces("AI-芯片 Lab") == ["AI-", "xin", "pian", " Lab"]
    assert pinyin_syllables("AI-芯片 Lab") == ["ai", "xin", "pian", "lab"]


@pytest.mark.parametrize(
    ("reading", "syllables"),
    [
        ("ji nan shi", ["ji", "nan", "shi"]),
        ("Quan Cheng  suan-li", ["quan", "cheng", "suan", "li"]),
        ("zhong xin (ai) 5g", ["zhong", "xin", "ai", "5g"]),
        ("", []),
    ],
)
def test_a_stored_reading_splits_into_lower_case_syllables(reading: str, syllables: list[str]) -> None:
    assert reading_syllables(reading) == syllables


@pytest.mark.parametrize(
    "name",
    ["济南市", "泉城算力中心（AI）", "二〇二三年5G基站", "山东大学齐鲁医院", "长江经济带", "AI-芯片 Lab"],
)
def test_the_syllable_count_of_a_name_is_that_of_its_reading(name: str) -> None:
    assert syllable_count(name) == len(pinyin_syllables(name))


def test_readings_are_paired_with_the_names_they_read() -> None:
    label, full, short = "山东大学齐鲁医院", "山东大学齐鲁医院（青岛院区）", "齐鲁医院"
    readings = [pinyin_reading(name) for name in (full, short, label)]
    assert dict(pair_readings([label, full, short], readings)) == {
        pinyin_reading(label): label,
        pinyin_reading(full): full,
        pinyin_reading(short): short,
    }


def test_readings_that_cannot_be_told_apart_are_not_guessed() -> None:
    # 神农 and its misprint 神衣 have as many syllables and read differently: no dictionary, no pairing.
    readings = ["shen yi zhong ye shi yan shi", "shen nong zhong ye shi yan shi"]
    assert pair_readings(["神农种业实验室", "神衣种业实验室"], readings) == [
        ("shen nong zhong ye shi yan shi", None),
        ("shen yi zhong ye shi yan shi", None),
    ]
    # A misprint that reads the same (渭河, 渭和) shares the one reading: it is the label's.
    assert pair_readings(["渭河实验室", "渭和实验室"], ["wei he shi yan shi"] * 2) == [
        ("wei he shi yan shi", "渭河实验室")
    ]
    # A name with a character that has no reading reads one syllable fewer than it counts.
    assert pair_readings(["基站\u3402号"], ["ji zhan hao"]) == [("ji zhan hao", None)]
    # Names without Han characters have no readings.
    assert pair_readings(["Jinan", "济南"], ["ji nan"]) == [("ji nan", "济南")]


def test_pairing_needs_no_dictionary() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from policykg.pinyin import pair_readings, reading_syllables, syllable_count\n"
        "assert pair_readings(['济南市', '济南'], ['ji nan', 'ji nan shi']) == "
        "[('ji nan', '济南'), ('ji nan shi', '济南市')]\n"
        "assert reading_syllables('ji nan') == ['ji', 'nan'] and syllable_count('济南') == 2\n"
        "assert not [m for m in sys.modules if m.startswith('pypinyin')]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
