"""Which records of two sources of one plan are the same thing, matched by content, never by ordinal:
domains and tasks by their titles, portfolios by scope, status, dimension, label and figures, targets by
metric, owner and year. Where matched records disagree on a figure, the disagreement is kept."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from policykg.graph_builder.corpus.text import containment, dice, fold, heading, metric_key
from policykg.graph_builder.records import (
    AmountKind,
    DomainRecord,
    PlanRecord,
    PortfolioRecord,
    Quantity,
    TargetRecord,
    TaskRecord,
)

# How much of the shorter title's bigrams the other must hold, and how many at least, to be one domain or
# task: a heading an explainer shortens (推动文化自信自强) still matches the plan's longer one.
SAME_HEADING = 0.6
MIN_SHARED = 3

T = TypeVar("T")


@dataclass(frozen=True)
class Disagreement:
    """Two sources' values of one field of a matched portfolio or target."""

    field: str  # "count", "investment", "amount:<AmountKind value>", "value", "deadline"
    primary: object
    other: object
    primary_value: str
    other_value: str


@dataclass(frozen=True)
class Matches:
    """The records of the other source that are the same as the primary's, and where they disagree."""

    same: dict[int, object]  # id(record of the other source) -> the primary's record
    disagreements: tuple[Disagreement, ...]


def match_plans(primary: PlanRecord, other: PlanRecord) -> Matches:
    """Match the other source's domains, tasks, portfolios (and parts) and targets to the primary's."""
    same: dict[int, object] = {}
    disagreements: list[Disagreement] = []
    domains = _pairs(primary.domains, other.domains, _heading_score)
    for a, b in domains:
        same[id(b)] = a
        for ta, tb in _pairs(a.tasks, b.tasks, _heading_score):
            same[id(tb)] = ta
    scoped = _scoped_portfolios(primary, other, domains)
    _match_portfolios(scoped[0], scoped[1], same, disagreements)
    home = (primary.city, other.city)
    for a, b, found in _match_targets(primary.every_target(), other.every_target(), home):
        same[id(b)] = a
        disagreements.extend(found)
    return Matches(same, tuple(disagreements))


def _pairs(
    primary: Sequence[T], other: Sequence[T], score: Callable[[T, T], tuple[float, ...] | None]
) -> list[tuple[T, T]]:
    """Pair records one-to-one, best pairs first; ``score`` returns None for records that are not alike."""
    scored = []
    for i, a in enumerate(primary):
        for j, b in enumerate(other):
            s = score(a, b)
            if s is not None:
                scored.append((s, i, j))
    scored.sort(key=lambda x: (tuple(-v for v in x[0]), x[1], x[2]))
    taken_a: set[int] = set()
    taken_b: set[int] = set()
    out = []
    for _, i, j in scored:
        if i not in taken_a and j not in taken_b:
            taken_a.add(i)
            taken_b.add(j)
            out.append((primary[i], other[j]))
    return out


def _heading_score(a: DomainRecord | TaskRecord, b: DomainRecord | TaskRecord) -> tuple[float, ...] | None:
    """Score two domains' or tasks' titles: how much of the shorter one the other holds, then Dice."""
    x, y = heading(a.title), heading(b.title)
    share, shared = containment(x, y)
    if x != y and (share < SAME_HEADING or shared < MIN_SHARED):
        return None
    return share, dice(x, y)


# --- portfolios --------------------------------------------------------------------------------------


def _scoped_portfolios(
    primary: PlanRecord, other: PlanRecord, domains: list[tuple[DomainRecord, DomainRecord]]
) -> tuple[list[tuple[object, PortfolioRecord]], list[tuple[object, PortfolioRecord]]]:
    """Return each source's top-level portfolios with their scope: the plan, or a domain of the primary
    (an unmatched domain of the other source is a scope of its own)."""
    to_primary = {id(b): a for a, b in domains}
    mine = [("plan", p) for p in primary.portfolios]
    mine += [(id(d), p) for d in primary.domains for p in d.portfolios]
    theirs = [("plan", p) for p in other.portfolios]
    theirs += [
        (id(to_primary[id(d)]) if id(d) in to_primary else ("other", id(d)), p)
        for d in other.domains
        for p in d.portfolios
    ]
    return mine, theirs


def _figures(p: PortfolioRecord) -> dict[str, tuple[str, object]]:
    """Return a portfolio's figures by field: its count and each amount (the total as investment)."""
    out: dict[str, tuple[str, object]] = {}
    if p.count is not None:
        out["count"] = (str(p.count), p.count)
    if p.investment is not None:
        out["investment"] = (p.investment.printed, _value(p.investment))
    for amount in p.amounts:
        field = "investment" if amount.kind == AmountKind.TOTAL else f"amount:{amount.kind.value}"
        out.setdefault(field, (amount.quantity.printed, _value(amount.quantity)))
    return out


def _value(q: Quantity) -> tuple:
    return (q.value, q.unit, q.upper)


def _label_key(label: str | None) -> str:
    """The noun a portfolio's label ends with (重点项目 in 三年共安排重点项目), compared across sources."""
    if not label:
        return ""
    tail = "".join(ch if "\u4e00" <= ch <= "\u9fff" else " " for ch in fold(label)).split()
    last = tail[-1] if tail else ""
    return last.rsplit("的", 1)[-1][-4:]


def _labels_agree(a: PortfolioRecord, b: PortfolioRecord) -> bool:
    """A part's status names it; a whole's label nouns must agree (项目 fits 重点项目, not 重大项目)."""
    if a.status is not None:
        return True
    x, y = _label_key(a.label), _label_key(b.label)
    return not x or not y or x.endswith(y) or y.endswith(x)


