"""Bundled plan documents, glossaries and pattern tables (data, not code)."""

from importlib import resources
from pathlib import Path


def data_path(name: str) -> Path:
    """Return the path of a packaged data file, e.g. ``data_path("glossary_en.tsv")``."""
    return Path(str(resources.files(__name__) / name))


def data_rows(name: str) -> list[str]:
    """Return the rows of a packaged list or table, without blank lines and ``#`` comments."""
    rows = data_path(name).read_text(encoding="utf-8").splitlines()
    return [row.strip() for row in rows if row.strip() and not row.lstrip().startswith("#")]


def data_words(name: str) -> list[str]:
    """Return the words of a packaged word list (several to a row, separated by whitespace)."""
    return [word for row in data_rows(name) for word in row.split()]


def bundled_documents() -> list[Path]:
    """Return the plan documents bundled with policykg, in name order."""
    return sorted(data_path("documents").glob("*.txt"))


def default_build_dir() -> Path:
    """Return where builds go unless told otherwise: $POLICYKG_BUILD_DIR, else data/build/."""
    import os

    return Path(os.environ.get("POLICYKG_BUILD_DIR") or data_path("build"))
