"""Content negotiation: tables of media types and one pure function that picks from a table.

Each table lists the formats one kind of response can take, the default first. A client picks a format
either explicitly (a ``format`` parameter or a URL suffix, matched against each format's names and media
type) or with an ``Accept`` header (RFC 9110 §12.5.1); an explicit choice wins, as in most SPARQL services.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
from werkzeug.datastructures import LanguageAccept, MIMEAccept
from werkzeug.http import parse_accept_header


@dataclass(frozen=True)
class Format:
    """One representation: its media type, the names a client may ask for it by, and how to write it."""

    media_type: str
    names: tuple[str, ...]
    #: pyoxigraph's format object for SPARQL results or RDF, None for formats written elsewhere (HTML).
    writer: ox.QueryResultsFormat | ox.RdfFormat | None = None
    #: other media types that mean the same (older or informal registrations).
    aliases: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        """Return the Content-Type header value, with a charset for textual types."""
        return self.media_type + ("; charset=utf-8" if self.media_type.startswith("text/") else "")

    @property
    def iri(self) -> str | None:
        """Return the format's IRI in the W3C formats registry (http://www.w3.org/ns/formats/)."""
        if self.writer == ox.RdfFormat.JSON_LD:
            return "http://www.w3.org/ns/formats/JSON-LD"
        return self.writer.iri if self.writer is not None else None

    @property
    def suffix(self) -> str:
        """Return the URL suffix for this format, e.g. ``ttl``."""
        return self.names[0]


#: SELECT and ASK results (SPARQL 1.1 Protocol §2.2.6, SPARQL 1.1 Query Results JSON, XML, CSV/TSV).
RESULT_FORMATS: tuple[Format, ...] = (
    Format(
        "application/sparql-results+json", ("json", "srj"), ox.QueryResultsFormat.JSON, ("application/json",)
    ),
    Format(
        "application/sparql-results+xml",
        ("xml", "srx"),
        ox.QueryResultsFormat.XML,
        ("application/xml", "text/xml"),
    ),
    Format("text/csv", ("csv",), ox.QueryResultsFormat.CSV),
    Format("text/tab-separated-values", ("tsv",), ox.QueryResultsFormat.TSV),
)

#: CONSTRUCT and DESCRIBE results, and any RDF document (SPARQL 1.1 Protocol §2.2.6).
RDF_FORMATS: tuple[Format, ...] = (
    Format("text/turtle", ("ttl", "turtle", "n3"), ox.RdfFormat.TURTLE, ("application/x-turtle", "text/n3")),
    Format("application/n-triples", ("nt", "ntriples", "n-triples"), ox.RdfFormat.N_TRIPLES, ("text/plain",)),
    Format("application/ld+json", ("jsonld", "json-ld", "json"), ox.RdfFormat.JSON_LD, ("application/json",)),
    Format(
        "application/rdf+xml",
        ("rdf", "rdfxml", "rdf+xml", "xml", "owl"),
        ox.RdfFormat.RDF_XML,
        ("application/xml", "text/xml"),
    ),
)

#: HTML, for tables that offer a page alongside RDF (put it first to make it the default).
HTML = Format("text/html", ("html", "htm"), None, ("application/xhtml+xml",))


def choose_format(
    accept: str | None, requested: str | Sequence[str] | None, formats: Sequence[Format]
) -> Format | None:
    """Return the format a client asked for, by name or media type, else by Accept; None if none fits.

    ``requested`` may list several candidates (clients such as SPARQLWrapper send a name and media types,
    some comma-separated): the first one in the table wins.
    """
    candidates = (requested,) if isinstance(requested, str) else tuple(requested or ())
    return _choose(accept, candidates, tuple(formats))


@lru_cache(maxsize=1024)
def _choose(accept: str | None, candidates: tuple[str, ...], formats: tuple[Format, ...]) -> Format | None:
    # Clients send few distinct Accept headers, and parsing one costs more than the query it comes with.
    wanted = [part.strip().lower() for value in candidates for part in value.split(",") if part.strip()]
    if wanted:
        for name in wanted:
            for fmt in formats:
                if name in fmt.names or name == fmt.media_type or name in fmt.aliases:
                    return fmt
        return None
    if not accept or not accept.strip():
        return formats[0]
    offers = parse_accept_header(accept, MIMEAccept)
    best: tuple[float, int, Format] | None = None
    for rank, fmt in enumerate(formats):
        # A format's own media type counts fully; an alias (e.g. application/json for JSON-LD) a little less,
        # so that an exact match elsewhere in the table wins over an alias match.
        quality = max(
            [offers.quality(fmt.media_type)] + [offers.quality(alias) * 0.999 for alias in fmt.aliases]
        )
        if quality > 0 and (best is None or (quality, -rank) > (best[0], -best[1])):
            best = (quality, rank, fmt)
    return best[2] if best else None


def accepted_types(formats: Sequence[Format]) -> list[str]:
    """Return the media types a table offers, for a 406 response that lists them."""
    return [fmt.media_type for fmt in formats]


#: Linked-data documents: an HTML page for browsers (the default, also for ``*/*``) and RDF.
RESOURCE_FORMATS: tuple[Format, ...] = (HTML, *RDF_FORMATS)

#: Label languages, the default first: the Chinese labels are the authoritative ones.
LANGUAGES: tuple[str, ...] = ("zh", "en")


def choose_language(requested: str | None, accept_language: str | None) -> str | None:
    """Return the label language: ``requested`` if it is one we have (else None), else by Accept-Language.

    A language range matches a language and its subtags (``zh-Hans-CN`` is Chinese, RFC 4647 §3.3.1); a
    range that names a language outranks ``*``; equal weights go to the table's order; an Accept-Language
    that names none of ours gets the default rather than an error, since every page has both languages.
    """
    if requested is not None:
        wanted = requested.strip().lower()
        return wanted if wanted in LANGUAGES else None
    weights: dict[str, float] = {}
    wildcard = 0.0
    for language_range, quality in parse_accept_header(accept_language or "", LanguageAccept):
        tag = language_range.lower()
        if tag == "*":
            wildcard = max(wildcard, quality)
            continue
        for language in LANGUAGES:
            if tag == language or tag.startswith(language + "-"):
                weights[language] = max(weights.get(language, 0.0), quality)
    scored = [(weights.get(language, wildcard), -rank, language) for rank, language in enumerate(LANGUAGES)]
    best = max(scored)
    return best[2] if best[0] > 0 else LANGUAGES[0]


#: Rows of a named query as plain JSON objects (the API's default), beside the SPARQL result formats.
ROWS_JSON = Format("application/json", ("json", "rows"), None)

#: Named-query results: plain JSON rows first, then every SPARQL result format.
QUERY_FORMATS: tuple[Format, ...] = (ROWS_JSON, *RESULT_FORMATS)
