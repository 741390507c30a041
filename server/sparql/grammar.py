"""A recursive-descent parser of the SPARQL 1.1 grammar (Query §19.8, Update §19) that records what the
server decides on: the query form, SERVICE and LOAD with their IRIs, the functions called, and for each
update operation where its WHERE clause starts. Terms and expressions are read by server/sparql/reader.py.

The grammar is LL(1), so each rule reads one token ahead. Written here rather than taken from rdflib because
rdflib's pyparsing grammar needs hundreds of milliseconds for a named query, more than the engine takes to
answer it; this reads a named query in about a millisecond.
"""

from __future__ import annotations

from policykg.server.sparql.reader import (
    AGGREGATES,
    BUILT_INS,
    Fetch,
    Operation,
    Parsed,
    Reader,
)
from policykg.server.sparql.syntax import SparqlSyntaxError, Token, expand_escapes

#: What may follow a triples block without a '.': the start of a GraphPatternNotTriples (§19.8 [56]).
_PATTERN_KEYWORDS = ("{", "OPTIONAL", "MINUS", "GRAPH", "SERVICE", "FILTER", "BIND", "VALUES")
#: The words an update operation starts with (Update §19 [30]).
_UPDATE_KEYWORDS = frozenset(
    {"LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "INSERT", "DELETE", "WITH"}
)


def parse_query(text: str) -> Parsed:
    """Parse a SPARQL 1.1 query, or raise ``SparqlSyntaxError`` with the position of the first error."""
    return _Parser(expand_escapes(text), "query").query()


def parse_update(text: str) -> Parsed:
    """Parse a SPARQL 1.1 update, or raise ``SparqlSyntaxError`` with the position of the first error."""
    return _Parser(expand_escapes(text), "update").update()


class _Parser(Reader):
    """One parse: the query and update forms, graph patterns, triples and paths, on top of ``Reader``."""

    # Units and prologue.
    def query(self) -> Parsed:
        self.prologue()
        form = self.expect("SELECT", "CONSTRUCT", "DESCRIBE", "ASK").word
        self.out.form = form
        getattr(self, form.lower())()
        self.values_clause()
        self.end()
        return self.out

    def update(self) -> Parsed:
        while True:
            self.prologue()
            if self.kind("END"):
                break
            self.update1()
            if not self.accept(";"):
                break
        self.end()
        return self.out

    def end(self) -> None:
        if not self.kind("END"):
            raise self.lex.error("expected the end of the text")

    def prologue(self) -> None:
        while self.at("BASE", "PREFIX"):
            if self.lex.take().word == "BASE":
                self.iriref()
                continue
            name = self.lex.take()
            if name.kind != "PNAME" or not name.text.endswith(":"):
                raise self.lex.error("expected a prefix name ending in ':'", name)
            self.out.prefixes[name.text[:-1]] = self.iriref()[1:-1]

    def iriref(self) -> str:
        if not self.kind("IRI"):
            raise self.lex.error("expected an IRI in <...>")
        return self.lex.take().text

    # Queries.
    def select(self) -> None:
        self.select_clause()
        self.dataset_clauses()
        self.where_clause()
        self.solution_modifier()

    def select_clause(self) -> None:
        self.accept("DISTINCT", "REDUCED")
        if self.accept("*"):
            return
        count = 0
        while self.kind("VAR") or self.at("("):
            if self.lex.take().kind != "VAR":
                self.expression()
                self.expect("AS")
                self.var()
                self.expect(")")
            count += 1
        if not count:
            raise self.lex.error("expected * or a variable to select")

    def construct(self) -> None:
        if self.at("{"):
            self.template(self.triples_same_subject)
            self.dataset_clauses()
            self.where_clause()
        else:
            self.dataset_clauses()
            self.expect("WHERE")
            self.template(self.triples_same_subject)
        self.solution_modifier()

    def describe(self) -> None:
        if not self.accept("*"):
            self.var_or_iri()
            while self.kind("VAR", "IRI", "PNAME"):
                self.var_or_iri()
        self.dataset_clauses()
        if self.at("WHERE", "{"):
            self.where_clause()
        self.solution_modifier()

    def ask(self) -> None:
        self.dataset_clauses()
        self.where_clause()
        self.solution_modifier()

    def dataset_clauses(self) -> None:
        while self.accept("FROM"):
            self.accept("NAMED")
            self.iri()

    def where_clause(self) -> None:
        self.accept("WHERE")
        self.group_graph_pattern()

    def solution_modifier(self) -> None:
        if self.accept("GROUP"):
            self.expect("BY")
            self.group_condition()
            while self.at("(") or self.kind("VAR", "IRI", "PNAME") or self.lex.peek().word in BUILT_INS:
                self.group_condition()
        if self.accept("HAVING"):
            self.constraint()
            while self.at("(") or self.kind("IRI", "PNAME") or self.builtin_ahead():
                self.constraint()
        if self.accept("ORDER"):
            self.expect("BY")
            self.order_condition()
            while self.at("ASC", "DESC", "(") or self.kind("VAR", "IRI", "PNAME") or self.builtin_ahead():
                self.order_condition()
        for _ in range(2):
            if self.accept("LIMIT", "OFFSET"):
                self.integer()

    def builtin_ahead(self) -> bool:
        word = self.lex.peek().word
        return word in BUILT_INS or word in AGGREGATES or word in ("EXISTS", "NOT")

    def group_condition(self) -> None:
        if self.accept("("):
            self.expression()
            if self.accept("AS"):
                self.var()
            self.expect(")")
        elif self.kind("VAR"):
            self.lex.take()
        else:
            self.primary()

    def order_condition(self) -> None:
        if self.accept("ASC", "DESC"):
            self.bracketted()
        elif self.kind("VAR"):
            self.lex.take()
        else:
            self.constraint()

    def integer(self) -> None:
        token = self.lex.peek()
        if token.kind != "NUMBER" or not token.text.isdigit():
            raise self.lex.error("expected an integer")
        self.lex.take()

    def values_clause(self) -> None:
        if self.accept("VALUES"):
            self.data_block()

    # Updates.
    def update1(self) -> None:
        token = self.lex.peek()
        if token.word not in _UPDATE_KEYWORDS:
            raise self.lex.error("expected an update operation")
        self.lex.take()
        operation = Operation(token.word, token.start)
        self.out.operations.append(operation)
        if token.word == "LOAD":
            self.accept("SILENT")
            target = self.lex.peek()
            self.out.fetches.append(Fetch("LOAD", target.text, self.iri(), token.start))
            if self.accept("INTO"):
                self.expect("GRAPH")
                self.iri()
        elif token.word in ("CLEAR", "DROP"):
            self.accept("SILENT")
            if not self.accept("DEFAULT", "NAMED", "ALL"):
                self.expect("GRAPH")
                self.iri()
        elif token.word == "CREATE":
            self.accept("SILENT")
            self.expect("GRAPH")
            self.iri()
        elif token.word in ("ADD", "MOVE", "COPY"):
            self.accept("SILENT")
            self.graph_or_default()
            self.expect("TO")
            self.graph_or_default()
        elif token.word == "INSERT" and self.accept("DATA"):
            operation.kind = "INSERT DATA"
            self.quads()
        elif token.word == "DELETE" and self.accept("DATA"):
            operation.kind = "DELETE DATA"
            self.quads()
        elif token.word == "DELETE" and self.at("WHERE"):
            operation.kind = "DELETE WHERE"
            operation.where = token.start
            self.lex.take()
            start = self.lex.peek().start
            self.quads()
            operation.pattern = (start, self.lex.pos)
        else:
            self.modify(operation, token)

    def modify(self, operation: Operation, first: Token) -> None:
        operation.kind = "MODIFY"
        if first.word == "WITH":
            operation.own_dataset = "WITH"
            self.iri()
            first = self.expect("DELETE", "INSERT")
        self.quads()
        if first.word == "DELETE" and self.accept("INSERT"):
            self.quads()
        while self.accept("USING"):
            operation.own_dataset = operation.own_dataset or "USING"
            self.accept("NAMED")
            self.iri()
        operation.where = self.expect("WHERE").start
        self.group_graph_pattern()

    def graph_or_default(self) -> None:
        if not self.accept("DEFAULT"):
            self.accept("GRAPH")
            self.iri()

    def quads(self) -> None:
        self.expect("{")
        self.nested()
        while not self.at("}"):
            if self.accept("GRAPH"):
                self.var_or_iri()
                self.template(self.triples_same_subject)
                self.accept(".")
            else:
                self.triples_same_subject()
                if not self.accept(".") and not self.at("GRAPH"):
                    break
        self.expect("}")
        self.depth -= 1

    def template(self, triples: object) -> None:
        """Read '{' triples ('.' triples)* '.'? '}' with the given triples rule."""
        self.expect("{")
        self.nested()
        while not self.at("}"):
            triples()  # type: ignore[operator]
            if not self.accept("."):
                break
        self.expect("}")
        self.depth -= 1

    # Graph patterns.
    def group_graph_pattern(self) -> None:
        self.expect("{")
        self.nested()
        if self.at("SELECT"):
            self.lex.take()
            self.select_clause()
            self.where_clause()
            self.solution_modifier()
            self.values_clause()
        else:
            self.group_graph_pattern_sub()
        self.expect("}")
        self.depth -= 1

    def group_graph_pattern_sub(self) -> None:
        while not self.at("}"):
            if self.pattern_not_triples():
                self.accept(".")
                continue
            self.triples_same_subject_path()
            if not self.accept(".") and not self.at(*_PATTERN_KEYWORDS):
                break

    def pattern_not_triples(self) -> bool:
        token = self.lex.peek()
        if token.kind == "PUNCT" and token.text == "{":
            self.group_graph_pattern()
            while self.accept("UNION"):
                self.group_graph_pattern()
        elif token.word in ("OPTIONAL", "MINUS"):
            self.lex.take()
            self.group_graph_pattern()
        elif token.word == "GRAPH":
            self.lex.take()
            self.var_or_iri()
            self.group_graph_pattern()
        elif token.word == "SERVICE":
            self.lex.take()
            self.accept("SILENT")
            target = self.lex.peek()
            iri = self.var_or_iri()
            self.out.fetches.append(Fetch("SERVICE", target.text, iri, token.start))
            self.group_graph_pattern()
        elif token.word == "FILTER":
            self.lex.take()
            self.constraint()
        elif token.word == "BIND":
            self.lex.take()
            self.expect("(")
            self.expression()
            self.expect("AS")
            self.var()
            self.expect(")")
        elif token.word == "VALUES":
            self.lex.take()
            self.data_block()
        else:
            return False
        return True

    def data_block(self) -> None:
        if self.kind("VAR"):
            self.lex.take()
            self.expect("{")
            while not self.accept("}"):
                self.data_value()
            return
        self.expect("(")
        width = 0
        while self.kind("VAR"):
            self.lex.take()
            width += 1
        self.expect(")")
        self.expect("{")
        while not self.accept("}"):
            self.expect("(")
            for _ in range(width):
                self.data_value()
            self.expect(")")

    def data_value(self) -> None:
        if not self.accept("UNDEF"):
            self.literal_or_iri(allow_sign=True)

    # Triples.
    def triples_same_subject(self) -> None:
        self.triples_same_subject_path(path=False)

    def triples_same_subject_path(self, path: bool = True) -> None:
        if self.at("[", "("):
            if self.triples_node(path=path):
                self.property_list(path=path)
                return
        else:
            self.var_or_term()
        self.property_list_not_empty(path=path)

    def property_list(self, path: bool) -> None:
        if self.kind("VAR", "IRI", "PNAME") or self.at("A", "^", "!", "("):
            self.property_list_not_empty(path)

    def property_list_not_empty(self, path: bool) -> None:
        self.verb(path)
        self.object_list(path)
        while self.accept(";"):
            if self.kind("VAR", "IRI", "PNAME") or self.at("A", "^", "!", "("):
                self.verb(path)
                self.object_list(path)

    def verb(self, path: bool) -> None:
        if self.kind("VAR"):
            self.lex.take()
        elif path:
            self.path_alternative()
        elif not self.accept("A"):
            self.iri()

    def object_list(self, path: bool) -> None:
        self.graph_node(path)
        while self.accept(","):
            self.graph_node(path)

    def graph_node(self, path: bool) -> None:
        if self.at("[", "("):
            self.triples_node(path)
        else:
            self.var_or_term()

    def triples_node(self, path: bool) -> bool:
        """Read a collection, a blank node property list, or NIL/ANON; True if it was a triples node."""
        opening = self.lex.take()
        closing = "]" if opening.text == "[" else ")"
        if self.accept(closing):
            return False
        self.nested()
        if closing == "]":
            self.property_list_not_empty(path)
        else:
            self.graph_node(path)
            while not self.at(")"):
                self.graph_node(path)
        self.expect(closing)
        self.depth -= 1
        return True

    # Property paths.
    def path_alternative(self) -> None:
        self.path_sequence()
        while self.accept("|"):
            self.path_sequence()

    def path_sequence(self) -> None:
        self.path_elt()
        while self.accept("/"):
            self.path_elt()

    def path_elt(self) -> None:
        self.accept("^")
        if self.accept("A"):
            pass
        elif self.accept("!"):
            if self.accept("("):
                if not self.accept(")"):
                    self.path_one()
                    while self.accept("|"):
                        self.path_one()
                    self.expect(")")
            else:
                self.path_one()
        elif self.accept("("):
            self.nested()
            self.path_alternative()
            self.expect(")")
            self.depth -= 1
        else:
            self.iri()
        self.accept("?", "*", "+")

    def path_one(self) -> None:
        self.accept("^")
        if not self.accept("A"):
            self.iri()


__all__ = ["Fetch", "Operation", "Parsed", "SparqlSyntaxError", "parse_query", "parse_update"]
