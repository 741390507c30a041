"""The ontology is OWL 2 DL and HermiT finds it consistent, alone and with the bundled plan's build.

HermiT and the OWL API come with owlready2 (its bundled HermiT.jar); they run on the Java runtime that
``make system-deps`` installs, through ``OwlDlCheck.java`` beside this file. Years are the reason the
ontology was once refused: xsd:gYear is outside the OWL 2 datatype map, so every year is also an
xsd:integer (``pkg:deadlineYearNumber`` ...) and the gYear forms are annotations.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import owlready2
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, XSD

from policykg.ontology import ontology_path
from policykg.ontology.namespaces import PKG, PKU, TIME

HERMIT_JAR = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
CHECKER = Path(__file__).parent / "OwlDlCheck.java"

#: Each gYear-valued property and the integer property that carries the same year.
INTEGER_TWINS = {
    PKG.deadlineYear: PKG.deadlineYearNumber,
    PKG.baselineYear: PKG.baselineYearNumber,
    PKG.startYear: PKG.startYearNumber,
    TIME.inXSDgYear: PKG.yearNumber,
}


def check(*sources: Path, tmp_path: Path) -> tuple[list[str], str]:
    """Merge RDF files into one N-Triples document; return its profile violations and HermiT's verdict."""
    java = shutil.which("java")
    assert java, "no Java runtime: run `make system-deps` (default-jre-headless)"
    graph = Graph()
    for source in sources:
        graph.parse(source)
    merged = tmp_path / "merged.nt"
    graph.serialize(merged, format="nt", encoding="utf-8")
    done = subprocess.run(
        [java, "-cp", str(HERMIT_JAR), str(CHECKER), str(merged)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = done.stdout.splitlines()
    verdicts = [line for line in lines if line.startswith(("CONSISTENT ", "REFUSED "))]
    assert len(verdicts) == 1, done.stdout[-2000:] + done.stderr[-2000:]
    return [line for line in lines if line.startswith("VIOLATION ")], verdicts[0]


def test_the_ontology_is_owl2_dl_and_consistent(tmp_path):
    violations, verdict = check(ontology_path(), tmp_path=tmp_path)
    assert violations == []
    assert verdict == "CONSISTENT true"


def test_the_ontology_with_the_bundled_plans_build_is_owl2_dl_and_consistent(seed_build, tmp_path):
    built = [path for path in seed_build.files if path.suffix == ".ttl"]
    assert built
    violations, verdict = check(ontology_path(), *built, tmp_path=tmp_path)
    assert violations[:5] == []
    assert verdict == "CONSISTENT true"


def test_the_check_refuses_a_gyear_range_and_an_undeclared_term(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix ex: <https://example.org/> .\n"
        "ex:o a owl:Ontology . ex:year a owl:DatatypeProperty ; rdfs:range xsd:gYear .\n"
        "ex:Thing a owl:Class ; rdfs:subClassOf ex:Undeclared .\n",
        encoding="utf-8",
    )
    violations, verdict = check(bad, tmp_path=tmp_path)
    assert any("undeclared class: <https://example.org/Undeclared>" in v for v in violations)
    assert verdict.startswith("REFUSED") and "gYear" in verdict


@pytest.fixture(scope="module")
def seed_rdf(seed_build) -> Graph:
    graph = Graph()
    for path in seed_build.files:
        if path.suffix == ".ttl":
            graph.parse(path)
    return graph


def test_every_gyear_in_the_build_has_its_integer_twin(seed_rdf):
    pairs = 0
    for gyear_property, integer_property in INTEGER_TWINS.items():
        for node, year in seed_rdf.subject_objects(gyear_property):
            assert year.datatype == XSD.gYear
            assert (node, integer_property, Literal(int(str(year)))) in seed_rdf, (node, gyear_property)
            pairs += 1
    assert pairs >= 10
    for document, issued in seed_rdf.subject_objects(DCTERMS.issued):
        assert (document, PKG.issuedYearNumber, Literal(int(str(issued)[:4]))) in seed_rdf


def test_every_year_property_is_an_integer_datatype_property_in_the_ontology():
    ontology = Graph().parse(ontology_path())
    for gyear_property, integer_property in INTEGER_TWINS.items():
        assert set(ontology.objects(integer_property, RDF.type)) == {OWL.DatatypeProperty}
        assert (integer_property, RDFS.range, XSD.integer) in ontology
        assert set(ontology.objects(gyear_property, RDF.type)) == {OWL.AnnotationProperty}, gyear_property
    assert (PKG.issuedYearNumber, RDFS.range, XSD.integer) in ontology
    assert not set(ontology.subjects(RDFS.range, XSD.gYear))


def test_every_unit_the_build_uses_has_a_label_in_both_languages(seed_rdf):
    ontology = Graph().parse(ontology_path())
    units = set(seed_rdf.objects(None, PKG.unit))
    assert any(str(u).endswith("PERCENT") for u in units) and any(str(u).endswith("USD") for u in units)
    for unit in units:
        source = ontology if str(unit).startswith(str(PKU)) else seed_rdf
        languages = {label.language for label in source.objects(unit, RDFS.label)}
        assert {"zh", "en"} <= languages, unit
