"""End to end on the bundled seed: the built graph holds the plan's facts, labelled and sourced."""

from __future__ import annotations

import os
import stat
from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from policykg.ontology.namespaces import OA, PKG, sparql_prologue

ENTITY_CLASSES = """
    VALUES ?top { pkg:Plan pkg:Domain pkg:Task pkg:Project pkg:ProjectPortfolio pkg:Institution pkg:Place pkg:Target }
"""


def select(graph: Graph, query: str) -> list:
    return list(graph.query(sparql_prologue() + query))


@pytest.fixture(scope="module")
def typed_entities(seed_graph):
    ontology = Graph().parse(
        __import__("policykg.ontology", fromlist=["ontology_path"]).ontology_path(), format="turtle"
    )
    classes = {c for c in ontology.subjects(RDF.type, None) if str(c).startswith(str(PKG))}
    subclass = {}
    for c in classes:
        subclass[c] = set(ontology.transitive_objects(c, RDFS.subClassOf))
    tops = {
        PKG[n]
        for n in ("Plan", "Domain", "Task", "Project", "ProjectPortfolio", "Institution", "Place", "Target")
    }
    return [s for s, c in seed_graph.subject_objects(RDF.type) if subclass.get(c, set()) & tops]


def test_science_domain_portfolio_and_parts(seed_graph):
    rows = select(
        seed_graph,
        """
        SELECT ?count ?amount ?printed WHERE {
          ?plan pkg:hasDomain ?domain . ?domain pkg:ordinal 1 ; pkg:hasPortfolio ?p .
          ?p pkg:projectCount ?count ; pkg:investment ?amount ; pkg:printedInvestment ?printed .
        }""",
    )
    assert [(int(c), Decimal(str(a)), str(p)) for c, a, p in rows] == [
        (90, Decimal("192083000000"), "1920.83亿元")
    ]
    parts = select(
        seed_graph,
        """
        SELECT ?status ?count ?amount WHERE {
          ?domain pkg:ordinal 1 ; pkg:hasPortfolio ?p . ?plan pkg:hasDomain ?domain .
          ?p pkg:hasPart ?part . ?part pkg:status ?status ; pkg:projectCount ?count ; pkg:investment ?amount .
        }""",
    )
    found = sorted((str(s).rsplit("#", 1)[1], int(c), Decimal(str(a))) for s, c, a in parts)
    assert found == [
        ("Continuing", 37, Decimal("85458000000")),
        ("NewStart", 37, Decimal("68391000000")),
        ("Reserve", 16, Decimal("38234000000")),
    ]


def test_new_start_and_reserve_parts_carry_their_years(seed_graph):
    rows = select(
        seed_graph,
        """
        SELECT ?status (GROUP_CONCAT(STR(?y); separator=",") AS ?years) WHERE {
          ?domain pkg:ordinal 1 ; pkg:hasPortfolio/pkg:hasPart ?part .
          ?part pkg:status ?status ; pkg:startYear ?y .
        } GROUP BY ?status""",
    )
    years = {str(s).rsplit("#", 1)[1]: sorted(str(y).split(",")) for s, y in rows}
    assert years == {"NewStart": ["2023"], "Reserve": ["2024", "2025"]}


def test_plan_title_period_city_and_headline(seed_graph):
    (row,) = select(
        seed_graph,
        """
        SELECT ?title ?first ?last ?city ?count ?amount WHERE {
          ?plan a pkg:Plan ; rdfs:label ?title ; pkg:coversPlace/pkg:divisionCode ?city ;
                pkg:period [ time:hasBeginning/time:inXSDgYear ?first ; time:hasEnd/time:inXSDgYear ?last ] ;
                pkg:hasPortfolio [ pkg:projectCount ?count ; pkg:investment ?amount ] .
          FILTER(LANG(?title) = "zh")
        }""",
    )
    title, first, last, city, count, amount = row
    assert "三年行动计划" in str(title) and str(title).startswith("济南市")
    assert (str(first), str(last), str(city)) == ("2023", "2025", "370100")
    assert (int(count), Decimal(str(amount))) == (1301, Decimal("2400000000000"))


def test_ten_domains_with_tasks(seed_graph):
    domains = select(seed_graph, "SELECT ?d WHERE { ?plan pkg:hasDomain ?d }")
    assert len(domains) == 10
    (row,) = select(
        seed_graph,
        "SELECT (COUNT(?t) AS ?n) WHERE { ?d pkg:ordinal 1 . ?plan pkg:hasDomain ?d . ?d pkg:hasTask ?t }",
    )
    assert int(row[0]) >= 6


