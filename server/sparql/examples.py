"""Example queries for the query page: the named queries shipped in ``queries/*.rq``."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Example:
    """A query file's name, its title (from its first comment line) and its text."""

    name: str
    title: str
    text: str


def _title(text: str, fallback: str) -> str:
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        comment = stripped.lstrip("#").strip()
        key, sep, value = comment.partition(":")
        if sep and key.strip().lower() in ("title", "title@en", "name"):
            return value.strip()
        if comment and not sep:
            return comment
    return fallback


def example_queries() -> list[Example]:
    """Return the named queries in name order (none if the folder holds no .rq file)."""
    folder = resources.files("policykg.queries")
    examples = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            text = entry.read_text(encoding="utf-8")
            name = entry.name.removesuffix(".rq")
            examples.append(Example(name, _title(text, name.replace("_", " ").replace("-", " ")), text))
    return examples
