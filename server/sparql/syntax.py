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
    """Tokens of a text read on demand, so that the grammar can re-read ``<`` as an operator."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self._next: Token | None = None

    def error(self, message: str, token: Token | None = None) -> SparqlSyntaxError:
        """Return a syntax error at ``token`` (or at the next token)."""
        token = token or self.peek()
        shown = "the end of the text" if token.kind == "END" else repr(token.text[:40])
        return SparqlSyntaxError(f"{message}, found {shown}", self.text, token.start)

    def peek(self) -> Token:
        """Return the next token without taking it."""
        return self._next or self._fill()

    def _fill(self) -> Token:
        self._next = self._read(_TOKEN)
        return self._next

    def peek_operator(self) -> Token:
        """Return the next token read as a comparison operator if it can be one."""
        token = self.peek()
        if token.kind == "IRI":
            self._next = self._read(_OPERATOR)
        return self._next or token

    def take(self) -> Token:
        """Take and return the next token."""
        token = self.peek()
        self.pos, self._next = token.end, None
        return token

    def _read(self, pattern: re.Pattern[str]) -> Token:
        match = pattern.match(self.text, self.pos)
        kind = match.lastgroup if match else None
        if match is None or kind is None:
            start = re.compile(_SKIP).match(self.text, self.pos).end()  # type: ignore[union-attr]
            raise SparqlSyntaxError(f"unexpected character {self.text[start]!r}", self.text, start)
        start = match.start(kind)
        return Token(kind, match.group(kind), start, match.end())
