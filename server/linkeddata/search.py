"""An in-memory label index for /api/search: Chinese and English labels and the pinyin of Chinese ones.

All keys of one kind are joined into one string, so a search is a single regular-expression scan in C
rather than a Python loop (or a SPARQL ``FILTER(CONTAINS())``) over every label; each match is mapped
back to its key with a binary search. The index is built once per store version.
"""

from __future__ import annotations

import bisect
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from policykg.patterns import HAN
from policykg.pinyin import pair_readings, pinyin_syllables, reading_syllables

#: Match tiers, best first: the whole key, its start, the start of a word in it, anywhere in it.
TIERS = ("exact", "prefix", "word", "substring")

_SEP = "\x00"
_WORD_START = re.compile(r"[\s\-_/(（,，·:：]")
_SPACES = re.compile(r"\s+")


@dataclass(slots=True)
class Entity:
    """What the index knows of one entity: labels by language, variant names, classes, pinyin readings.

    ``readings`` are the pinyin of its Chinese names (label and variants) as the data gives them
    (``skos:hiddenLabel`` in ``zh-latn-pinyin``, written by the builder), in any order; without them
    the index reads the pinyin itself.
    """

    iri: str
    labels: dict[str, str] = field(default_factory=dict)
    alt_labels: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    readings: list[str] = field(default_factory=list)

    def label(self, lang: str) -> str:
        """Return the label in ``lang``, else in the other language, else the IRI."""
        other = "en" if lang == "zh" else "zh"
        return self.labels.get(lang) or self.labels.get(other) or self.labels.get("") or self.iri


@dataclass(frozen=True)
class Hit:
    """One search result: the entity, the key it matched on, and how well."""

    entity: Entity
    matched: str
    field: str
    tier: str


