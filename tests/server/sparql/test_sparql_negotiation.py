"""Content negotiation: one table of Accept headers and format names against the format chosen."""

from __future__ import annotations

import pytest

from policykg.server.web.negotiation import HTML, RDF_FORMATS, RESULT_FORMATS, choose_format

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize(
    ("accept", "requested", "table", "expected"),
    [
        (None, None, RESULT_FORMATS, "application/sparql-results+json"),
        ("", None, RESULT_FORMATS, "application/sparql-results+json"),
        ("*/*", None, RESULT_FORMATS, "application/sparql-results+json"),
        ("application/sparql-results+xml", None, RESULT_FORMATS, "application/sparql-results+xml"),
        ("application/json", None, RESULT_FORMATS, "application/sparql-results+json"),
        ("application/xml", None, RESULT_FORMATS, "application/sparql-results+xml"),
        ("text/csv", None, RESULT_FORMATS, "text/csv"),
        ("text/tab-separated-values", None, RESULT_FORMATS, "text/tab-separated-values"),
        ("text/csv;q=0.5, text/tab-separated-values", None, RESULT_FORMATS, "text/tab-separated-values"),
        ("text/*", None, RESULT_FORMATS, "text/csv"),
        (
            "application/sparql-results+json;q=0.1, application/sparql-results+xml;q=0.2",
            None,
            RESULT_FORMATS,
            "application/sparql-results+xml",
        ),
        ("text/turtle", None, RESULT_FORMATS, None),
        ("image/png", None, RESULT_FORMATS, None),
        (None, "csv", RESULT_FORMATS, "text/csv"),
        (None, "TSV", RESULT_FORMATS, "text/tab-separated-values"),
        (None, "xml", RESULT_FORMATS, "application/sparql-results+xml"),
        (None, "text/csv", RESULT_FORMATS, "text/csv"),
        ("text/csv", "json", RESULT_FORMATS, "application/sparql-results+json"),
        (None, "turtle", RESULT_FORMATS, None),
        (None, None, RDF_FORMATS, "text/turtle"),
        ("application/n-triples", None, RDF_FORMATS, "application/n-triples"),
        ("text/plain", None, RDF_FORMATS, "application/n-triples"),
        ("application/ld+json", None, RDF_FORMATS, "application/ld+json"),
        ("application/json", None, RDF_FORMATS, "application/ld+json"),
        ("application/rdf+xml", None, RDF_FORMATS, "application/rdf+xml"),
        ("application/xml", None, RDF_FORMATS, "application/rdf+xml"),
        ("application/x-turtle", None, RDF_FORMATS, "text/turtle"),
        ("text/turtle;q=0.5, application/rdf+xml", None, RDF_FORMATS, "application/rdf+xml"),
        ("application/sparql-results+json", None, RDF_FORMATS, None),
        (None, "ttl", RDF_FORMATS, "text/turtle"),
        (None, "nt", RDF_FORMATS, "application/n-triples"),
        (None, "jsonld", RDF_FORMATS, "application/ld+json"),
        (None, "json", RDF_FORMATS, "application/ld+json"),
        (None, "rdf", RDF_FORMATS, "application/rdf+xml"),
        (None, "xml", RDF_FORMATS, "application/rdf+xml"),
        (None, "n3", RDF_FORMATS, "text/turtle"),
        (None, ("tsv", "", "tsv"), RESULT_FORMATS, "text/tab-separated-values"),
        ("*/*", ("rdf+xml", "application/rdf+xml"), RDF_FORMATS, "application/rdf+xml"),
        (None, ("json-ld", "application/ld+json,application/x-json+ld"), RDF_FORMATS, "application/ld+json"),
        (None, ("pdf", "csv"), RESULT_FORMATS, "text/csv"),
        ("text/csv", ("pdf",), RESULT_FORMATS, None),
        ("text/csv", (), RESULT_FORMATS, "text/csv"),
        (BROWSER, None, (*RDF_FORMATS, HTML), "text/html"),
        ("*/*", None, (*RDF_FORMATS, HTML), "text/turtle"),
        (None, "html", (*RDF_FORMATS, HTML), "text/html"),
    ],
)
def test_choose_format(accept, requested, table, expected) -> None:
    """The format chosen for each Accept header or name, None when nothing in the table fits."""
    chosen = choose_format(accept, requested, table)
    assert (chosen.media_type if chosen else None) == expected
