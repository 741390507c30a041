"""Named SPARQL queries, one .rq file per question, with typed parameters read from a header comment.

The header format is documented in ``queries/README.md``. Parameters are bound by a ``VALUES`` block
inserted at the start of the outermost ``WHERE`` group, built from validated RDF terms (never from the
raw request text), so a value can change what a query matches but never what the query says.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from policykg.ontology.namespaces import PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"

#: The longest parameter value accepted; anything longer is a mistake or an attack, not a question.
MAX_VALUE_LENGTH = 500

LANGUAGES = ("zh", "en")

_HEADER_LINE = re.compile(r"^#\s*(?P<key>[a-z]+(?:@[a-z]{2})?)\s*:\s*(?P<value>.*?)\s*$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*"
    r"\((?P<type>[a-z]+)(?:\s*,\s*(?:(?P<required>required)|default\s+(?P<default>[^)]+?)))?\s*\)"
    r"\s*(?P<description>.*)$"
)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_FORM = re.compile(r"^\s*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE | re.MULTILINE)
_PREFIXED = re.compile(r"(?P<prefix>[A-Za-z][\w-]*):(?P<local>[\w.-]*)")
#: IRI schemes a parameter may use; anything else is more likely a misspelt prefix than a real IRI.
_SCHEME = re.compile(r"^(https?://|urn:)", re.IGNORECASE)
_YEAR = re.compile(r"-?[0-9]{4}")
_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")


class QueryError(ValueError):
    """A named query file is malformed."""


class ParameterError(ValueError):
    """A parameter value is missing, unknown or of the wrong type; the message says which and why."""

    def __init__(self, message: str, message_zh: str) -> None:
        super().__init__(message)
        self.message_zh = message_zh


def _iri(value: str) -> NamedNode:
    match = _PREFIXED.fullmatch(value)
    if match and match["prefix"] in PREFIXES:
        value = str(PREFIXES[match["prefix"]]) + match["local"]
    elif not _SCHEME.match(value):
        raise ValueError(
            "not an http(s) or urn IRI, nor a prefixed name with a known prefix (pkg:Laboratory)"
        )
    return NamedNode(value)


def _integer(value: str) -> Literal:
    if not _INTEGER.fullmatch(value):
        raise ValueError("not an integer")
    return Literal(str(int(value)), datatype=NamedNode(XSD + "integer"))


def _decimal(value: str) -> Literal:
    try:
        number = Decimal(value)
    except InvalidOperation as error:
        raise ValueError("not a decimal number") from error
    if not number.is_finite():
        raise ValueError("not a finite number")
    return Literal(format(number, "f"), datatype=NamedNode(XSD + "decimal"))


def _year(value: str) -> Literal:
    """Return a year as an xsd:integer, comparable with the graph's integer years (pkg:deadlineYearNumber)."""
    if not _YEAR.fullmatch(value):
        raise ValueError("not a four-digit year")
    return Literal(str(int(value)), datatype=NamedNode(XSD + "integer"))


def _lang(value: str) -> Literal:
    if value not in LANGUAGES:
        raise ValueError(f"not one of {', '.join(LANGUAGES)}")
    return Literal(value)


def _string(value: str) -> Literal:
    if not value.strip():
        raise ValueError("empty")
    return Literal(value)


#: Parameter types: name -> (converter from request text to an RDF term, JSON Schema of the text).
TYPES: dict[str, tuple[Callable[[str], NamedNode | Literal], dict[str, object]]] = {
    "iri": (_iri, {"type": "string", "format": "iri"}),
    "string": (_string, {"type": "string", "maxLength": MAX_VALUE_LENGTH}),
    "integer": (_integer, {"type": "integer"}),
    "decimal": (_decimal, {"type": "number"}),
    "year": (_year, {"type": "string", "pattern": "^-?[0-9]{4}$"}),
    "lang": (_lang, {"type": "string", "enum": list(LANGUAGES)}),
}


