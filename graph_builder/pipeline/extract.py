"""Turn an annotated spaCy Doc into records: the plan, its domains and tasks, portfolios, targets and
entities. No rdflib here; ``graph_builder/rdf/`` turns the records into RDF.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from policykg.graph_builder.english.labels import english_label
from policykg.graph_builder.pipeline.components import doc_text
from policykg.graph_builder.pipeline.nlp import shared_nlp
from policykg.graph_builder.records import (
    DomainRecord,
    PlanRecord,
    PortfolioRecord,
    TargetRecord,
    TaskRecord,
)
from policykg.graph_builder.text.entities import EntityMerger, locate
from policykg.graph_builder.text.outline import OutlineDomain, OutlineTask
from policykg.graph_builder.text.places import PlaceMention
from policykg.graph_builder.text.portfolios import PortfolioItem, group_portfolios
from policykg.graph_builder.text.targets import TargetMention

Label = Callable[[str, str], str]


@dataclass(frozen=True)
class _Range:
    start: int
    end: int

    def holds(self, start: int, end: int | None = None) -> bool:
        """True if an offset falls in [start, end), or a span lies within [start, end]."""
        if end is None:
            return self.start <= start < self.end
        return self.start <= start and end <= self.end


def extract_plan(text: str, nlp: Language | None = None, label: Label = english_label) -> PlanRecord:
    """Run the pipeline on normalized text and return what the plan states."""
    doc = (nlp or shared_nlp())(text)
    return records_from_doc(doc, label)


def records_from_doc(doc: Doc, label: Label = english_label) -> PlanRecord:
    """Return the plan record of an annotated Doc."""
    return _Extraction(doc, label).plan()


class _Extraction:
    def __init__(self, doc: Doc, label: Label) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.label = label
        self.heading = doc._.heading
        home = [p for p in doc._.places if p.cls in ("City", "Province")][:1]
        prefixes = {self.text[p.start : p.end] for p in doc._.places if home and p.name == home[0].name}
        prefixes |= {home[0].name} if home else set()
        prefixes |= {"市", "省"}
        self.merger = EntityMerger(self.text, doc._.sentences, prefixes, label)
        entities, self.occurrences = self.merger.merge(doc._.names, doc._.places)
        self.entities = locate(entities, self.occurrences)
        self._sorted_occurrences = sorted(self.occurrences, key=lambda o: o.start)
        self._occurrence_starts = [o.start for o in self._sorted_occurrences]
        self.warnings: list[str] = []

    def plan(self) -> PlanRecord:
        outline = self.doc._.outline
        domains = [self._domain(d) for d in outline.domains]
        covered = [_Range(d.start, d.end) for d in outline.domains]
        outside = [i for i in self.doc._.portfolio_items if not any(r.holds(i.start) for r in covered)]
        plan_targets = [t for t in self.doc._.targets if not any(r.holds(t.start) for r in covered)]
        heading = self.heading
        if heading is None:
            self.warnings.append("no plan title found (no 《…》 title or titled first line)")
        if not domains:
            self.warnings.append("no domains found: no numbered headings and no '抓好N项重点工作' statements")
        if not self.doc._.portfolio_items:
            self.warnings.append("no key-project portfolios found")
        title = heading.title if heading else self._fallback_title()
        city = self._city()
        return PlanRecord(
            title=title,
            title_en=self.label(title, "Plan"),
            span=self.merger.span(heading.start, heading.end) if heading else None,
            city=city,
            start_year=heading.start_year if heading else None,
            end_year=heading.end_year if heading else None,
            portfolios=tuple(self._portfolios(outside)),
            domains=tuple(domains),
            targets=tuple(self._target(t) for t in plan_targets),
            entities=tuple(self.entities),
            mentions=self._mentions(_Range(0, len(self.text)), exclude=covered),
            warnings=tuple(self.warnings),
        )

    def _fallback_title(self) -> str:
        first_line = self.text.strip().split("\n", 1)[0]
        return first_line[:60] or "未命名规划"

    def _city(self) -> str | None:
        if self.heading:
            titled = [
                p
                for p in self.doc._.places
                if self.heading.start <= p.start < self.heading.end
                and p.cls in ("City", "Province", "District", "County")
            ]
            if titled:
                return _innermost(titled).name
        cities = [p.name for p in self.doc._.places if p.cls == "City"]
        # The most named city; of cities named as often, the first named (never the order of a set,
        # which changes from one process to the next).
        return max(dict.fromkeys(cities), key=cities.count) if cities else None

    def _domain(self, domain: OutlineDomain) -> DomainRecord:
        scope = _Range(domain.start, domain.end)
        tasks = domain.tasks or self._purpose_tasks(domain)
        task_ranges = [_Range(t.start, t.end) for t in tasks]
        items = [i for i in self.doc._.portfolio_items if scope.holds(i.start)]
        targets = [t for t in self.doc._.targets if scope.holds(t.start)]
        title = domain.title or f"第{domain.ordinal}领域"
        if domain.title is None:
            self.warnings.append(f"domain {domain.ordinal}: its title is missing from the text")
        span = (
            self.merger.span(domain.title_start, domain.title_end)
            if domain.title
            else self.merger.span(domain.start, min(domain.end, domain.start + 20))
        )
        return DomainRecord(
            ordinal=domain.ordinal,
            title=title,
            title_en=self.label(domain.title, "Domain") if domain.title else f"Domain {domain.ordinal}",
            span=span,
            task_count=domain.task_count,
            tasks=tuple(self._task(t, targets) for t in tasks),
            portfolios=tuple(self._portfolios(items)),
            targets=tuple(self._target(t) for t in targets if not any(r.holds(t.start) for r in task_ranges)),
            mentions=self._mentions(scope, exclude=task_ranges),
        )

    def _purpose_tasks(self, domain: OutlineDomain) -> tuple[OutlineTask, ...]:
        """In prose without numbering, read each "为X，…" sentence of a domain as a task titled X."""
        tasks = []
        sentences = [s for s in self.doc._.sentences if domain.title_end <= s[0] < domain.end]
        for i, (s, e) in enumerate(sentences):
            sentence = self.text[s:e]
            for lead in ("为了", "为"):
                if sentence.startswith(lead):
                    comma = sentence.find("，")
                    if 4 <= comma - len(lead) <= 30:
                        end = sentences[i + 1][0] if i + 1 < len(sentences) else domain.end
                        title_start = s + len(lead)
                        tasks.append(
                            OutlineTask(
                                len(tasks) + 1, sentence[len(lead) : comma], title_start, s + comma, s, end
                            )
                        )
                    break
        # A task runs until the next task starts.
        return tuple(
            OutlineTask(
                t.ordinal,
                t.title,
                t.title_start,
                t.title_end,
                t.start,
                tasks[i + 1].start if i + 1 < len(tasks) else domain.end,
            )
            for i, t in enumerate(tasks)
        )

    def _task(self, task: OutlineTask, targets: list[TargetMention]) -> TaskRecord:
        scope = _Range(task.start, task.end)
        return TaskRecord(
            ordinal=task.ordinal,
            title=task.title,
            title_en=self.label(task.title, "Task"),
            span=self.merger.span(task.title_start, task.title_end),
            mentions=self._mentions(scope),
            targets=tuple(self._target(t) for t in targets if scope.holds(t.start)),
        )

    def _mentions(self, scope: _Range, exclude: list[_Range] = ()) -> tuple[tuple[str, str], ...]:
        keys: dict[tuple[str, str], None] = {}
        low = bisect.bisect_left(self._occurrence_starts, scope.start)
        high = bisect.bisect_right(self._occurrence_starts, scope.end)
        for o in self._sorted_occurrences[low:high]:
            if scope.holds(o.start, o.end) and not any(r.holds(o.start) for r in exclude):
                keys[o.key] = None
        return tuple(keys)

    def _portfolios(self, items: list[PortfolioItem]) -> list[PortfolioRecord]:
        records = []
        for group in group_portfolios(items):
            parts = tuple(self._portfolio(p) for p in group.parts)
            records.append(self._portfolio(group.total, parts))
        return records

    def _portfolio(self, item: PortfolioItem, parts: tuple[PortfolioRecord, ...] = ()) -> PortfolioRecord:
        return PortfolioRecord(
            span=self.merger.span(item.start, item.end),
            count=item.count,
            investment=item.investment,
            status=item.status,
            start_years=item.years,
            parts=parts,
        )

    def _target(self, target: TargetMention) -> TargetRecord:
        return TargetRecord(
            metric=target.metric,
            metric_en=self.label(target.metric, "Target"),
            quantity=target.quantity,
            comparator=target.comparator,
            span=self.merger.span(target.start, target.end),
            deadline_year=target.deadline_year,
            baseline_year=target.baseline_year,
        )


def _innermost(places: list[PlaceMention]) -> PlaceMention:
    """Return the first place of a title, or the division it is written into: 赣州市南康区 is 南康区."""
    chosen = places[0]
    for place in places[1:]:
        if place.start != chosen.end or place.parent is None or place.parent.code != chosen.code:
            break
        chosen = place
    return chosen
