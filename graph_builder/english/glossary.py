"""The English glossary of general policy vocabulary (data/glossary_en.tsv), loaded once."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from policykg.data import DataFileError, data_path, read_table
from policykg.patterns import has_han

GLOSSARY_FILE = "glossary_en.tsv"

# Flags a glossary entry may carry, and keys that carry a value ("noun=Construction").
FLAGS = frozenset(
    {"v", "nominal", "n", "a", "pn", "ph", "site", "plan", "on", "join", "break", "gov", "firm"}
)
VALUED = frozenset({"ing", "noun", "pl", "prefix", "suffix", "num", "mod", "adv"})


class GlossaryError(DataFileError):
    """A glossary row that does not follow the format: a ``DataFileError``, as the loader's own are."""


@dataclass(frozen=True)
class Term:
    """One glossary entry: a Chinese word, its English and its tags."""

    zh: str
    en: str
    flags: frozenset[str] = frozenset()
    values: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    def has(self, flag: str) -> bool:
        """Return whether the entry carries ``flag`` (``v``, ``n``, ``pn`` ...)."""
        return flag in self.flags

    def value(self, key: str) -> str | None:
        """Return the value of a ``key=value`` tag (``noun``, ``prefix`` ...), or None."""
        return self.values.get(key)


COLUMNS = ("zh", "en", "tags")


def parse_line(line: str, where: str = "<line>") -> Term | None:
    """Parse one glossary line into a Term; comments and blank lines give None."""
    line = line.rstrip("\r\n")
    if not line.strip() or line.startswith("#"):
        return None
    parts = line.split("\t")
    if len(parts) > len(COLUMNS):
        raise GlossaryError(f"{where}: more than three tab-separated columns")
    zh, en, tags = [*parts, "", ""][:3]
    return term_from_cells(zh.strip(), en.strip(), tags, where)


def term_from_cells(zh: str, en: str, tags: str, where: str) -> Term:
    """Make a Term from a glossary row's three cells, refusing what breaks the format."""
    if not zh or (not has_han(zh) and not zh.isascii()):
        raise GlossaryError(f"{where}: the first column must hold the Chinese term")
    if not en.replace("\u2013", "-").isascii():
        raise GlossaryError(f"{where}: the English of {zh} is not plain ASCII (or an en dash)")
    flags: set[str] = set()
    values: dict[str, str] = {}
    for tag in filter(None, (t.strip() for t in tags.split(","))):
        key, eq, value = tag.partition("=")
        if eq and key in VALUED:
            values[key] = value
        elif not eq and key in FLAGS:
            flags.add(key)
        else:
            raise GlossaryError(f"{where}: unknown tag {tag!r} on {zh}")
    return Term(zh, en, frozenset(flags), values)


def load(path: Path) -> dict[str, Term]:
    """Read a glossary file (a table under the header ``zh  en  tags``), refusing duplicate entries."""
    terms: dict[str, Term] = {}
    for row in read_table(path, COLUMNS):
        term = term_from_cells(row["zh"], row["en"], row["tags"], row.where)
        if term.zh in terms:
            raise GlossaryError(f"{row.where}: {term.zh} is already in the glossary")
        terms[term.zh] = term
    return terms


@cache
def glossary() -> dict[str, Term]:
    """Return the packaged glossary, read once."""
    return load(data_path(GLOSSARY_FILE))
