"""Synthetic plan graphs of any size in the builder's shape, for the viewer's screenshot and benchmark."""

from __future__ import annotations

import random

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import PROV, XSD

from policykg.ontology.namespaces import CUR, OA, PKG, PKU

BASE = "https://w3id.org/policykg/id/"
_SYLLABLES = "泉城济南齐鲁黄河华山明湖趵突千佛章丘长清历城槐荫天桥莱芜钢城平阴商河济阳"
_INSTITUTIONS = [
    ("Laboratory", "实验室"),
    ("University", "大学"),
    ("Hospital", "医院"),
    ("IndustrialPark", "产业园"),
    ("InnovationCenter", "创新中心"),
    ("Enterprise", "集团"),
]
_PROJECTS = [
    ("TransportProject", "铁路"),
    ("EnergyProject", "电站"),
    ("WaterProject", "水库"),
    ("ScientificFacility", "大科学装置"),
]
_TOPICS = ["科技创新", "产业升级", "交通建设", "生态保护", "民生保障", "文化旅游", "城市更新", "开放合作"]


def _name(rng: random.Random, suffix: str) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))) + suffix


def synthetic_plan(size: int, seed: int = 1) -> Graph:
    """Return a plan graph of about ``size`` entities: domains, tasks, portfolios, targets, named things."""
    rng = random.Random(seed)
    graph = Graph()
    document = URIRef(BASE + "document/synthetic")
    counter = iter(range(10**9))

    def entity(iri: str, cls: str, zh: str, en: str) -> URIRef:
        node = URIRef(iri)
        graph.add((node, RDF.type, PKG[cls]))
        graph.add((node, RDFS.label, Literal(zh, lang="zh")))
        graph.add((node, RDFS.label, Literal(en, lang="en")))
        start = next(counter) * 40
        span = URIRef(f"{document}/span/{start}-{start + 10}")
        graph.add((node, PROV.wasDerivedFrom, span))
        graph.add((span, RDF.type, PKG.SourceSpan))
        graph.add((span, PKG.sentence, Literal(f"加快推进{zh}建设。")))
        graph.add((span, PKG.sentenceStart, Literal(start)))
        graph.add((span, OA.start, Literal(start)))
        return node

    plan = entity(BASE + "plan/synthetic", "Plan", "示例市三年行动计划", "Synthetic Three-Year Action Plan")
    places = [entity(BASE + "city/shili", "City", "示例市", "Shili City")]
    for i in range(max(3, size // 12)):
        place = entity(f"{BASE}district/d{i}", "District", _name(rng, "区"), f"District {i}")
        graph.add((place, PKG.within, places[0]))
        places.append(place)
    graph.add((plan, PKG.coversPlace, places[0]))
    named = []
    for i in range(int(size * 0.55)):
        cls, suffix = rng.choice(_INSTITUTIONS + _PROJECTS)
        thing = entity(f"{BASE}{cls.lower()}/n{i}", cls, _name(rng, suffix), f"{cls} {i}")
        if rng.random() < 0.6:
            graph.add((thing, PKG.locatedIn, rng.choice(places)))
        named.append(thing)
    domains = max(2, size // 40)
    for d in range(1, domains + 1):
        domain = entity(
            f"{BASE}plan/synthetic/domain/{d}",
            "Domain",
            _TOPICS[(d - 1) % len(_TOPICS)] + str(d),
            f"Domain {d}",
        )
        graph.add((plan, PKG.hasDomain, domain))
        graph.add((domain, PKG.ordinal, Literal(d)))
        if d % 2:
            portfolio = entity(
                f"{domain}/portfolio/1",
                "ProjectPortfolio",
                f"重点项目（{10 * d}个）",
                f"Key projects ({10 * d})",
            )
            graph.add((domain, PKG.hasPortfolio, portfolio))
            graph.add((portfolio, PKG.projectCount, Literal(10 * d)))
            graph.add((portfolio, PKG.investment, Literal(f"{d}00000000.0", datatype=XSD.decimal)))
            graph.add((portfolio, PKG.unit, CUR.CNY))
            graph.add((portfolio, PKG.printedInvestment, Literal(f"{d}亿元")))
        for t in range(1, max(2, (size // 4) // domains) + 1):
            task = entity(f"{domain}/task/{t}", "Task", f"推进{_name(rng, '工程')}", f"Task {d}.{t}")
            graph.add((domain, PKG.hasTask, task))
            # Most mentions stay within the domain's own share of named things, as in real plans.
            own = named[(d - 1) * len(named) // domains : d * len(named) // domains] or named
            for _ in range(rng.randint(1, 3)):
                thing = rng.choice(own if rng.random() < 0.85 else named)
                graph.add((task, PKG.mentions, thing))
            if rng.random() < 0.15:
                target = entity(
                    f"{BASE}plan/synthetic/target/t{d}-{t}",
                    "Target",
                    f"指标{d}-{t}达到50万",
                    f"Metric {d}-{t} at least 500,000",
                )
                graph.add((task, PKG.hasTarget, target))
                graph.add((target, PKG.value, Literal("500000.0", datatype=XSD.decimal)))
                graph.add((target, PKG.unit, PKU.Person))
                graph.add((target, PKG.comparator, PKG.AtLeast))
                graph.add((target, PKG.deadlineYear, Literal("2025", datatype=XSD.gYear)))
    # The builder only knows a named thing because some text mentions it: leave none unmentioned.
    mentioned = set(graph.objects(None, PKG.mentions))
    for i, thing in enumerate(named):
        if thing not in mentioned:
            d = i * domains // len(named) + 1
            tasks = sorted(graph.objects(URIRef(f"{BASE}plan/synthetic/domain/{d}"), PKG.hasTask))
            graph.add((rng.choice(tasks), PKG.mentions, thing))
    return graph
