"""Small English word rules for composed labels: plurals, gerunds, title case and lower case."""

from __future__ import annotations

import re
from functools import lru_cache

# Words that stay lower case inside a title (Chicago style), unless they start it.
SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on", "or"}
    | {"per", "than", "the", "to", "via", "vs", "with", "within"}
)
_VOWELS = "aeiou"
_ADVERBS = frozenset({"further", "jointly", "fully", "also", "still", "first"})


def plural(noun_phrase: str) -> str:
    """Return a noun phrase with its last word made plural: Platform -> Platforms, Facility -> Facilities."""
    head, sep, last = noun_phrase.rpartition(" ")
    lower = last.lower()
    if not lower or not lower[-1].isalpha() or last.isupper():
        return noun_phrase
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in _VOWELS:
        last = last[:-1] + "ies"
    elif lower.endswith(("s", "x", "z", "ch", "sh")):
        last = last + "es"
    else:
        last = last + "s"
    return head + sep + last


def gerund(verb_phrase: str) -> str:
    """Return a verb phrase with its verb as a gerund: Set Up -> Setting Up, Actively Do -> Actively Doing."""
    words = verb_phrase.split(" ")
    # Leading adverbs (Actively, Further) stay as they are; the verb after them takes -ing.
    adverbs = 0
    while adverbs < len(words) - 1 and (
        words[adverbs].lower().endswith("ly") or words[adverbs].lower() in _ADVERBS
    ):
        adverbs += 1
    prefix = " ".join(words[:adverbs])
    return f"{prefix} {_gerund_word(' '.join(words[adverbs:]))}" if prefix else _gerund_word(verb_phrase)


def _gerund_word(verb_phrase: str) -> str:
    """Return a verb phrase with its first word as a gerund."""
    verb, sep, rest = verb_phrase.partition(" ")
    lower = verb.lower()
    if len(lower) < 2 or not lower.isalpha():
        return verb_phrase
    if lower.endswith("ie"):
        stem = verb[:-2] + "y"
    elif lower.endswith("e") and not lower.endswith(("ee", "oe", "ye")):
        stem = verb[:-1]
    elif _doubles_final_consonant(lower):
        stem = verb + verb[-1]
    else:
        stem = verb
    return stem + "ing" + sep + rest


def _doubles_final_consonant(verb: str) -> bool:
    """Return whether a one-syllable verb ends consonant-vowel-consonant (plan -> planning)."""
    vowel_groups = re.findall(r"[aeiou]+", verb)
    return (
        len(vowel_groups) == 1
        and len(verb) >= 3
        and verb[-1] not in _VOWELS + "wxy"
        and verb[-2] in _VOWELS
        and verb[-3] not in _VOWELS
    )


@lru_cache(maxsize=16384)
def _keeps_case(word: str) -> bool:
    """Return whether a word is an acronym or brand whose capitals must be kept (R&D, BeiDou, 5G)."""
    if any(c.isdigit() for c in word):
        return True
    for part in word.split("-"):
        letters = [c for c in part if c.isalpha()]
        if len(letters) > 1 and any(c.isupper() for c in letters[1:]):
            return True
    return False


def title_case(text: str) -> str:
    """Capitalize every word except small words inside the title; hyphenated parts are capitalized too."""
    words = text.split(" ")
    out = []
    for index, word in enumerate(words):
        parts = word.split("-")
        fixed = []
        for part_index, part in enumerate(parts):
            # "South-to-North", "Proof-of-Concept": small words stay small inside a compound too.
            small = part.lower() in SMALL_WORDS and (part_index > 0 or (index > 0 and len(parts) == 1))
            if not part or _keeps_case(part):
                fixed.append(part)
            elif small:
                fixed.append(part.lower())
            else:
                fixed.append(part[0].upper() + part[1:])
        out.append("-".join(fixed))
    return " ".join(out)


def lower_case(text: str) -> str:
    """Lower-case a phrase except acronyms and words with inner capitals (GDP, R&D, BeiDou)."""
    words = text.split(" ")
    return " ".join(
        "-".join(part if _keeps_case(part) else part.lower() for part in word.split("-")) for word in words
    )
