"""Score an extraction against a hand-written gold file (tests/fixtures/plans/*.gold.json).

Names are compared after removing whitespace and quotation marks and folding widths (NFKC); a gold
entity counts as found when any of its spellings is the name or an alternative label of an extracted
entity. Figures are compared exactly, as normalized decimals.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from policykg.graph_builder.records import PlanRecord, PortfolioRecord

_NOISE = re.compile(r"[\s“”‘’\"'「」『』]")
_TRAILING_WORK = re.compile(r"(?<=.{2})(?:项目|工程)$")
_PLACE_CLASSES = {"Province", "City", "District", "County", "Region"}


@dataclass(frozen=True)
class Score:
    """Matches, gold items and extracted items of one kind, with recall and precision."""

    kind: str
    found: int
    gold: int
    extracted: int
    correct: int

    @property
    def recall(self) -> float:
        """Share of gold items found."""
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        """Share of extracted items that are in the gold."""
        return self.correct / self.extracted if self.extracted else 1.0


def _norm(text: str) -> str:
    """Fold widths, drop whitespace and quotes, and a trailing 项目/工程 (naming conventions differ)."""
    return _TRAILING_WORK.sub("", _NOISE.sub("", unicodedata.normalize("NFKC", text)))


def _forms(item: dict) -> set[str]:
    return {_norm(item["name"]), *(_norm(v) for v in item.get("variants", []))}


def score_entities(plan: PlanRecord, gold_items: list[dict], kind: str, place: bool) -> Score:
    """Score extracted institutions and projects (or places) against gold entries."""
    extracted = [e for e in plan.entities if (e.cls in _PLACE_CLASSES) == place]
    extracted_forms = [{_norm(e.name), *(_norm(a) for a in e.alt_labels)} for e in extracted]
    all_forms = set().union(*extracted_forms) if extracted_forms else set()
    gold_forms = [_forms(g) for g in gold_items]
    every_gold = set().union(*gold_forms) if gold_forms else set()
    found = sum(1 for forms in gold_forms if forms & all_forms)
    correct = sum(1 for forms in extracted_forms if forms & every_gold)
    return Score(kind, found, len(gold_items), len(extracted), correct)


def score_classes(plan: PlanRecord, gold_items: list[dict]) -> Score:
    """Of the gold entities found, how many have the gold class."""
    by_form = {}
    for e in plan.entities:
        for form in {_norm(e.name), *(_norm(a) for a in e.alt_labels)}:
            by_form.setdefault(form, e.cls)
    found = right = 0
    for g in gold_items:
        classes = {by_form[f] for f in _forms(g) if f in by_form}
        if classes:
            found += 1
            right += g["class"] in classes
    return Score("classes", right, found, found, right)


def _all_portfolios(plan: PlanRecord) -> list[PortfolioRecord]:
    portfolios = list(plan.portfolios)
    for d in plan.domains:
        portfolios += d.portfolios
    return portfolios


def _figures(count, amount) -> tuple:
    return (count, Decimal(amount) if amount is not None else None)


def _record_figures(portfolio: PortfolioRecord) -> tuple:
    return _figures(portfolio.count, portfolio.investment.value if portfolio.investment else None)


def score_portfolios(plan: PlanRecord, gold: list[dict]) -> tuple[Score, Score]:
    """Score portfolio totals and parts by (count, investment) and (status, count, investment)."""
    totals = [_figures(p.count, p.investment.value if p.investment else None) for p in _all_portfolios(plan)]
    parts = [
        (
            part.status.value if part.status else None,
            *_figures(part.count, part.investment.value if part.investment else None),
        )
        for p in _all_portfolios(plan)
        for part in p.parts
    ]
    gold_totals = [_figures(g.get("count"), g.get("investment_yuan")) for g in gold if "status" not in g]
    gold_parts = [
        (part["status"], *_figures(part.get("count"), part.get("investment_yuan")))
        for g in gold
        for part in g.get("parts", [])
    ]
    total_score = Score(
        "portfolio totals",
        sum(1 for t in gold_totals if t in totals),
        len(gold_totals),
        len(totals),
        sum(1 for t in totals if t in gold_totals),
    )
    part_score = Score(
        "portfolio parts",
        sum(1 for p in gold_parts if p in parts),
        len(gold_parts),
        len(parts),
        sum(1 for p in parts if p in gold_parts),
    )
    return total_score, part_score


def _all_targets(plan: PlanRecord):
    targets = list(plan.targets)
    for d in plan.domains:
        targets += d.targets
        for t in d.tasks:
            targets += t.targets
    return targets


def _same_metric(a: str, b: str) -> bool:
    a, b = _norm(a), _norm(b)
    if a in b or b in a:
        return True
    shared = len(set(a) & set(b))
    return shared >= 0.6 * min(len(set(a)), len(set(b)))


def score_targets(plan: PlanRecord, gold: list[dict]) -> tuple[Score, Score]:
    """Score targets by value, unit and metric; then how many matched ones have all details right."""
    extracted = _all_targets(plan)
    matched_gold = matched_extracted = exact = 0
    used: set[int] = set()
    for g in gold:
        value = Decimal(g["value"])
        for i, t in enumerate(extracted):
            if i in used or t.quantity.value != value or not _same_metric(g["metric"], t.metric):
                continue
            used.add(i)
            matched_gold += 1
            exact += (
                t.quantity.unit == g["unit"]
                and t.comparator.value == g["comparator"]
                and t.deadline_year == g.get("deadline_year")
                and t.baseline_year == g.get("baseline_year")
            )
            break
    matched_extracted = len(used)
    return (
        Score("targets", matched_gold, len(gold), len(extracted), matched_extracted),
        Score("target details", exact, matched_gold, matched_gold, exact),
    )


def score_domains(plan: PlanRecord, gold: list[dict]) -> tuple[Score, Score]:
    """Score domain titles and task titles by overlap of characters."""
    titles = [d.title for d in plan.domains]
    found = sum(1 for g in gold if any(_same_metric(g["title"], t) for t in titles))
    correct = sum(1 for t in titles if any(_same_metric(g["title"], t) for g in gold))
    tasks = [t.title for d in plan.domains for t in d.tasks]
    gold_tasks = [t for g in gold for t in g.get("tasks", [])]
    task_found = sum(1 for g in gold_tasks if any(_same_metric(g, t) for t in tasks))
    task_correct = sum(1 for t in tasks if any(_same_metric(g, t) for g in gold_tasks))
    return (
        Score("domains", found, len(gold), len(titles), correct),
        Score("tasks", task_found, len(gold_tasks), len(tasks), task_correct),
    )


def evaluate(plan: PlanRecord, gold: dict) -> list[Score]:
    """Return every score of a plan against its gold annotations."""
    names = gold.get("institutions", []) + gold.get("projects", [])
    return [
        *score_domains(plan, gold.get("domains", [])),
        score_entities(plan, names, "institutions and projects", place=False),
        score_classes(plan, names),
        score_entities(plan, gold.get("places", []), "places", place=True),
        *score_portfolios(plan, gold.get("portfolios", [])),
        *score_targets(plan, gold.get("targets", [])),
    ]
