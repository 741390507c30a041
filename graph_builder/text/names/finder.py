"""Find the names of institutions and projects in one text, given its word offsets.

A name ends in a head (实验室, 医院, 高铁 ...) and starts where ``boundaries`` says; it takes in a
short qualifier after its head (（北方）, 二期, 武汉至宜昌段). A candidate that names a category (省级
重点实验室) or, with a generic head (中心, 项目), holds no proper word is dropped. Lists that share a
head (A、B等项目) give each item the head; boxed lists name their items before the colon.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence

from policykg.graph_builder.text.boxes import Box, BoxItem
from policykg.graph_builder.text.names.bodies import find_bodies
from policykg.graph_builder.text.names.boundaries import WordReader
from policykg.graph_builder.text.names.lists import find_listed_companies
from policykg.graph_builder.text.names.programmes import find_programmes
from policykg.graph_builder.text.names.rules import (
    PROPER_CLASSES,
    Head,
    NameMention,
    NameRules,
    covered,
    name_rules,
)
from policykg.graph_builder.text.names.shapes import (
    ABBREVIATION_NOTE,
    BOOK_TITLE,
    LATIN,
    LIST_SEPARATORS,
    MAX_NAME_LENGTH,
    PERIOD,
    PROVISIONAL,
    PUNCT,
    QUALIFIER_AFTER,
    QUOTES,
    SEGMENT,
    TRAILING_QUALIFIER,
    UPGRADE,
    WORK_QUALIFIER,
    ZONE_PART,
)
from policykg.graph_builder.text.names.tags import never_inside

_ADMIN_LEVELS = ("省", "市", "县", "区")
_LEVEL_WORDS = frozenset({*_ADMIN_LEVELS, "州", "自治区"})
# The generic heads of programmes, named by their list when three or more share one.
_PROGRAMME_HEADS = ("工程", "计划", "项目")


class NameFinder(WordReader):
    """Find names in one text given its word offsets (and, optionally, where places are)."""

    def __init__(
        self,
        text: str,
        words: list[tuple[int, int]],
        is_place: Callable[[int, int], bool] = lambda s, e: False,
        is_known_word: Callable[[str], bool] = lambda w: True,
        rules: NameRules | None = None,
    ) -> None:
        super().__init__(text, words, is_place, rules or name_rules())
        self.is_known_word = is_known_word
        self._titles = [(m.start(), m.end()) for m in BOOK_TITLE.finditer(text)]

    def find(self, boxes: Sequence[Box] = ()) -> list[NameMention]:
        """Return every name in the text, nested ones included, in text order."""
        found: dict[tuple[int, int], NameMention] = {}
        for _, end in self.words:
            head = self._head_ending_at(end)
            if head is None or self._in_non_name(end, head) or self._inside_title(end):
                continue
            for mention in self._names_with_head(end, head):
                found.setdefault((mention.start, mention.end), mention)
        listed = find_listed_companies(self.text, self.is_place, self.is_known_word, self.rules)
        for mention in [*find_bodies(self.text, self.words, self.is_place), *listed]:
            if not self._inside_title(mention.end):
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
        for mention in [*find_programmes(self.text, boxes), *self._listed_programmes()]:
            if not self._inside_title(mention.end):
                found[(mention.start, mention.end)] = mention
        return _drop_shadowed(sorted(found.values(), key=lambda m: (m.start, m.end)))

    def _listed_programmes(self) -> list[NameMention]:
        """Name each programme of a list that holds three or more (A工程、推进B工程、C工程) by its own words.

        The list itself says these are names: a generic head repeated over items needs no proper word.
        An item reads from its separator, leading verbs and prepositions cut (实施, 通过).
        """
        mentions = []
        for clause in re.finditer(r"[^，。；：！？\n]+", self.text):
            parts = re.finditer(r"[^、]+", clause.group())
            items = [m for m in parts if m.group().endswith(_PROGRAMME_HEADS)]
            if len(items) < 3:
                continue
            for item in items:
                end = clause.start() + item.end()
                head = self._head_ending_at(end)
                if head is None or head.text not in _PROGRAMME_HEADS:
                    continue
                start = self._after_leading_verbs(clause.start() + item.start(), end)
                while start in self._word_at_start:
                    i = self._word_at_start[start]
                    if not never_inside(self._word_text(i)):
                        break
                    start = self.words[i][1]
                text = self.text[start:end]
                if 2 <= len(text) - len(head.text) <= 20:
                    mentions.append(NameMention(start, end, text, self._class_of(text, head), head.text))
        return mentions

    def _box_item_names(self, item: BoxItem) -> list[NameMention]:
        """Name a box item by the whole text before its colon, wherever that text occurs.

        An item that joins two names (A新馆和B体育场) is left to the ordinary rules.
        """
        name = self.text[item.name_start : item.name_end].strip()
        if len(name) < 4 or LIST_SEPARATORS & set(name) - {"与"} or "、" in name:
            return []
        bare = TRAILING_QUALIFIER.sub("", name)
        head = self._head_ending_at(item.name_start + len(bare))
        if head is not None:
            cls, head_text = self._class_of(bare, head), head.text
        else:
            cls, head_text = self._project_class(bare), ""
        found = re.finditer(re.escape(name), self.text)
        return [NameMention(m.start(), m.end(), name, cls, head_text) for m in found]

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
        paren = QUALIFIER_AFTER.match(rest)
        provisional = paren and (
            paren.group(1).startswith(PROVISIONAL) or ABBREVIATION_NOTE.match(paren.group(1))
        )
        if paren and self._head_ending_at(end + paren.end(1)) is None and not provisional:
            return end + paren.end()
        period = PERIOD.match(rest)
        if head.cls.endswith("Project") and period:
            return end + period.end()
        if head.cls == "TransportProject":
            segment = SEGMENT.match(self.text[end : end + 16])
            if segment:
                end += segment.end()
            upgrade = UPGRADE.match(self.text[end : end + 5])
            return end + upgrade.end() if upgrade else end
        if head.cls == "DemonstrationZone":
            part = ZONE_PART.match(rest)
            if part:
                return end + part.end()
        return end

    def _inside_title(self, offset: int) -> bool:
        return any(s < offset <= e for s, e in self._titles)

    def _mention(self, start: int, end: int, head: Head) -> NameMention | None:
        text = self.text[start:end]
        head_at = TRAILING_QUALIFIER.sub("", text).rfind(head.text)
        if head_at < 0 or len(text) > MAX_NAME_LENGTH:
            return None
        modifier_end = start + head_at
        modifier = text[:head_at].strip()
        if head.text == "学院" and "大学" in modifier:
            # 中南大学商学院 is a school of a university, not an institution of its own.
            return None
        if self._class_of(text, head) in PROPER_CLASSES and (
            modifier in _ADMIN_LEVELS or (len(modifier) >= 2 and not covered(modifier, self.rules.evaluative))
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
        body = WORK_QUALIFIER.sub("", modifier)
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
                rest = "".join(c for c in modifier[cut:] if not PUNCT.match(c))
                return len(rest) >= 2 and covered(rest, self.rules.generic)
        return False

    def _overlapping_words(self, start: int, end: int) -> list[str]:
        words = []
        for i in range(self._word_containing[start], len(self.words)):
            ws, we = self.words[i]
            if ws >= end:
                break
            word = self.text[max(ws, start) : min(we, end)].strip()
            if word and not PUNCT.match(word):
                words.append(word)
        return words

    def _is_specific(self, start: int, end: int) -> bool:
        """True unless the text between start and end is made only of generic modifiers.

        The check covers the characters with generic words (longest first) rather than trusting
        the segmenter's word boundaries: 高能级创新 is 高能级 + 创新 whichever way jieba cuts it.
        """
        segment = self.text[start:end]
        if any(q in segment for q in QUOTES):
            return True
        chars = "".join(c for c in segment if not PUNCT.match(c))
        return not covered(chars, self.rules.generic)

    def _has_proper_word(self, start: int, end: int) -> bool:
        """True if the span holds a place, Latin letters, a quotation or an unknown word."""
        segment = self.text[start:end]
        if LATIN.search(segment) or any(q in segment for q in QUOTES):
            return True
        spans = self._word_spans(start, end)
        # A level standing alone opens the name of that level's own unit: 市大数据中心, 省电力公司.
        first_end = self.words[self._word_containing[start]][1]
        if self.text[start : min(first_end, end)] in _LEVEL_WORDS:
            return True
        if any(self.is_place(s, e) for s, e in spans):
            return True
        # 某某, 某市 stand for a withheld proper name.
        words = self._overlapping_words(start, end)
        return any(not self.is_known_word(w) or w.startswith("某") for w in words)

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
        if any(shared.startswith(w) for w in self.rules.category_words):
            return []
        all_heads = self._all_heads(shared)
        suffix = shared if all_heads else head.text
        # 厦门、宁波等沿海港口: places under a category (a generic word before the head) stay places.
        category = not all_heads and covered(shared[: -len(head.text)], self.rules.generic)
        mentions = []
        cursor = start - 1
        while cursor in self._word_at_end:
            item_start = self._start_of_run(cursor)
            item = self.text[item_start:cursor].strip()
            if not item or PUNCT.match(item) or len(item) + len(suffix) > MAX_NAME_LENGTH:
                break
            window = self.text[max(0, cursor - 12) : cursor]
            placed = category and self.is_place(*self.words[self._word_at_end[cursor]])
            item_end = cursor - len(window) + len(TRAILING_QUALIFIER.sub("", window))
            if not placed and self._head_ending_at(item_end) is None:
                name = item + suffix
                mentions.append(NameMention(item_start, end, name, self._class_of(name, head), head.text))
            separator = item_start - 1
            if separator < 0 or self.text[separator] not in LIST_SEPARATORS:
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
        return bool(PUNCT.match(word)) or word in self.rules.boundaries or word in ("建设", "等")

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
