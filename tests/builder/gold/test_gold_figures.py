"""Keep the hand-written gold annotations of the test plans honest: their figures.

These tests check each gold file (see gold_plans.py) against its own printed figures: normalized values
equal the printed figures multiplied out, years are years, and the portfolio arithmetic agrees with the
inconsistencies recorded; and they check the reading of figures and the audit rules themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import cn2an
import gold_plans
import pytest
from gold_plans import PLANS, UNITS, load, portfolio_figures

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

plan = gold_plans.plan  # the fixture: each gold file in turn, with its document


@dataclass(frozen=True)
class Figure:
    """A printed figure read back: its value, the upper end of a range, the unit word, and its precision."""

    value: Decimal
    upper: Decimal | None
    rest: str
    half_unit: Decimal


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
