"""Links between plans of different places and years: a district's plan within its city's plan of the
same field and time, and a later plan of a place succeeding the one before it of the same kind."""

from __future__ import annotations

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
    the same place and kind as to, starts later, and to is the nearest such earlier plan."""
    keys = [title_key(w.title) for w in works]
    links = []
    for i, a in enumerate(works):
        for j, b in enumerate(works):
            if i == j or not keys[i] or not keys[j]:
                continue
            if a.place_code and b.place_code and within(a.place_code, b.place_code) and _overlap(a, b):
                share, shared = containment(_topic(keys[i]), _topic(keys[j]))
                if share >= WITHIN_TOPIC and shared >= WITHIN_SHARED:
                    links.append((i, "withinPlan", j))
        earlier = [
            j
            for j, b in enumerate(works)
            if j != i
            and a.start_year is not None
            and b.start_year is not None
            and b.start_year < a.start_year
            and _same_place(a, b)
            and keys[i][-2:] == keys[j][-2:]
            and dice(keys[i], keys[j]) >= SAME_KIND
        ]
        if earlier:
            latest = max(works[j].start_year for j in earlier)
            nearest = [j for j in earlier if works[j].start_year == latest]
            links.append((i, "succeeds", min(nearest)))
    return sorted(links)