@dataclass(frozen=True)
class Parameter:
    """A typed parameter of a named query."""

    name: str
    type: str
    description: str = ""
    required: bool = False
    default: str | None = None

    def convert(self, value: str) -> NamedNode | Literal:
        """Return the RDF term for a request value, or raise ParameterError saying what is wrong."""
        if len(value) > MAX_VALUE_LENGTH:
            raise ParameterError(
                f"parameter {self.name!r} is longer than {MAX_VALUE_LENGTH} characters",
                f"参数 {self.name!r} 超过 {MAX_VALUE_LENGTH} 个字符",
            )
        try:
            return TYPES[self.type][0](value)
        except ValueError as error:
            raise ParameterError(
                f"parameter {self.name!r} must be of type {self.type}: {value[:80]!r} is {error}",
                f"参数 {self.name!r} 的类型应为 {self.type}：{value[:80]!r} 不符合要求",
            ) from error


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query read from a .rq file, with its title, description and parameters."""

    name: str
    text: str
    titles: Mapping[str, str]
    descriptions: Mapping[str, str]
    parameters: tuple[Parameter, ...] = field(default=())

    @property
    def title(self) -> str:
        """Return the English title."""
        return self.titles["en"]

    @property
    def description(self) -> str:
        """Return the English description."""
        return self.descriptions.get("en", "")

    def bindings(self, args: Mapping[str, str]) -> dict[str, NamedNode | Literal]:
        """Return the RDF term of each parameter given in ``args`` or defaulted, checking every value."""
        known = {p.name for p in self.parameters}
        unknown = sorted(set(args) - known)
        if unknown:
            raise ParameterError(
                f"unknown parameter(s) {', '.join(unknown)} for query {self.name!r}; "
                f"it takes: {', '.join(sorted(known)) or 'none'}",
                f"查询 {self.name!r} 没有参数 {', '.join(unknown)}",
            )
        terms = {}
        for param in self.parameters:
            value = args.get(param.name, param.default)
            if value is None or value == "":
                if param.required:
                    raise ParameterError(
                        f"parameter {param.name!r} ({param.type}) is required by query {self.name!r}",
                        f"查询 {self.name!r} 需要参数 {param.name!r}",
                    )
                continue
            terms[param.name] = param.convert(value)
        return terms

    def bind(self, args: Mapping[str, str]) -> str:
        """Return the query text with the parameters bound by a VALUES block, checking every value."""
        return bind_values(self.text, self.bindings(args))


def bind_values(text: str, terms: Mapping[str, NamedNode | Literal]) -> str:
    """Return ``text`` with a VALUES block for ``terms`` opening its outermost WHERE group."""
    if not terms:
        return text
    names = " ".join(f"?{name}" for name in terms)
    # str() of a pyoxigraph term is its N-Triples form, with every quote and control character escaped.
    row = " ".join(str(term) for term in terms.values())
    match = _WHERE.search(text)
    if match is None:
        raise QueryError("the query has no WHERE group to bind parameters in")
    return f"{text[: match.end()]}\n  VALUES ({names}) {{ ({row}) }}{text[match.end() :]}"


def parse_query(name: str, source: str) -> NamedQuery:
    """Return the named query of one .rq file's text, or raise QueryError naming the bad line."""
    titles: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    parameters: list[Parameter] = []
    lines = source.splitlines()
    body_start = 0
    for number, line in enumerate(lines, start=1):
        if not line.startswith("#"):
            break
        body_start = number
        match = _HEADER_LINE.match(line)
        if match is None:
            continue
        key, value = match["key"], match["value"]
        base, _, lang = key.partition("@")
        lang = lang or "en"
        if base == "title":
            titles[lang] = value
        elif base == "description":
            descriptions[lang] = value
        elif key == "param":
            parameters.append(_parse_param(name, number, value))
        else:
            raise QueryError(f"{name}.rq line {number}: unknown header key {key!r}")
    body = "\n".join(lines[body_start:])
    if "en" not in titles:
        raise QueryError(f"{name}.rq: the header has no '# title:' line")
    form = _FORM.search(body)
    if form is None or form[1].upper() != "SELECT":
        raise QueryError(f"{name}.rq: a named query must be a SELECT query")
    if parameters and _WHERE.search(body) is None:
        raise QueryError(f"{name}.rq: parameters need a 'WHERE {{' group to be bound in")
    for param in parameters:
        if not re.search(rf"[?$]{param.name}\b", body):
            raise QueryError(f"{name}.rq: parameter {param.name!r} is not used as ?{param.name}")
    return NamedQuery(name, body.strip() + "\n", titles, descriptions, tuple(parameters))


def _parse_param(name: str, number: int, value: str) -> Parameter:
    match = _PARAM.match(value)
    if match is None:
        raise QueryError(
            f"{name}.rq line {number}: expected '# param: NAME (TYPE[, required | , default VALUE]) "
            f"DESCRIPTION', got {value!r}"
        )
    if match["type"] not in TYPES:
        raise QueryError(f"{name}.rq line {number}: unknown parameter type {match['type']!r}")
    param = Parameter(
        name=match["name"],
        type=match["type"],
        description=match["description"],
        required=bool(match["required"]),
        default=match["default"],
    )
    if param.default is not None:
        try:
            param.convert(param.default)
        except ParameterError as error:
            raise QueryError(f"{name}.rq line {number}: bad default: {error}") from error
    return param


def queries_dir() -> Path:
    """Return the folder holding the bundled .rq files."""
    return Path(str(resources.files(__name__)))


def load_queries(folder: Path | None = None) -> dict[str, NamedQuery]:
    """Return every named query in ``folder`` (default: the bundled ones), keyed by file stem."""
    folder = folder or queries_dir()
    return {
        path.stem: parse_query(path.stem, path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.rq"))
    }


@cache
def bundled_queries() -> dict[str, NamedQuery]:
    """Return the bundled named queries, read once per process."""
    return load_queries()
