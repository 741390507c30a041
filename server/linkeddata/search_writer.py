"""Write the search index: one SQLite file with the entities, their keys, their starts and a trigram index.

Each entity's Chinese and English names (label and variants) are label keys, folded by ``normalize``;
the pinyin of its Chinese names (the data's own readings, else read here) are pinyin keys. Every key
is also written from each place a match may rank above "substring": from its start and from the start
of each word in it (each syllable, in pinyin), in a table ordered by that text, so that a prefix look-up
finds the exact, prefix and word matches. Label keys go into an FTS5 table with the trigram tokenizer
too, for matches anywhere in them; each is padded with two sentinels so that a text shorter than three
characters is found from the trigrams it begins (``search.SearchIndex``). Entities are numbered in
their tie-breaking order (Chinese label, then IRI), so that ranking needs no text of theirs. The file
is written once and then only read.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path

from policykg.patterns import HAN
from policykg.pinyin import pair_readings, pinyin_syllables, reading_syllables
from policykg.server.linkeddata.search import WORD_START, Entity, normalize

#: Appended to every key in the trigram tables, so that each character of a key starts a trigram.
PAD = "\x01\x01"
#: Bumped whenever the layout changes, so that an older file is rebuilt rather than misread.
SCHEMA_VERSION = 2
#: The longest name length ranked apart (the ranking packs it in 20 bits).
MAX_LENGTH = (1 << 20) - 1

_SCHEMA = """
CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entity(id INTEGER PRIMARY KEY, iri TEXT NOT NULL, labels TEXT NOT NULL, types TEXT NOT NULL);
CREATE TABLE class(iri TEXT PRIMARY KEY, superclasses TEXT NOT NULL, labels TEXT NOT NULL);
CREATE TABLE label_key(
    id INTEGER PRIMARY KEY, owner INTEGER NOT NULL, key TEXT NOT NULL, original TEXT NOT NULL,
    length INTEGER NOT NULL
);
CREATE TABLE pinyin_key(
    id INTEGER PRIMARY KEY, owner INTEGER NOT NULL, key TEXT NOT NULL, original TEXT NOT NULL,
    length INTEGER NOT NULL
);
CREATE TABLE label_start(
    suffix TEXT NOT NULL, key INTEGER NOT NULL, pos INTEGER NOT NULL, owner INTEGER NOT NULL,
    length INTEGER NOT NULL, PRIMARY KEY (suffix, key, pos)
) WITHOUT ROWID;
CREATE TABLE pinyin_start(
    suffix TEXT NOT NULL, key INTEGER NOT NULL, pos INTEGER NOT NULL, owner INTEGER NOT NULL,
    length INTEGER NOT NULL, PRIMARY KEY (suffix, key, pos)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE label_fts USING fts5(key, content='', columnsize=0, tokenize='trigram case_sensitive 1');
CREATE VIRTUAL TABLE label_terms USING fts5vocab(label_fts, 'instance');
"""


class _Table:
    """Rows waiting to go into one key table, its start table and (labels) its trigram index, in batches."""

    def __init__(self, connection: sqlite3.Connection, name: str, trigrams: bool) -> None:
        self.connection = connection
        self.name = name
        self.trigrams = trigrams
        self.rows: list[tuple[int, int, str, str, int]] = []
        self.starts: list[tuple[str, int, int, int, int]] = []
        self.count = 0

    def add(self, owner: int, key: str, original: str, mask: bytes | None = None) -> None:
        """Add one key of entity number ``owner``; ``mask`` marks the syllable starts of a pinyin key."""
        if not key or "\x00" in key or "\x01" in key:
            return  # No key holds the padding (nor NUL, which no name should hold).
        self.count += 1
        length = min(len(original), MAX_LENGTH)
        self.rows.append((self.count, owner, key, original, length))
        for position in word_starts(key, mask):
            self.starts.append((key[position:], self.count, position, owner, length))
        if len(self.rows) >= 20_000:
            self.flush()

    def flush(self) -> None:
        """Write the waiting rows."""
        self.connection.executemany(f"INSERT INTO {self.name}_key VALUES (?, ?, ?, ?, ?)", self.rows)
        self.connection.executemany(f"INSERT INTO {self.name}_start VALUES (?, ?, ?, ?, ?)", self.starts)
        if self.trigrams:
            self.connection.executemany(
                f"INSERT INTO {self.name}_fts(rowid, key) VALUES (?, ?)",
                [(r[0], r[2] + PAD) for r in self.rows],
            )
        self.rows, self.starts = [], []


def word_starts(key: str, mask: bytes | None) -> list[int]:
    """Return where a match ranks above "substring": the start, and each word's (each syllable's, by mask)."""
    if mask is not None:
        return [position for position, flag in enumerate(mask) if flag or position == 0]
    return [0, *(position for position in range(1, len(key)) if WORD_START.match(key[position - 1]))]


def write_index(
    path: Path | str,
    entities: Iterable[Entity],
    superclasses: Mapping[str, Iterable[str]] | None = None,
    class_labels: Mapping[str, Mapping[str, str]] | None = None,
) -> int:
    """Write the index of ``entities`` (and the class hierarchy and labels) to a new file at ``path``.

    Return the number of entities indexed.
    """
    ordered = sorted(entities, key=lambda e: (e.label("zh"), e.iri))
    connection = sqlite3.connect(path)
    try:
        connection.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=4096;")
        # The start tables are written in no order of theirs: a large cache keeps their pages at hand.
        connection.execute("PRAGMA cache_size=-262144")
        connection.executescript(_SCHEMA)
        labels, pinyin = (
            _Table(connection, "label", trigrams=True),
            _Table(connection, "pinyin", trigrams=False),
        )
        batch: list[tuple[int, str, str, str]] = []
        # Plans repeat names (a portfolio part, a city), so each distinct name is romanized once.
        romanized: dict[str, tuple[str, bytes]] = {}
        for number, entity in enumerate(ordered):
            batch.append(
                (number, entity.iri, json.dumps(entity.labels, ensure_ascii=False), json.dumps(entity.types))
            )
            if len(batch) >= 20_000:
                connection.executemany("INSERT INTO entity VALUES (?, ?, ?, ?)", batch)
                batch = []
            _add_keys(entity, number, labels, pinyin, romanized)
        connection.executemany("INSERT INTO entity VALUES (?, ?, ?, ?)", batch)
        labels.flush()
        pinyin.flush()
        classes = set(superclasses or {}) | set(class_labels or {})
        connection.executemany(
            "INSERT INTO class VALUES (?, ?, ?)",
            [
                (
                    iri,
                    json.dumps(sorted((superclasses or {}).get(iri, ()))),
                    json.dumps(dict((class_labels or {}).get(iri, {})), ensure_ascii=False),
                )
                for iri in sorted(classes)
            ],
        )
        connection.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [("schema", str(SCHEMA_VERSION)), ("entities", str(len(ordered)))],
        )
        connection.execute("INSERT INTO label_fts(label_fts) VALUES ('optimize')")
        connection.commit()
    finally:
        connection.close()
    return len(ordered)


def _add_keys(
    entity: Entity, number: int, labels: _Table, pinyin: _Table, romanized: dict[str, tuple[str, bytes]]
) -> None:
    """Add the label keys and pinyin keys of one entity."""
    names = list(dict.fromkeys([*entity.labels.values(), *entity.alt_labels]))
    for name in names:
        labels.add(number, normalize(name), name)
    if entity.readings:
        # The data's own readings: no pinyin dictionary is needed to index them. Each is matched as
        # the name it reads, else as the Chinese label.
        label = entity.labels.get("zh") or next((n for n in names if HAN.search(n)), entity.iri)
        for reading, name in pair_readings([label, *names], entity.readings):
            key, mask = syllables_key(reading_syllables(reading))
            pinyin.add(number, key, name or label, mask)
        return
    for name in names:
        if HAN.search(name):
            if name not in romanized:
                romanized[name] = syllables_key(pinyin_syllables(name))
            key, mask = romanized[name]
            pinyin.add(number, key, name, mask)


def syllables_key(syllables: list[str]) -> tuple[str, bytes]:
    """Return pinyin syllables as one key and a mask with 1 where each syllable starts."""
    return "".join(syllables), b"".join(b"\1" + b"\0" * (len(s) - 1) for s in syllables)
