"""Write a large synthetic graph in the builder's output shape (tests/fixtures/sample_graph.ttl), many plans.

Plans, domains, tasks, portfolios with parts, targets, institutions, projects, places and source spans,
with varied counts per plan, shared institutions and projects within a city, and places nested
province > city > district, so that queries meet realistic joins. Deterministic for a given seed.

    python benchmarks/synthetic_graph.py out.nt --triples 1000000
"""

from __future__ import annotations

import argparse
import hashlib
import random
from collections.abc import Iterator
from pathlib import Path

BASE = "https://w3id.org/policykg/"
PKG = "https://w3id.org/policykg/ontology#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
ALT = "<http://www.w3.org/2004/02/skos/core#altLabel>"
DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
GENERATED = "<http://www.w3.org/ns/prov#wasGeneratedBy>"
OA = "http://www.w3.org/ns/oa#"
XSD = "http://www.w3.org/2001/XMLSchema#"
CNY = "<http://qudt.org/vocab/currency/CNY>"

INSTITUTIONS = [
    ("Laboratory", "实验室", "Laboratory"),
    ("Hospital", "医院", "Hospital"),
    ("IndustrialPark", "产业园", "Industrial Park"),
    ("InnovationCenter", "创新中心", "Innovation Center"),
    ("ResearchInstitute", "研究院", "Research Institute"),
    ("University", "大学", "University"),
    ("DataCenter", "数据中心", "Data Center"),
    ("Enterprise", "集团", "Group"),
    ("DemonstrationZone", "示范区", "Demonstration Zone"),
    ("InnovationPlatform", "创新平台", "Innovation Platform"),
]
PROJECTS = [
    ("TransportProject", "轨道交通工程", "Rail Transit Project"),
    ("EnergyProject", "储能电站", "Energy Storage Station"),
    ("WaterProject", "调水工程", "Water Diversion Project"),
    ("ScientificFacility", "科学装置", "Scientific Facility"),
    ("Project", "产业项目", "Industrial Project"),
]
TOPICS = [
    ("科技创新", "Science and Technology Innovation"),
    ("先进制造", "Advanced Manufacturing"),
    ("数字经济", "Digital Economy"),
    ("绿色低碳", "Green and Low-Carbon Development"),
    ("城市更新", "Urban Renewal"),
    ("乡村振兴", "Rural Revitalization"),
    ("医疗健康", "Health Care"),
    ("文化旅游", "Culture and Tourism"),
]
METRICS = [
    ("人才总量", "total talent", "pku:Person"),
    ("研发投入", "R&D spending", "cur:CNY"),
    ("高新技术企业数量", "number of high-tech enterprises", "pku:Enterprise"),
    ("单位GDP能耗下降", "energy use per unit of GDP reduction", "unit:PERCENT"),
    ("常住人口城镇化率", "urbanization rate", "unit:PERCENT"),
]
UNITS = {
    "pku:Person": f"<{BASE}unit/Person>",
    "pku:Enterprise": f"<{BASE}unit/Enterprise>",
    "cur:CNY": CNY,
    "unit:PERCENT": "<http://qudt.org/vocab/unit/PERCENT>",
}
COMPARATORS = ["AtLeast", "AtMost", "About", "Equal", "ReduceBy", "IncreaseBy"]


def iri(path: str) -> str:
    """Return a data IRI under the base, in N-Triples syntax."""
    return f"<{BASE}{path}>"


def pkg(name: str) -> str:
    """Return an ontology term in N-Triples syntax."""
    return f"<{PKG}{name}>"


def text(value: str, lang: str | None = None) -> str:
    """Return a string literal (with a language tag if given) in N-Triples syntax."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def typed(value: object, datatype: str) -> str:
    """Return a typed literal in N-Triples syntax."""
    return f'"{value}"^^<{XSD}{datatype}>'


class Writer:
    """Emit the triples of one synthetic graph."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.build = iri("id/build/fedcba9876543210")
        self.lines: list[str] = []

    def add(self, subject: str, predicate: str, obj: str) -> None:
        """Add one triple."""
        self.lines.append(f"{subject} {predicate} {obj} .\n")

    def entity(self, subject: str, cls: str, zh: str, en: str, span: str) -> None:
        """Add the triples every extracted entity has: type, labels, label origin, provenance."""
        self.add(subject, RDF_TYPE, pkg(cls))
        self.add(subject, LABEL, text(zh, "zh"))
        self.add(subject, LABEL, text(en, "en"))
        self.add(subject, pkg("enLabelOrigin"), pkg("MachineGenerated"))
        self.add(subject, DERIVED, span)
        self.add(subject, GENERATED, self.build)

    def span(self, document: str, start: int, exact: str, sentence: str) -> str:
        """Add a source span and return its IRI."""
        subject = f"<{document[1:-1]}/span/{start}-{start + len(exact)}>"
        self.add(subject, RDF_TYPE, pkg("SourceSpan"))
        self.add(subject, pkg("inDocument"), document)
        self.add(subject, f"<{OA}start>", typed(start, "integer"))
        self.add(subject, f"<{OA}end>", typed(start + len(exact), "integer"))
        self.add(subject, f"<{OA}exact>", text(exact))
        self.add(subject, pkg("sentence"), text(sentence))
        self.add(subject, pkg("sentenceStart"), typed(max(start - 5, 0), "integer"))
        return subject


