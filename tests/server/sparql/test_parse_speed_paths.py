"""The faster paths of reading SPARQL: the one-pass lexer, the short way through single-term expressions,
the kept parses (no request parses its text twice) and named-query templates checked once."""

from __future__ import annotations

import pytest

from policykg.queries import NamedQuery
from policykg.server.sparql import policy
from policykg.server.sparql.grammar import SparqlSyntaxError, parse_query
from policykg.server.sparql.lexer import keywords
from policykg.server.sparql.named import template_problem
from policykg.server.sparql.syntax import Lexer


def test_the_lexer_reads_every_token_up_front_and_stays_at_the_end() -> None:
    lexer = Lexer("SELECT ?s WHERE { ?s ?p 'x' }")
    assert [t.kind for t in lexer.tokens] == [
        "WORD",
        "VAR",
        "WORD",
        "PUNCT",
        "VAR",
        "VAR",
        "STRING",
        "PUNCT",
        "END",
    ]
    while lexer.take().kind != "END":
        pass
    assert lexer.take().kind == "END"
    assert lexer.pos == len(lexer.text)


def test_a_less_than_read_as_an_iri_is_read_again_as_an_operator() -> None:
    # '<?b&&?b>' is an IRI to the lexer; after an operand the grammar reads '<' and tokenizes the rest anew.
    parsed = parse_query("SELECT * WHERE { ?a ?p ?b FILTER(?a<?b&&?b>?c) }")
    assert parsed.form == "SELECT"


def test_an_earlier_grammar_error_is_reported_before_a_later_bad_character() -> None:
    with pytest.raises(SparqlSyntaxError) as error:
        parse_query("SELECT * WHERE { ?s ?p }\n~")
    assert error.value.line == 1
    with pytest.raises(SparqlSyntaxError) as error:
        parse_query("SELECT * WHERE { ?s ?p ?o }\n  ~")
    assert "unexpected character '~'" in error.value.message
    assert (error.value.line, error.value.column) == (2, 3)


def test_keywords_stop_at_a_bad_character() -> None:
    assert [k.word for k in keywords("SELECT * WHERE { } ~ LIMIT")] == ["SELECT", "WHERE"]


@pytest.mark.parametrize(
    "text",
    [
        'SELECT (CONCAT(?a, "x", 1) AS ?c) WHERE { ?a ?b ?d }',
        "SELECT * WHERE { ?a ?b ?c BIND(?c AS ?d) FILTER(?c) }",
        "SELECT * WHERE { ?a ?b ?c FILTER(?c IN (1, ?a, 'z')) }",
        "SELECT * WHERE { ?a ?b ?c FILTER(?c - 1 > 2 || (?a)) } ORDER BY DESC(?c)",
    ],
)
def test_single_term_expressions_parse(text: str) -> None:
    assert parse_query(text).form == "SELECT"


def test_single_term_arguments_are_still_counted() -> None:
    with pytest.raises(SparqlSyntaxError, match="STRLEN takes 1 arguments"):
        parse_query("SELECT * WHERE { ?a ?b ?c FILTER(STRLEN(?a, ?b)) }")
    assert "NOW" in parse_query("SELECT (NOW() AS ?n) WHERE { }").calls


def test_a_text_is_parsed_once_also_under_its_expanded_form(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = policy._parse_now

    def counted(text: str, kind: str):  # type: ignore[no-untyped-def]
        calls.append(text)
        return real(text, kind)

    monkeypatch.setattr(policy, "_parse_now", counted)
    text = "SELECT ?x WHERE { ?x <http://e/\\u0070> ?y } # parsed once " + "x" * 70_000
    first = policy.parsed(text, "query")
    assert "\\u0070" not in first.text
    assert policy.parsed(text, "query") is first
    # The executor checks the expanded text the engine is given: the same parse, no second reading.
    assert policy.parsed(first.text, "query") is first
    assert len(calls) == 1


def test_kept_parses_are_bounded_in_entries() -> None:
    for number in range(policy._KEPT_ENTRIES + 10):
        policy.parsed(f"ASK {{ }} # {number}", "query")
    assert len(policy._kept) <= policy._KEPT_ENTRIES
    assert policy._kept_chars <= policy._KEPT_CHARS


def test_bundled_templates_pass_their_check() -> None:
    from policykg.queries import bundled_queries

    for query in bundled_queries().values():
        assert template_problem(query.name, query.text) is None


def test_a_template_that_fetches_is_refused_once_checked(client, monkeypatch: pytest.MonkeyPatch) -> None:
    from policykg.server.routes import api

    bad = NamedQuery(
        "fetching",
        "SELECT ?s WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",
        {"en": "Fetching"},
        {},
    )
    monkeypatch.setattr(api, "bundled_queries", lambda: {"fetching": bad})
    response = client.get("/api/queries/fetching", headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 500
    assert "fetch from another host" in response.get_json()["detail"]
    assert template_problem("broken", "SELECT ?s WHERE { ?s") is not None
