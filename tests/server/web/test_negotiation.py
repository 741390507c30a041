"""Content negotiation: one table of Accept headers and suffixes, one of Accept-Language headers."""

from __future__ import annotations

import pytest

from policykg.server.web.negotiation import (
    QUERY_FORMATS,
    RDF_FORMATS,
    RESOURCE_FORMATS,
    RESULT_FORMATS,
    choose_format,
    choose_language,
)

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


@pytest.mark.parametrize(
    ("accept", "requested", "formats", "expected"),
    [
        # Linked-data documents: HTML for browsers and by default, RDF by Accept, suffixes win.
        (None, None, RESOURCE_FORMATS, "text/html"),
        ("", None, RESOURCE_FORMATS, "text/html"),
        ("*/*", None, RESOURCE_FORMATS, "text/html"),
        (BROWSER, None, RESOURCE_FORMATS, "text/html"),
        ("text/turtle", None, RESOURCE_FORMATS, "text/turtle"),
        ("application/x-turtle", None, RESOURCE_FORMATS, "text/turtle"),
        ("application/ld+json", None, RESOURCE_FORMATS, "application/ld+json"),
        ("application/json", None, RESOURCE_FORMATS, "application/ld+json"),
        ("application/n-triples", None, RESOURCE_FORMATS, "application/n-triples"),
        ("text/plain", None, RESOURCE_FORMATS, "application/n-triples"),
        ("application/rdf+xml", None, RESOURCE_FORMATS, "application/rdf+xml"),
        ("application/xml", None, RESOURCE_FORMATS, "application/rdf+xml"),
        ("text/turtle;q=0.5, application/ld+json", None, RESOURCE_FORMATS, "application/ld+json"),
        ("application/ld+json;q=0.5, text/turtle;q=0.5", None, RESOURCE_FORMATS, "text/turtle"),
        ("text/*", None, RESOURCE_FORMATS, "text/html"),
        ("text/html;q=0, */*", None, RESOURCE_FORMATS, "text/turtle"),
        ("TEXT/TURTLE", None, RESOURCE_FORMATS, "text/turtle"),
        ("image/png", None, RESOURCE_FORMATS, None),
        ("text/turtle;q=0", None, RESOURCE_FORMATS, None),
        ("garbage;;;q=x", None, RESOURCE_FORMATS, None),
        ("text/html", "ttl", RESOURCE_FORMATS, "text/turtle"),
        ("text/turtle", "html", RESOURCE_FORMATS, "text/html"),
        (None, "jsonld", RESOURCE_FORMATS, "application/ld+json"),
        (None, "nt", RESOURCE_FORMATS, "application/n-triples"),
        (None, "rdf", RESOURCE_FORMATS, "application/rdf+xml"),
        (None, "pdf", RESOURCE_FORMATS, None),
        # RDF only (VoID): a browser's application/xml;q=0.9 outranks its */*;q=0.8.
        (BROWSER, None, RDF_FORMATS, "application/rdf+xml"),
        ("*/*", None, RDF_FORMATS, "text/turtle"),
        ("text/html", None, RDF_FORMATS, None),
        # Named queries: plain JSON rows by default, every SPARQL result format by Accept or name.
        (None, None, QUERY_FORMATS, "application/json"),
        ("*/*", None, QUERY_FORMATS, "application/json"),
        ("application/json", None, QUERY_FORMATS, "application/json"),
        ("application/sparql-results+json", None, QUERY_FORMATS, "application/sparql-results+json"),
        ("application/sparql-results+xml", None, QUERY_FORMATS, "application/sparql-results+xml"),
        ("text/csv", None, QUERY_FORMATS, "text/csv"),
        ("text/tab-separated-values", None, QUERY_FORMATS, "text/tab-separated-values"),
        (None, "srj", QUERY_FORMATS, "application/sparql-results+json"),
        (None, "json", QUERY_FORMATS, "application/json"),
        (None, "tsv", QUERY_FORMATS, "text/tab-separated-values"),
        ("text/turtle", None, QUERY_FORMATS, None),
        (None, "application/json", RESULT_FORMATS, "application/sparql-results+json"),
    ],
)
def test_choose_format(accept, requested, formats, expected):
    chosen = choose_format(accept, requested, formats)
    assert (chosen.media_type if chosen else None) == expected


@pytest.mark.parametrize(
    ("requested", "accept_language", "expected"),
    [
        (None, None, "zh"),
        (None, "", "zh"),
        (None, "zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        (None, "en-US,en;q=0.9", "en"),
        (None, "en-GB", "en"),
        (None, "zh-Hans-CN", "zh"),
        (None, "zh-TW, en;q=0.9", "zh"),
        (None, "en;q=0.5, zh-Hans;q=0.8", "zh"),
        (None, "fr", "zh"),
        (None, "fr, en;q=0.5", "en"),
        (None, "*", "zh"),
        (None, "en-GB, zh;q=0", "en"),
        (None, "zh;q=0, *", "en"),
        (None, "EN", "en"),
        ("en", "zh-CN", "en"),
        ("zh", "en", "zh"),
        ("EN", None, "en"),
        ("fr", "en", None),
        ("", "en", None),
    ],
)
def test_choose_language(requested, accept_language, expected):
    assert choose_language(requested, accept_language) == expected
