"""Generate a large graph in the builder's output shape (many plans), for benchmarks.

Each plan has domains, tasks, portfolios with parts, targets, named institutions and projects located in
places, and a source span behind every fact, labelled in Chinese and English like the real build. Names
are composed from a vocabulary of Shandong cities, fields and kinds of institution, so that searches hit
many entities, as they do in real plans. The output is N-Triples; ``write_graph`` returns the count.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

from policykg.ontology.namespaces import DEFAULT_BASE

ID = DEFAULT_BASE + "id/"
PKG = "https://w3id.org/policykg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
XSD = "http://www.w3.org/2001/XMLSchema#"

CITIES = [
    ("济南", "Jinan"),
    ("青岛", "Qingdao"),
    ("淄博", "Zibo"),
    ("枣庄", "Zaozhuang"),
    ("东营", "Dongying"),
    ("烟台", "Yantai"),
    ("潍坊", "Weifang"),
    ("济宁", "Jining"),
    ("泰安", "Tai'an"),
    ("威海", "Weihai"),
    ("日照", "Rizhao"),
    ("临沂", "Linyi"),
    ("德州", "Dezhou"),
    ("聊城", "Liaocheng"),
    ("滨州", "Binzhou"),
    ("菏泽", "Heze"),
    ("泉城", "Quancheng"),
    ("齐鲁", "Qilu"),
    ("黄河", "Yellow River"),
    ("章丘", "Zhangqiu"),
]
FIELDS = [
    ("人工智能", "Artificial Intelligence"),
    ("生物医药", "Biomedicine"),
    ("新能源", "New Energy"),
    ("先进制造", "Advanced Manufacturing"),
    ("量子", "Quantum"),
    ("数字经济", "Digital Economy"),
    ("绿色低碳", "Green and Low-Carbon"),
    ("高端装备", "High-End Equipment"),
    ("新材料", "New Materials"),
    ("集成电路", "Integrated Circuits"),
    ("空天信息", "Aerospace Information"),
    ("现代农业", "Modern Agriculture"),
    ("海洋科技", "Marine Technology"),
    ("氢能", "Hydrogen Energy"),
    ("工业互联网", "Industrial Internet"),
]
KINDS = [
    ("Laboratory", "实验室", "Laboratory"),
    ("ResearchInstitute", "研究院", "Research Institute"),
    ("InnovationCenter", "创新中心", "Innovation Center"),
    ("IndustrialPark", "产业园", "Industrial Park"),
    ("Hospital", "医院", "Hospital"),
    ("DataCenter", "算力中心", "Computing Center"),
    ("University", "大学", "University"),
    ("InnovationPlatform", "服务平台", "Service Platform"),
    ("Enterprise", "集团", "Group"),
    ("Base", "基地", "Base"),
    ("TransportProject", "轨道交通", "Rail Transit"),
    ("EnergyProject", "储能电站", "Energy Storage Station"),
    ("WaterProject", "水库", "Reservoir"),
    ("ScientificFacility", "大科学装置", "Large Scientific Facility"),
]
VERBS = [
    ("建设", "Build"),
    ("推进", "Advance"),
    ("培育", "Cultivate"),
    ("打造", "Create"),
    ("支持", "Support"),
]
METRICS = [
    ("人才总量", "total talent", "Person"),
    ("企业数量", "number of enterprises", "Enterprise"),
    ("数据中心机架", "data centre racks", "Item"),
    ("新能源汽车", "new energy vehicles", "Vehicle"),
]
STATUSES = [
    ("continuing", "Continuing", "续建"),
    ("new-start-2024", "NewStart", "新开工"),
    ("reserve-2025", "Reserve", "谋划储备"),
]


def _iri(value: str) -> str:
    return f"<{value}>"


def _text(value: str, lang: str | None = None) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"' + (f"@{lang}" if lang else "")


def _typed(value: object, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


def plan_triples(number: int, rng: random.Random, cities: set[str]) -> Iterator[tuple[str, str, str]]:
    """Yield the triples of one synthetic plan as N-Triples terms; ``cities`` holds the cities written."""
    city_zh, city_en = CITIES[number % len(CITIES)]
    plan = f"{ID}plan/synthetic-{number}"
    document = f"{ID}document/{number:016x}"
    build = f"{ID}build/synthetic"
    offset = 0

    def span(text: str) -> str:
        nonlocal offset
        start, offset = offset, offset + len(text) + 5
        iri = f"{document}/span/{start}-{start + len(text)}"
        yield_list.extend(
            [
                (_iri(iri), _iri(RDF_TYPE), _iri(PKG + "SourceSpan")),
                (_iri(iri), _iri(PKG + "inDocument"), _iri(document)),
                (_iri(iri), _iri(OA + "start"), _typed(start, "integer")),
                (_iri(iri), _iri(OA + "end"), _typed(start + len(text), "integer")),
                (_iri(iri), _iri(OA + "exact"), _text(text)),
                (_iri(iri), _iri(PKG + "sentence"), _text(f"{text}。")),
                (_iri(iri), _iri(PKG + "sentenceStart"), _typed(start, "integer")),
            ]
        )
        return iri

    def entity(iri: str, cls: str, zh: str, en: str, source: str) -> None:
        yield_list.extend(
            [
                (_iri(iri), _iri(RDF_TYPE), _iri(PKG + cls)),
                (_iri(iri), _iri(LABEL), _text(zh, "zh")),
                (_iri(iri), _iri(LABEL), _text(en, "en")),
                (_iri(iri), _iri(PKG + "enLabelOrigin"), _iri(PKG + "MachineGenerated")),
                (_iri(iri), _iri(PROV + "wasDerivedFrom"), _iri(source)),
                (_iri(iri), _iri(PROV + "wasGeneratedBy"), _iri(build)),
            ]
        )

    yield_list: list[tuple[str, str, str]] = []
    title = f"{city_zh}市第{number}号三年行动计划"
    entity(plan, "Plan", title, f"{city_en} Three-Year Action Plan No. {number}", span(title))
    city = f"{ID}city/synthetic-{number % len(CITIES)}"
    if city not in cities:
        cities.add(city)
        entity(city, "City", f"{city_zh}市", f"{city_en} City", span(f"{city_zh}市"))
    yield_list.append((_iri(plan), _iri(PKG + "coversPlace"), _iri(city)))
    for d in range(1, 9):
        field_zh, field_en = FIELDS[(number + d) % len(FIELDS)]
        domain = f"{plan}/domain/{d}"
        entity(
            domain,
            "Domain",
            f"发展{field_zh}产业",
            f"Develop the {field_en} Industry",
            span(f"发展{field_zh}产业"),
        )
        yield_list += [
            (_iri(plan), _iri(PKG + "hasDomain"), _iri(domain)),
            (_iri(domain), _iri(PKG + "ordinal"), _typed(d, "integer")),
        ]
        portfolio = f"{domain}/portfolio/1"
        entity(
            portfolio,
            "ProjectPortfolio",
            f"重点项目（{d * 10}个）",
            f"Key projects ({d * 10})",
            span("重点项目"),
        )
        yield_list += [
            (_iri(domain), _iri(PKG + "hasPortfolio"), _iri(portfolio)),
            (_iri(portfolio), _iri(PKG + "projectCount"), _typed(d * 10, "integer")),
            (_iri(portfolio), _iri(PKG + "investment"), _typed(f"{d * 1000000000}.0", "decimal")),
        ]
        for slug, status, status_zh in STATUSES:
            part = f"{portfolio}/{slug}"
            entity(
                part, "ProjectPortfolio", f"{status_zh}项目", f"{status} projects", span(f"{status_zh}项目")
            )
            yield_list += [
                (_iri(portfolio), _iri(PKG + "hasPart"), _iri(part)),
                (_iri(part), _iri(PKG + "status"), _iri(PKG + status)),
                (_iri(part), _iri(PKG + "projectCount"), _typed(d * 3, "integer")),
                (_iri(part), _iri(PKG + "investment"), _typed(f"{d * 300000000}.0", "decimal")),
            ]
        for t in range(1, 6):
            verb_zh, verb_en = VERBS[(d + t) % len(VERBS)]
            kind, kind_zh, kind_en = KINDS[rng.randrange(len(KINDS))]
            place_zh, place_en = CITIES[rng.randrange(len(CITIES))]
            task = f"{domain}/task/{t}"
            entity(
                task,
                "Task",
                f"{verb_zh}{field_zh}{kind_zh}",
                f"{verb_en} {field_en} {kind_en}s",
                span(f"{verb_zh}{field_zh}{kind_zh}"),
            )
            yield_list += [
                (_iri(domain), _iri(PKG + "hasTask"), _iri(task)),
                (_iri(task), _iri(PKG + "ordinal"), _typed(t, "integer")),
            ]
            named = f"{ID}{kind.lower()}/synthetic-{number}-{d}-{t}"
            name_zh, name_en = f"{place_zh}{field_zh}{kind_zh}", f"{place_en} {field_en} {kind_en}"
            entity(named, kind, name_zh, name_en, span(name_zh))
            yield_list += [
                (_iri(named), _iri(ALT), _text(f"{place_zh}市{field_zh}{kind_zh}", "zh")),
                (_iri(named), _iri(PKG + "locatedIn"), _iri(city)),
                (_iri(task), _iri(PKG + "mentions"), _iri(named)),
                (_iri(task), _iri(PKG + "mentions"), _iri(city)),
            ]
            if t == 1:
                metric_zh, metric_en, unit = METRICS[(number + d) % len(METRICS)]
                target = f"{plan}/target/synthetic-{d}-2025"
                entity(
                    target,
                    "Target",
                    f"{metric_zh}达到{d}万（2025年）",
                    f"{metric_en} {d}0,000 by 2025",
                    span(f"{metric_zh}达到{d}万"),
                )
                yield_list += [
                    (_iri(task), _iri(PKG + "hasTarget"), _iri(target)),
                    (_iri(target), _iri(PKG + "metric"), _text(metric_zh, "zh")),
                    (_iri(target), _iri(PKG + "metric"), _text(metric_en, "en")),
                    (_iri(target), _iri(PKG + "value"), _typed(f"{d}0000.0", "decimal")),
                    (_iri(target), _iri(PKG + "unit"), _iri(f"https://w3id.org/policykg/unit/{unit}")),
                    (_iri(target), _iri(PKG + "comparator"), _iri(PKG + "AtLeast")),
                    (_iri(target), _iri(PKG + "deadlineYear"), _typed(2025, "gYear")),
                    (_iri(target), _iri(PKG + "printedValue"), _text(f"{d}万")),
                ]
    yield from yield_list


def write_graph(path: Path, plans: int, seed: int = 7) -> int:
    """Write ``plans`` synthetic plans to ``path`` as N-Triples and return the number of triples."""
    rng = random.Random(seed)
    cities: set[str] = set()
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for number in range(plans):
            # A task mentions its city once per task, so a plan repeats those triples; write each once.
            for triple in dict.fromkeys(plan_triples(number, rng, cities)):
                out.write(f"{triple[0]} {triple[1]} {triple[2]} .\n")
                count += 1
    return count
