"""Links between plans of different places and years: a district's plan within its city's plan of the
same field and time, and a later plan of a place succeeding the one before it of the same kind."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from policykg.graph_builder.corpus.places import within
from policykg.graph_builder.corpus.text import containment, dice, fold
from policykg.graph_builder.corpus.works import title_key

# How much of the shorter topic (the title without wrappers, place, period and its last four characters,
# the kind: 行动计划, 实施方案) the other must hold, and how many bigrams at least, for a lower division's
# plan to be within a higher one's: a district's plan of the same field, not any plan of it.
WITHIN_TOPIC = 0.5
WITHIN_SHARED = 2
# How alike two titles of one place must be (Dice; wrappers, place and period removed) to be one kind.
SAME_KIND = 0.6


@dataclass(frozen=True)
class WorkInfo:
    """What the links need of a plan (a work): its title, place with its code, and period."""

    title: str
    place: str | None
    place_code: str | None
    start_year: int | None
    end_year: int | None


def _overlap(a: WorkInfo, b: WorkInfo) -> bool:
    spans = [(w.start_year, w.end_year if w.end_year is not None else w.start_year) for w in (a, b)]
    if any(s is None or e is None for s, e in spans):
        return False
    (s1, e1), (s2, e2) = spans
    return s1 <= e2 and s2 <= e1


def _same_place(a: WorkInfo, b: WorkInfo) -> bool:
    if a.place_code or b.place_code:
        return a.place_code == b.place_code
    return bool(a.place) and fold(a.place or "") == fold(b.place or "")


def _topic(key: str) -> str:
    """A title key without its kind (its last four characters) when enough is left to name a field."""
    return key[:-4] if len(key) >= 8 else key


def plan_links(works: Sequence[WorkInfo]) -> list[tuple[int, str, int]]:
    """Return (from, "withinPlan" | "succeeds", to) links between the works, in order: withinPlan when from's
    division lies within to's, their periods overlap and their topics are alike; succeeds when from is of
    the same place and kind as to, starts later, and to is the nearest such earlier plan.

    Each work is compared only with the works of the divisions its own lies within and with those of its
    own place (found by index), so the cost grows with the corpus, not with its square."""
    keys = [title_key(w.title) for w in works]
    by_code: dict[str, list[int]] = defaultdict(list)
    by_place: dict[tuple[str, str], list[int]] = defaultdict(list)
    for j, b in enumerate(works):
        if b.place_code:
            by_code[b.place_code].append(j)
        place = _place_key(b)
        if place is not None:
            by_place[place].append(j)
    links = []
    for i, a in enumerate(works):
        for j in _within_candidates(a.place_code, by_code) if keys[i] else ():
            b = works[j]
            if j != i and keys[j] and b.place_code and within(a.place_code, b.place_code) and _overlap(a, b):
                share, shared = containment(_topic(keys[i]), _topic(keys[j]))
                if share >= WITHIN_TOPIC and shared >= WITHIN_SHARED:
                    links.append((i, "withinPlan", j))
        place = _place_key(a)
        earlier = [
            j
            for j in (by_place[place] if place is not None else ())
            if j != i
            and a.start_year is not None
            and works[j].start_year is not None
            and works[j].start_year < a.start_year
            and _same_place(a, works[j])
            and keys[i][-2:] == keys[j][-2:]
            and dice(keys[i], keys[j]) >= SAME_KIND
        ]
        if earlier:
            latest = max(works[j].start_year for j in earlier)
            nearest = [j for j in earlier if works[j].start_year == latest]
            links.append((i, "succeeds", min(nearest)))
    return sorted(links)


def _place_key(work: WorkInfo) -> tuple[str, str] | None:
    """What ``_same_place`` compares: the division code, else the folded place name (None: no place)."""
    if work.place_code:
        return "code", work.place_code
    return ("name", fold(work.place)) if work.place else None


def _within_candidates(code: str | None, by_code: dict[str, list[int]]) -> list[int]:
    """The works of the divisions that the division ``code`` may lie within: its province's and its city's
    (by the leading digits of a six-digit code; any other code is compared with every code)."""
    if not code:
        return []
    if len(code) == 6 and code.isdigit():
        outer = {code[:2] + "0000", code[:4] + "00"} - {code}
    else:
        outer = {other for other in by_code if within(code, other)}
    return [j for c in sorted(outer) for j in by_code.get(c, ())]
