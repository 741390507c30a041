"""Write the records of a corpus as one graph, spooled to disk plan by plan, and audit each source.

The steps, in one pass over the records: decide identity across documents (``graph_builder.corpus``:
which documents state one plan, which of their records are the same, which names are one entity);
write the named entities once; write each plan from its sources and audit each source's own figures
(``checks.audit`` on that source's triples, which are then dropped); report the figures that a plan's
sources state differently (``checks.sources``); link the plans and write the target series. Only one
plan's triples are in memory at a time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import URIRef

from policykg.checks.audit import audit, audit_graph
from policykg.checks.findings import Finding, Measure, SpanRef
from policykg.checks.sources import SourceStatement, disagreement
from policykg.forking import forked_map
from policykg.graph_builder.cache import BuildCache
from policykg.graph_builder.corpus.entities import reconcile
from policykg.graph_builder.corpus.links import WorkInfo, plan_links
from policykg.graph_builder.corpus.matching import Disagreement, match_plans
from policykg.graph_builder.corpus.series import target_series
from policykg.graph_builder.corpus.works import Source, group_works, place_code
from policykg.graph_builder.kept_graph import WORK, Changes, ChunkSink, fetch, placeholder
from policykg.graph_builder.kept_works import (
    KeptWork,
    RecordingMinter,
    keep_work,
    kept_chunk,
    record_iris,
    restore_iris,
    retain_chunk,
    work_key,
    write_entities,
)
from policykg.graph_builder.rdf.corpus import CorpusWriter, Identity
from policykg.graph_builder.rdf.minter import IriMinter
from policykg.graph_builder.rdf.serialize import ntriples
from policykg.graph_builder.rdf.triples import unit_iri
from policykg.graph_builder.records import AmountKind, PlanRecord, PortfolioRecord, Span, TargetRecord
from policykg.iris import IriScheme

_MEASURES = {
    "count": Measure.COUNT,
    "investment": Measure.INVESTMENT,
    "value": Measure.VALUE,
    f"amount:{AmountKind.TOTAL.value}": Measure.INVESTMENT,
    f"amount:{AmountKind.ANNUAL_PLANNED.value}": Measure.ANNUAL_PLANNED,
    f"amount:{AmountKind.COMPLETED.value}": Measure.COMPLETED,
    f"amount:{AmountKind.SOUGHT.value}": Measure.SOUGHT,
}


@dataclass
class WrittenCorpus:
    """What writing a corpus found: its plans (one per work), the audit's findings and reports."""

    plans: list[URIRef] = field(default_factory=list)
    works: list[tuple[int, ...]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    reports: dict[str, str | None] = field(default_factory=dict)
    #: The plans written afresh (the others were taken from the cache unchanged).
    rewritten: list[URIRef] = field(default_factory=list)
    #: The build's IRI (the activity that generated the graph).
    build: str = ""
    #: True if the graph's lines were the last build's, patched (kept_graph), not all merged again.
    patched: bool = False
    #: The lines the patch changed, when there were few enough to hold (for the shapes check).
    changes: Changes | None = None


def write_corpus(
    sources: Sequence[Source],
    minter: IriMinter,
    build: str,
    sink: ChunkSink,
    kept: BuildCache | None = None,
    base: str = "",
    workers: int = 1,
) -> WrittenCorpus:
    """Write the sources' records into ``sink`` as one graph and audit them (see the module's docstring).

    A plan whose inputs are unchanged since a build that kept it in ``kept`` is taken from there
    (``kept_works``); the others are written and kept, by ``workers`` forked processes (``forking``).
    Either way the plan's bytes are the same. Every chunk is written against the ``placeholder`` build IRI,
    which the spool replaces by ``build``. Raises kept_graph.Unpatchable when the sink's last lines cannot be
    patched.
    """
    plans = [s.plan for s in sources]
    writer = CorpusWriter(minter, placeholder(minter))
    identities = reconcile(sources)
    write_entities(writer, sources, identities, kept, base, sink, workers)
    result = WrittenCorpus(works=group_works(sources), build=build)
    keys = [work_key(base, sources, m, identities) if kept is not None else None for m in result.works]

    def write_work(members: tuple[int, ...]) -> KeptWork:
        return _write_work(sources, members, identities, minter, writer.iri_of)

    # The plans with nothing kept are written in forked processes, the others read here one at a time.
    unkept = {n for n, key in enumerate(keys) if key is None or not kept.has(key)}
    infos: list[WorkInfo] = []
    unkept_works = [m for n, m in enumerate(result.works) if n in unkept]
    with closing(forked_map(write_work, unkept_works, workers)) as fresh:  # stopped on an error
        for n, members in enumerate(result.works):
            primary = plans[members[0]]
            work = next(fresh) if n in unkept else _usable(kept.get(keys[n]), minter)
            chunk = work.chunk if work is not None else None
            if work is not None and n not in unkept:  # its triples are read only if the last lines lack them
                chunk = _kept_chunk(kept, keys[n], sink)
                work = work if chunk is not None or sink.held(WORK, keys[n]) else None
            written_now = work is None or n in unkept
            if work is None:  # kept, but unreadable or naming entities whose IRIs changed
                work = write_work(members)
            if written_now:
                chunk = work.chunk
                result.rewritten.append(URIRef(work.node))
                if keys[n] is not None:
                    keep_work(kept, keys[n], work)
            # The IRIs of the plan's targets, for the series below (its writing may have been in another
            # process).
            restore_iris([plans[i] for i in members], work.iris, writer.iri_of)
            sink.add(WORK, keys[n] or work.node, chunk, fresh=written_now)
            result.plans.append(URIRef(work.node))
            result.findings += work.findings
            result.reports.update(dict.fromkeys(work.reports, work.node))
            period = primary.start_year, primary.end_year
            infos.append(WorkInfo(primary.title, primary.city, place_code(primary), *period))
    gone = sink.gone(WORK)
    if gone and kept is not None:
        sink.remove(WORK, fetch(lambda key: kept_chunk(kept, key, keep=False), gone), gone)
    sink.add_part(ntriples(writer.links(result.plans, plan_links(infos))))
    english = _english_names(plans)
    for series in target_series(
        [(info, plans[members[0]]) for info, members in zip(infos, result.works, strict=True)]
    ):
        place_en = english.get(series.place, series.place)
        targets = [m.target for m in series.members]
        sink.add_part(
            ntriples(writer.series(series.place, place_en, series.metric, series.metric_en, targets))
        )
    result.findings = list({f.iri: f for f in result.findings}.values())
    return result


def _kept_chunk(kept: BuildCache, key: str, sink: ChunkSink) -> bytes | None:
    """The triples of a kept plan when the last lines lack them (kept unread for the next build
    otherwise); None if they cannot be read."""
    if sink.held(WORK, key):
        retain_chunk(kept, key)
        return None
    return kept_chunk(kept, key)


def _usable(kept: object, minter: IriMinter) -> KeptWork | None:
    """A plan as a last build wrote it, if it was read whole and the entities it names keep their IRIs."""
    return kept if isinstance(kept, KeptWork) and kept.holds(minter) else None


def _write_work(
    sources: Sequence[Source],
    members: Sequence[int],
    identities: Mapping[tuple[int, str, str], Identity],
    minter: IriMinter,
    iri_of: dict[int, URIRef],
) -> KeptWork:
    """Write one plan from its sources (against the placeholder build IRI) and audit each source."""
    documents = [s.document for s in sources]
    plans = [s.plan for s in sources]
    primary = plans[members[0]]
    recording = RecordingMinter(minter)
    writer = CorpusWriter(recording, placeholder(minter))  # type: ignore[arg-type]
    writer.iri_of = iri_of
    same, alternates, disagreements = {}, [], []
    for i in members[1:]:
        matches = match_plans(primary, plans[i])
        apart = {id(d.other) for d in matches.disagreements}
        same[i] = {k: v for k, v in matches.same.items() if k not in apart}
        alternates += [(d.other, d.primary) for d in matches.disagreements]
        disagreements += [(members[0], i, d) for d in matches.disagreements]
    written = writer.plan(documents, plans, members, same, identities)
    findings: list[Finding] = []
    reports: list[str] = []
    for triples in written.by_source.values():
        audited = audit(audit_graph(triples), minter)
        findings += audited.findings
        reports += audited.reports
    for first, other, d in disagreements:
        finding = _disagreement(writer, minter, str(written.node), sources, first, other, d)
        if finding is not None:
            findings.append(finding)
    return KeptWork(
        str(written.node),
        ntriples(written.triples | writer.alternates(alternates)),
        record_iris([plans[i] for i in members], iri_of),
        tuple(recording.minted.items()),
        tuple(findings),
        tuple(reports),
    )


def _english_names(plans: Sequence[PlanRecord]) -> dict[str, str]:
    """The English label the corpus first gives each name."""
    english: dict[str, str] = {}
    for plan in plans:
        for entity in plan.entities:
            if entity.label_en:
                english.setdefault(entity.name, entity.label_en)
    return english


def _disagreement(
    writer: CorpusWriter,
    minter: IriMinter,
    plan: str,
    sources: Sequence[Source],
    first: int,
    other: int,
    found: Disagreement,
) -> Finding | None:
    """The finding of one disagreement between the first source of a plan and another."""
    measure = _MEASURES.get(found.field)
    a, b = writer.iri_of.get(id(found.primary)), writer.iri_of.get(id(found.other))
    values = (_value(found.primary, found.field), _value(found.other, found.field))
    if measure is None or a is None or b is None or None in values:
        return None
    statements = [
        SourceStatement(
            str(iri),
            Path(sources[i].document.path).name,
            value,
            printed,
            _span_refs(writer.document(sources[i].document), record),
        )
        for iri, i, value, printed, record in (
            (a, first, values[0], found.primary_value, found.primary),
            (b, other, values[1], found.other_value, found.other),
        )
    ]
    return disagreement(
        minter, plan, measure, statements[0], statements[1], _unit(found.primary, found.field)
    )


def _value(record: object, field_name: str) -> Decimal | None:
    """The figure a record states for a disagreement's field."""
    if isinstance(record, TargetRecord):
        return record.quantity.value if field_name == "value" else None
    if not isinstance(record, PortfolioRecord):
        return None
    if field_name == "count":
        return Decimal(record.count) if record.count is not None else None
    if field_name == "investment":
        return record.investment.value if record.investment is not None else None
    kind = field_name.removeprefix("amount:")
    return next((a.quantity.value for a in record.amounts if a.kind.value == kind), None)


def _unit(record: object, field_name: str) -> str | None:
    """The unit IRI's key of a disagreement's figure (None for a count)."""
    if field_name == "count":
        return None
    if isinstance(record, TargetRecord):
        return unit_iri(record.quantity.unit)
    if isinstance(record, PortfolioRecord):
        unit = record.investment.unit if record.investment is not None else None
        return unit_iri(unit)
    return None


def _span_refs(document: URIRef, record: object) -> tuple[SpanRef, ...]:
    span: Span | None = getattr(record, "span", None)
    if span is None:
        return ()
    iri = IriScheme.child(str(document), "span", f"{span.start}-{span.end}")
    return (SpanRef(iri, span.start, span.end, span.text, span.sentence),)
