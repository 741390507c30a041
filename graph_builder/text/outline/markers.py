"""Find list-numbering markers: 一、 （一） 1. ① 一是 第一， 第三章, and the bullets, brackets, dashes and
lead-ins (其一, 首先, 在…方面) that news rewrites number with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from policykg.graph_builder.text.outline.wording import outline_words
from policykg.numerals import ordinal_or_none
from policykg.patterns import (
    CIRCLED,
    CN_ORDINAL,
    HAN_RANGES,
    MARKER_ARABIC,
    MARKER_CN,
    MARKER_DI,
    MARKER_PAREN_ARABIC,
    MARKER_PAREN_CN,
    MARKER_SHI,
    alternation,
)

# Where a marker may stand: at the start of the text, a line or a sentence.
_AT_LINE = r"(?:^|(?<=\n))[ \t]*"
_AT_SENTENCE = r"(?:^|(?<=[。；！？\n]))[ \t]*"

#: Marker styles from the highest level of heading to the lowest.
ORDER = [
    "bracket",
    "bullet",
    "line",
    "chapter",
    "cn",
    "section",
    "paren_cn",
    "article",
    "arabic",
    "paren_arabic",
    "circled",
    "shi",
    "di",
    "dash",
    "qi",
    "sequence",
    "topic",
]
# Styles numbered by their place in the text rather than by a numeral.
_COUNTED_STYLES = ("bracket", "bullet", "line", "topic", "dash")
# Styles whose match starts one character before the number (第, 【, ◆, 在 …).
_ONE_CHAR_BEFORE = ("di", "bracket", "bullet", "article", "qi", "topic", "chapter", "section")


@dataclass(frozen=True)
class Marker:
    """A list-numbering marker: where it is, its style, its number and whether it starts a line."""

    start: int
    end: int
    style: str
    value: int
    starts_line: bool


@cache
def marker_patterns() -> dict[str, re.Pattern[str]]:
    """Return the pattern of each marker style; the number (or the topic) is the first group."""
    sequence = alternation(outline_words()["sequence_words"])
    return {
        "cn": re.compile(_AT_SENTENCE + MARKER_CN),
        "paren_cn": re.compile(_AT_SENTENCE + MARKER_PAREN_CN),
        "arabic": re.compile(_AT_SENTENCE + MARKER_ARABIC),
        "paren_arabic": re.compile(_AT_SENTENCE + MARKER_PAREN_ARABIC),
        # News rewrites head each domain with a bracketed line: 【科技创新】
        "bracket": re.compile(_AT_LINE + r"【()(?=[^】\n]{2,40}】[ \t]*(?:\n|$))"),
        # News rewrites number tasks in prose: 一是…；二是… and 第一，…
        "shi": re.compile(r"(?:^|(?<=[。；！？\n，]))[ \t]*" + MARKER_SHI),
        "di": re.compile(_AT_SENTENCE + MARKER_DI),
        # Five-year plans head chapters and sections: 第三章 构建现代产业体系 / 第一节 做强先进制造业
        "chapter": re.compile(rf"{_AT_LINE}第([{CN_ORDINAL}百]+)(?:章|篇|部分)"),
        "section": re.compile(rf"{_AT_LINE}第([{CN_ORDINAL}百]+)节"),
        # Measures (若干措施) number their articles across sections: 第十二条 建设…。
        "article": re.compile(rf"{_AT_LINE}第([{CN_ORDINAL}百]+)条[ \t]"),
        # …or with a short slogan or phrase on a line of its own: 畅通城乡交通网络 / 在乡村振兴方面
        # (not the first line, which is the headline)
        "line": re.compile(rf"(?<=\n)()(?=[{HAN_RANGES}“”]{{4,20}}\n)"),
        # News rewrites head each domain with a bulleted line: ◆研发平台板块：…
        "bullet": re.compile(_AT_LINE + r"[◆■●▲▶►◇□★☆]()(?=[^\n]{2,40}(?:\n|$))"),
        # …and number tasks in prose with 其一，…, 首先，…其次，…, 一方面，…另一方面，…
        "qi": re.compile(rf"{_AT_SENTENCE}其([{CN_ORDINAL}]+)[，、]"),
        "sequence": re.compile(rf"{_AT_SENTENCE}({sequence})[，、]"),
        # …or lead each with a dash on a line of its own: ——强化创新策源。支持…
        "dash": re.compile(_AT_LINE + r"()——(?=[^—\n])"),
        # …or introduce them by topic: 在推进长江大保护方面，… / 在能源保障上，…
        "topic": re.compile(_AT_SENTENCE + r"在((?![此这该其])[^，。；！？的\n]{2,16}?)(?:方面|上)，"),
    }


_CIRCLED_CHAR = re.compile(f"[{CIRCLED}]")


def find_markers(text: str) -> list[Marker]:
    """Return every list-numbering marker in the text, in order."""
    markers = []
    for style, pattern in marker_patterns().items():
        for count, m in enumerate(pattern.finditer(text), 1):
            start = m.start(1) - (1 if style.startswith("paren") or style in _ONE_CHAR_BEFORE else 0)
            line_start = start == 0 or _after_line_break(text, start)
            value = _marker_value(style, m[1], count)
            if value is None:  # numbering that reads as no number (十十、) marks nothing
                continue
            markers.append(Marker(start, m.end(), style, value, line_start))
    for m in _CIRCLED_CHAR.finditer(text):
        markers.append(Marker(m.start(), m.end(), "circled", CIRCLED.index(m[0]) + 1, False))
    return sorted(markers, key=lambda m: m.start)


def _after_line_break(text: str, start: int) -> bool:
    """True if only spaces and tabs stand between a line break and ``start``."""
    before = start
    while before > 0 and text[before - 1] in " \t":
        before -= 1
    return before > 0 and text[before - 1] == "\n"


def _marker_value(style: str, numeral: str, count: int) -> int | None:
    """Return a marker's number: its numeral, its place in a sequence, or its count in the text."""
    if style in _COUNTED_STYLES:
        return count
    if style == "sequence":
        return outline_words()["sequence_words"][numeral]
    return ordinal_or_none(numeral)


