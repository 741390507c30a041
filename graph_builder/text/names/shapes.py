"""The shapes of the text around a name: quotes, punctuation, numbers and the qualifiers after a head."""

from __future__ import annotations

import re

from policykg.numerals import CN_NUMERAL
from policykg.patterns import (
    CLOSE_QUOTES,
    CN_COUNT,
    CN_ORDINAL,
    HAN_RANGES,
    MARKER_ARABIC,
    MARKER_CLOSE_ARABIC,
    MARKER_CN,
    MARKER_DI,
    MARKER_PAREN_ARABIC,
    MARKER_PAREN_CN,
    MARKER_SHI,
    OPEN_QUOTES,
)

QUOTES = OPEN_QUOTES + CLOSE_QUOTES + '"'
INNER_PUNCT = set("()（）·•-—_ +" + QUOTES)
PUNCT = re.compile(r"^[\s\W_]+$")
NUMBER = re.compile(rf"^[0-9０-９.]+$|^[{CN_NUMERAL}几]+$")
# A qualifier meaning "former" (原市科技局) stands before a name, never inside it.
FORMER = frozenset({"原", "前", "旧"})
# Circled numbers (①, ⑤) number the items of a list.
CIRCLED = re.compile(r"[\u2460-\u24ff\u2776-\u2793]")
QUANTIFIER = re.compile(rf"^[{CN_COUNT}几多]+[大个项类批]$")
# A phase or an upgrade after a project's head: 二期, 一期工程, 改扩建项目.
PERIOD = re.compile(
    rf"^[{CN_ORDINAL}]期(?:工程|项目)?|^(?:改扩建|扩建|改造|提升|送出|续建配套|配套|续建)(?:工程|项目)"
)
# An upgrade that ends a clause names the work on a line: 湘桂铁路南宁至凭祥段扩能改造、…
UPGRADE = re.compile(r"^(?:扩能改造|提质改造|改扩建|扩建)(?=[、，。；]|$)")
# A section of a line: 沿江高铁武汉至宜昌段, 西安至十堰高铁湖北段.
SEGMENT = re.compile(
    rf"^(?:[{HAN_RANGES}]{{2,6}}至[{HAN_RANGES}]{{2,6}}|[{HAN_RANGES}]{{2,4}}?|[东西南北中])段(?![时落])"
    r"|^[东西南北]?(?:环线|支线|联络线|延长线|延线)"
)
# A zone of a free-trade or pilot area: 中国（湖南）自由贸易试验区长沙片区.
ZONE_PART = re.compile(rf"^[{HAN_RANGES}]{{2,4}}片区")
# What may stand between an institution and the 工程/项目 that builds it: 二期, t5, 扩建.
WORK_QUALIFIER = re.compile(rf"(?:[0-9A-Za-z]+|[{CN_ORDINAL}]期|改扩建|扩建|续建|新建)$")
LATIN = re.compile(r"[A-Za-z0-9]")
TRAILING_QUALIFIER = re.compile(r"\s?[(（][^()（）]{1,8}[)）]$")
# A bracket right after a head, (北方), qualifies the name.
QUALIFIER_AFTER = re.compile(r"\s?[(（]([^()（），。、；]{1,8})[)）]")
LIST_SEPARATORS = set("、和及与")
INSTITUTION_ENDINGS = set("院所校")
# A bracket that says the name is provisional (暂名, 筹) is not part of it.
PROVISIONAL = ("暂名", "筹", "拟")
# A bracket that introduces a short form, （以下简称康居智造）, is an alias, not a qualifier.
ABBREVIATION_NOTE = re.compile(r"^(?:以下)?简称[为:：]?")
# A conjunction or preposition jieba glues to the next word (和良渚, 以北苑) still ends the name before it.
LEADING_CONJUNCTIONS = set("和及并或以")
# Function words that the tags would end a name at but the rules read themselves: 与 joins two parts
# of one name (信息技术与工程研究院), 至 a line's ends (成都至宜宾高速公路).
KEPT_FUNCTION_WORDS = frozenset({"与", "至"})
# Ordinals of events and batches (第十四届, 第19届, 第二批) never start a name.
ORDINAL = re.compile(rf"^第[0-9{CN_COUNT}百]+[届次批章节条篇]$")
# List numbering (（一）, 1., 一是, 第一，) is never part of a name.
LIST_MARKER = re.compile(
    r"(?:^|(?<=[。；！？：\n\s]))"
    rf"(?:{MARKER_PAREN_CN}|{MARKER_PAREN_ARABIC}|{MARKER_CLOSE_ARABIC}|{MARKER_ARABIC}|{MARKER_CN}|{MARKER_SHI}|{MARKER_DI})"
)
BOOK_TITLE = re.compile(r"《[^》]{0,80}》")
MAX_NAME_LENGTH = 32
