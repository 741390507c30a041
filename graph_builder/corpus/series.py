"""Target series: the targets of one metric for one place in several plans, ordered by year, so that a
reader sees how a place's target for a metric moved from plan to plan."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from policykg.graph_builder.corpus.links import WorkInfo
from policykg.graph_builder.corpus.places import PLACE_CLASSES
from policykg.graph_builder.corpus.text import fold, metric_key
from policykg.graph_builder.records import PlanRecord, TargetRecord


@dataclass(frozen=True)
class SeriesMember:
    """One target of a series and the work (plan) it belongs to."""

    work: int
    target: TargetRecord


@dataclass(frozen=True)
class Series:
    """The targets of one metric for one place across works, ordered by year."""

    metric: str
    metric_en: str
    place: str
    members: tuple[SeriesMember, ...]


def _year(work: WorkInfo, target: TargetRecord) -> int:
    """The year a target is for: its deadline, else the end of its plan's period, else the start."""
    for year in (target.deadline_year, work.end_year, work.start_year):
        if year is not None:
            return year
    return 0


def _order(item: tuple[tuple[str, str, str | None], list[SeriesMember]]) -> tuple[str, str, str]:
    (metric, place, unit), _ = item
    return place, metric, unit or ""


def target_series(works: Sequence[tuple[WorkInfo, PlanRecord]]) -> list[Series]:
    """Return the series of targets with one normalized metric, one place (the target's owner if it is a
    place, else its plan's) and one unit, found in at least two works; ordered by place and metric."""
    groups: dict[tuple[str, str, str | None], list[SeriesMember]] = {}
    for w, (info, plan) in enumerate(works):
        for target in plan.every_target():
            owner = target.owner
            place = owner[1] if owner and owner[0] in PLACE_CLASSES else info.place
            if not place:
                continue
            key = (metric_key(target.metric), fold(place), target.quantity.unit)
            groups.setdefault(key, []).append(SeriesMember(w, target))
    out = []
    for (metric, place, _), members in sorted(groups.items(), key=_order):
        if len({m.work for m in members}) < 2:
            continue
        ordered = sorted(members, key=lambda m: (_year(works[m.work][0], m.target), m.work))
        out.append(Series(metric, ordered[0].target.metric_en, place, tuple(ordered)))
    return out