def _compare(a: PortfolioRecord, b: PortfolioRecord) -> tuple[int, list[str]]:
    """Return how many figures two portfolios share and the fields on which they differ."""
    fa, fb = _figures(a), _figures(b)
    common = fa.keys() & fb.keys()
    equal = sum(fa[k][1] == fb[k][1] for k in common)
    return equal, sorted(k for k in common if fa[k][1] != fb[k][1])


def _kind(p: PortfolioRecord) -> tuple:
    return (p.status, p.dimension)


def _match_portfolios(
    mine: list[tuple[object, PortfolioRecord]],
    theirs: list[tuple[object, PortfolioRecord]],
    same: dict[int, object],
    disagreements: list[Disagreement],
) -> None:
    """Pair portfolios: first those whose figures agree (in one scope, or with count and investment both
    equal across scopes), then a pair that is the only one of its status, dimension and label in one scope
    on both sides (the same portfolio with different figures, each difference a Disagreement); then their
    parts alike."""
    scored = []
    for i, (sa, a) in enumerate(mine):
        for j, (sb, b) in enumerate(theirs):
            if _kind(a) != _kind(b) or not _labels_agree(a, b):
                continue
            equal, differ = _compare(a, b)
            if equal and not differ and (sa == sb or equal >= 2):
                scored.append(((int(sa == sb), equal), i, j))
    scored.sort(key=lambda x: (-x[0][0], -x[0][1], x[1], x[2]))
    pairs: dict[int, int] = {}
    for _, i, j in scored:
        if i not in pairs and j not in pairs.values():
            pairs[i] = j
    left_a = [i for i in range(len(mine)) if i not in pairs]
    left_b = [j for j in range(len(theirs)) if j not in pairs.values()]
    for i in left_a:
        sa, a = mine[i]
        fellows = [j for j, (sb, b) in enumerate(theirs) if sb == sa and _alike(a, b)]
        rivals = [k for k, (sk, k_record) in enumerate(mine) if sk == sa and _alike(k_record, a)]
        if len(fellows) == 1 and rivals == [i] and fellows[0] in left_b:
            j = fellows[0]
            if [
                k for k, (sk, k_record) in enumerate(mine) if sk == sa and _alike(k_record, theirs[j][1])
            ] == [i]:
                pairs[i] = j
    for i, j in sorted(pairs.items()):
        a, b = mine[i][1], theirs[j][1]
        same[id(b)] = a
        fa, fb = _figures(a), _figures(b)
        for field in _compare(a, b)[1]:
            disagreements.append(Disagreement(field, a, b, fa[field][0], fb[field][0]))
        _match_portfolios(
            [("whole", p) for p in a.parts], [("whole", p) for p in b.parts], same, disagreements
        )


def _alike(a: PortfolioRecord, b: PortfolioRecord) -> bool:
    """Same status, dimension and label, and at least one figure on each side to compare."""
    return _kind(a) == _kind(b) and _labels_agree(a, b) and bool(_figures(a).keys() & _figures(b).keys())


# --- targets -----------------------------------------------------------------------------------------


def _owner(target: TargetRecord, home: str | None) -> str:
    return fold(target.owner[1] if target.owner else home or "")


def _match_targets(
    mine: list[TargetRecord], theirs: list[TargetRecord], home: tuple[str | None, str | None]
) -> Iterable[tuple[TargetRecord, TargetRecord, list[Disagreement]]]:
    """Pair targets of one metric and owner: equal values first (deadlines equal, or known on one side),
    then a pair that is the only one of its metric, owner, deadline and unit on both sides, whose values
    differ."""
    key_a = [(metric_key(t.metric), _owner(t, home[0])) for t in mine]
    key_b = [(metric_key(t.metric), _owner(t, home[1])) for t in theirs]
    scored = []
    for i, a in enumerate(mine):
        for j, b in enumerate(theirs):
            if key_a[i] != key_b[j] or _value(a.quantity) != _value(b.quantity):
                continue
            years = (a.deadline_year, b.deadline_year)
            score = 2 if years[0] == years[1] else 1 if None in years else 0
            scored.append((score, int(a.comparator == b.comparator), i, j))
    scored.sort(key=lambda x: (-x[0], -x[1], x[2], x[3]))
    pairs: dict[int, int] = {}
    for _, _, i, j in scored:
        if i not in pairs and j not in pairs.values():
            pairs[i] = j
    left_a = [i for i in range(len(mine)) if i not in pairs]
    left_b = [j for j in range(len(theirs)) if j not in pairs.values()]

    def slot(target: TargetRecord, key: tuple[str, str]) -> tuple:
        return (*key, target.deadline_year, target.quantity.unit)

    for i in left_a:
        fellows = [j for j in range(len(theirs)) if slot(theirs[j], key_b[j]) == slot(mine[i], key_a[i])]
        rivals = [k for k in range(len(mine)) if slot(mine[k], key_a[k]) == slot(mine[i], key_a[i])]
        if fellows in ([j] for j in left_b) and rivals == [i] and mine[i].deadline_year is not None:
            pairs[i] = fellows[0]
    for i, j in sorted(pairs.items()):
        a, b = mine[i], theirs[j]
        found = []
        if _value(a.quantity) != _value(b.quantity):
            found.append(Disagreement("value", a, b, a.quantity.printed, b.quantity.printed))
        if None not in (a.deadline_year, b.deadline_year) and a.deadline_year != b.deadline_year:
            found.append(Disagreement("deadline", a, b, str(a.deadline_year), str(b.deadline_year)))
        yield a, b, found
