"""Find the names of institutions and projects in running text, by their heads.

A name ends in a head word from data/name_suffixes.tsv (实验室, 医院, 产业园, 高铁 ...). From the
head, the name is read leftwards word by word until a boundary: punctuation, a governing verb or
function word from data/name_boundaries.txt (支持, 打造, 争创 ...), a quantity (10个) or a year.
A candidate whose words before the head are all generic (data/generic_words.txt: 省级, 重点 ...)
names a category, not an institution, and is dropped; one with a generic head (中心, 项目) must also
hold a proper word: a place, Latin letters, a quotation or a word outside the dictionary. Lists that
share a head (A、B等项目) give each item the head. A project named by a generic head (工程, 项目) takes
its kind from cue words (data/project_cues.tsv: 机场, 光伏, 引水 ...). This module sees text and word
offsets only.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from policykg.data import load_lines, load_words
from policykg.graph_builder.text.boxes import Box, BoxItem

_OPEN_QUOTES = "“‘「『"
_CLOSE_QUOTES = "”’」』"
_QUOTES = _OPEN_QUOTES + _CLOSE_QUOTES + '"'
_INNER_PUNCT = set("()（）·•-—_ +" + _QUOTES)
_PUNCT = re.compile(r"^[\s\W_]+$")
_NUMBER = re.compile(r"^[0-9０-９.]+$|^[一二两三四五六七八九十百千万亿零〇几]+$")
_QUANTIFIER = re.compile(r"^[一二两三四五六七八九十几多]+[大个项类批]$")
_MEASURE = set("个家项所座条批处台户只名位支年")
_PERIOD = re.compile(
    r"^[一二三四五六七八九十]期(?:工程|项目)?|^(?:改扩建|扩建|改造|提升|送出|续建配套|配套|续建)(?:工程|项目)"
)
# An upgrade that ends a clause names the work on a line: 湘桂铁路南宁至凭祥段扩能改造、…
_UPGRADE = re.compile(r"^(?:扩能改造|提质改造|改扩建|扩建)(?=[、，。；]|$)")
# A section of a line: 沿江高铁武汉至宜昌段, 西安至十堰高铁湖北段.
_SEGMENT = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,6}至[\u4e00-\u9fff]{2,6}|[\u4e00-\u9fff]{2,4}?|[东西南北中])段(?![时落])"
    r"|^[东西南北]?(?:环线|支线|联络线|延长线|延线)"
)
# A zone of a free-trade or pilot area: 中国（湖南）自由贸易试验区长沙片区.
_ZONE_PART = re.compile(r"^[\u4e00-\u9fff]{2,4}片区")
# What may stand between an institution and the 工程/项目 that builds it: 二期, t5, 扩建.
_WORK_QUALIFIER = re.compile(r"(?:[0-9A-Za-z]+|[一二三四五六七八九十]期|改扩建|扩建|续建|新建)$")
_LATIN = re.compile(r"[A-Za-z0-9]")
_TRAILING_QUALIFIER = re.compile(r"\s?[(（][^()（）]{1,8}[)）]$")
# A shared word after 等 that classes the items rather than naming them (博览会、峰会等平台).
_NOT_AFTER_LIST = (
    "平台",
    "领域",
    "方面",
    "行业",
    "产业",
    "地区",
    "城市",
    "国家",
    "重点",
    "部门",
    "单位",
    "环节",
    "企业",
)
_LIST_SEPARATORS = set("、和及与")
_INSTITUTION_ENDINGS = set("院所校")
# A bracket that says the name is provisional (暂名, 筹) is not part of it.
_PROVISIONAL = ("暂名", "筹", "拟")
# A bracket that introduces a short form, （以下简称康居智造）, is an alias, not a qualifier.
ABBREVIATION_NOTE = re.compile(r"^(?:以下)?简称[为:：]?")
# A conjunction or preposition jieba glues to the next word (和良渚, 以北苑) still ends the name before it.
_LEADING_CONJUNCTIONS = set("和及并或以")
# Ordinals of events and batches (第十四届, 第19届, 第二批) never start a name.
_ORDINAL = re.compile(r"^第[0-9一二两三四五六七八九十百]+[届次批章节条篇]$")
# List numbering (（一）, 1., 一是, 第一，) is never part of a name.
_LIST_MARKER = re.compile(
    r"(?:^|(?<=[。；！？：\n\s]))(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、](?!\d)|"
    r"[一二三四五六七八九十]+[是、]|第[一二三四五六七八九十]+[，、])"
)
MAX_NAME_LENGTH = 32
_PROPER_CLASSES = ("University", "CulturalVenue")
_ADMIN_LEVELS = ("省", "市", "县", "区")


@dataclass(frozen=True)
class Head:
    """A head word that ends names, the class it gives and how specific it is."""

    text: str
    cls: str
    specificity: int


@dataclass(frozen=True)
class NameMention:
    """A name found in text: offsets of the words it came from, the name, its class and head."""

    start: int
    end: int
    text: str
    cls: str
    head: str


@dataclass(frozen=True)
class NameRules:
    """The tables that drive name finding, loaded from data/."""

    heads: dict[str, Head]
    boundaries: frozenset[str]
    generic: frozenset[str]
    non_names: tuple[str, ...]
    evaluative: frozenset[str]
    project_cues: tuple[tuple[re.Pattern[str], str], ...] = ()
    verbs_before_places: frozenset[str] = frozenset()

    @property
    def head_lengths(self) -> list[int]:
        """Head lengths, longest first."""
        return sorted({len(h) for h in self.heads}, reverse=True)


@cache
def name_rules() -> NameRules:
    """Return the name-finding tables, loaded once."""
    heads = {}
    for row in load_lines("name_suffixes.tsv"):
        text, cls, specificity = row.split("\t")
        heads[text] = Head(text, cls, int(specificity))
    # Heads count as generic modifiers (国家实验室基地 names a category), except those of
    # institutions that are unique by nature: 中国科学技术大学先进技术研究院, 省档案馆新馆.
    generic = frozenset(load_words("generic_words.txt")) | {
        h for h, head in heads.items() if head.specificity and head.cls not in _PROPER_CLASSES
    }
    return NameRules(
        heads,
        frozenset(load_words("name_boundaries.txt")),
        generic,
        tuple(load_words("non_names.txt")),
        frozenset(load_words("evaluative_words.txt")),
        _project_cues(),
        frozenset(load_words("verbs_before_places.txt")),
    )


def _project_cues() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Return the (pattern, class) pairs that tell a generic project's kind (data/project_cues.tsv)."""
    pairs = [row.split("\t") for row in load_lines("project_cues.tsv")]
    return tuple((re.compile(pattern), cls) for pattern, cls in pairs)


