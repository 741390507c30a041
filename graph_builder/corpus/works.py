"""Which documents describe one plan (the work): same place, same period and the same title once the
wrappers of its genre are removed, or one document naming the other's title in 《》."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from policykg.graph_builder.corpus.places import division_of, leading_place
from policykg.graph_builder.corpus.text import dice, fold, without_period
from policykg.graph_builder.records import DocumentRecord, PlanRecord, PortfolioRecord

# How alike two titles must be (Dice of their bigrams, wrappers, place and period removed) to be one plan.
SAME_TITLE = 0.8

# Genre words around a plan's title in the documents about it: the closed class of explainers, press
# conferences and charts (…答记者问, 图解…, 一图读懂…), and of the notice that issues a plan.
_GENRE = re.compile(
    r"政策解读|解读|答记者问|记者问|问答|新闻发布会|发布会|一图读懂|一图看懂|图解|图说|正式发布|印发|出台"
)
_NOTICE = re.compile(r"^.*?关于印发(.+?)的通知$")
_QUOTED = re.compile(r"《([^《》]{4,80})》")


@dataclass(frozen=True)
class Source:
    """One document and what was extracted from it."""

    document: DocumentRecord
    plan: PlanRecord


def place_code(plan: PlanRecord) -> str | None:
    """Return the division code of ``plan.city``: from the plan's own place entity, else the division data."""
    if not plan.city:
        return None
    city = fold(plan.city)
    for entity in plan.entities:
        if entity.division_code and city in {fold(entity.name), *map(fold, entity.alt_labels)}:
            return entity.division_code
    division = division_of(plan.city)
    return division.code if division else None


def title_key(title: str) -> str:
    """Return a plan's title as compared across documents: the plan's own title inside the wrappers of the
    documents about it (《》, 关于印发…的通知, 解读, 答记者问 …), without its leading places and period."""
    text = fold(title)
    notice = _NOTICE.match(text)
    if notice:
        text = notice.group(1)
    quoted = _QUOTED.findall(text)
    if quoted:
        text = max(quoted, key=len)
    text = _GENRE.sub("", text.replace("《", "").replace("》", ""))
    text = re.sub(r"[^\u4e00-\u9fff0-9A-Za-z]", "", without_period(text))
    while (found := leading_place(text)) is not None:
        text = text[len(found[0]) :]
    return text


def _kind(key: str) -> str:
    """The kind of plan: the last two characters of its title key (行动计划 -> 计划, 实施方案 -> 方案)."""
    return key[-2:]


@dataclass(frozen=True)
class _Facts:
    key: str
    code: str | None
    city: str
    period: tuple[int | None, int | None]
    quoted: frozenset[str]
    article: bool
    fullness: tuple[int, int, int]


def _facts(source: Source) -> _Facts:
    plan = source.plan
    article = _article(plan.title)
    # Only a document that is no plan itself joins a plan by naming it: the others' quotes are not read.
    text = fold(source.document.text) if article else ""
    quoted = frozenset(title_key(q) for q in dict.fromkeys(_QUOTED.findall(text)))
    return _Facts(
        key=title_key(plan.title),
        code=place_code(plan),
        city=fold(plan.city or ""),
        period=(plan.start_year, plan.end_year),
        quoted=quoted - {""},
        article=article,
        fullness=_fullness(plan),
    )


def _fullness(plan: PlanRecord) -> tuple[int, int, int]:
    """Count a plan's domains, portfolios (with their parts) and targets (at every level)."""

    def portfolios(items: tuple[PortfolioRecord, ...]) -> int:
        return sum(1 + portfolios(p.parts) for p in items)

    domain_portfolios = sum(portfolios(d.portfolios) for d in plan.domains)
    targets = len(plan.targets) + sum(
        len(d.targets) + sum(len(t.targets) for t in d.tasks) for d in plan.domains
    )
    return len(plan.domains), portfolios(plan.portfolios) + domain_portfolios, targets


def _article(title: str) -> bool:
    """True for a title that is no plan's own: it carries no period of its own (a plan it names in 《》
    aside), as a news story's or an interview's does not, where a sub-plan's title does."""
    own = _QUOTED.sub("", fold(title))
    return without_period(own) == own


def _same_place(a: _Facts, b: _Facts) -> bool:
    if a.code or b.code:
        return a.code == b.code
    return a.city == b.city


def _same_plan(a: _Facts, b: _Facts) -> bool:
    """True if two documents describe one plan: same place, same period and kind, and similar titles, or
    one that is no plan itself (no period in its title) naming the other's title in 《》. A period known
    on one side only needs the very same title or the naming."""
    if not a.key or not b.key or not _same_place(a, b):
        return False
    named = (b.article and a.key in b.quoted) or (a.article and b.key in a.quoted)
    if _kind(a.key) != _kind(b.key) and not named:
        return False
    if a.period != b.period:
        if None not in a.period and None not in b.period:
            return False
        return a.key == b.key or named
    return named or a.key == b.key or dice(a.key, b.key) >= SAME_TITLE


def group_works(sources: Sequence[Source]) -> list[tuple[int, ...]]:
    """Return the indexes of the sources that describe one plan, the fullest source first (most domains,
    portfolios, targets; ties: the earlier), each source in one group, groups in order of first index."""
    facts = [_facts(s) for s in sources]
    parent = list(range(len(sources)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_place: dict[str, list[int]] = {}
    for i, f in enumerate(facts):
        by_place.setdefault(f.code or f"name:{f.city}", []).append(i)
    for members in by_place.values():
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                if root(i) != root(j) and _same_plan(facts[i], facts[j]):
                    parent[max(root(i), root(j))] = min(root(i), root(j))
    groups: dict[int, list[int]] = {}
    for i in range(len(sources)):
        groups.setdefault(root(i), []).append(i)
    out = []
    for members in groups.values():
        primary = min(members, key=lambda i: (tuple(-n for n in facts[i].fullness), i))
        out.append((primary, *[i for i in members if i != primary]))
    return sorted(out, key=min)
