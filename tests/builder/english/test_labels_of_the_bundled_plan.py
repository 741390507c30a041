"""English labels of the institution names found in the bundled plan: printable, and no known word
left as pinyin."""

from __future__ import annotations

import re

import pytest

from policykg.data import bundled_documents
from policykg.graph_builder.english import cedict
from policykg.graph_builder.english.glossary import glossary
from policykg.graph_builder.english.labels import Source, english_label, label_origins

_SUFFIXES = (
    "实验室|医院|医学中心|医疗中心|创新中心|技术中心|转移中心|数据中心|超算中心|中心仓|大学|校区|研究院|"
    "基地|产业园|示范园|示范区|试验区|合作区|起步区|博物馆|档案馆|规划馆|基因库|枢纽|机场|水库|电站|高铁|"
    "科技城|科创城|大走廊|公园|平台"
)
_CANDIDATE = re.compile(rf"[\u4e00-\u9fff“”·()（）]{{1,24}}?(?:{_SUFFIXES})")
_CUT = re.compile(r"[的和与及等在将把为对向从是、，。：；]")


def _institution_names() -> list[str]:
    """Find institution-like names in the bundled plan: suffix matches without their governing verbs."""
    text = bundled_documents()[0].read_text(encoding="utf-8")
    verbs = sorted((zh for zh, term in glossary().items() if term.has("v")), key=len, reverse=True)
    names = set()
    for match in _CANDIDATE.finditer(text):
        name = _CUT.split(match.group(0))[-1]
        stripped = True
        while stripped:
            stripped = False
            for verb in verbs:
                if name.startswith(verb) and len(name) > len(verb) + 1:
                    name, stripped = name[len(verb) :], True
                    break
        if len(name) >= 3:
            names.add(name)
    return sorted(names)


NAMES = _institution_names()
_PRINTABLE = re.compile(r"^[ -~–]+$")


def test_labels_bundled_document_has_names() -> None:
    assert len(NAMES) >= 40
    assert "泉城实验室" in NAMES


@pytest.mark.parametrize("name", NAMES)
def test_labels_bundled_names_are_printable_english(name: str) -> None:
    label = english_label(name, "Laboratory" if name.endswith("实验室") else None)
    assert label.strip()
    assert _PRINTABLE.match(label), label
    assert not re.search(r"[\u3400-\u9fff]", label)


def _known_elsewhere(word: str) -> bool:
    """Return whether the glossary, or CC-CEDICT as a common word only, knows ``word``."""
    if word in glossary():
        return True
    sense = cedict.lookup(word) if len(word) >= 2 else None
    return sense is not None and not sense.proper and cedict.proper_pinyin(word) is None


@pytest.mark.parametrize("name", NAMES)
def test_labels_known_words_are_not_left_as_pinyin(name: str) -> None:
    romanized = [o.zh for o in label_origins(name) if o.source is Source.PINYIN]
    assert not [word for word in romanized if _known_elsewhere(word)]


# --- mechanics ---------------------------------------------------------------------------------------