class NameFinder:
    """Find names in one text given its word offsets (and, optionally, where places are)."""

    def __init__(
        self,
        text: str,
        words: list[tuple[int, int]],
        is_place: Callable[[int, int], bool] = lambda s, e: False,
        is_known_word: Callable[[str], bool] = lambda w: True,
        rules: NameRules | None = None,
    ) -> None:
        self.text = text
        self.words = words
        self.is_place = is_place
        self.is_known_word = is_known_word
        self.rules = rules or name_rules()
        self._lengths = self.rules.head_lengths
        self._head_last_chars = {h[-1] for h in self.rules.heads}
        self._word_at_start = {s: i for i, (s, _) in enumerate(words)}
        self._word_at_end = {e: i for i, (_, e) in enumerate(words)}
        self._word_containing = [0] * (len(text) + 1)
        for i, (s, e) in enumerate(words):
            for offset in range(s, e + 1):
                self._word_containing[offset] = i
        self._titles = [(m.start(), m.end()) for m in re.finditer(r"《[^》]{0,80}》", text)]
        self._in_marker = bytearray(len(text) + 1)
        for m in _LIST_MARKER.finditer(text):
            self._in_marker[m.start() : m.end()] = b"\x01" * (m.end() - m.start())

    def find(self, boxes: Sequence[Box] = ()) -> list[NameMention]:
        """Return every name in the text, nested ones included, in text order."""
        found: dict[tuple[int, int], NameMention] = {}
        for _, end in self.words:
            head = self._head_ending_at(end)
            if head is None or self._in_non_name(end, head) or self._inside_title(end):
                continue
            for mention in self._names_with_head(end, head):
                found.setdefault((mention.start, mention.end), mention)
        for box in boxes:
            for key in [k for k in found if box.heading_start <= k[0] < box.heading_end]:
                del found[key]
            for item in box.items:
                # What an item builds (研发平台, 检测实验室) is described, not named, after the colon.
                for key in [k for k in found if item.name_end < k[0] < item.end]:
                    del found[key]
                for mention in self._box_item_names(item):
                    found[(mention.start, mention.end)] = mention
        return _drop_shadowed(sorted(found.values(), key=lambda m: (m.start, m.end)))

    def _box_item_names(self, item: BoxItem) -> list[NameMention]:
        """Name a box item by the whole text before its colon, wherever that text occurs.

        An item that joins two names (A新馆和B体育场) is left to the ordinary rules.
        """
        name = self.text[item.name_start : item.name_end].strip()
        if len(name) < 4 or _LIST_SEPARATORS & set(name) - {"与"} or "、" in name:
            return []
        bare = _TRAILING_QUALIFIER.sub("", name)
        head = self._head_ending_at(item.name_start + len(bare))
        if head is not None:
            cls, head_text = self._class_of(bare, head), head.text
        else:
            cls, head_text = self._project_class(bare), ""
        found = re.finditer(re.escape(name), self.text)
        return [NameMention(m.start(), m.end(), name, cls, head_text) for m in found]

    def _head_ending_at(self, end: int) -> Head | None:
        if end <= 0 or self.text[end - 1] not in self._head_last_chars:
            return None
        for length in self._lengths:
            head = self.rules.heads.get(self.text[end - length : end])
            if head:
                return head
        return None

    def _in_non_name(self, end: int, head: Head) -> bool:
        head_start = end - len(head.text)
        for phrase in self.rules.non_names:
            at = phrase.find(head.text)
            while at >= 0:
                if self.text[head_start - at : head_start - at + len(phrase)] == phrase:
                    return True
                at = phrase.find(head.text, at + 1)
        return False

    def _names_with_head(self, end: int, head: Head) -> list[NameMention]:
        head_start = end - len(head.text)
        start = self._start_of_run(head_start)
        end = self._extend_right(end, head)
        mentions = []
        name = self._mention(start, end, head)
        if name:
            mentions.append(name)
        mentions.extend(self._distribute(start, end, head))
        return mentions

    def _extend_right(self, end: int, head: Head) -> int:
        """Take in a short qualifier after the head: (北方), 一期, 二期工程, 武汉至宜昌段.

        A bracket that holds another name (安徽省立医院) is an alias, not a qualifier.
        """
        rest = self.text[end : end + 12]
        paren = re.match(r"\s?[(（]([^()（），。、；]{1,8})[)）]", rest)
        provisional = paren and (
            paren.group(1).startswith(_PROVISIONAL) or ABBREVIATION_NOTE.match(paren.group(1))
        )
        if paren and self._head_ending_at(end + paren.end(1)) is None and not provisional:
            return end + paren.end()
        period = _PERIOD.match(rest)
        if head.cls.endswith("Project") and period:
            return end + period.end()
        if head.cls == "TransportProject":
            segment = _SEGMENT.match(self.text[end : end + 16])
            if segment:
                end += segment.end()
            upgrade = _UPGRADE.match(self.text[end : end + 5])
            return end + upgrade.end() if upgrade else end
        if head.cls == "DemonstrationZone":
            part = _ZONE_PART.match(rest)
            if part:
                return end + part.end()
        return end

    def _start_of_run(self, end: int) -> int:
        """Return where the run of name words that ends at offset ``end`` begins.

        Reading leftwards, a quotation is taken whole, an opening bracket with no closing one in
        the name ends it, and a governing verb right before the head (应用推进中心) or a 与 joining
        two short parts (物质科学与信息技术研究院) is taken into the name.
        """
        start = end
        i = self._word_at_start[end] if end in self._word_at_start else self._word_containing[end]
        if end not in self._word_at_start:
            start = self.words[i][0]
        depth = 0
        i -= 1
        while i >= 0:
            ws, we = self.words[i]
            word = self.text[ws:we]
            if self._in_marker[ws]:
                break
            if word and word[-1] in _CLOSE_QUOTES:
                opening = self._matching_open_quote(we - 1)
                if opening is None:
                    break
                start = opening
                i = self._word_containing[opening] - 1
                continue
            depth += word.count(")") + word.count("）") - word.count("(") - word.count("（")
            if depth < 0:
                break
            if self._is_boundary(i, word) and not self._boundary_inside_name(i, word, start, end):
                break
            cut = self._after_leading_boundary(ws, word)
            if cut is not None:
                return cut
            start = ws
            i -= 1
        return start

    def _after_leading_boundary(self, ws: int, word: str) -> int | None:
        """For a word that a verb starts (建设省, jieba's cut of 建设+省), return where the name starts."""
        for k in range(len(word) - 1, 1, -1):
            if word[:k] in self.rules.boundaries and len(word) - k <= 2 and not _PUNCT.match(word[k:]):
                return ws + k
        if len(word) in (2, 3) and word[0] in _LEADING_CONJUNCTIONS and not _PUNCT.match(word[1:]):
            return ws + 1
        # 到2025年省实验室: jieba glues the 年 of a year to the next word.
        if len(word) >= 2 and word[0] == "年" and self.text[max(0, ws - 4) : ws].isdigit():
            return ws + 1
        return None

    def _boundary_inside_name(self, i: int, word: str, start: int, end: int) -> bool:
        """True for a boundary word that belongs to the name after all.

        与 joins two short parts (物质科学与信息技术研究院, 材料技术与工程研究所), but not an institution
        and what follows it (…研究院与中国科学技术大学), nor a part and a name that opens with a place.
        """
        if word == "与" and end - start >= 2 and i > 0:
            left_end = self.words[i][0]
            left_start = self._start_of_plain_run(i - 1)
            # A left part that ends like an institution (…研宄院, a typo of 研究院) is a name of its own.
            right_start, right_end = self.words[i + 1] if i + 1 < len(self.words) else (end, end)
            # A right part that opens with a place (…与江西理工大学) is a name of its own.
            return (
                2 <= left_end - left_start <= 12
                and self._head_ending_at(left_end) is None
                and self.text[left_end - 1] not in _INSTITUTION_ENDINGS
                and not self.is_place(right_start, right_end)
            )
        return False

    def _start_of_plain_run(self, i: int) -> int:
        """Return where a run of non-boundary words ending with word ``i`` begins (its end if none)."""
        start = self.words[i][1]
        while i >= 0:
            ws, we = self.words[i]
            word = self.text[ws:we]
            if self._in_marker[ws] or self._is_boundary(i, word) or word[-1:] in _CLOSE_QUOTES:
                break
            if self._closes_designation(i, word):
                break
            start = ws
            i -= 1
        return start

    def _is_boundary(self, i: int, word: str) -> bool:
        if "\n" in word or word in _MEASURE or _QUANTIFIER.match(word) or _ORDINAL.match(word):
            return True
        if self._closes_designation(i, word):
            return False
        if word in self.rules.boundaries or any(
            word[k:] in self.rules.boundaries for k in range(1, len(word) - 1)
        ):
            return True
        if word in self.rules.verbs_before_places and i + 1 < len(self.words):
            return self.is_place(*self.words[i + 1])
        if _PUNCT.match(word):
            return not set(word) <= _INNER_PUNCT or word in _OPEN_QUOTES
        if _NUMBER.match(word):
            following = self._word_text(i + 1)
            return bool(following) and following[0] in _MEASURE
        return False

    def _closes_designation(self, i: int, word: str) -> bool:
        """True for a verb that closes a designation with the word before it (省部+共建): not a boundary."""
        return i > 0 and self._word_text(i - 1) + word in self.rules.generic

    def _word_text(self, i: int) -> str:
        if 0 <= i < len(self.words):
            s, e = self.words[i]
            return self.text[s:e]
        return ""

    def _matching_open_quote(self, close_at: int) -> int | None:
        for i in range(close_at - 1, max(-1, close_at - 30), -1):
            char = self.text[i]
            if char in _OPEN_QUOTES:
                return i
            if char in "，。；：！？\n" or char in _CLOSE_QUOTES:
                return None
        return None

    def _inside_title(self, offset: int) -> bool:
        return any(s < offset <= e for s, e in self._titles)

    def _mention(self, start: int, end: int, head: Head) -> NameMention | None:
        text = self.text[start:end]
        head_at = _TRAILING_QUALIFIER.sub("", text).rfind(head.text)
        if head_at < 0 or len(text) > MAX_NAME_LENGTH:
            return None
        modifier_end = start + head_at
        modifier = text[:head_at].strip()
        if head.text == "学院" and "大学" in modifier:
            # 中南大学商学院 is a school of a university, not an institution of its own.
            return None
        if self._class_of(text, head) in _PROPER_CLASSES and (
            modifier in _ADMIN_LEVELS
            or (len(modifier) >= 2 and not _covered(modifier, self.rules.evaluative))
        ):
            return NameMention(start, end, text, self._class_of(text, head), head.text)
        if len(modifier) < 2 or not self._is_specific(start, modifier_end):
            return None
        if head.specificity == 0 and not self._has_proper_word(start, modifier_end):
            return None
        if self._builds_an_institution(modifier, head) or self._names_a_category_of(modifier, head):
            return None
        return NameMention(start, end, text, self._class_of(text, head), head.text)

    def _builds_an_institution(self, modifier: str, head: Head) -> bool:
        """True for 合肥先进计算中心二期工程: the work that builds an institution is not a project name."""
        if head.specificity != 0 or head.cls != "Project":
            return False
        body = _WORK_QUALIFIER.sub("", modifier)
        inner = self._head_ending_in(body)
        # Airports and ports are hubs; their expansions (机场三期工程) are transport projects.
        kept = ("Project", "Facility", "Hub")
        return body != modifier and inner is not None and not inner.cls.endswith(kept)

    def _names_a_category_of(self, modifier: str, head: Head) -> bool:
        """True for X医院国家区域医疗中心: a name followed by a category of its own class names X only."""
        if head.specificity < 2:
            return False
        for cut in range(len(modifier) - 1, 1, -1):
            inner = self._head_ending_in(modifier[:cut])
            if inner is not None and inner.cls == head.cls:
                rest = "".join(c for c in modifier[cut:] if not _PUNCT.match(c))
                return len(rest) >= 2 and _covered(rest, self.rules.generic)
        return False

    def _head_ending_in(self, text: str) -> Head | None:
        """Return the longest head that ends ``text``, if one does."""
        for length in self._lengths:
            if len(text) > length and text[-length:] in self.rules.heads:
                return self.rules.heads[text[-length:]]
        return None

    def _overlapping_words(self, start: int, end: int) -> list[str]:
        words = []
        for i in range(self._word_containing[start], len(self.words)):
            ws, we = self.words[i]
            if ws >= end:
                break
            word = self.text[max(ws, start) : min(we, end)].strip()
            if word and not _PUNCT.match(word):
                words.append(word)
        return words

    def _is_specific(self, start: int, end: int) -> bool:
        """True unless the text between start and end is made only of generic modifiers.

        The check covers the characters with generic words (longest first) rather than trusting
        the segmenter's word boundaries: 高能级创新 is 高能级 + 创新 whichever way jieba cuts it.
        """
        segment = self.text[start:end]
        if any(q in segment for q in _QUOTES):
            return True
        chars = "".join(c for c in segment if not _PUNCT.match(c))
        return not _covered(chars, self.rules.generic)

    def _has_proper_word(self, start: int, end: int) -> bool:
        """True if the span holds a place, Latin letters, a quotation or an unknown word."""
        segment = self.text[start:end]
        if _LATIN.search(segment) or any(q in segment for q in _QUOTES):
            return True
        if any(self.is_place(s, e) for s, e in self._word_spans(start, end)):
            return True
        return any(not self.is_known_word(w) for w in self._overlapping_words(start, end))

    def _word_spans(self, start: int, end: int) -> list[tuple[int, int]]:
        first = self._word_containing[start]
        spans = []
        for s, e in self.words[first:]:
            if s >= end:
                break
            if s >= start and e <= end:
                spans.append((s, e))
        return spans

    def _class_of(self, text: str, head: Head) -> str:
        """Take the class of the most specific head in a container name (国家实验室济南基地)."""
        if head.cls == "Project":
            return self._project_class(text[: text.rfind(head.text)])
        if head.specificity != 1:
            return head.cls
        best = head
        body = text[: text.rfind(head.text)]
        for other in self.rules.heads.values():
            if other.specificity > best.specificity and other.text in body:
                best = other
        return best.cls

    def _project_class(self, body: str) -> str:
        """Tell a generic project's kind by the cue nearest its head (机场改扩建工程: transport)."""
        best, at = "Project", -1
        for pattern, cls in self.rules.project_cues:
            for m in pattern.finditer(body):
                if m.end() > at:
                    best, at = cls, m.end()
        return best

    def _distribute(self, start: int, end: int, head: Head) -> list[NameMention]:
        """Give the shared head to each item of a list: 济滨、莱临等高铁 -> 济滨高铁, 莱临高铁."""
        if self.text[max(0, start - 1) : start] != "等" or not self._ends_phrase(end):
            return []
        shared = self.text[start:end]
        if any(shared.startswith(w) for w in _NOT_AFTER_LIST):
            return []
        all_heads = self._all_heads(shared)
        suffix = shared if all_heads else head.text
        # 厦门、宁波等沿海港口: places under a category (a generic word before the head) stay places.
        category = not all_heads and _covered(shared[: -len(head.text)], self.rules.generic)
        mentions = []
        cursor = start - 1
        while cursor in self._word_at_end:
            item_start = self._start_of_run(cursor)
            item = self.text[item_start:cursor].strip()
            if not item or _PUNCT.match(item) or len(item) + len(suffix) > MAX_NAME_LENGTH:
                break
            window = self.text[max(0, cursor - 12) : cursor]
            placed = category and self.is_place(*self.words[self._word_at_end[cursor]])
            item_end = cursor - len(window) + len(_TRAILING_QUALIFIER.sub("", window))
            if not placed and self._head_ending_at(item_end) is None:
                name = item + suffix
                mentions.append(NameMention(item_start, end, name, self._class_of(name, head), head.text))
            separator = item_start - 1
            if separator < 0 or self.text[separator] not in _LIST_SEPARATORS:
                break
            cursor = separator
        return mentions

    def _ends_phrase(self, end: int) -> bool:
        """True if nothing of a name follows ``end``: punctuation, a boundary word or the end."""
        if end >= len(self.text):
            return True
        i = self._word_at_start.get(end)
        if i is None:
            return False
        word = self._word_text(i)
        return bool(_PUNCT.match(word)) or word in self.rules.boundaries or word in ("建设", "等")

    def _all_heads(self, phrase: str) -> bool:
        """True if ``phrase`` is made only of head words (高速公路项目)."""
        while phrase:
            for length in self._lengths:
                if phrase[:length] in self.rules.heads:
                    phrase = phrase[length:]
                    break
            else:
                return False
        return True


