"""The English glossary: its file format, and the packaged glossary's soundness."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policykg.graph_builder.english.glossary import GlossaryError, Term, glossary, load, parse_line
from policykg.graph_builder.english.inflection import SMALL_WORDS


@pytest.mark.parametrize(
    ("line", "term"),
    [
        ("实验室\tLaboratory\tn,ph", Term("实验室", "Laboratory", frozenset({"n", "ph"}))),
        ("建设\tBuild\tv,noun=Construction", Term("建设", "Build", frozenset({"v"}))),
        ("的\t", Term("的", "")),
        ("5G\t5G\tpn", Term("5G", "5G", frozenset({"pn"}))),
    ],
)
def test_glossary_parse_line(line: str, term: Term) -> None:
    assert parse_line(line) == term


def test_glossary_parse_line_reads_values() -> None:
    term = parse_line("区\tZone\tprefix=District,suffix=District")
    assert term is not None
    assert (term.value("prefix"), term.value("suffix"), term.value("noun")) == ("District", "District", None)


@pytest.mark.parametrize("line", ["# a comment", "", "   "])
def test_glossary_parse_line_skips_comments(line: str) -> None:
    assert parse_line(line) is None


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("实验室\tLaboratory\tn\textra", "more than three"),
        ("\tLaboratory", "Chinese term"),
        ("实验室\t实验室", "not plain ASCII"),
        ("实验室\tLaboratory\tnoun", "unknown tag"),
        ("实验室\tLaboratory\tcolour=red", "unknown tag"),
    ],
)
def test_glossary_parse_line_rejects_bad_lines(line: str, message: str) -> None:
    with pytest.raises(GlossaryError, match=message):
        parse_line(line, "x.tsv:1")


def test_glossary_load_refuses_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "glossary.tsv"
    path.write_text("zh\ten\ttags\n实验室\tLaboratory\n实验室\tLab\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="already in the glossary"):
        load(path)


def test_glossary_is_a_few_thousand_general_entries() -> None:
    terms = glossary()
    assert len(terms) >= 3000
    for zh in ("国家", "实验室", "重点实验室", "技术转移中心", "产业园", "示范区", "大数据", "一带一路"):
        assert zh in terms


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("国家", "National"),
        ("省级", "Provincial"),
        ("重点实验室", "Key Laboratory"),
        ("健康医疗", "Health and Medical"),
        ("新旧动能转换", "Conversion of Old and New Growth Drivers"),
        ("高质量发展", "High-Quality Development"),
        ("人才总量", "Total Talent Pool"),
    ],
)
def test_glossary_entries(zh: str, en: str) -> None:
    assert glossary()[zh].en == en


def test_glossary_english_is_title_case_ascii() -> None:
    for term in glossary().values():
        assert term.en.replace("–", "-").isascii(), term.zh
        assert not re.search(r"[\u3400-\u9fff]", term.en), term.zh
        for word in term.en.split():
            capitalized = any(c.isupper() for c in word)  # Word, R&D, kW
            assert capitalized or not word[0].isalpha() or word in SMALL_WORDS or "{" in word, term.zh


def test_glossary_templates_have_their_placeholders() -> None:
    for term in glossary().values():
        if term.value("num") is not None:
            assert re.search(r"\{n(\*\d+)?\}", term.value("num")), term.zh
        assert "{n}" not in term.en, term.zh
