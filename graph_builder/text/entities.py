"""Merge the mentions of institutions, projects and places into entities.

The same institution is often written several ways: with an abbreviation (科创 for 科技创新, from
data/abbreviations.tsv), with or without the city prefix or quotation marks, with spaces around
brackets, with a trailing 项目/工程, or with a one-character typo of a name written elsewhere. Each
such group becomes one entity whose other spellings are alternative labels. This module sees text
offsets and mention records only.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from policykg.data import load_table
from policykg.graph_builder.records import EntityRecord, Span
from policykg.graph_builder.text.dictionary import dictionary_words
from policykg.graph_builder.text.names import ABBREVIATION_NOTE, NameMention, name_rules
from policykg.graph_builder.text.places import PlaceMention
from policykg.patterns import CLOSE_QUOTES, CN_ORDINAL, OPEN_QUOTES

_QUOTES = re.compile(f"[{OPEN_QUOTES}{CLOSE_QUOTES}\"'《》]")
_SPACE = re.compile(r"\s+")
_BRACKETS = str.maketrans("（）", "()")
_TRAILING_WORK = re.compile(r"(?:改扩建工程|扩建工程|建设工程|建设项目|工程|项目)$")
_PROJECT_CLASSES = ("Project", "TransportProject", "EnergyProject", "WaterProject", "ScientificFacility")
_PLACE_CLASSES = ("Province", "City", "District", "County", "Region")
# Characters that tell different entities apart: a one-character difference here is not a typo.
_DISTINCTIVE = set("东西南北中上下前后左右内外新老旧大小" + CN_ORDINAL + "百千零〇0123456789省市区县镇村")


@dataclass(frozen=True)
class Occurrence:
    """Where an entity is mentioned: offsets and the entity's key (class, canonical name)."""

    start: int
    end: int
    key: tuple[str, str]
    surface: str = ""


@cache
def _abbreviations() -> tuple[tuple[str, str], ...]:
    """Return the (abbreviation, full form) pairs of data/abbreviations.tsv, longest abbreviation first."""
    rows = load_table("abbreviations.tsv", ("abbreviation", "full_form"))
    pairs = [(row["abbreviation"], row["full_form"]) for row in rows]
    return tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True))


def clean_name(name: str) -> str:
    """Return a name as a label: no spaces, no quotes around the whole of it."""
    name = _SPACE.sub("", name)
    if len(name) > 2 and name[0] in '“"「『' and name[-1] in '”"」』' and _QUOTES.search(name[1:-1]) is None:
        name = name[1:-1]
    return name


def _kind(cls: str) -> str:
    if cls in _PLACE_CLASSES:
        return "place"
    return "project" if cls in _PROJECT_CLASSES else "institution"