def places(writer: Writer, cities: int) -> list[tuple[str, list[str], str]]:
    """Add provinces, cities and districts; return (city IRI, district IRIs, city name) for each city."""
    document = iri("id/document/gazetteer0000000")
    span = writer.span(document, 0, "行政区划", "行政区划。")
    provinces = [iri(f"id/province/sheng-{n}") for n in range(31)]
    for n, province in enumerate(provinces):
        writer.entity(province, "Province", f"第{n}省", f"Province {n}", span)
        writer.add(province, pkg("divisionCode"), text(f"{n + 11:02d}0000"))
    result = []
    for c in range(cities):
        city = iri(f"id/city/shi-{c}")
        name = f"第{c}市"
        writer.entity(city, "City", name, f"City {c}", span)
        writer.add(city, pkg("within"), provinces[c % len(provinces)])
        districts = []
        for d in range(writer.random.randint(3, 8)):
            district = iri(f"id/district/shi-{c}-qu-{d}")
            writer.entity(district, "District", f"{name}第{d}区", f"District {d} of City {c}", span)
            writer.add(district, pkg("within"), city)
            districts.append(district)
        result.append((city, districts, name))
    return result


def city_pool(writer: Writer, city: str, districts: list[str], name: str, c: int, document: str) -> list[str]:
    """Add the institutions and projects of one city; return their IRIs."""
    pool = []
    for k in range(writer.random.randint(20, 45)):
        cls, zh, en = writer.random.choice(INSTITUTIONS)
        subject = iri(f"id/{cls.lower()}/shi-{c}-{k}")
        label = f"{name}第{k}{zh}"
        span = writer.span(document, 1000 + k * 40, label, f"支持{label}建设。")
        writer.entity(subject, cls, label, f"City {c} {en} No. {k}", span)
        if writer.random.random() < 0.3:
            writer.add(subject, ALT, text(f"{label}（筹）", "zh"))
        writer.add(subject, pkg("locatedIn"), writer.random.choice([city, *districts]))
        pool.append(subject)
    for k in range(writer.random.randint(10, 25)):
        cls, zh, en = writer.random.choice(PROJECTS)
        subject = iri(f"id/project/shi-{c}-{k}")
        label = f"{name}第{k}{zh}"
        span = writer.span(document, 3000 + k * 40, label, f"推进{label}。")
        writer.entity(subject, cls, label, f"City {c} {en} No. {k}", span)
        writer.add(subject, pkg("locatedIn"), writer.random.choice([city, *districts]))
        pool.append(subject)
    return pool


