"""Turn an annotated spaCy Doc into records: the plan, its domains and tasks, portfolios, targets and
entities. No rdflib here; ``graph_builder/rdf/`` turns the records into RDF.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from policykg.graph_builder.english.home import in_home
from policykg.graph_builder.english.labels import english_label
from policykg.graph_builder.pipeline.components import doc_text
from policykg.graph_builder.pipeline.nlp import make_doc, shared_nlp
from policykg.graph_builder.records import (
    DomainRecord,
    PlanRecord,
    PortfolioRecord,
    TargetRecord,
    TaskRecord,
)
from policykg.graph_builder.text.dateline import DocumentDate
from policykg.graph_builder.text.entities import EntityMerger, locate
from policykg.graph_builder.text.outline import OutlineDomain, OutlineTask
from policykg.graph_builder.text.places import PlaceMention
from policykg.graph_builder.text.portfolios import PortfolioItem, group_portfolios, scope_offsets
from policykg.graph_builder.text.reading import reading_text, restore_spans
from policykg.graph_builder.text.targets import TargetMention

Label = Callable[[str, str], str]
# A target is a place's or an institution's, never a project's (the classes of text/entities.py).
_PROJECT_CLASSES = ("Project", "TransportProject", "EnergyProject", "WaterProject", "ScientificFacility")
# The document's own place named by its level: 我省, 本市, 全州.
_OWN_PLACE = re.compile(r"[我本全]([省市州县区])")
_OWN_LEVEL = {"省": "Province", "市": "City", "州": "City", "县": "County", "区": "District"}


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
    """Run the pipeline on normalized text and return what the plan states.

    The pipeline reads the text's reading form (text/reading.py: simplified, half-width, page chrome
    blanked, the same length), so every offset points into ``text`` and every span quotes it.
    """
    reading = reading_text(text)
    nlp = nlp or shared_nlp()
    doc = nlp(make_doc(nlp, reading))
    plan = records_from_doc(doc, label)
    return plan if reading == text else restore_spans(plan, text, reading)


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
        # 市公安局 in a plan of a city is that city's bureau: its English name carries the city.
        entity_label = in_home(label, home[0].name, home[0].cls) if home else label
        self.merger = EntityMerger(self.text, doc._.sentences, prefixes, entity_label)
        entities, self.occurrences = self.merger.merge(doc._.names, doc._.places)
        self.entities = locate(entities, self.occurrences)
        self._sorted_occurrences = sorted(self.occurrences, key=lambda o: o.start)
        self._occurrence_starts = [o.start for o in self._sorted_occurrences]
        self.warnings: list[str] = []

    def plan(self) -> PlanRecord:
        outline = self.doc._.outline
        domains = [self._domain(d) for d in outline.domains]
        covered = [_Range(d.start, d.end) for d in outline.domains]
        placed = self._placed_portfolio_items()
        outside = [i for i, at in placed if not any(r.holds(at) for r in covered)]
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
            issued=_issued(self.doc._.document_date),
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
            # A title without a place: the issuer's line above it names the place (某省人民政府办公厅).
            issuer = [p for p in self.doc._.places if p.end <= self.heading.start and p.code]
            if issuer:
                return _innermost(issuer).name
            # 我省, 我市 in a headline: the province or city the text names most.
            own = _OWN_PLACE.search(self.heading.title)
            if own:
                named = [p.name for p in self.doc._.places if p.cls == _OWN_LEVEL[own.group(1)]]
                if named:
                    return max(dict.fromkeys(named), key=named.count)
        cities = [p.name for p in self.doc._.places if p.cls == "City"]
        # The most named city; of cities named as often, the first named (never the order of a set,
        # which changes from one process to the next).
        return max(dict.fromkeys(cities), key=cities.count) if cities else None

    def _domain(self, domain: OutlineDomain) -> DomainRecord:
        scope = _Range(domain.start, domain.end)
        tasks = domain.tasks or self._purpose_tasks(domain)
        task_ranges = [_Range(t.start, t.end) for t in tasks]
        items = [i for i, at in self._placed_portfolio_items() if scope.holds(at)]
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

    def _placed_portfolio_items(self) -> list[tuple[PortfolioItem, int]]:
        """Each portfolio item with the offset that places it in the plan or a domain."""
        items = self.doc._.portfolio_items
        scopes = [(d.start, d.end) for d in self.doc._.outline.domains]
        return list(zip(items, scope_offsets(items, scopes), strict=True))

    def _portfolios(self, items: list[PortfolioItem]) -> list[PortfolioRecord]:
        records = []
        for group in group_portfolios(items):
            # Parts listed together on one axis form one split (1, 2 ...); parts by status form split 0.
            splits: dict[tuple[int, str], int] = {}
            parts = []
            for part in group.parts:
                key = (part.sentence_start, str(part.dimension))
                split = 0 if part.status else splits.setdefault(key, len(splits) + 1)
                parts.append(self._portfolio(part, split=split))
            records.append(self._portfolio(group.total, tuple(parts)))
        return records

    def _portfolio(
        self, item: PortfolioItem, parts: tuple[PortfolioRecord, ...] = (), split: int = 0
    ) -> PortfolioRecord:
        return PortfolioRecord(
            span=self.merger.span(item.start, item.end),
            count=item.count,
            investment=item.investment,
            status=item.status,
            start_years=item.years,
            parts=parts,
            amounts=item.amounts,
            dimension=item.dimension,
            split=split,
            label=item.label or None,
            approximate=item.approximate,
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
            owner=self._owner(target),
        )

    def _owner(self, target: TargetMention) -> tuple[str, str] | None:
        """The place or institution named where the target's segment leads (A区12个，…), if any."""
        if target.owner is None:
            return None
        start, end = target.owner
        low = bisect.bisect_left(self._occurrence_starts, start)
        for o in self._sorted_occurrences[low:]:
            if o.start >= end:
                break
            if o.end <= end and o.key[0] not in _PROJECT_CLASSES:
                return o.key
        return None


def _issued(date: DocumentDate | None) -> str | None:
    """The document's date in ISO form, as far as it is printed (2024-02-01, 2024-02)."""
    if date is None:
        return None
    if date.month is None:
        return f"{date.year:04d}"
    if date.day is None:
        return f"{date.year:04d}-{date.month:02d}"
    return f"{date.year:04d}-{date.month:02d}-{date.day:02d}"


def _innermost(places: list[PlaceMention]) -> PlaceMention:
    """Return the first place of a title, or the division it is written into: 赣州市南康区 is 南康区."""
    chosen = places[0]
    for place in places[1:]:
        if place.start != chosen.end or place.parent is None or place.parent.code != chosen.code:
            break
        chosen = place
    return chosen
