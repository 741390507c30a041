"""Label search for /api/search: Chinese and English labels and the pinyin of Chinese ones, from a file.

The index is one SQLite file (written by ``search_writer``, placed by ``search_files``), read-only and
shared: every server worker maps the same file, whose pages sit once in the operating system's page
cache, so that no worker holds a copy. One SQL statement ranks a search: exact, prefix and word
matches (of a syllable, in pinyin) come from a prefix look-up in the table of every key written from
each of its word starts; matches anywhere in a label from its FTS5 trigram index (a text of three
characters or more as a phrase of trigrams, a shorter one from the trigrams that begin with it).
Each match is packed into one integer (tier, name length, field, key), so that SQLite keeps each
entity's best and orders them without a row of Python per match.
"""

from __future__ import annotations

import atexit
import itertools
import json
import re
import shutil
import sqlite3
import tempfile
import threading
import unicodedata
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from policykg.pinyin import reading_syllables

#: Match tiers, best first: the whole key, its start, the start of a word in it, anywhere in it.
TIERS = ("exact", "prefix", "word", "substring")
#: The two kinds of key, in the order they break ties.
FIELDS = ("label", "pinyin")

#: What a word starts after (a label's word ranks as "word").
WORD_START = re.compile(r"[\s\-_/(（,，·:：]")
_SPACES = re.compile(r"\s+")
#: Characters no key holds (the writer's padding and NUL): a text holding them finds nothing.
_FORBIDDEN = ("\x00", "\x01")
#: The highest code point, to bound the trigrams that begin with a short text.
_TOP = "\U0010ffff"
#: Pages of the file each connection caches itself (KiB, as SQLite's negative cache_size): little, as
#: the file is read through a memory map of the operating system's page cache, shared by every process.
_CACHE_KIB = 512
#: The most of the file mapped into memory (the whole of it, as large as an index grows).
_MMAP_BYTES = 1 << 34


@dataclass(slots=True)
class Entity:
    """What the index knows of one entity: labels by language, variant names, classes, pinyin readings.

    ``readings`` are the pinyin of its Chinese names (label and variants) as the data gives them
    (``skos:hiddenLabel`` in ``zh-latn-pinyin``, written by the builder), in any order; without them
    the index reads the pinyin itself.
    """

    iri: str
    labels: dict[str, str] = field(default_factory=dict)
    alt_labels: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    readings: list[str] = field(default_factory=list)

    def label(self, lang: str) -> str:
        """Return the label in ``lang``, else in the other language, else the IRI."""
        other = "en" if lang == "zh" else "zh"
        return self.labels.get(lang) or self.labels.get(other) or self.labels.get("") or self.iri


@dataclass(frozen=True)
class Hit:
    """One search result: the entity, the key it matched on, and how well."""

    entity: Entity
    matched: str
    field: str
    tier: str