class EntityMerger:
    """Group mentions into entities and describe each with an EntityRecord."""

    def __init__(
        self,
        text: str,
        sentences: list[tuple[int, int]],
        home_prefixes: Iterable[str] = (),
        label: Callable[[str, str], str] = lambda zh, cls: zh,
    ) -> None:
        self.text = text
        self.sentences = sentences
        self.home_prefixes = tuple(sorted(set(home_prefixes), key=len, reverse=True))
        self.label = label
        self._heads = name_rules().heads

    def span(self, start: int, end: int) -> Span:
        """Return a Span record for text[start:end] with its sentence."""
        s_start, s_end = self._sentence_of(start)
        return Span(start, end, self.text[start:end], self.text[s_start:s_end].strip(), s_start)

    def _sentence_of(self, offset: int) -> tuple[int, int]:
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s, e = self.sentences[mid]
            if offset < s:
                hi = mid - 1
            elif offset >= e:
                lo = mid + 1
            else:
                return s, e
        return offset, min(len(self.text), offset + 1)

    def key(self, name: str) -> str:
        """Return the form under which spellings of one name coincide."""
        key = _QUOTES.sub("", _SPACE.sub("", name)).translate(_BRACKETS)
        for short, full in _abbreviations():
            key = key.replace(short, full)
        stripped = _TRAILING_WORK.sub("", key)
        if stripped != key and (self._ends_in_head(stripped) or stripped.endswith("期")):
            key = stripped
        for prefix in self.home_prefixes:
            if key.startswith(prefix) and len(key) - len(prefix) >= 4:
                key = key[len(prefix) :]
                break
        return key

    def _ends_in_head(self, name: str) -> bool:
        return any(name.endswith(h) for h in self._heads if self._heads[h].specificity > 0)

    def merge(
        self, names: list[NameMention], places: list[PlaceMention]
    ) -> tuple[list[EntityRecord], list[Occurrence]]:
        """Return the entities and every occurrence of them."""
        groups: dict[tuple[str, str], list[tuple[int, int, str, str]]] = defaultdict(list)
        for m in names:
            groups[(_kind(m.cls), self.key(m.text))].append((m.start, m.end, clean_name(m.text), m.cls))
        self._merge_aliases(groups)
        self._merge_typos(groups)
        outermost = {(m.start, m.end) for m in _outermost(names)}
        for key in [
            k for k, mentions in groups.items() if not any((s, e) in outermost for s, e, _, _ in mentions)
        ]:
            del groups[key]
        entities, occurrences = [], []
        for (kind, _), mentions in sorted(groups.items(), key=lambda kv: min(m[0] for m in kv[1])):
            record = self._record(kind, mentions)
            entities.append(record)
            occurrences += [Occurrence(s, e, record.key) for s, e, _, _ in mentions]
        place_records, place_occurrences = self._places(places)
        return entities + place_records, occurrences + place_occurrences

    def _merge_aliases(self, groups: dict[tuple[str, str], list]) -> None:
        """Fold a name in brackets right after another (X医院（Y医院）, X（以下简称Y）) into that one."""
        group_of = {(s, e): key for key, mentions in groups.items() for s, e, _, _ in mentions}
        for (_, end), key in sorted(group_of.items()):
            if self.text[end : end + 1] not in "(（":
                continue
            note = ABBREVIATION_NOTE.match(self.text[end + 1 : end + 8])
            opens = end + 1 + (note.end() if note else 0)
            for (a_start, a_end), alias in group_of.items():
                closes = a_start == opens and self.text[a_end : a_end + 1] in ")）"
                if closes and alias != key and alias in groups and key in groups:
                    groups[key].extend(groups.pop(alias))

    def _merge_typos(self, groups: dict[tuple[str, str], list]) -> None:
        """Fold a group into another of the same kind whose key differs by one ordinary character.

        Keys are bucketed by kind and by the key with one position blanked, so only keys that can
        differ in exactly that position are compared.
        """
        order = sorted(groups, key=lambda k: (-len(groups[k]), min(m[0] for m in groups[k])))
        buckets: dict[tuple[str, int, str], list[tuple[str, str]]] = defaultdict(list)
        for kind, key in order:
            if len(key) >= 5:
                for i in range(len(key)):
                    buckets[(kind, i, key[:i] + key[i + 1 :])].append((kind, key))
        for members in buckets.values():
            keep = None
            for member in members:
                if member not in groups:
                    continue
                if keep is None:
                    keep = member
                    continue
                position = next(i for i, (a, b) in enumerate(zip(keep[1], member[1], strict=True)) if a != b)
                if {keep[1][position], member[1][position]} & _DISTINCTIVE:
                    continue
                groups[keep].extend(groups.pop(member))

    def _record(self, kind: str, mentions: list[tuple[int, int, str, str]]) -> EntityRecord:
        forms = Counter(form for _, _, form, _ in mentions)
        first_seen = {}
        for start, _, form, _ in sorted(mentions):
            first_seen.setdefault(form, start)
        name = max(forms, key=lambda f: (self._is_full(f), self._known_share(f), forms[f], -first_seen[f]))
        classes = Counter(cls for _, _, _, cls in mentions)
        cls = max(classes, key=lambda c: (c not in ("Institution", "Project"), classes[c]))
        spans = tuple(self.span(s, e) for s, e, _, _ in sorted(set(mentions)))
        alt = tuple(sorted(f for f in forms if f != name))
        return EntityRecord(cls, name, self.label(name, cls), spans, alt)

    def _is_full(self, form: str) -> bool:
        """Prefer spellings without abbreviations and without a trailing 项目."""
        return not any(short in form for short, _ in _abbreviations()) and not _TRAILING_WORK.search(form)

    def _known_share(self, form: str) -> float:
        """How much of the form the dictionary knows: fewer, longer words score higher (typos split)."""
        return -len(dictionary_words(form))

    def _places(self, places: list[PlaceMention]) -> tuple[list[EntityRecord], list[Occurrence]]:
        by_name: dict[str, list[PlaceMention]] = defaultdict(list)
        for p in places:
            by_name[p.name].append(p)
        records, occurrences = [], []
        for name, mentions in sorted(by_name.items(), key=lambda kv: kv[1][0].start):
            first = mentions[0]
            parent = first.parent.name if first.parent and first.parent.name in by_name else None
            forms = {self.text[m.start : m.end] for m in mentions} - {name}
            spans = tuple(self.span(m.start, m.end) for m in mentions)
            records.append(
                EntityRecord(
                    first.cls,
                    name,
                    self.label(name, first.cls),
                    spans,
                    tuple(sorted(forms)),
                    first.code,
                    parent,
                )
            )
            occurrences += [
                Occurrence(m.start, m.end, (first.cls, name), self.text[m.start : m.end]) for m in mentions
            ]
        return records, occurrences


def _outermost(names: list[NameMention]) -> list[NameMention]:
    """Drop names whose every mention sits inside a longer name (比亚迪 inside 比亚迪…项目)."""
    by_text: dict[str, list[NameMention]] = defaultdict(list)
    by_start: dict[int, list[NameMention]] = defaultdict(list)
    for m in names:
        by_text[clean_name(m.text)].append(m)
        by_start[m.start].append(m)
    longest = max((m.end - m.start for m in names), default=0)

    def nested(m: NameMention) -> bool:
        own = clean_name(m.text)
        for start in range(max(0, m.end - longest), m.start + 1):
            for o in by_start.get(start, ()):
                if o is not m and m.end <= o.end and own in clean_name(o.text) != own:
                    return True
        return False

    return [m for m in names if not all(nested(other) for other in by_text[clean_name(m.text)])]


def locate(entities: list[EntityRecord], occurrences: list[Occurrence]) -> list[EntityRecord]:
    """Return the entities with pkg:locatedIn set to the places named inside their names."""
    place_occurrences = sorted((o for o in occurrences if o.key[0] in _PLACE_CLASSES), key=lambda o: o.start)
    starts = [o.start for o in place_occurrences]
    located = []
    for entity in entities:
        if entity.cls in _PLACE_CLASSES:
            located.append(entity)
            continue
        inside = {
            o.key[1]
            for span in entity.spans
            for o in place_occurrences[
                bisect.bisect_left(starts, span.start) : bisect.bisect_left(starts, span.end)
            ]
            if o.end <= span.end and o.surface in entity.name
        }
        located.append(
            EntityRecord(
                entity.cls,
                entity.name,
                entity.label_en,
                entity.spans,
                entity.alt_labels,
                entity.division_code,
                entity.within,
                tuple(sorted(inside)),
            )
        )
    return located