def test_quancheng_laboratory(seed_graph):
    rows = select(
        seed_graph,
        """
        SELECT ?lab ?en WHERE { ?lab a pkg:Laboratory ; rdfs:label "泉城实验室"@zh , ?en . FILTER(LANG(?en) = "en") }""",
    )
    assert [str(en) for _, en in rows] == ["Quancheng Laboratory"]
    lab = rows[0][0]
    assert str(lab).endswith("/id/laboratory/quancheng-shiyanshi")


@pytest.mark.parametrize(
    ("metric", "value", "unit", "comparator", "deadline"),
    [
        ("人才总量", "3000000", "https://w3id.org/policykg/unit/Person", "AtLeast", "2025"),
        ("能耗强度", "14", "http://qudt.org/vocab/unit/PERCENT", "ReduceBy", "2025"),
        ("粮食综合生产能力", "5800000000", "https://w3id.org/policykg/unit/Jin", "About", None),
        ("可再生能源装机规模", "4300000", "http://qudt.org/vocab/unit/KiloW", "AtLeast", None),
    ],
)
def test_targets(seed_graph, metric, value, unit, comparator, deadline):
    rows = select(
        seed_graph,
        f"""
        SELECT ?value ?unit ?comparator ?deadline WHERE {{
          ?t a pkg:Target ; pkg:metric "{metric}"@zh ; pkg:value ?value ; pkg:unit ?unit ; pkg:comparator ?comparator .
          OPTIONAL {{ ?t pkg:deadlineYear ?deadline }}
        }}""",
    )
    assert len(rows) == 1
    v, u, c, d = rows[0]
    assert Decimal(str(v)) == Decimal(value) and str(u) == unit
    assert str(c).endswith("#" + comparator)
    assert (str(d) if d is not None else None) == deadline


def test_energy_target_has_its_baseline(seed_graph):
    rows = select(seed_graph, 'SELECT ?b WHERE { ?t pkg:metric "能耗强度"@zh ; pkg:baselineYear ?b }')
    assert [str(b) for (b,) in rows] == ["2020"]
    assert rows[0][0].datatype == XSD.gYear


def test_variants_of_one_institution_are_one_resource(seed_graph):
    corridor = list(seed_graph.subjects(SKOS.altLabel, Literal("齐鲁科创大走廊", lang="zh")))
    assert len(corridor) == 1
    assert (corridor[0], RDFS.label, Literal("齐鲁科技创新大走廊", lang="zh")) in seed_graph
    hospital = list(seed_graph.subjects(RDFS.label, Literal("山东大学齐鲁医院", lang="zh")))
    assert (
        len(hospital) == 1
        and (hospital[0], SKOS.altLabel, Literal("山东大学界鲁医院", lang="zh")) in seed_graph
    )


@pytest.mark.parametrize(
    ("name", "cls", "code"),
    [("章丘区", "District", "370114"), ("商河县", "County", "370126"), ("临沂市", "City", "371300")],
)
def test_places_carry_division_codes(seed_graph, name, cls, code):
    (place,) = seed_graph.subjects(RDFS.label, Literal(name, lang="zh"))
    assert (place, RDF.type, PKG[cls]) in seed_graph
    assert (place, PKG.divisionCode, Literal(code)) in seed_graph


def test_district_sits_inside_the_city(seed_graph):
    (district,) = seed_graph.subjects(RDFS.label, Literal("章丘区", lang="zh"))
    (city,) = seed_graph.subjects(RDFS.label, Literal("济南市", lang="zh"))
    assert (district, PKG.within, city) in seed_graph


def test_every_typed_entity_has_both_labels_and_provenance(seed_graph, typed_entities):
    assert len(typed_entities) > 150
    for entity in typed_entities:
        languages = {label.language for label in seed_graph.objects(entity, RDFS.label)}
        assert {"zh", "en"} <= languages, entity
        spans = list(seed_graph.objects(entity, PROV.wasDerivedFrom))
        assert spans, entity
        for span in spans:
            assert (span, RDF.type, PKG.SourceSpan) in seed_graph
            assert seed_graph.value(span, PKG.inDocument) is not None
            start, end = seed_graph.value(span, OA.start), seed_graph.value(span, OA.end)
            assert start is not None and end is not None and int(start) <= int(end)


def test_spans_quote_the_normalized_text(seed_graph, seed_text):
    for span in seed_graph.subjects(RDF.type, PKG.SourceSpan):
        start, end = int(seed_graph.value(span, OA.start)), int(seed_graph.value(span, OA.end))
        assert str(seed_graph.value(span, OA.exact)) == seed_text[start:end]
        sentence_start = int(seed_graph.value(span, PKG.sentenceStart))
        assert sentence_start <= start


