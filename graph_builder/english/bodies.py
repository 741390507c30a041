"""Places before the heads of government bodies' and companies' names.

In a government body's name (its head tagged gov: 局, 厅, 委员会 ...) a province or city reads as an
adjective: 山东省交通运输厅 -> Shandong Provincial Department of Transport, 济南市统计局 -> Jinan Municipal
Bureau of Statistics. In a company's name (its head tagged firm) a province right before the brand drops
its unit: 福建省某某实业有限公司 -> Fujian Moumou Industrial Co., Ltd. Other names keep their places.
"""

from __future__ import annotations

from itertools import pairwise

from policykg.graph_builder.english.words import Source, Word


def is_level(word: Word) -> bool:
    """Return whether a word names the level or place of a government body (省, 济南市, 自治区, 市委)."""
    if word.proper or word.has("gov") or word.value("suffix") is not None:
        return True
    return len(word.zh) == 1 and word.value("prefix") is not None


def body_places(words: list[Word]) -> None:
    """In the name of a government body, a province or city reads as an adjective.

    山东省交通运输厅 -> Shandong Provincial Department of Transport, 济南市税务局 -> Jinan Municipal ...;
    in a company's name a province before the brand drops its unit (福建省某某有限公司 -> Fujian Moumou
    Co., Ltd.); other names keep the place as it is.
    """
    named = [w for w in words if w.source is not Source.PUNCT and w.en]
    if not named:
        return
    if not named[-1].has("gov"):
        if named[-1].has("firm"):
            _place_before_names(named)
        return
    for index, word in enumerate(named[:-1]):
        if word.zh == "省" and index > 0 and named[index - 1].proper and word.en == "Province":
            word.en = "Provincial"
        if not word.proper or len(word.zh) < 3:
            continue
        if word.zh.endswith("省") and word.en.endswith(" Province"):
            word.en = word.en.removesuffix(" Province") + " Provincial"
        elif word.zh.endswith("市") and not word.en.endswith(("City", "Municipal")):
            word.en += " Municipal"


def _place_before_names(named: list[Word]) -> None:
    """In a company's name, a province right before the brand drops its unit (福建省 + 某某 + 有限公司)."""
    for word, following in pairwise(named):
        if not following.proper:
            continue
        if word.zh == "省" and word.en == "Province":
            word.en = ""
        elif word.proper and word.zh.endswith("省") and word.en.endswith(" Province"):
            word.en = word.en.removesuffix(" Province")