SENTENCE_END = "。！？!?\n"
# 一是推进…，二是建设…: an item listed with commas ends where the next one starts.
_NEXT_SHI = re.compile(rf"[，；][ \t]*{MARKER_SHI}")
# Markers that head a line with its title before a colon: ◆研发平台板块：由“单点突破”向“体系作战”转变
_TITLED_HEADINGS = ("bracket", "bullet")


def sentence_end(text: str, start: int) -> int:
    """Return where the sentence that goes on at ``start`` ends (the end of the text if it does not)."""
    ends = [text.find(c, start) for c in SENTENCE_END]
    ends = [e for e in ends if e >= 0]
    return min(ends) if ends else len(text)


def title_after(text: str, marker: Marker) -> tuple[str, int, int]:
    """Return the title that follows a marker: up to the sentence end, or its first clause if long."""
    if marker.style == "topic":
        # 在推进长江大保护方面， titles its task by what it is about.
        topic = marker_patterns()["topic"].match(text, marker.start)
        return topic[1], topic.start(1), topic.end(1)
    start = marker.end
    end = sentence_end(text, start)
    following = _NEXT_SHI.search(text, start, end)
    if following:
        end = following.start()
    if marker.style in _TITLED_HEADINGS:
        # ◆研发平台板块：… is titled by what precedes the colon.
        colon = text.find("：", start, end)
        if 2 <= colon - start <= 12:
            end = colon
    semicolon = text.find("；", start, end)
    if semicolon > 0:
        end = semicolon
    if end - start > 40:
        comma = text.find("，", start, end)
        if comma > 0:
            end = comma
    title = text[start:end].strip().rstrip("：:】")
    return title, start, start + len(text[start:end].rstrip().rstrip("：:】"))