def _covered(text: str, vocabulary: frozenset[str], longest: int = 8) -> bool:
    """True if ``text`` splits entirely into words of ``vocabulary``."""
    reachable = [True] + [False] * len(text)
    for end in range(1, len(text) + 1):
        reachable[end] = any(
            reachable[end - k] and text[end - k : end] in vocabulary for k in range(1, min(longest, end) + 1)
        )
    return reachable[-1]


def _drop_shadowed(mentions: list[NameMention]) -> list[NameMention]:
    """Drop a name a longer one extends by a character or two, of its class or its head (中心仓, 铁路港)."""
    longer: dict[int, list[NameMention]] = defaultdict(list)
    for m in mentions:
        longer[m.start].append(m)

    def shadowed(m: NameMention) -> bool:
        return any(
            0 < o.end - m.end <= 2 and (o.cls == m.cls or o.head.startswith(m.head)) for o in longer[m.start]
        )

    return [m for m in mentions if not shadowed(m)]


def find_names(
    text: str,
    words: list[tuple[int, int]],
    is_place: Callable[[int, int], bool] = lambda s, e: False,
    is_known_word: Callable[[str], bool] = lambda w: True,
    boxes: Sequence[Box] = (),
) -> list[NameMention]:
    """Return the institution and project names in ``text`` given its word offsets (and its boxes)."""
    return NameFinder(text, words, is_place, is_known_word).find(boxes)
