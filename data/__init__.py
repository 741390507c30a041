"""Bundled plan documents, word lists and tables (data, not code), and the one loader that reads them.

Every list and table is plain UTF-8 text where blank lines and lines starting with ``#`` are comments:
word lists hold words separated by whitespace, tables hold tab-separated cells under a header row that
names the columns. Files are read lazily, once per process.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class DataFileError(ValueError):
    """A bundled data file that does not follow its format; the message names the file and line."""


@dataclass(frozen=True)
class Row(Mapping[str, str]):
    """One row of a table: its cells by column name, and where it stands (``/…/units.tsv:12``)."""

    cells: Mapping[str, str]
    where: str

    def __getitem__(self, column: str) -> str:
        return self.cells[column]

    def __iter__(self) -> Iterator[str]:
        return iter(self.cells)

    def __len__(self) -> int:
        return len(self.cells)


def data_path(name: str) -> Path:
    """Return the path of a packaged data file, e.g. ``data_path("glossary_en.tsv")``."""
    return Path(str(resources.files(__name__) / name))


def _content_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Yield (line number, line) for every line that is neither blank nor a ``#`` comment."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise DataFileError(f"{path}: not UTF-8 ({error.reason})") from None
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, line


def read_table(path: Path, columns: tuple[str, ...]) -> tuple[Row, ...]:
    """Read a tab-separated table whose header row must be exactly ``columns``.

    Trailing cells may be left out (they read as ""); a row with more cells than columns is an error.
    """
    rows: list[Row] = []
    header_seen = False
    for number, line in _content_lines(path):
        cells = line.rstrip("\r\n").split("\t")
        where = f"{path}:{number}"
        if not header_seen:
            if tuple(cell.strip() for cell in cells) != columns:
                raise DataFileError(f"{where}: expected the header {' | '.join(columns)}")
            header_seen = True
            continue
        if len(cells) > len(columns):
            raise DataFileError(f"{where}: {len(cells)} columns, expected at most {len(columns)}")
        padded = [cell.strip() for cell in cells] + [""] * (len(columns) - len(cells))
        rows.append(Row(dict(zip(columns, padded, strict=True)), where))
    if not header_seen:
        raise DataFileError(f"{path}: no header row {' | '.join(columns)}")
    return tuple(rows)


@cache
def load_table(name: str, columns: tuple[str, ...]) -> tuple[Row, ...]:
    """Return the rows of a packaged table (read once), checking its header against ``columns``."""
    return read_table(data_path(name), columns)


@cache
def load_lines(name: str) -> tuple[str, ...]:
    """Return the content lines of a packaged list, stripped, without blank lines and comments."""
    return tuple(line.strip() for _, line in _content_lines(data_path(name)))


@cache
def load_words(name: str) -> tuple[str, ...]:
    """Return the words of a packaged word list (several to a line, separated by whitespace)."""
    return tuple(word for line in load_lines(name) for word in line.split())


@cache
def load_settings(name: str) -> Mapping[str, Any]:
    """Return a packaged TOML file of settings (patterns, word groups), read once."""
    try:
        return tomllib.loads(data_path(name).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise DataFileError(f"{name}: {error}") from None


def bundled_documents() -> list[Path]:
    """Return the plan documents bundled with policykg, in name order."""
    return sorted(data_path("documents").glob("*.txt"))


def default_build_dir() -> Path:
    """Return where builds go unless told otherwise: $POLICYKG_BUILD_DIR, else data/build/."""
    return Path(os.environ.get("POLICYKG_BUILD_DIR") or data_path("build"))


def cache_dir() -> Path:
    """Return where derived tables are cached: $POLICYKG_CACHE_DIR, else the user cache directory."""
    configured = os.environ.get("POLICYKG_CACHE_DIR")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "policykg"


def cached(
    name: str,
    sources: list[bytes],
    build: Callable[[], T],
    shape: type = tuple,
    directory: Path | None = None,
) -> T:
    """Return ``build()``, kept as a marshal file in the cache directory keyed by the checksum of
    ``sources`` (the bytes the value is derived from, and a format version).

    ``build()`` must return a ``shape`` of what marshal keeps (dicts, tuples, strings, numbers,
    frozensets). The cache is safe to lose: a file that is missing, unreadable or not a ``shape`` is
    rebuilt, and a directory that cannot be written is skipped.
    """
    digest = hashlib.sha256(marshal.dumps(marshal.version))
    for source in sources:
        digest.update(hashlib.sha256(source).digest())
    directory = directory or cache_dir()
    cache_file = directory / f"{name}-{digest.hexdigest()[:24]}.marshal"
    try:
        # marshal.loads of the whole file is several times faster than marshal.load of a stream.
        value = marshal.loads(cache_file.read_bytes())
        if isinstance(value, shape):
            return value
    except (OSError, EOFError, ValueError, TypeError):
        pass
    value = build()
    temporary: str | None = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(descriptor, "wb") as stream:
            marshal.dump(value, stream)
        os.replace(temporary, cache_file)
        temporary = None
    except (OSError, ValueError):
        pass
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
    return value
