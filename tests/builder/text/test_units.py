"""Tests of the unit and grammar tables (graph_builder/text/numbers/): the units' standard IRIs and
their definitions in the ontology, the unit words, and loading the tables and refusing bad ones."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import RDFS, SKOS

from policykg.data import data_path
from policykg.graph_builder.text.numbers import UNIT_WORDS, UNITS, load_grammar, load_units

ONTOLOGY = Path(__file__).parents[3] / "ontology" / "policykg.ttl"


@pytest.mark.parametrize(
    ("key", "iri"),
    [
        ("CNY", "http://qudt.org/vocab/currency/CNY"),
        ("USD", "http://qudt.org/vocab/currency/USD"),
        ("PERCENT", "http://qudt.org/vocab/unit/PERCENT"),
        ("KW", "http://qudt.org/vocab/unit/KiloW"),
        ("TONNE", "http://qudt.org/vocab/unit/TONNE"),
        ("HECTARE", "http://qudt.org/vocab/unit/HA"),
        ("DAY", "http://qudt.org/vocab/unit/DAY"),
        ("M2", "http://qudt.org/vocab/unit/M2"),
        ("KM", "http://qudt.org/vocab/unit/KiloM"),
        ("KWH", "http://qudt.org/vocab/unit/KiloW-HR"),
        ("PERSON", "https://w3id.org/policykg/unit/Person"),
        ("ENTERPRISE", "https://w3id.org/policykg/unit/Enterprise"),
        ("ITEM", "https://w3id.org/policykg/unit/Item"),
        ("VEHICLE", "https://w3id.org/policykg/unit/Vehicle"),
        ("JIN", "https://w3id.org/policykg/unit/Jin"),
        ("PERCENTAGE_POINT", "https://w3id.org/policykg/unit/PercentagePoint"),
    ],
)
def test_units_map_keys_to_standard_iris(key: str, iri: str) -> None:
    assert UNITS[key].iri == iri
    assert UNITS[key].key == key


def test_every_project_unit_is_defined_in_the_ontology() -> None:
    graph = rdflib.Graph().parse(ONTOLOGY)
    project_units = [u for u in UNITS.values() if u.iri.startswith("https://w3id.org/policykg/unit/")]
    assert project_units
    for unit in project_units:
        node = rdflib.URIRef(unit.iri)
        for prop in (RDFS.label, SKOS.definition):
            languages = {o.language for o in graph.objects(node, prop) if isinstance(o, rdflib.Literal)}
            assert {"zh", "en"} <= languages, (unit.iri, prop)


def test_every_unit_word_names_a_known_key() -> None:
    assert {w.key for w in UNIT_WORDS.values()} == set(UNITS)
    assert all(w.multiplier > 0 for w in UNIT_WORDS.values())


HEADER = "printed\tkey\tmultiplier\tiri\tzh\ten\tnot_before\n"
YUAN = "元\tCNY\t1\thttp://qudt.org/vocab/currency/CNY\t元\tyuan\t\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("元\tCNY\n", "expected the header"),
        (HEADER, "no units"),
        ("", "no header"),
        (HEADER + "元\tCNY\tone\thttp://qudt.org/vocab/currency/CNY\t元\tyuan\t\n", "not a number"),
        (HEADER + "元\tCNY\t-1\thttp://qudt.org/vocab/currency/CNY\t元\tyuan\t\n", "must be positive"),
        (HEADER + "元\tCNY\t1\thttp://example.org/yuan\t元\tyuan\t\n", "neither QUDT"),
        (HEADER + YUAN + YUAN, "listed twice"),
        (
            HEADER + YUAN + "圆\tCNY\t1\thttp://qudt.org/vocab/currency/CNY\t圆\tyuan\t\n",
            "another IRI or name",
        ),
        (HEADER + "\tCNY\t1\thttp://qudt.org/vocab/currency/CNY\t元\tyuan\t\n", "must not be empty"),
        (HEADER + "元\tCNY\t1\thttp://qudt.org/vocab/currency/CNY\t元\tyuan\t\textra\n", "columns"),
    ],
)
def test_load_units_rejects_a_bad_table(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "units.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as error:
        load_units(path)
    assert str(path) in str(error.value)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("frobnicate\t至\t\t\n", "unknown rule"),
        ("quote\t“\t40\t\n", "opening and a closing mark"),
        ("quote\t“”\tlong\t\n", "opening and a closing mark"),
        ("range_separator\t\t\t\n", "has no text"),
        ("approximate\t余多\t\t\n", "single characters"),
    ],
)
def test_load_grammar_rejects_a_bad_rule(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "grammar.tsv"
    path.write_text("rule\ttext\tlimit\twhy\n" + row, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_grammar(path)


def test_the_bundled_tables_load() -> None:
    grammar = load_grammar(data_path("number_grammar.tsv"))
    assert "至" in grammar.range_separators
    assert ("《", "》", 120) in grammar.quotes
    infos, words = load_units(data_path("units.tsv"))
    assert infos == UNITS
    assert words["元"].key == "CNY"
    assert not {"十", "百", "千", "万", "亿"} & set(words)  # magnitudes are grammar, not units
