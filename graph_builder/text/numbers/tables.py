"""The number grammar's tables: units (data/units.tsv) and context rules (data/number_grammar.tsv).

Each table is read once, on first use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from types import MappingProxyType

from policykg.data import data_path, read_table


@dataclass(frozen=True)
class UnitInfo:
    """A unit that quantities are normalized to: its key, IRI and names."""

    key: str
    iri: str
    zh: str
    en: str


@dataclass(frozen=True)
class UnitWord:
    """A unit as printed after a number, with the unit key and the factor to that key's base unit."""

    printed: str
    key: str
    multiplier: Decimal
    not_before: tuple[str, ...] = ()


@dataclass(frozen=True)
class Grammar:
    """The context rules of the number grammar, as read from ``data/number_grammar.tsv``."""

    range_separators: tuple[str, ...]
    year_joiners: tuple[str, ...]
    approximate: str
    not_after: tuple[str, ...]
    vague: frozenset[str]
    articles: frozenset[str]
    quotes: tuple[tuple[str, str, int], ...]


_UNIT_COLUMNS = ("printed", "key", "multiplier", "iri", "zh", "en", "not_before")
_GRAMMAR_COLUMNS = ("rule", "text", "limit", "why")
_IRI_PREFIXES = (
    "http://qudt.org/vocab/unit/",
    "http://qudt.org/vocab/currency/",
    "https://w3id.org/policykg/unit/",
)


def load_units(path: Path | None = None) -> tuple[Mapping[str, UnitInfo], Mapping[str, UnitWord]]:
    """Read the unit table: unit keys to UnitInfo, and printed units to UnitWord."""
    path = path or data_path("units.tsv")
    infos: dict[str, UnitInfo] = {}
    words: dict[str, UnitWord] = {}
    for row in read_table(path, _UNIT_COLUMNS):
        where = row.where
        printed, key = row["printed"], row["key"]
        if not printed or not key or not row["zh"] or not row["en"]:
            raise ValueError(f"{where}: printed, key, zh and en must not be empty")
        if not row["iri"].startswith(_IRI_PREFIXES):
            raise ValueError(f"{where}: IRI {row['iri']!r} is neither QUDT nor a pku: unit")
        try:
            multiplier = Decimal(row["multiplier"])
        except InvalidOperation:
            raise ValueError(f"{where}: multiplier {row['multiplier']!r} is not a number") from None
        if not multiplier.is_finite() or multiplier <= 0:
            raise ValueError(f"{where}: multiplier {row['multiplier']!r} must be positive")
        info = UnitInfo(key=key, iri=row["iri"], zh=row["zh"], en=row["en"])
        if infos.setdefault(key, info) != info:
            raise ValueError(f"{where}: unit {key} has another IRI or name on an earlier row")
        if printed in words:
            raise ValueError(f"{where}: the printed unit {printed!r} is listed twice")
        not_before = tuple(t for t in row["not_before"].split(",") if t)
        words[printed] = UnitWord(printed=printed, key=key, multiplier=multiplier, not_before=not_before)
    if not words:
        raise ValueError(f"{path}: no units")
    return MappingProxyType(infos), MappingProxyType(words)


def load_grammar(path: Path | None = None) -> Grammar:
    """Read the context rules of the number grammar."""
    path = path or data_path("number_grammar.tsv")
    rules: dict[str, list[str]] = {
        "range_separator": [],
        "year_joiner": [],
        "approximate": [],
        "not_after": [],
        "vague": [],
        "article": [],
    }
    quotes: list[tuple[str, str, int]] = []
    for row in read_table(path, _GRAMMAR_COLUMNS):
        where = row.where
        rule, text = row["rule"], row["text"]
        if not text:
            raise ValueError(f"{where}: the rule {rule!r} has no text")
        if rule == "quote":
            if len(text) != 2 or not row["limit"].isdigit():
                raise ValueError(f"{where}: a quote is an opening and a closing mark and a length limit")
            quotes.append((text[0], text[1], int(row["limit"])))
        elif rule in rules:
            rules[rule].append(text)
        else:
            raise ValueError(f"{where}: unknown rule {rule!r}")
    if any(len(a) != 1 for a in rules["approximate"]):
        raise ValueError(f"{path}: approximate markers must be single characters")
    return Grammar(
        range_separators=tuple(rules["range_separator"]),
        year_joiners=tuple(rules["year_joiner"]),
        approximate="".join(rules["approximate"]),
        not_after=tuple(rules["not_after"]),
        vague=frozenset(rules["vague"]),
        articles=frozenset(rules["article"]),
        quotes=tuple(quotes),
    )


@cache
def _bundled_units() -> tuple[Mapping[str, UnitInfo], Mapping[str, UnitWord]]:
    return load_units()


def units() -> Mapping[str, UnitInfo]:
    """Return the bundled unit keys with their IRIs and names (read once)."""
    return _bundled_units()[0]


def unit_words() -> Mapping[str, UnitWord]:
    """Return the bundled printed units (read once)."""
    return _bundled_units()[1]


@cache
def grammar() -> Grammar:
    """Return the bundled context rules of the number grammar (read once)."""
    return load_grammar()
