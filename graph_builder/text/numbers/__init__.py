"""Find and normalize numbers, quantities and years in the running text of Chinese plans.

Pure Python: no spaCy, no rdflib. Chinese numerals are read by ``policykg.numerals``; around it sits
a small grammar of our own: magnitude words (十 百 千 万 亿, and their products 十万 百万 千万 万亿)
that multiply out, units from ``data/units.tsv`` and context rules from ``data/number_grammar.tsv``
(range separators, ordinal and quote marks), read on first use. Values are exact ``Decimal``s in the
base unit of their unit key: 1920.83亿元 is 192083000000 CNY, 430万千瓦 is 4300000 KW, 14% is 14 PERCENT.

Offsets are character offsets into the text as given. Full-width digits and signs are folded to ASCII
before matching; the fold maps one character to one character, so offsets do not move.
``UNITS`` (unit keys to UnitInfo) and ``UNIT_WORDS`` (printed units to UnitWord) are the bundled
tables, read when first asked for.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from policykg.graph_builder.text.numbers.quantities import find_quantities, parse_quantity
from policykg.graph_builder.text.numbers.tables import (
    Grammar,
    UnitInfo,
    UnitWord,
    grammar,
    load_grammar,
    load_units,
    unit_words,
    units,
)
from policykg.graph_builder.text.numbers.years import find_years, parse_year
from policykg.numerals import parse_number

__all__ = [
    "UNITS",
    "UNIT_WORDS",
    "Grammar",
    "UnitInfo",
    "UnitWord",
    "find_quantities",
    "find_years",
    "grammar",
    "load_grammar",
    "load_units",
    "parse_number",
    "parse_quantity",
    "parse_year",
    "unit_words",
    "units",
]

_TABLES: dict[str, Any] = {"UNITS": units, "UNIT_WORDS": unit_words}


def __getattr__(name: str) -> Mapping[str, Any]:
    """Read ``UNITS`` and ``UNIT_WORDS`` from data/units.tsv when they are first asked for."""
    if name in _TABLES:
        return _TABLES[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
