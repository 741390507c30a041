"""Find named regions without a division code: city clusters (郑州都市圈), towns, townships and
subdistricts (唐江镇, 十八塘乡, 李渡街道), river basins (乌江流域) and stretches of a river (长江上游).

Each finder takes the text, ``accept`` (does a span align with word boundaries) and the places found so
far (keyed by start; anything with ``start``, ``end``, ``cls`` and ``code``), and returns the (start, end)
of each new region.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from policykg.data import load_words
from policykg.patterns import HAN_RUN, alternation

Accept = Callable[[int, int], bool]
Found = Mapping[int, Any]


@cache
def _cluster() -> re.Pattern[str]:
    """Return the pattern of a city cluster's word: 郑州都市圈, 长株潭都市圈, 省会经济圈."""
    return re.compile(alternation(load_words("cluster_words.txt")))


def clusters(text: str, accept: Accept, found: Found) -> list[tuple[int, int]]:
    """Return the clusters named by one word or one place right before a cluster word.

    The name before the suffix is a place found there (郑州) or a single word (省会, 长株潭 in one or
    two pieces); a governing verb before it (打造, 共建) is its own word and is left out.
    """
    places_ending = {m.end: m for m in found.values() if m.cls != "Region"}
    regions = []
    for m in _cluster().finditer(text):
        covered = any(p.start <= m.start() < p.end for p in found.values())
        if covered or (not accept(m.start(), m.end()) and not accept(m.start(), m.end() - 1)):
            continue
        end = m.end()
        place = places_ending.get(m.start())
        if place is not None:
            regions.append((place.start, end))
            continue
        for length in (3, 2):
            start = m.start() - length
            name = text[start : m.start()]
            pieces = sum(accept(start, j) for j in range(start + 1, m.start()))
            generic = name in _not_town_words()  # 示范城市群, 创新生态圈: a kind, not a region
            if HAN_RUN.fullmatch(name) and accept(start, m.start()) and pieces <= 1 and not generic:
                regions.append((start, end))
                break
    return regions


# Towns, townships and subdistricts (唐江镇, 十八塘乡, 李渡街道) have no code here; they are regions. The
# name is two or three characters after a list separator, a preposition, a line start or the division
# it lies in.
_TOWN = re.compile(r"[镇乡](?![村镇土亲])|街道(?![办])")
_BEFORE_TOWN = set("在、，。；：和及与至\n\u3000 ")
_NOT_TOWN_END = set("城乡镇村区县省名心")
# A river basin named by its river: 赤水河流域, 乌江流域.
_BASIN = re.compile(r"(?<=[江河湖])流域")
# A stretch of a river named by the river: 长江上游, 黄河中游 (a bare river, 长江大桥, is not a place; a
# river's main stream, 柳江干流, is the river as works along it name it, not a region).
_STRETCH = re.compile(r"(?<=[江河])(?:上游|中游|下游)")


@cache
def _not_town_words() -> frozenset[str]:
    """Return the words that never start a town's name: generic modifiers and governing verbs."""
    return frozenset(load_words("generic_words.txt") + load_words("name_boundaries.txt"))


def _free_name(text: str, start: int, end: int, found: Found, listed: bool = False) -> bool:
    """True if text[start:end] may be a local name: plain characters opening with no common word
    (in a list of towns, with no common word of two characters or more: 新妙镇、焦石镇)."""
    stem = text[start:end]
    if not HAN_RUN.fullmatch(stem) or stem[-1] in _NOT_TOWN_END:
        return False
    shortest = 2 if listed else 1
    if any(stem.startswith(w) for w in _not_town_words() if shortest <= len(w) <= len(stem)):
        return False
    return not any(p.start <= start < p.end or p.start < end <= p.end for p in found.values())


def towns(text: str, accept: Accept, found: Found) -> list[tuple[int, int]]:
    """Return the towns, townships and subdistricts named by two or three characters before 镇, 乡 or 街道."""
    division_ends = {m.end for m in found.values() if m.code}
    towns: dict[int, int] = {}
    suffixes = list(_TOWN.finditer(text))
    passes = [False] + [True] * len(suffixes)  # listed names join a list one neighbour at a time
    for listed in passes:
        before = len(towns)
        for m in suffixes:
            if m.end() in towns.values():
                continue
            for length in (2, 3):
                start = m.start() - length
                opens = start == 0 or text[start - 1] in _BEFORE_TOWN or start in division_ends
                if start < 0 or not opens or not _free_name(text, start, m.start(), found, listed):
                    continue
                # A name a common word opens is read only in a list beside a town: 新妙镇、焦石镇.
                beside = (text[start - 1 : start] == "、" and start - 1 in towns.values()) or (
                    text[m.end() : m.end() + 1] == "、" and m.end() + 1 in towns
                )
                if (not listed or beside) and (accept(start, m.end()) or accept(start, m.start())):
                    towns[start] = m.end()
                    break
        if listed and len(towns) == before:
            break
    return sorted(towns.items())


def basins(text: str, accept: Accept, found: Found) -> list[tuple[int, int]]:
    """Return the river basins named by a river of two or three characters: 乌江流域."""
    basins = []
    for m in _BASIN.finditer(text):
        for length in (2, 3):
            start = m.start() - length
            words = start >= 0 and (accept(start, m.start()) or accept(start, m.end()))
            if words and _free_name(text, start, m.start() - 1, found):
                basins.append((start, m.end()))
                break
    return basins


def stretches(text: str, accept: Accept, found: Found) -> list[tuple[int, int]]:
    """Return the stretches of a river named by a river of two to five characters, a word: 长江上游."""
    out = []
    for m in _STRETCH.finditer(text):
        for length in (2, 3, 4, 5):
            start = m.start() - length
            words = start >= 0 and (accept(start, m.start()) or accept(start, m.end()))
            if words and _free_name(text, start, m.start() - 1, found):
                out.append((start, m.end()))
                break
    return out