def portfolio(writer: Writer, parent: str, k: int, span: str) -> str:
    """Add a portfolio with its parts under a plan or domain; return its IRI."""
    subject = f"<{parent[1:-1]}/portfolio/{k}>"
    count = writer.random.randint(20, 200)
    investment = writer.random.randint(50, 3000) * 100_000_000
    writer.entity(subject, "ProjectPortfolio", f"重点项目（{count}个）", f"Key projects ({count})", span)
    writer.add(subject, pkg("projectCount"), typed(count, "integer"))
    writer.add(subject, pkg("investment"), typed(f"{investment}.0", "decimal"))
    writer.add(subject, pkg("unit"), CNY)
    writer.add(subject, pkg("printedInvestment"), text(f"{investment // 100_000_000}亿元"))
    parts = [("continuing", "Continuing", None), ("new-start-2023", "NewStart", 2023)]
    if writer.random.random() < 0.6:
        parts.append(("reserve-2024-2025", "Reserve", 2024))
    for suffix, status, year in parts:
        part = f"<{subject[1:-1]}/{suffix}>"
        share = writer.random.randint(10, 60)
        writer.entity(part, "ProjectPortfolio", f"{suffix}项目", f"{status} projects", span)
        writer.add(subject, pkg("hasPart"), part)
        writer.add(part, pkg("status"), pkg(status))
        writer.add(part, pkg("projectCount"), typed(count * share // 100, "integer"))
        writer.add(part, pkg("investment"), typed(f"{investment * share // 100}.0", "decimal"))
        writer.add(part, pkg("unit"), CNY)
        if year:
            writer.add(part, pkg("startYear"), typed(year, "gYear"))
            if status == "Reserve":
                writer.add(part, pkg("startYear"), typed(year + 1, "gYear"))
    return subject


def target(writer: Writer, plan: str, parent: str, k: int, document: str) -> None:
    """Add one numeric target and link it from ``parent``."""
    zh, en, unit = writer.random.choice(METRICS)
    year = writer.random.choice([2024, 2025, 2025, 2026, 2027])
    subject = f"<{plan[1:-1]}/target/mubiao-{k}-{year}>"
    value = writer.random.randint(1, 500) * (10_000 if unit != "unit:PERCENT" else 1)
    printed = f"{value // 10_000}万" if unit != "unit:PERCENT" else f"{value}%"
    sentence = f"到{year}年{zh}达到{printed}。"
    span = writer.span(document, 5000 + k * 30, sentence[:-1], sentence)
    writer.entity(subject, "Target", f"{zh}{printed}（{year}年）", f"{en} {printed} by {year}", span)
    writer.add(subject, pkg("metric"), text(zh, "zh"))
    writer.add(subject, pkg("metric"), text(en, "en"))
    writer.add(subject, pkg("value"), typed(f"{value}.0", "decimal"))
    writer.add(subject, pkg("unit"), UNITS[unit])
    writer.add(subject, pkg("comparator"), pkg(writer.random.choice(COMPARATORS)))
    writer.add(subject, pkg("deadlineYear"), typed(year, "gYear"))
    writer.add(subject, pkg("printedValue"), text(printed))
    writer.add(parent, pkg("hasTarget"), subject)


def plan(writer: Writer, p: int, city: tuple[str, list[str], str], pool: list[str]) -> None:
    """Add one plan with its domains, tasks, portfolios and targets."""
    city_iri, districts, name = city
    digest = hashlib.sha256(f"plan-{p}".encode()).hexdigest()
    document = iri(f"id/document/{digest[:16]}")
    writer.add(document, RDF_TYPE, pkg("SourceDocument"))
    writer.add(document, LABEL, text(f"plan-{p}.txt"))
    writer.add(document, pkg("sha256"), typed(digest, "hexBinary"))
    topic_zh, topic_en = TOPICS[p % len(TOPICS)]
    subject = iri(f"id/plan/shi-{p}-sannian-xingdong-jihua")
    title = f"{name}{topic_zh}三年行动计划"
    writer.entity(
        subject,
        "Plan",
        title,
        f"{topic_en} Three-Year Action Plan of City {p}",
        writer.span(document, 0, title, title),
    )
    writer.add(subject, pkg("coversPlace"), city_iri)
    targets = 0
    for d in range(1, writer.random.randint(3, 9)):
        domain = f"<{subject[1:-1]}/domain/{d}>"
        heading = f"{topic_zh}任务{d}"
        span = writer.span(document, 100 * d, heading, f"{d}、{heading}。")
        writer.entity(domain, "Domain", heading, f"{topic_en} Task Group {d}", span)
        writer.add(domain, pkg("ordinal"), typed(d, "integer"))
        writer.add(subject, pkg("hasDomain"), domain)
        if writer.random.random() < 0.8:
            writer.add(domain, pkg("hasPortfolio"), portfolio(writer, domain, 1, span))
        for t in range(1, writer.random.randint(2, 8)):
            task = f"<{domain[1:-1]}/task/{t}>"
            sentence = f"推进{heading}第{t}项工作。"
            writer.entity(
                task,
                "Task",
                f"{heading}第{t}项",
                f"Task {t} of group {d}",
                writer.span(document, 100 * d + 10 * t, sentence[:-1], sentence),
            )
            writer.add(task, pkg("ordinal"), typed(t, "integer"))
            writer.add(domain, pkg("hasTask"), task)
            for mentioned in writer.random.sample(pool, k=min(len(pool), writer.random.randint(1, 6))):
                writer.add(task, pkg("mentions"), mentioned)
            if writer.random.random() < 0.5:
                writer.add(task, pkg("mentions"), writer.random.choice([city_iri, *districts]))
            for _ in range(writer.random.randint(0, 2)):
                targets += 1
                target(writer, subject, task, targets, document)
    for _ in range(writer.random.randint(1, 4)):
        targets += 1
        target(writer, subject, subject, targets, document)


def generate(triples: int, seed: int = 7) -> Iterator[str]:
    """Yield N-Triples lines until about ``triples`` triples have been written."""
    writer = Writer(seed)
    writer.add(writer.build, RDF_TYPE, pkg("Build"))
    cities = places(writer, 300)
    pools: dict[int, list[str]] = {}
    written = 0
    p = 0
    while written + len(writer.lines) < triples:
        c = writer.random.randrange(len(cities))
        if c not in pools:
            pools[c] = city_pool(writer, *cities[c][:2], cities[c][2], c, iri(f"id/document/city{c:011d}"))
        plan(writer, p, cities[c], pools[c])
        p += 1
        if len(writer.lines) > 50_000:
            written += len(writer.lines)
            yield from writer.lines
            writer.lines = []
    yield from writer.lines


def write(path: Path, triples: int, seed: int = 7) -> int:
    """Write the graph to ``path`` as N-Triples and return the number of triples."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for line in generate(triples, seed):
            out.write(line)
            count += 1
    return count


def main() -> None:
    """Write a synthetic graph from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"wrote {write(args.output, args.triples, args.seed)} triples to {args.output}")


if __name__ == "__main__":
    main()
