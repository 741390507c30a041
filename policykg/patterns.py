"""The shared vocabulary of text patterns: Han characters, digits, years and list numbering as printed.

One definition of each character class and pattern, used by the builder's rules, the English labels
and the server's search alike. The ``str`` constants are regex fragments to compose; the
compiled ones match on their own. Pure ``re``: importing this module loads nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Han characters: the CJK Unified Ideographs with Extension A, the compatibility ideographs, and
#: the supplementary planes' extensions B onwards.
HAN_RANGES = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
#: One Han character.
HAN = re.compile(f"[{HAN_RANGES}]")
#: A run of Han characters.
HAN_RUN = re.compile(f"[{HAN_RANGES}]+")
#: An Arabic number as printed: digits with optional thousands separators and decimals (1,257.5).
ARABIC = r"(?:\d{1,3}(?:,\d{3}(?!\d))+|\d+)(?:\.\d+)?"

#: The Chinese numerals of a small ordinal, as lists, chapters and phases number (一、 第十二章 二期);
#: 两 counts but never numbers.
CN_ORDINAL = "一二三四五六七八九十"
#: The Chinese numerals of a small count (两项, 十二个): the ordinal numerals and 两.
CN_COUNT = CN_ORDINAL + "两"
#: Chinese opening and closing quotation marks.
OPEN_QUOTES = "“‘「『"
CLOSE_QUOTES = "”’」』"
#: Circled numbers ① to ⑳, which number the items of a list.
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

#: A year of the plans' era as printed in digits, 1900 to 2099: deadlines, baselines and periods.
YEAR = r"(?:19|20)\d\d"
#: A calendar year as the number grammar reads it in running text, 1800 to 2199.
CALENDAR_YEAR = r"(?:1[89]|2[01])\d\d"
#: The marks that join the two ends of a period or range: dashes, tildes, 至 and 到 (2023—2025年).
RANGE_MARKS = r"—–\-－~～至到"

# List numbering as printed, each with the number as its first group.
#: 一、
MARKER_CN = rf"([{CN_ORDINAL}]+)、"
#: （一）
MARKER_PAREN_CN = rf"[（(]([{CN_ORDINAL}]+)[)）]"
#: 1. 1． 1、 (not the 1. of 1.5), in ASCII or full-width digits
MARKER_ARABIC = r"([0-9０-９]{1,2})[.．、](?![0-9０-９])"
#: （1）
MARKER_PAREN_ARABIC = r"[（(]([0-9０-９]{1,2})[)）]"
#: 1）
MARKER_CLOSE_ARABIC = r"([0-9０-９]{1,2})[)）]"
#: 一是, in prose: 一是…；二是…
MARKER_SHI = rf"([{CN_ORDINAL}]+)是"
#: 第一，, in prose
MARKER_DI = rf"第([{CN_ORDINAL}]+)[，、]"
#: ①
MARKER_CIRCLED = f"([{CIRCLED}])"


def has_han(text: str) -> bool:
    """Whether ``text`` holds at least one Han character."""
    return HAN.search(text) is not None


def alternation(words: Iterable[str]) -> str:
    """Return a regex alternation of literal words, longest first, so that 千瓦时 wins over 千瓦."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