def normalize(text: str) -> str:
    """Return ``text`` folded for matching: NFKC (full-width to half-width), case-folded, spaces collapsed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def compact(text: str) -> str:
    """Return ``text`` as it is matched against pinyin: ASCII letters and digits only, lowercase."""
    return "".join(reading_syllables(normalize(text).replace("ü", "v")))


class SearchIndex:
    """Ranked substring and prefix search over labels in both languages and pinyin, from an index file.

    ``SearchIndex(entities, superclasses)`` writes the file for the entities given (in a temporary
    folder of this process); ``SearchIndex.open(path)`` reads one already written.
    """

    path: Path
    superclasses: dict[str, set[str]]
    class_labels: dict[str, dict[str, str]]

    def __init__(
        self,
        entities: Iterable[Entity] = (),
        superclasses: dict[str, set[str]] | None = None,
        class_labels: dict[str, dict[str, str]] | None = None,
    ) -> None:
        from policykg.server.linkeddata.search_writer import write_index

        path = scratch_file()
        write_index(path, entities, superclasses, class_labels)
        weakref.finalize(self, path.unlink, missing_ok=True)
        self._attach(path)

    @classmethod
    def open(cls, path: Path) -> SearchIndex:
        """Open an index file written by ``search_writer.write_index``, read-only."""
        index = cls.__new__(cls)
        index._attach(Path(path))
        return index

    def _attach(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        connection = self._connection()
        self._size = int(connection.execute("SELECT value FROM meta WHERE name = 'entities'").fetchone()[0])
        self.superclasses, self.class_labels = {}, {}
        for iri, ancestors, labels in connection.execute("SELECT iri, superclasses, labels FROM class"):
            if ancestors != "[]":
                self.superclasses[iri] = set(json.loads(ancestors))
            if labels != "{}":
                self.class_labels[iri] = json.loads(labels)

    def _connection(self) -> sqlite3.Connection:
        """Return this thread's connection to the file (read-only; the file never changes once written)."""
        connection = getattr(self._local, "connection", None)
        if connection is None:
            uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1"
            connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
            connection.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
            connection.execute(f"PRAGMA mmap_size = {_MMAP_BYTES}")
            self._local.connection = connection
        return connection

    def __len__(self) -> int:
        return self._size

    def classes_within(self, classes: Iterable[str]) -> set[str]:
        """Return the given classes and every class below them."""
        wanted = set(classes)
        below = {cls for cls, ancestors in self.superclasses.items() if ancestors & wanted}
        return wanted | below

    def search(
        self, query: str, types: Iterable[str] = (), limit: int = 20, offset: int = 0
    ) -> tuple[int, list[Hit]]:
        """Return the number of entities matching ``query`` and one page of them, best first."""
        parts: list[str] = []
        values: dict[str, object] = {}
        label, reading = normalize(query), compact(query)
        if label and not any(c in label for c in _FORBIDDEN):
            values.update(label=label, label_top=label + _TOP)
            parts.append(_STARTS.format(table="label_start", text="label", field=0))
            if len(label) >= 3:
                # Inside double quotes FTS5 reads the text literally: a phrase of its trigrams.
                values["phrase"] = '"' + label.replace('"', '""') + '"'
                candidates = "SELECT rowid FROM label_fts WHERE label_fts MATCH :phrase"
            else:
                values["short_top"] = label + _TOP * (3 - len(label))
                candidates = "SELECT doc FROM label_terms WHERE term >= :label AND term <= :short_top"
            parts.append(_ANYWHERE.format(candidates=candidates))
        if reading and not any(c in reading for c in _FORBIDDEN):
            values.update(reading=reading, reading_top=reading + _TOP)
            parts.append(_STARTS.format(table="pinyin_start", text="reading", field=1 << _FIELD_SHIFT))
        if not parts:
            return 0, []
        kept = ""
        if types:
            values["allowed"] = json.dumps(sorted(self.classes_within(types)))
            kept = _OF_TYPES
        values.update(limit=limit, offset=offset)
        sql = _RANKED.format(hits=" UNION ALL ".join(parts), kept=kept)
        connection = self._connection()
        page = connection.execute(sql, values).fetchall()
        if page:
            total = page[0][2]
        else:
            total = connection.execute(
                _COUNT.format(hits=" UNION ALL ".join(parts), kept=kept), values
            ).fetchone()[0]
        return total, [self._hit(connection, owner, rank) for owner, rank, _ in page]

    def _hit(self, connection: sqlite3.Connection, owner: int, rank: int) -> Hit:
        """Return the hit of one ranked entity, reading its labels and classes and the name it matched."""
        tier, number, key_id = rank >> _TIER_SHIFT, (rank >> _FIELD_SHIFT) & 1, rank & _KEY_MASK
        iri, labels, types = connection.execute(
            "SELECT iri, labels, types FROM entity WHERE id = ?", (owner,)
        ).fetchone()
        name = FIELDS[number]
        (original,) = connection.execute(
            f"SELECT original FROM {name}_key WHERE id = ?", (key_id,)
        ).fetchone()
        entity = Entity(iri, json.loads(labels), types=json.loads(types))
        return Hit(entity, original, name, TIERS[tier])


# A match is one integer: tier (bits 52 up), the matched name's length (32-51), field (31), key (0-30).
# Per entity the smallest is its best match; entities rank by tier, then length, then their number.
_TIER_SHIFT, _LENGTH_SHIFT, _FIELD_SHIFT = 52, 32, 31
_KEY_MASK = (1 << _FIELD_SHIFT) - 1
_STARTS = (
    "SELECT owner, ((CASE WHEN pos > 0 THEN 2 WHEN suffix = :{text} THEN 0 ELSE 1 END) << 52)"
    " | (length << 32) | {field} | key AS rank FROM {table} WHERE suffix >= :{text} AND suffix < :{text}_top"
)
_ANYWHERE = "SELECT owner, (3 << 52) | (length << 32) | id AS rank FROM label_key WHERE id IN ({candidates})"
_OF_TYPES = (
    " WHERE EXISTS (SELECT 1 FROM entity, json_each(entity.types) AS t WHERE entity.id = best.owner"
    " AND t.value IN (SELECT value FROM json_each(:allowed)))"
)
_BEST = (
    "WITH hit(owner, rank) AS ({hits}),"
    " best(owner, rank) AS (SELECT owner, MIN(rank) FROM hit GROUP BY owner)"
)
_RANKED = (
    _BEST + " SELECT owner, rank, COUNT(*) OVER () FROM best{kept}"
    " ORDER BY rank >> 32, owner LIMIT :limit OFFSET :offset"
)
_COUNT = _BEST + " SELECT COUNT(*) FROM best{kept}"


_scratch: list[Path] = []
_counter = itertools.count()


def scratch_file() -> Path:
    """Return a new file name in this process's temporary folder for index files (removed at exit)."""
    if not _scratch:
        folder = Path(tempfile.mkdtemp(prefix="policykg-search-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _scratch.append(folder)
    return _scratch[0] / f"index-{next(_counter)}.sqlite"


class IndexCache:
    """Keep one index per store version, building (or opening) it on first use under a lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entry: tuple[str, SearchIndex] | None = None

    def get(self, version: str, build: Callable[[], SearchIndex]) -> SearchIndex:
        """Return the index for ``version``, building it with ``build`` if it is missing or stale."""
        entry = self._entry
        if entry is not None and entry[0] == version:
            return entry[1]
        with self._lock:
            if self._entry is None or self._entry[0] != version:
                self._entry = (version, build())
            return self._entry[1]