def test_english_labels_are_marked_machine_made(seed_graph, typed_entities):
    for entity in typed_entities:
        assert (entity, PKG.enLabelOrigin, PKG.MachineGenerated) in seed_graph


def test_document_and_build_provenance(seed_graph, seed_text):
    import hashlib

    (document,) = seed_graph.subjects(RDF.type, PKG.SourceDocument)
    assert str(seed_graph.value(document, PKG.sha256)) == hashlib.sha256(seed_text.encode()).hexdigest()
    (build,) = seed_graph.subjects(RDF.type, PKG.Build)
    assert (build, PROV.used, document) in seed_graph
    agent = seed_graph.value(build, PROV.wasAssociatedWith)
    assert (
        agent is not None
        and seed_graph.value(agent, URIRef("https://schema.org/softwareVersion")) is not None
    )


# rdflib's own JSON-LD parser still builds a ConjunctiveGraph internally.
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_every_output_format_parses_to_the_same_graph(seed_build):
    from rdflib.compare import isomorphic

    graphs = [
        Graph().parse(path, format=fmt)
        for path, fmt in zip(seed_build.files[:3], ("turtle", "nt", "json-ld"), strict=True)
    ]
    assert isomorphic(graphs[0], graphs[1]) and isomorphic(graphs[0], graphs[2])


def test_rebuilding_mints_the_same_iris(seed_build, seed_path, tmp_path):
    from policykg.graph_builder.build import build_documents

    again = build_documents([seed_path], tmp_path)
    subjects = lambda g: {s for s in g.subjects() if isinstance(s, URIRef) and "/id/build/" not in s}  # noqa: E731
    assert subjects(again.graph) == subjects(seed_build.graph)


def test_the_audit_finds_the_seeds_disagreements_and_none_where_figures_agree(seed_build, fixtures_dir):
    import json

    gold = json.loads((fixtures_dir / "plans" / "jinan-seed.gold.json").read_text(encoding="utf-8"))
    found = {
        (f.measure.value, frozenset({Decimal(str(f.expected)), Decimal(str(f.observed))}))
        for f in seed_build.audit.findings
    }
    measure = {"count": "projectCount", "investment_yuan": "investment"}
    for case in gold["inconsistencies"]:
        # The audit flags a shortfall against the headline only when every domain states the figure;
        # the seed's fourth domain states no investment, so only an excess would be a finding.
        if case["kind"] == "domains_do_not_sum_to_plan" and case["field"] == "investment_yuan":
            continue
        pair = frozenset({Decimal(case["expected"]), Decimal(case["observed"])})
        assert (measure[case["field"]], pair) in found, case
    agreeing = {1, 6, 7, 8}
    for finding in seed_build.audit.findings:
        assert not any(f"/domain/{n}/" in finding.focus for n in agreeing), finding.focus


def test_the_seed_graph_conforms_to_the_shapes(seed_build):
    assert seed_build.validation is not None and seed_build.validation.conforms
    assert seed_build.validation.count("Violation") == 0


def test_build_files_are_readable_by_others_as_the_umask_allows(tmp_path):
    from policykg.graph_builder.build import write_atomically

    umask = os.umask(0o022)
    os.umask(umask)
    write_atomically({tmp_path / "out" / "graph.nt": b"", tmp_path / "out" / "build.json": b"{}"})
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "out").iterdir()}
    assert modes == {"graph.nt": 0o644 & ~umask, "build.json": 0o644 & ~umask}


def test_a_built_graph_carries_the_pinyin_of_every_chinese_label_and_variant(seed_graph) -> None:
    from policykg.patterns import has_han
    from policykg.pinyin import PINYIN_LANGUAGE, pair_readings, pinyin_reading, syllable_count

    names: dict = {}
    for prop in (RDFS.label, SKOS.altLabel):
        for s, o in seed_graph.subject_objects(prop):
            if getattr(o, "language", None) == "zh" and has_han(str(o)):
                names.setdefault(s, []).append(str(o))
    readings: dict = {}
    for s, o in seed_graph.subject_objects(SKOS.hiddenLabel):
        if o.language == PINYIN_LANGUAGE:
            readings.setdefault(s, set()).add(str(o))
    assert len(names) > 100
    assert readings == {s: {pinyin_reading(name) for name in found} for s, found in names.items()}
    with_variants = {s: set(found) for s, found in names.items() if len(set(found)) > 1}
    assert with_variants
    # Without a dictionary, each reading goes to the name with as many syllables, when only one has.
    for s, found in with_variants.items():
        counts = [syllable_count(name) for name in found]
        for reading, name in pair_readings(sorted(found), readings[s]):
            if name is not None and counts.count(syllable_count(name)) == 1:
                assert reading == pinyin_reading(name)
