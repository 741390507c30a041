"""Terms and expressions of the SPARQL 1.1 grammar (Query §19.8 [103]-[139]), and what a parse records.

``Reader`` holds the token helpers and the rules below graph patterns; server/sparql/grammar.py adds the
query and update forms, graph patterns, triples and property paths on top of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policykg.server.sparql.syntax import Lexer, Token

#: Deepest nesting of groups, brackets and collections read; deeper texts are refused, not recursed into.
MAX_DEPTH = 48

#: Built-in calls with their fewest and most arguments (§19.8 [121]; None: any number).
BUILT_INS: dict[str, tuple[int, int | None]] = {
    **dict.fromkeys(("STR", "LANG", "DATATYPE", "IRI", "URI", "ABS", "CEIL", "FLOOR", "ROUND"), (1, 1)),
    **dict.fromkeys(("STRLEN", "UCASE", "LCASE", "ENCODE_FOR_URI", "YEAR", "MONTH", "DAY"), (1, 1)),
    **dict.fromkeys(("HOURS", "MINUTES", "SECONDS", "TIMEZONE", "TZ", "MD5", "SHA1", "SHA256"), (1, 1)),
    **dict.fromkeys(("SHA384", "SHA512", "ISIRI", "ISURI", "ISBLANK", "ISLITERAL", "ISNUMERIC"), (1, 1)),
    **dict.fromkeys(("LANGMATCHES", "CONTAINS", "STRSTARTS", "STRENDS", "STRBEFORE", "STRAFTER"), (2, 2)),
    **dict.fromkeys(("STRLANG", "STRDT", "SAMETERM"), (2, 2)),
    **dict.fromkeys(("RAND", "NOW", "UUID", "STRUUID"), (0, 0)),
    "BNODE": (0, 1),
    "BOUND": (1, 1),
    "COALESCE": (0, None),
    "CONCAT": (0, None),
    "IF": (3, 3),
    "REGEX": (2, 3),
    "SUBSTR": (2, 3),
    "REPLACE": (3, 4),
    # Oxigraph's SPARQL 1.2 additions that take plain arguments.
    **dict.fromkeys(
        ("ISTRIPLE", "SUBJECT", "PREDICATE", "OBJECT", "LANGDIR", "HASLANG", "HASLANGDIR"), (1, 1)
    ),
    **dict.fromkeys(("ADJUST",), (2, 2)),
    **dict.fromkeys(("TRIPLE", "STRLANGDIR"), (3, 3)),
}
AGGREGATES = frozenset({"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"})
_COMPARISONS = frozenset({"=", "!=", "<", ">", "<=", ">="})
_LOCAL_ESCAPE = re.compile(r"\\(.)")
#: Tokens that are a whole expression when followed by ')' or ','.
_OPERANDS = frozenset({"VAR", "STRING", "NUMBER"})


@dataclass(frozen=True)
class Fetch:
    """An operation that would make the engine fetch from another host: SERVICE or LOAD, and its target."""

    keyword: str
    #: The IRI as written (<...> or a prefixed name), or the variable.
    target: str
    #: The absolute IRI, when the target is a constant.
    iri: str | None
    start: int


@dataclass
class Operation:
    """One update operation: its kind, whether it names its own dataset, and where its WHERE stands."""

    kind: str
    start: int
    #: USING or WITH clauses written in the operation, which a protocol dataset may not override.
    own_dataset: str | None = None
    #: Offset of the WHERE keyword of a DELETE/INSERT ... WHERE, or of DELETE WHERE's DELETE.
    where: int | None = None
    #: For DELETE WHERE: the offsets of its quad pattern's braces (start, end).
    pattern: tuple[int, int] | None = None


@dataclass
class Parsed:
    """What a parsed query or update holds that the server decides on; ``text`` is what the engine gets."""

    text: str
    kind: str
    form: str = ""
    fetches: list[Fetch] = field(default_factory=list)
    calls: set[str] = field(default_factory=set)
    operations: list[Operation] = field(default_factory=list)
    prefixes: dict[str, str] = field(default_factory=dict)


class Reader:
    """The tokens of one parse and the rules for terms and expressions; ``grammar._Parser`` adds the rest."""

    def __init__(self, text: str, kind: str) -> None:
        self.lex = Lexer(text)
        self.out = Parsed(text, kind)
        self.depth = 0

    # Tokens (the hottest calls of a parse: the next token is looked up in the lexer's list directly).
    def _next(self) -> Token:
        lex = self.lex
        try:
            return lex.tokens[lex.index]
        except IndexError:
            return lex.peek()  # raises the lexer's error

    def at(self, *values: str) -> bool:
        return self._next().key in values

    def accept(self, *values: str) -> Token | None:
        return self.lex.take() if self._next().key in values else None

    def expect(self, *values: str) -> Token:
        if self._next().key not in values:
            raise self.lex.error(f"expected {' or '.join(values)}")
        return self.lex.take()

    def kind(self, *kinds: str) -> bool:
        return self._next().kind in kinds

    def nested(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.lex.error(f"nested more than {MAX_DEPTH} levels deep")

    def group_graph_pattern(self) -> None:
        """Read a group graph pattern (EXISTS needs one); defined by the full grammar."""
        raise NotImplementedError

    # Terms.
    def var(self) -> None:
        if not self.kind("VAR"):
            raise self.lex.error("expected a variable")
        self.lex.take()

    def var_or_iri(self) -> str | None:
        """Read a variable (returning None) or an IRI (returning it, absolute if a prefix names it)."""
        if self.kind("VAR"):
            self.lex.take()
            return None
        return self.iri()

    def var_or_term(self) -> None:
        if self.kind("VAR", "BNODE"):
            self.lex.take()
        else:
            self.literal_or_iri(allow_sign=True)

    def iri(self) -> str:
        token = self.lex.peek()
        if token.kind == "IRI":
            return self.lex.take().text[1:-1]
        if token.kind == "PNAME":
            self.lex.take()
            prefix, _, local = token.text.partition(":")
            if prefix not in self.out.prefixes:
                return token.text
            return self.out.prefixes[prefix] + _LOCAL_ESCAPE.sub(r"\1", local)
        raise self.lex.error("expected an IRI")

    def literal_or_iri(self, allow_sign: bool) -> None:
        token = self.lex.peek()
        if token.kind in ("IRI", "PNAME"):
            self.iri()
        elif token.kind == "STRING":
            self.lex.take()
            if self.kind("LANGTAG"):
                self.lex.take()
            elif self.accept("^^"):
                self.iri()
        elif token.kind == "NUMBER":
            self.lex.take()
        elif allow_sign and self.at("+", "-"):
            self.lex.take()
            if not self.kind("NUMBER"):
                raise self.lex.error("expected a number")
            self.lex.take()
        elif token.word in ("TRUE", "FALSE"):
            self.lex.take()
        else:
            raise self.lex.error("expected an RDF term")

    # Expressions.
    def constraint(self) -> None:
        if self.at("("):
            self.bracketted()
        else:
            self.primary()

    def bracketted(self) -> None:
        self.expect("(")
        self.nested()
        self.expression()
        self.expect(")")
        self.depth -= 1

    def expression(self) -> None:
        lex = self.lex
        tokens, index = lex.tokens, lex.index
        # Most expressions are one variable or literal (an argument, a BIND): read it without the descent.
        if (
            index + 1 < len(tokens)
            and tokens[index].kind in _OPERANDS
            and tokens[index + 1].key in (")", ",")
        ):
            lex.take()
            return
        self.and_expression()
        while self.accept("||"):
            self.and_expression()

    def and_expression(self) -> None:
        self.relational()
        while self.accept("&&"):
            self.relational()

    def relational(self) -> None:
        self.additive()
        token = self.lex.peek_operator()
        if token.kind == "PUNCT" and token.text in _COMPARISONS:
            self.lex.take()
            self.additive()
        elif self.accept("IN"):
            self.expression_list()
        elif self.at("NOT"):
            self.lex.take()
            self.expect("IN")
            self.expression_list()

    def additive(self) -> None:
        self.multiplicative()
        while self.accept("+", "-"):
            self.multiplicative()

    def multiplicative(self) -> None:
        self.unary()
        while self.accept("*", "/"):
            self.unary()

    def unary(self) -> None:
        if self.accept("!", "+", "-"):
            self.nested()
            self.unary()
            self.depth -= 1
        else:
            self.primary()

    def primary(self) -> None:
        token = self.lex.peek()
        if token.kind == "PUNCT" and token.text == "(":
            self.bracketted()
        elif token.kind == "VAR":
            self.lex.take()
        elif token.kind in ("IRI", "PNAME"):
            self.iri()
            if self.at("("):
                self.arguments(distinct=True)
        elif token.kind in ("STRING", "NUMBER") or token.word in ("TRUE", "FALSE"):
            self.literal_or_iri(allow_sign=False)
        elif token.word:
            self.built_in()
        else:
            raise self.lex.error("expected an expression")

    def built_in(self) -> None:
        token = self.lex.take()
        name = token.word
        self.out.calls.add(name)
        if name in ("EXISTS", "NOT"):
            if name == "NOT":
                self.expect("EXISTS")
            self.group_graph_pattern()
        elif name in AGGREGATES:
            self.expect("(")
            self.accept("DISTINCT")
            if not (name == "COUNT" and self.accept("*")):
                self.expression()
            if name == "GROUP_CONCAT" and self.accept(";"):
                self.expect("SEPARATOR")
                self.expect("=")
                if not self.kind("STRING"):
                    raise self.lex.error("expected a string")
                self.lex.take()
            self.expect(")")
        elif name in BUILT_INS:
            if name == "BOUND":
                self.expect("(")
                self.var()
                self.expect(")")
                return
            low, high = BUILT_INS[name]
            count = self.arguments(distinct=False)
            if count < low or (high is not None and count > high):
                raise self.lex.error(
                    f"{name} takes {low}{'' if high == low else f' to {high}'} arguments", token
                )
        else:
            raise self.lex.error("expected an expression", token)

    def arguments(self, distinct: bool) -> int:
        """Read an argument list, '(' DISTINCT? Expression (',' Expression)* ')' or NIL; return its length."""
        self.expect("(")
        if self.accept(")"):
            return 0
        self.nested()
        if distinct:
            self.accept("DISTINCT")
        self.expression()
        count = 1
        while self.accept(","):
            self.expression()
            count += 1
        self.expect(")")
        self.depth -= 1
        return count

    def expression_list(self) -> None:
        self.arguments(distinct=False)
