"""Namespaces of the policykg ontology and of the standard vocabularies it aligns to.

This module has no rdflib dependency at import time beyond `rdflib.Namespace`, so both the
graph writer and the server share one set of prefixes.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

from policykg import iris as iris_scheme


class _Namespace(Namespace):
    """An rdflib Namespace that makes each term once: writing a graph asks for the same terms
    (``PKG.hasTask``) millions of times, and rdflib checks and builds a new URIRef each time. A term
    asked for as an attribute is kept as one, so that the next time is a plain attribute lookup."""

    def term(self, name: str) -> URIRef:
        key = (str(self), name)
        term = _TERMS.get(key)
        if term is None:
            term = _TERMS[key] = super().term(name)
        return term

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)  # (rdflib refuses "__" names)
        self.__dict__[name] = term
        return term


_TERMS: dict[tuple[str, str], URIRef] = {}

ONTOLOGY_IRI = "https://w3id.org/policykg/ontology"
PKG = _Namespace(ONTOLOGY_IRI + "#")
PKU = _Namespace("https://w3id.org/policykg/unit/")
SCHEMA = _Namespace("https://schema.org/")
ORG = _Namespace("http://www.w3.org/ns/org#")
QUDT = _Namespace("http://qudt.org/schema/qudt/")
UNIT = _Namespace("http://qudt.org/vocab/unit/")
CUR = _Namespace("http://qudt.org/vocab/currency/")
TIME = _Namespace("http://www.w3.org/2006/time#")
OA = _Namespace("http://www.w3.org/ns/oa#")
DQV = _Namespace("http://www.w3.org/ns/dqv#")

#: Default base for minted data IRIs (defined with the IRI scheme, re-exported here).
DEFAULT_BASE = iris_scheme.DEFAULT_BASE

#: Prefixes bound in every serialized graph and preloaded in the SPARQL editor.
PREFIXES: dict[str, Namespace] = {
    "pkg": PKG,
    "pku": PKU,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "schema": SCHEMA,
    "org": ORG,
    "qudt": QUDT,
    "unit": UNIT,
    "cur": CUR,
    "time": TIME,
    "oa": OA,
    "sh": SH,
    "dqv": DQV,
}

#: The same, as plain strings (what pyoxigraph's writers take).
PREFIX_IRIS: dict[str, str] = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def sparql_prologue() -> str:
    """Return PREFIX declarations for every project prefix, for prepending to queries."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
