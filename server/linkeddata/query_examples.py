"""Named queries as ready-to-run examples: each bound to values that give rows on the graph being served.

A parameter with a default keeps it. A required string takes the first example its description gives
("such as 实验室 or laboratory"). A required IRI takes the first candidate, among the entities with the
most links, for which the query returns rows. The choices are kept per store version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app

from policykg.ontology.namespaces import PREFIXES
from policykg.queries import NamedQuery, ParameterError
from policykg.server.store.current import get_store

#: How many well-linked entities are tried for a required IRI parameter.
CANDIDATES = 40
#: How many triples are looked at to find them.
SAMPLE = 50_000

_SUCH_AS = re.compile(r"such as ([^\s,.;)]+)")
_PROJECT_PREFIX = re.compile(r"^PREFIX\s+(\w*):\s*<([^>]*)>\s*$", re.IGNORECASE)

# Entities by number of links to them (rdf:type aside), the best-connected first, counted over a bounded
# sample of the triples so that a large store answers as fast as a small one.
_WELL_LINKED = """
SELECT ?e (COUNT(*) AS ?n) WHERE {{
  {{ SELECT ?e ?p WHERE {{
       ?x ?p ?e
       FILTER(isIRI(?e) && ?p != <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>
              && STRSTARTS(STR(?e), "{base}"))
     }} LIMIT {sample} }}
}} GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT {limit}
"""


@dataclass(frozen=True)
class Example:
    """A named query with the values it opens with and its text bound to them (project prefixes left out)."""

    name: str
    title: str
    values: dict[str, str]
    text: str


def without_project_prefixes(text: str) -> str:
    """Return ``text`` without the PREFIX lines that declare a project prefix as the project does."""
    kept = []
    for line in text.splitlines():
        match = _PROJECT_PREFIX.match(line.strip())
        if match and str(PREFIXES.get(match[1], "")) == match[2]:
            continue
        kept.append(line)
    return "\n".join(kept).lstrip("\n") + "\n"


def example_values(query: NamedQuery, lang: str) -> dict[str, str]:
    """Return the values a named query opens with: defaults, examples from its description, found IRIs."""
    cache = current_app.extensions.setdefault("policykg.query_examples", {})
    key = (get_store().version, query.name, lang)
    if key not in cache:
        cache[key] = _choose(query, lang)
    return dict(cache[key])


def _choose(query: NamedQuery, lang: str) -> dict[str, str]:
    values: dict[str, str] = {}
    open_iris = []
    for param in query.parameters:
        if param.type == "lang":
            values[param.name] = lang
        elif param.default is not None:
            values[param.name] = param.default
        elif param.required and param.type == "string" and (match := _SUCH_AS.search(param.description)):
            values[param.name] = match[1]
        elif param.required and param.type == "iri":
            open_iris.append(param.name)
    for name in open_iris:
        for candidate in _well_linked():
            if _has_rows(query, values | {name: candidate}):
                values[name] = candidate
                break
    return values


def _well_linked() -> list[str]:
    base = current_app.config["POLICYKG_BASE"]
    rows = get_store().select(
        _WELL_LINKED.format(base=base.replace('"', ""), limit=CANDIDATES, sample=SAMPLE)
    )
    return [row["e"].value for row in rows if "e" in row]


def _has_rows(query: NamedQuery, values: dict[str, str]) -> bool:
    try:
        text = query.bind(values)
    except ParameterError:
        return False
    return bool(get_store().select(text))


def bound_example(query: NamedQuery, lang: str) -> Example:
    """Return the named query bound to its opening values, ready for the query editor."""
    values = example_values(query, lang)
    try:
        text = query.bind(values)
    except ParameterError:
        # No entity of the graph gives rows (an empty store): the query opens with its parameter unbound.
        values, text = {}, query.text
    return Example(query.name, query.titles.get(lang, query.title), values, without_project_prefixes(text))
