"""The ontology and the shapes: every term labelled and defined in both languages, aligned, parseable."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from policykg.ontology import ontology_path, shapes_path
from policykg.ontology.namespaces import PKG, PKU

ONTOLOGY = Graph().parse(ontology_path(), format="turtle")
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
TERMS = sorted(
    {s for t in TERM_TYPES for s in ONTOLOGY.subjects(RDF.type, t) if str(s).startswith((str(PKG), str(PKU)))}
    | {s for s in ONTOLOGY.subjects() if str(s).startswith((str(PKG), str(PKU)))}
)
REQUIRED_CLASSES = (
    "Plan", "Domain", "Task", "Project", "ProjectPortfolio", "Institution", "Laboratory", "Hospital",
    "IndustrialPark", "InnovationPlatform", "University", "Place", "Target",
)  # fmt: skip


def languages(term, prop) -> set[str]:
    return {o.language for o in ONTOLOGY.objects(term, prop)}


def test_the_ontology_defines_many_terms():
    assert len(TERMS) > 80


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.split("/")[-1])
def test_every_term_has_a_label_and_a_definition_in_zh_and_en(term):
    assert {"zh", "en"} <= languages(term, RDFS.label), term
    definitions = languages(term, SKOS.definition) | languages(term, RDFS.comment)
    assert {"zh", "en"} <= definitions, term


@pytest.mark.parametrize("name", REQUIRED_CLASSES)
def test_required_classes_exist(name):
    assert (PKG[name], RDF.type, OWL.Class) in ONTOLOGY


@pytest.mark.parametrize("name", REQUIRED_CLASSES)
def test_classes_are_aligned_to_standard_vocabularies(name):
    parents = set(ONTOLOGY.transitive_objects(PKG[name], RDFS.subClassOf)) | set(
        ONTOLOGY.objects(PKG[name], SKOS.closeMatch)
    )
    outside = {str(p) for p in parents if not str(p).startswith(str(PKG))}
    assert outside, f"{name} is aligned to nothing outside the ontology"


def test_comparators_and_statuses_are_skos_concepts_in_schemes():
    for scheme, members in ((PKG.ComparatorScheme, 7), (PKG.ProjectStatusScheme, 3)):
        assert len(set(ONTOLOGY.subjects(SKOS.inScheme, scheme))) == members


def test_the_shapes_parse_and_target_ontology_classes():
    shapes = Graph().parse(shapes_path(), format="turtle")
    targets = {t for t in shapes.objects(None, URIRef("http://www.w3.org/ns/shacl#targetClass"))}
    ours = {t for t in targets if str(t).startswith(str(PKG))}
    assert {PKG.ProjectPortfolio, PKG.Target} <= ours
    assert all((t, RDF.type, OWL.Class) in ONTOLOGY for t in ours)


def test_a_namespace_term_is_made_once_and_kept_as_an_attribute():
    from policykg.ontology.namespaces import ONTOLOGY_IRI

    term = PKG.hasTarget
    assert term == URIRef(ONTOLOGY_IRI + "#hasTarget") and PKG.hasTarget is term is PKG["hasTarget"]
    assert vars(PKG)["hasTarget"] is term  # the next lookup is a plain attribute
    assert PKU.percent == URIRef("https://w3id.org/policykg/unit/percent")
    with pytest.raises(AttributeError):
        PKG.__no_such_dunder__  # noqa: B018 (rdflib's refusal of "__" names stands)
