"""Where a name starts: its words are read leftwards from the head until a boundary.

A boundary is punctuation, a governing verb or function word (data/name_boundaries.txt), a
quantity (10个), an ordinal (第十四届), list numbering or a line break; a quotation is taken whole.
"""

from __future__ import annotations

from collections.abc import Callable

from policykg.graph_builder.text.dictionary import is_known_word
from policykg.graph_builder.text.names.rules import Head, NameRules
from policykg.graph_builder.text.names.shapes import (
    CIRCLED,
    FORMER,
    INNER_PUNCT,
    INSTITUTION_ENDINGS,
    KEPT_FUNCTION_WORDS,
    LEADING_CONJUNCTIONS,
    LIST_MARKER,
    NUMBER,
    ORDINAL,
    PUNCT,
    QUANTIFIER,
)
from policykg.graph_builder.text.names.tags import is_direction, never_inside, opens_no_name, word_tag
from policykg.patterns import CLOSE_QUOTES, OPEN_QUOTES


class WordReader:
    """One text with its word offsets, the heads that end in it, and the boundaries before them."""

    def __init__(
        self,
        text: str,
        words: list[tuple[int, int]],
        is_place: Callable[[int, int], bool],
        rules: NameRules,
    ) -> None:
        self.text = text
        self.words = words
        self.is_place = is_place
        self.rules = rules
        self._lengths = rules.head_lengths
        self._head_last_chars = {h[-1] for h in rules.heads}
        self._word_at_start = {s: i for i, (s, _) in enumerate(words)}
        self._word_at_end = {e: i for i, (_, e) in enumerate(words)}
        self._word_containing = [0] * (len(text) + 1)
        for i, (s, e) in enumerate(words):
            self._word_containing[s : e + 1] = [i] * (e + 1 - s)
        self._in_marker = bytearray(len(text) + 1)
        for m in LIST_MARKER.finditer(text):
            self._in_marker[m.start() : m.end()] = b"\x01" * (m.end() - m.start())

    def _head_ending_at(self, end: int) -> Head | None:
        if end <= 0 or self.text[end - 1] not in self._head_last_chars:
            return None
        for length in self._lengths:
            head = self.rules.heads.get(self.text[end - length : end])
            if head:
                return head
        return None

    def _head_ending_in(self, text: str) -> Head | None:
        """Return the longest head that ends ``text``, if one does."""
        for length in self._lengths:
            if len(text) > length and text[-length:] in self.rules.heads:
                return self.rules.heads[text[-length:]]
        return None

    def _word_text(self, i: int) -> str:
        if 0 <= i < len(self.words):
            s, e = self.words[i]
            return self.text[s:e]
        return ""

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
            if word and word[-1] in CLOSE_QUOTES:
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
        return self._after_leading_verbs(start, end)

    def _after_leading_verbs(self, start: int, end: int) -> int:
        """Cut the verbs that open a run (完成…平台, 接入…平台): a verb may sit inside a name, not open it."""
        i = self._word_at_start.get(start)
        after_time = False
        while i is not None and i < len(self.words):
            ws, we = self.words[i]
            word = self.text[ws:we]
            # A direction after a time word (年底+前) goes with it.
            direction = after_time and is_direction(word)
            if we >= end or self.is_place(ws, we) or not (opens_no_name(word) or direction):
                break
            after_time = word_tag(word) == "t"
            start = we
            i += 1
        return start

    def _after_leading_boundary(self, ws: int, word: str) -> int | None:
        """For a word that a verb starts (建设省, jieba's cut of 建设+省), return where the name starts."""
        for k in range(len(word) - 1, 1, -1):
            if word[:k] in self.rules.boundaries and len(word) - k <= 2 and not PUNCT.match(word[k:]):
                return ws + k
        if len(word) in (2, 3) and word[0] in LEADING_CONJUNCTIONS and not PUNCT.match(word[1:]):
            return ws + 1
        # A preposition the segmenter glued to the name's first word, in a string the dictionary lacks (由市).
        rest = word[1:]
        if (
            len(word) in (2, 3)
            and never_inside(word[0])
            and word[0] not in KEPT_FUNCTION_WORDS
            and not is_known_word(word)
            and (rest in "省市区县州" or (len(rest) == 2 and is_known_word(rest)))
        ):
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
                and self.text[left_end - 1] not in INSTITUTION_ENDINGS
                and not self.is_place(right_start, right_end)
            )
        return False

    def _start_of_plain_run(self, i: int) -> int:
        """Return where a run of non-boundary words ending with word ``i`` begins (its end if none)."""
        start = self.words[i][1]
        while i >= 0:
            ws, we = self.words[i]
            word = self.text[ws:we]
            if self._in_marker[ws] or self._is_boundary(i, word) or word[-1:] in CLOSE_QUOTES:
                break
            if self._closes_designation(i, word):
                break
            start = ws
            i -= 1
        return start

    def _is_boundary(self, i: int, word: str) -> bool:
        measure = self.rules.measure_words
        if "\n" in word or word in measure or QUANTIFIER.match(word) or ORDINAL.match(word):
            return True
        # A count glued to its measure word (五家, 3所) counts the names after it.
        if len(word) > 1 and word[-1] in measure and NUMBER.match(word[:-1]):
            return True
        if CIRCLED.search(word) or word in FORMER:
            return True
        if self._closes_designation(i, word):
            return False
        if word in self.rules.boundaries or any(
            word[k:] in self.rules.boundaries for k in range(1, len(word) - 1)
        ):
            return not self._closes_modifier(i, word)
        if never_inside(word) and word not in KEPT_FUNCTION_WORDS:
            return True
        if word in self.rules.verbs_before_places and i + 1 < len(self.words):
            return self.is_place(*self.words[i + 1])
        if PUNCT.match(word):
            return not set(word) <= INNER_PUNCT or word in OPEN_QUOTES
        if NUMBER.match(word):
            following = self._word_text(i + 1)
            return bool(following) and following[0] in measure
        return False

    def _closes_modifier(self, i: int, word: str) -> bool:
        """True for a noun-verb right before the head, after a noun (绿色发展示范区): not a boundary."""
        if word_tag(word) != "vn" or i == 0 or i + 1 >= len(self.words):
            return False
        following = self.words[i + 1]
        if self.text[following[0] : following[1]] in self.rules.boundaries:
            return False
        # The head starts right after the word: 发展+示范区, 发展+研究+中心.
        for _, word_end in self.words[i + 1 : i + 3]:
            head = self._head_ending_at(word_end)
            if head is not None and word_end - len(head.text) == following[0]:
                break
        else:
            return False
        before = self._word_text(i - 1)
        return bool(before) and not PUNCT.match(before) and before not in self.rules.boundaries

    def _closes_designation(self, i: int, word: str) -> bool:
        """True for a verb that closes a designation with the word before it (省部+共建): not a boundary."""
        return i > 0 and self._word_text(i - 1) + word in self.rules.generic

    def _matching_open_quote(self, close_at: int) -> int | None:
        for i in range(close_at - 1, max(-1, close_at - 30), -1):
            char = self.text[i]
            if char in OPEN_QUOTES:
                return i
            if char in "，。；：！？\n" or char in CLOSE_QUOTES:
                return None
        return None