def normalize(text: str) -> str:
    """Return ``text`` folded for matching: NFKC (full-width to half-width), case-folded, spaces collapsed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def compact(text: str) -> str:
    """Return ``text`` as it is matched against pinyin: ASCII letters and digits only, lowercase."""
    return "".join(reading_syllables(normalize(text).replace("ü", "v")))


class _Keys:
    """All keys of one field joined in one string, with the owner of each key and, for pinyin, where
    its syllables start (a byte per character, so a check costs one index)."""

    def __init__(self, name: str, syllabic: bool = False) -> None:
        self.name = name
        self.syllabic = syllabic
        self._parts: list[str] = []
        self._masks: list[bytes] = []
        self.starts: list[int] = []
        self.owners: list[int] = []
        self.originals: list[str] = []
        self._length = 1
        self.text = ""
        self.mask = b""

    def add(self, key: str, owner: int, original: str, mask: bytes = b"") -> None:
        """Add one key of entity number ``owner``; ``mask`` marks syllable starts of a pinyin key."""
        if not key or _SEP in key:
            return
        self._parts.append(key)
        self._masks.append(mask)
        self.starts.append(self._length)
        self.owners.append(owner)
        self.originals.append(original)
        self._length += len(key) + 1

    def freeze(self) -> None:
        """Join the keys into the searchable string."""
        self.text = _SEP + _SEP.join(self._parts) + _SEP
        if self.syllabic:
            self.mask = b"\0" + b"\0".join(self._masks) + b"\0"
        self._parts, self._masks = [], []

    def matches(self, needle: str) -> Iterable[tuple[int, str]]:
        """Yield (key number, tier) for every occurrence of ``needle``; pinyin only from a syllable start."""
        if not needle or _SEP in needle:
            # The separator joins the keys: a needle holding it would match across them (everything).
            return
        text, mask = self.text, self.mask
        # str.find runs in C; stepping one character on finds overlapping occurrences too, so that a
        # later word-start occurrence is not hidden behind an earlier mid-word one.
        position = text.find(needle)
        while position != -1:
            number = bisect.bisect_right(self.starts, position) - 1
            at_start = position == self.starts[number]
            if at_start and text[position + len(needle)] == _SEP:
                yield number, "exact"
            elif at_start:
                yield number, "prefix"
            elif self.syllabic:
                if mask[position]:
                    yield number, "word"
            elif _WORD_START.match(text[position - 1]):
                yield number, "word"
            else:
                yield number, "substring"
            position = text.find(needle, position + 1)


class SearchIndex:
    """Ranked substring and prefix search over labels in both languages and pinyin."""

    def __init__(self, entities: Iterable[Entity], superclasses: dict[str, set[str]] | None = None) -> None:
        self.entities = list(entities)
        self.superclasses = superclasses or {}
        self._labels = _Keys("label")
        self._pinyin = _Keys("pinyin", syllabic=True)
        # Plans repeat names (a portfolio part, a city), so each distinct name is romanized once.
        romanized: dict[str, tuple[str, bytes]] = {}
        for number, entity in enumerate(self.entities):
            names = list(dict.fromkeys([*entity.labels.values(), *entity.alt_labels]))
            for name in names:
                self._labels.add(normalize(name), number, name)
            if entity.readings:
                # The data's own readings: no pinyin dictionary is needed to index them. Each is
                # matched as the name it reads, else as the Chinese label.
                label = entity.labels.get("zh") or next((n for n in names if HAN.search(n)), entity.iri)
                for reading, name in pair_readings([label, *names], entity.readings):
                    key, mask = _syllables_key(reading_syllables(reading))
                    self._pinyin.add(key, number, name or label, mask)
                continue
            for name in names:
                if HAN.search(name):
                    if name not in romanized:
                        romanized[name] = _syllables_key(pinyin_syllables(name))
                    key, mask = romanized[name]
                    self._pinyin.add(key, number, name, mask)
        self._labels.freeze()
        self._pinyin.freeze()

    def __len__(self) -> int:
        return len(self.entities)

    def classes_within(self, classes: Iterable[str]) -> set[str]:
        """Return the given classes and every class below them."""
        wanted = set(classes)
        below = {cls for cls, ancestors in self.superclasses.items() if ancestors & wanted}
        return wanted | below

    def search(
        self, query: str, types: Iterable[str] = (), limit: int = 20, offset: int = 0
    ) -> tuple[int, list[Hit]]:
        """Return the number of entities matching ``query`` and one page of them, best first."""
        allowed = self.classes_within(types) if types else None
        best: dict[int, tuple[tuple[int, int, str, str], Hit]] = {}
        for keys, needle in ((self._labels, normalize(query)), (self._pinyin, compact(query))):
            for number, tier in keys.matches(needle):
                owner = keys.owners[number]
                entity = self.entities[owner]
                if allowed is not None and not allowed.intersection(entity.types):
                    continue
                original = keys.originals[number]
                rank = (TIERS.index(tier), len(original), entity.label("zh"), entity.iri)
                if owner not in best or rank < best[owner][0]:
                    best[owner] = (rank, Hit(entity, original, keys.name, tier))
        ranked = sorted(best.values(), key=lambda pair: pair[0])
        return len(ranked), [hit for _, hit in ranked[offset : offset + limit]]


def _syllables_key(syllables: list[str]) -> tuple[str, bytes]:
    """Return pinyin syllables as one key and a mask with 1 where each syllable starts."""
    return "".join(syllables), b"".join(b"\1" + b"\0" * (len(s) - 1) for s in syllables)


class IndexCache:
    """Keep one index per store version, building it on first use under a lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entry: tuple[str, SearchIndex] | None = None

    def get(self, version: str, build: Callable[[], SearchIndex]) -> SearchIndex:
        """Return the index for ``version``, building it with ``build`` if it is missing or stale."""
        entry = self._entry
        if entry is not None and entry[0] == version:
            return entry[1]
        with self._lock:
            if self._entry is None or self._entry[0] != version:
                self._entry = (version, build())
            return self._entry[1]
