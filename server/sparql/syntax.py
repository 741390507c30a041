"""The terminals of SPARQL 1.1 (Query §19.8) and the code-point escapes applied before them (§19.2).

The grammar (server/sparql/grammar.py) reads tokens from ``Lexer``; both work on the text that
``expand_escapes`` returns, which is also the text the engine is given, so that the server and the engine
read the same characters.
"""

from __future__ import annotations

import re


class SparqlSyntaxError(ValueError):
    """The text is not SPARQL 1.1: a message and the offset in the (escape-expanded) text."""

    def __init__(self, message: str, text: str = "", offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = text.count("\n", 0, offset) + 1
        self.column = offset - (text.rfind("\n", 0, offset) + 1) + 1


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def expand_escapes(text: str) -> str:
    """Return ``text`` with \\uXXXX and \\UXXXXXXXX replaced by their code points, once (Query §19.2).

    An escape that is no Unicode scalar value, or one that the replacement itself spells (``\\u005Cu0041``),
    is an error: escapes are processed once, before parsing, and what they produce is read as it stands.
    """
    if "\\u" not in text and "\\U" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        point = int(match.group(1) or match.group(2), 16)
        if point > 0x10FFFF or 0xD800 <= point <= 0xDFFF:
            raise SparqlSyntaxError(f"{match.group(0)} is not a Unicode character", text, match.start())
        return chr(point)

    expanded = _ESCAPE.sub(replace, text)
    again = _ESCAPE.search(expanded)
    if again:
        raise SparqlSyntaxError(
            f"a code-point escape produces another escape ({again.group(0)}); escapes apply once",
            expanded,
            again.start(),
        )
    return expanded


# Character classes of §19.8 [164]-[173].
_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d\u2070-\u218f"
    "\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_U = _BASE + "_"
_CHARS = _U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PREFIX = f"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_LOCAL = f"(?:[{_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_ECHAR = r"""\\[tbnrf\\"']"""

_SKIP = r"(?:[ \t\r\n]|#[^\r\n]*+)*+"
_TOKEN = re.compile(
    _SKIP + r"(?:(?P<IRI><[^<>\"{}|^`\\\x00-\x20]*>)"
    f"|(?P<PNAME>(?:{_PREFIX})?:(?:{_LOCAL})?)"
    f"|(?P<BNODE>_:[{_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?)"
    f"|(?P<VAR>[?$][{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*)"
    r"|(?P<LANGTAG>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)"
    r"|(?P<NUMBER>[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.[0-9]+[eE][+-]?[0-9]+|[0-9]+[eE][+-]?[0-9]+"
    r"|[0-9]*\.[0-9]+|[0-9]+)"
    f"|(?P<STRING>'''(?:(?:'|'')?(?:[^'\\\\]|{_ECHAR}))*'''"
    f'|"""(?:(?:"|"")?(?:[^"\\\\]|{_ECHAR}))*"""'
    f"|'(?:[^'\\\\\\n\\r]|{_ECHAR})*'"
    f'|"(?:[^"\\\\\\n\\r]|{_ECHAR})*")'
    r"|(?P<WORD>[A-Za-z][A-Za-z0-9_]*)"
    r"|(?P<PUNCT>\^\^|&&|\|\||!=|<=|>=|[{}()\[\].,;*/+\-!=<>^|?])|(?P<END>\Z))"
)
#: In an expression, after an operand, ``<`` and ``>`` are comparisons, never the start of an IRI.
_OPERATOR = re.compile(_SKIP + r"(?P<PUNCT><=|>=|[<>])")
_SKIP_ONLY = re.compile(_SKIP)


class Token:
    """One terminal: its kind (IRI, PNAME, BNODE, VAR, LANGTAG, NUMBER, STRING, WORD, PUNCT, END), its text,
    its span; ``word``: the upper-cased text of a bare word (keywords are case-insensitive), else ''; and
    ``key``: the word, or the text of punctuation, which the grammar compares with what it expects.
    """

    __slots__ = ("end", "key", "kind", "start", "text", "word")

    def __init__(self, kind: str, text: str, start: int, end: int) -> None:
        self.kind, self.text, self.start, self.end = kind, text, start, end
        self.word = text.upper() if kind == "WORD" else ""
        self.key = self.word or (text if kind == "PUNCT" else "")


class Lexer:
    """The tokens of a text, read in one pass up front; the grammar can re-read ``<`` as an operator.

    The text is split into tokens when the lexer is made, up to the first character that starts none (the
    error is raised when the grammar reaches it, so that earlier errors are reported first).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        #: The end of the last token taken.
        self.pos = 0
        self.tokens: list[Token] = []
        self.index = 0
        #: Where the text stops being tokens, if it does.
        self._stuck: int | None = None
        self._scan(0)

    def _scan(self, pos: int) -> None:
        """Append the tokens from ``pos`` up to END, or up to a character that starts no token."""
        append = self.tokens.append
        for found in _TOKEN.finditer(self.text, pos):
            kind = found.lastgroup
            if found.start() != pos or kind is None:
                break  # the match skipped a character that starts no token
            pos = found.end()
            append(Token(kind, found.group(kind), found.start(kind), pos))
            if kind == "END":
                return
        self._stuck = _SKIP_ONLY.match(self.text, pos).end()  # type: ignore[union-attr]

    def error(self, message: str, token: Token | None = None) -> SparqlSyntaxError:
        """Return a syntax error at ``token`` (or at the next token)."""
        token = token or self.peek()
        shown = "the end of the text" if token.kind == "END" else repr(token.text[:40])
        return SparqlSyntaxError(f"{message}, found {shown}", self.text, token.start)

    def peek(self) -> Token:
        """Return the next token without taking it."""
        try:
            return self.tokens[self.index]
        except IndexError:
            start = self._stuck or 0
            raise SparqlSyntaxError(f"unexpected character {self.text[start]!r}", self.text, start) from None

    def peek_operator(self) -> Token:
        """Return the next token read as a comparison operator if it can be one."""
        token = self.peek()
        if token.kind == "IRI":
            found = _OPERATOR.match(self.text, self.pos)
            assert found is not None  # an IRI starts with '<'
            # The rest of the text is tokenized anew from after the operator.
            del self.tokens[self.index :]
            self._stuck = None
            self.tokens.append(Token("PUNCT", found.group("PUNCT"), found.start("PUNCT"), found.end()))
            self._scan(found.end())
            token = self.tokens[self.index]
        return token

    def take(self) -> Token:
        """Take and return the next token (END stays the next token once reached)."""
        token = self.peek()
        self.pos = token.end
        if token.kind != "END":
            self.index += 1
        return token
