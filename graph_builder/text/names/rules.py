"""The tables that drive name finding: heads (data/name_suffixes.tsv), boundary, generic and other
word lists, and the cues that tell a generic project's kind (data/project_cues.tsv); read once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from policykg.data import load_table, load_words

# Classes of institutions that are unique by nature (中国科学技术大学, 省档案馆).
PROPER_CLASSES = ("University", "CulturalVenue")


@dataclass(frozen=True)
class NameMention:
    """A name found in text: offsets of the words it came from, the name, its class and head."""

    start: int
    end: int
    text: str
    cls: str
    head: str


@dataclass(frozen=True)
class Head:
    """A head word that ends names, the class it gives and how specific it is."""

    text: str
    cls: str
    specificity: int


@dataclass(frozen=True)
class NameRules:
    """The tables that drive name finding, loaded from data/."""

    heads: dict[str, Head]
    boundaries: frozenset[str]
    generic: frozenset[str]
    non_names: tuple[str, ...]
    evaluative: frozenset[str]
    project_cues: tuple[tuple[re.Pattern[str], str], ...]
    verbs_before_places: frozenset[str]
    measure_words: frozenset[str]
    category_words: tuple[str, ...]

    @property
    def head_lengths(self) -> list[int]:
        """Head lengths, longest first."""
        return sorted({len(h) for h in self.heads}, reverse=True)


@cache
def name_rules() -> NameRules:
    """Return the name-finding tables, loaded once."""
    heads = {}
    for row in load_table("name_suffixes.tsv", ("head", "class", "specificity")):
        heads[row["head"]] = Head(row["head"], row["class"], int(row["specificity"]))
    # Heads count as generic modifiers (国家实验室基地 names a category), except those of
    # institutions that are unique by nature: 中国科学技术大学先进技术研究院, 省档案馆新馆.
    generic = frozenset(load_words("generic_words.txt")) | {
        h for h, head in heads.items() if head.specificity and head.cls not in PROPER_CLASSES
    }
    return NameRules(
        heads,
        frozenset(load_words("name_boundaries.txt")),
        generic,
        tuple(load_words("non_names.txt")),
        frozenset(load_words("evaluative_words.txt")),
        _project_cues(),
        frozenset(load_words("verbs_before_places.txt")),
        frozenset(load_words("measure_words.txt")),
        load_words("category_words.txt"),
    )


def _project_cues() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Return the (pattern, class) pairs that tell a generic project's kind (data/project_cues.tsv)."""
    rows = load_table("project_cues.tsv", ("pattern", "class"))
    return tuple((re.compile(row["pattern"]), row["class"]) for row in rows)


def covered(text: str, vocabulary: frozenset[str], longest: int = 8) -> bool:
    """True if ``text`` splits entirely into words of ``vocabulary``."""
    reachable = [True] + [False] * len(text)
    for end in range(1, len(text) + 1):
        reachable[end] = any(
            reachable[end - k] and text[end - k : end] in vocabulary for k in range(1, min(longest, end) + 1)
        )
    return reachable[-1]
