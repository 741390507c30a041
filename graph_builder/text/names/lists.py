"""Name the items of a list that a category closes: A、B、C等(龙头)企业 makes A, B and C enterprises.

Companies are often written as brands without a legal suffix (a brand, a short name): the list's
category says what they are. An item counts as a name when the dictionary does not know one of its
words or tags it as a proper noun; a list whose items are mostly common nouns (汽车、家电等行业企业)
names sectors, not companies, and gives nothing. The first item starts after the verb, preposition
or date before it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from policykg.graph_builder.text.dictionary import dictionary_words
from policykg.graph_builder.text.names.rules import NameMention, NameRules, covered
from policykg.graph_builder.text.names.tags import never_inside, opens_no_name, word_tag

# The categories that close a list of companies, with what may stand between 等 and the category.
_CATEGORY = re.compile(r"等(?P<modifier>[^，。；：、\s等]{0,4}?)(?:企业|公司|集团|电商平台)")
_ITEM_SEPARATORS = "、"
_PROPER_TAGS = frozenset({"nr", "nrt", "nrfg", "nz", "nt", "j", "eng"})
_NOT_IN_ITEM = frozenset({"m", "t", "q", "f"})
_SECTOR = re.compile(r"行业|领域|产业|类|链")
ENTERPRISE = "Enterprise"


def find_listed_companies(
    text: str,
    is_place: Callable[[int, int], bool],
    is_known_word: Callable[[str], bool],
    rules: NameRules,
) -> list[NameMention]:
    """Return the items of lists closed by a category of companies (…等企业, …等龙头企业)."""
    found = []
    for m in _CATEGORY.finditer(text):
        modifier = dictionary_words(m.group("modifier"))
        if _SECTOR.search(m.group()) or any(never_inside(w) for w in modifier):
            continue
        items = _items_before(text, m.start(), rules)
        named = [(s, e) for s, e in items if _is_proper(text[s:e], is_known_word)]
        if len(items) < 2 or 3 * len(named) < len(items):
            continue
        for s, e in items:
            name = text[s:e]
            if 2 <= len(name) <= 10 and not is_place(s, e) and not covered(name, rules.generic):
                found.append(NameMention(s, e, name, ENTERPRISE, ""))
    return found


def _items_before(text: str, end: int, rules: NameRules) -> list[tuple[int, int]]:
    """The items of the list that ends at ``end``, leftwards over 、; the first trimmed to its name."""
    items = []
    cursor = end
    while True:
        start = cursor
        while start > 0 and text[start - 1] not in _ITEM_SEPARATORS and not _stops(text[start - 1]):
            start -= 1
        first = start == 0 or text[start - 1] not in _ITEM_SEPARATORS
        if first:
            start = _trim(text, start, cursor, rules)
        if start >= cursor or cursor - start > 12:
            break
        items.append((start, cursor))
        if first:
            break
        cursor = start - 1
    return items[::-1]


def _stops(char: str) -> bool:
    return char in '，。；：！？\n\r“”"（）()《》' or char.isspace()


def _trim(text: str, start: int, end: int, rules: NameRules) -> int:
    """Where the first item's name starts: after the last word that cannot be inside a name."""
    at, cut = start, start
    words = dictionary_words(text[start:end])
    for k, word in enumerate(words):
        at += len(word)
        # A common word right before the first proper noun of the run governs it (紧盯+华为).
        following = words[k + 1] if k < len(words) - 1 else ""
        if (
            at - len(word) == cut
            and word_tag(following) in _PROPER_TAGS
            and word_tag(word) not in _PROPER_TAGS
        ):
            cut = at
            continue
        if (
            never_inside(word)
            or opens_no_name(word)
            or (word_tag(word) in _NOT_IN_ITEM and len(word) > 1)
            or word in rules.boundaries
            or any(c.isdigit() for c in word)
            or (len(word) == 1 and at - 1 == cut and word_tag(word) in _NOT_IN_ITEM | {"v"})
        ):
            cut = at
    return cut


def _is_proper(name: str, is_known_word: Callable[[str], bool]) -> bool:
    """True if a word of ``name`` is tagged as a proper noun or the dictionary does not know it
    (it then falls apart into two or more single characters: 洱/宝/实业)."""
    words = dictionary_words(name)
    singles = re.search(r"11", "".join("1" if len(w) == 1 else "0" for w in words))
    return bool(singles) or any(not is_known_word(w) or word_tag(w) in _PROPER_TAGS for w in words)
