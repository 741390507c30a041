"""Part-of-speech tags from jieba's own dictionary (its third column), read once through the segmenter.

Some tags say a word can never be inside a name: prepositions (p: 通过, 随着), pronouns (r: 我们, 此次),
adverbial adjectives (ad: 积极), particles (u) and interjections (plain adverbs, d, are
left out: the dictionary tags 高速 and 同步 so); conjunctions (c) join names rather than
belong to them. Verbs (v) may sit inside a name (信息共享平台) but not open one (完成…平台).
"""

from __future__ import annotations

import re
from functools import cache

from policykg.data import cached
from policykg.graph_builder.text.dictionary import segmenter

# Tags of words that never stand inside a name.
NEVER_INSIDE = frozenset({"p", "r", "ad", "u", "uj", "ul", "uz", "ud", "ug", "uv", "y", "e", "o", "c"})


# How often a word must occur in jieba's dictionary to count as a common verb or adverb.
_COMMON = 200
# The tags kept: those the rules ask about (every other word counts as a possible part of a name).
_KEPT = re.compile(
    r"^(\S+) \d+ (vn|v|d|f|m|q|s|t|nt|nz|nrt|nrfg|nr|j|"
    + "|".join(sorted(NEVER_INSIDE, key=lambda tag: (-len(tag), tag)))
    + ")$",
    re.M,
)


@cache
def word_tags() -> dict[str, str]:
    """Return the words of jieba's dictionary whose tag the rules ask about, with that tag.

    Reading them out of the dictionary's 5 MB takes a few tenths of a second; the table is cached
    (policykg.data.cached), keyed by the dictionary's bytes and the tags kept.
    """
    with segmenter().dt.get_dict_file() as handle:
        data = handle.read()
    return cached(
        "jieba-tags", [data, _KEPT.pattern.encode()], lambda: dict(_KEPT.findall(data.decode("utf-8"))), dict
    )


def word_tag(word: str) -> str | None:
    """Return the dictionary's tag of ``word`` when it is one the rules ask about, else None."""
    return word_tags().get(word)


def never_inside(word: str) -> bool:
    """True for a word whose tag says it is never part of a name (a preposition, pronoun, adverb ...)."""
    # 某省, 某市 stand for a withheld name (the dictionary tags 某 as a pronoun).
    return word_tag(word) in NEVER_INSIDE and not word.startswith("某")


def is_verb(word: str) -> bool:
    """True for a word the dictionary tags as a plain verb (v), not a noun-verb (vn)."""
    return word_tag(word) == "v"


def opens_no_name(word: str) -> bool:
    """True for a common verb, adverb or time word (完成, 进一步, 年底): it may sit inside a name (高速,
    同步辐射) but never opens one. Rare words the dictionary tags as verbs open technical and place
    names (聚变堆, 磁浮, 遵义), and one character is too little to tell, so both are left alone."""
    return len(word) > 1 and word_tag(word) in ("v", "d", "t") and segmenter().dt.FREQ.get(word, 0) >= _COMMON


def is_direction(word: str) -> bool:
    """True for a word the dictionary tags as a direction or position (前, 中, 西部)."""
    return word_tag(word) == "f"
