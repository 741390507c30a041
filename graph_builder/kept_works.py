"""Each plan's (work's) written triples and audit kept between builds, so that a rebuild rewrites only the
plans whose inputs changed.

A plan's triples, the IRIs of its records, its audit findings and reports are a function of: the
software (its fingerprint), the base, its sources in order (each document's path and checksum and its
records), the corpus identity of each entity those records name, and the IRI the minter gives each
entity the writing looked up (collision suffixes depend on every name of the corpus, so these are
recorded while writing and compared on reuse rather than keyed). The first are the entry's key
(``work_key``; a document's records are this software's of that document, so its cache key stands for
them, and an entity record for its document's checksum and its position); the IRIs are checked by
``KeptWork.holds``. The build's IRI (which depends on every document) is not an input: every chunk is
written against the ``placeholder`` build IRI, which the spool replaces by the build's IRI when it writes
graph.nt, so a fresh plan and a kept one go through the same bytes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from policykg.checks.findings import Finding
from policykg.forking import forked_map
from policykg.graph_builder.cache import BuildCache, entry_key, software_fingerprint
from policykg.graph_builder.corpus.works import Source
from policykg.graph_builder.kept_graph import ENTITY, ChunkSink, Unpatchable
from policykg.graph_builder.rdf.corpus import CorpusWriter, Identity
from policykg.graph_builder.rdf.minter import IriMinter
from policykg.graph_builder.rdf.serialize import ntriples
from policykg.graph_builder.records import EntityRecord, PlanRecord


@dataclass(frozen=True)
class KeptWork:
    """One plan as written: its node, its sorted N-Triples (with the ``placeholder``), the IRIs of its
    sources' targets (source position, index in ``every_target``, IRI), the entity IRIs its writing looked
    up, and its audit findings (in order) and report IRIs."""

    node: str
    chunk: bytes
    iris: tuple[tuple[int, int, str], ...]
    minted: tuple[tuple[Identity, str], ...]
    findings: tuple[Finding, ...]
    reports: tuple[str, ...]

    def holds(self, minter: IriMinter) -> bool:
        """True if the minter still gives every entity this plan named the IRI it was written with."""
        return all(minter.entity(*identity) == iri for identity, iri in self.minted)


class RecordingMinter:
    """A minter that remembers each entity IRI it hands out (what a plan's writing depends on)."""

    def __init__(self, minter: IriMinter) -> None:
        self._minter = minter
        self.minted: dict[Identity, str] = {}

    def entity(self, cls: str, name: str, place: str = "") -> str:
        iri = self._minter.entity(cls, name, place)
        self.minted[(cls, name, place)] = iri
        return iri

    def __getattr__(self, name: str):
        return getattr(self._minter, name)


def keep_work(kept: BuildCache, key: str, work: KeptWork) -> None:
    """Keep a plan as written under ``key``: its triples in an entry of their own, which a rebuild whose
    last lines hold them need not read (``kept_graph``)."""
    kept.put(_chunk_key(key), work.chunk)
    kept.put(key, dataclasses.replace(work, chunk=b""))


def kept_chunk(kept: BuildCache, key: str, keep: bool = True) -> bytes | None:
    """The triples of the plan kept under ``key`` (None if they cannot be read); ``keep=False``: of a plan
    this build no longer uses."""
    chunk = kept.get(_chunk_key(key), keep)
    return chunk if isinstance(chunk, bytes) else None


def retain_chunk(kept: BuildCache, key: str) -> None:
    """Keep the triples of the plan kept under ``key`` for the next build, unread."""
    kept.retain(_chunk_key(key))


def _chunk_key(key: str) -> str:
    return f"{key}.nt"


def work_key(
    base: str,
    sources: Sequence[Source],
    members: Sequence[int],
    identities: Mapping[tuple[int, str, str], Identity],
) -> str:
    """The key of a plan written from ``members`` (source indexes, first written whole)."""
    digest = hashlib.sha256(json.dumps([software_fingerprint(), base]).encode())
    for i in members:
        source = sources[i]
        names = [[*e.key, *identities.get((i, *e.key), (*e.key, ""))] for e in source.plan.entities]
        # The records are this software's of this document (``entry_key``): no need to hash them.
        digest.update(json.dumps([source.document.path, entry_key(source.document), names]).encode())
    return "work-" + digest.hexdigest()


def record_iris(
    plans: Sequence[PlanRecord], iri_of: Mapping[int, object]
) -> tuple[tuple[int, int, str], ...]:
    """The IRIs ``iri_of`` holds for the targets of ``plans`` (by position and index in
    ``PlanRecord.every_target``): what is named across plans (the target series); a plan's other records
    are named only within it."""
    return tuple(
        (position, n, str(iri_of[id(target)]))
        for position, plan in enumerate(plans)
        for n, target in enumerate(plan.every_target())
        if id(target) in iri_of
    )


def restore_iris(
    plans: Sequence[PlanRecord], iris: Sequence[tuple[int, int, str]], iri_of: dict[int, URIRef]
) -> None:
    """Put the IRIs ``record_iris`` found back into ``iri_of`` for these (equal) plans' targets."""
    targets = [plan.every_target() for plan in plans]
    for position, n, iri in iris:
        iri_of[id(targets[position][n])] = URIRef(iri)


#: Entities whose kept triples are looked up (and written) with one statement.
_BATCH = 500


def write_entities(
    writer: CorpusWriter,
    sources: Sequence[Source],
    identities: Mapping[tuple[int, str, str], Identity],
    kept: BuildCache | None,
    base: str,
    sink: ChunkSink,
    workers: int = 1,
) -> None:
    """Put the N-Triples of the corpus's named entities into ``sink`` (``writer`` writes against
    the ``placeholder``), then each document's entity links. Each entity is a chunk of what it is (its
    class, labels, other names and division code) and one chunk per record of it, of where that record
    names it (its spans in its document), so that a changed document changes only its own mentions of
    the entities it names. A chunk's triples are taken from the last build when what it is written from
    is unchanged (for a mention: the entity's IRI and the record, known by its document's checksum and
    its position), and written afresh otherwise, by ``workers`` forked processes (``forking``). A chunk
    the last build's lines hold is not read at all (``kept_graph``); those that are gone are handed to
    the sink.

    The kept triples are a SQLite table in the cache, updated in place in one transaction: a build reads
    it ``_BATCH`` chunks at a time (so memory holds one batch whatever the corpus's size), adds the
    chunks written afresh, drops those no longer in the corpus, and commits when it is done.
    """
    documents = [s.document for s in sources]
    groups = list(writer.entity_groups([s.plan for s in sources], identities).items())
    positions = {id(entity): n for s in sources for n, entity in enumerate(s.plan.entities)}
    chunks: list[tuple[int, int | None]] = []  # (entity, None) for what it is, (entity, record) for a mention
    keys = []
    for g, (identity, members) in enumerate(groups):
        iri = writer.minter.entity(*identity)
        chunks.append((g, None))
        keys.append(_key(json.dumps(["entity", identity, iri, *_core(members)])))
        for m, (i, entity) in enumerate(members):
            # A record is this software's n-th entity of that document: its checksum and n say which.
            chunks.append((g, m))
            keys.append(_key(f"mention {iri} {documents[i].sha256} {positions[id(entity)]}"))
    name = "entities-" + hashlib.sha256(json.dumps([software_fingerprint(), base]).encode()).hexdigest()
    now, last_table = None, False
    if kept is not None:
        now, last_table = _open_table(kept.own_file(f"{name}.sqlite"), kept.reading)
    if sink.last is not None and not last_table:
        # The last lines hold entities this build could then neither read nor remove.
        if now is not None:
            now.close()
        raise Unpatchable("the last build's table of entities cannot be read")

    def write_chunk(n: int) -> bytes:
        g, m = chunks[n]
        identity, members = groups[g]
        if m is None:
            return ntriples(writer.entity_core(identity, members))
        i, entity = members[m]
        return ntriples(writer.entity_mentions(documents[i], identity, entity))

    in_lines = {key for key in keys if sink.held(ENTITY, key)}
    held = _kept_keys(now, [key for key in keys if key not in in_lines])
    unkept = [n for n, key in enumerate(keys) if key not in held and key not in in_lines]
    fresh = forked_map(write_chunk, unkept, workers, 64)
    try:
        for start in range(0, len(keys), _BATCH):
            batch = keys[start : start + _BATCH]
            found = _chunks(now, [key for key in batch if key in held])
            rows = []
            for n, key in enumerate(batch, start):
                if key in in_lines:
                    sink.add(ENTITY, key, None)
                    continue
                # Kept, unless the table could not be read since its keys were.
                chunk = next(fresh) if key not in held else found.get(key) or write_chunk(n)
                if key not in found:
                    rows.append((key, chunk))
                sink.add(ENTITY, key, chunk)
            if now is not None:
                now.executemany("INSERT OR REPLACE INTO chunk VALUES (?, ?)", rows)
        gone = sink.gone(ENTITY)
        sink.remove(ENTITY, _rows(now, sorted(gone)), gone)
        for i, source in enumerate(sources):  # each document's, under a key of what they are written from
            names = writer.entity_iris(i, source.plan, identities)
            key = hashlib.sha256(json.dumps([entry_key(source.document), names]).encode()).hexdigest()
            sink.add_keyed_part(
                f"links-{key}", lambda i=i: ntriples(writer.entity_links(i, sources[i].plan, identities))
            )
        if now is not None:
            _keep_only(now, keys)
            now.commit()
    finally:
        fresh.close()
        if now is not None:
            now.close()  # what was not committed is rolled back


def _core(members: Sequence[tuple[int, EntityRecord]]) -> list[object]:
    """What an entity's own statements are written from besides its identity: its first record's names,
    every name of its records and the first division code stated (``GraphWriter.add_named_core``)."""
    first = members[0][1]
    names = sorted({name for _, entity in members for name in (entity.name, *entity.alt_labels)})
    code = next((entity.division_code for _, entity in members if entity.division_code), None)
    return [first.name, first.label_en, names, code]


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _open_table(path: Path, reading: bool) -> tuple[sqlite3.Connection, bool]:
    """Open the table of entities' triples at ``path`` to update it in place, in one transaction committed
    once every entity is written (a build that fails or is killed before leaves the table as it was):
    the last build's when it is read and passes SQLite's quick check, else a new empty one (a damaged
    table is a miss); and whether it is the last build's. A table that a later step's failure leaves
    ahead of the last lines is found out when a chunk they hold cannot be read (kept_graph)."""
    if reading and path.is_file():
        connection = None
        try:
            connection = sqlite3.connect(path)
            connection.execute("PRAGMA synchronous=OFF")
            if connection.execute("PRAGMA quick_check").fetchone() != ("ok",):  # 0.2 s at 500 MB
                raise sqlite3.DatabaseError("damaged")
            connection.execute("SELECT count(*) FROM chunk WHERE key = ''").fetchone()
            return connection, True
        except (OSError, sqlite3.Error):
            if connection is not None:
                connection.close()
    for stale in (path, path.with_name(path.name + "-journal")):
        stale.unlink(missing_ok=True)
    return _new_table(path), False


def _keep_only(table: sqlite3.Connection, keys: list[str]) -> None:
    """Drop the entities whose keys are not ``keys`` (those no longer in the corpus, or changed).

    The table's keys are read from their index, not by a scan of every chunk, and only the others are
    deleted, each by its key: a rebuild drops a few."""
    used = set(keys)
    gone = [row for row in table.execute("SELECT key FROM chunk") if row[0] not in used]
    table.executemany("DELETE FROM chunk WHERE key = ?", gone)


def _new_table(path: Path) -> sqlite3.Connection:
    # A rowid table: its chunks (2 KB on average) are appended in the order they come, and only the index
    # of their keys takes them in hash order. Stored by key (WITHOUT ROWID), each insert moved rows of
    # kilobytes within the tree: it was three times slower at 186,000 chunks, and the file twice the size.
    connection = sqlite3.connect(path)
    connection.executescript(
        "PRAGMA synchronous=OFF; CREATE TABLE chunk(key TEXT PRIMARY KEY, nt BLOB NOT NULL);"
    )
    return connection


def _kept_keys(table: sqlite3.Connection | None, keys: list[str]) -> set[str]:
    """Which of ``keys`` the table holds (a damaged table holds none)."""
    return set(_rows(table, keys, "key"))


def _rows(table: sqlite3.Connection | None, keys: list[str], column: str = "nt") -> dict[str, bytes]:
    """``_chunks`` of any number of keys, ``_BATCH`` at a time."""
    found: dict[str, bytes] = {}
    for start in range(0, len(keys), _BATCH):
        found.update(_chunks(table, keys[start : start + _BATCH], column))
    return found


def _chunks(table: sqlite3.Connection | None, keys: list[str], column: str = "nt") -> dict[str, bytes]:
    """The kept triples (or, with ``column="key"``, the keys) of the entities of ``keys`` that the table
    holds (a damaged table holds none)."""
    if table is None or not keys:
        return {}
    try:
        marks = ",".join("?" * len(keys))
        query = f"SELECT key, {column} FROM chunk WHERE key IN ({marks})"
        return dict(table.execute(query, keys).fetchall())
    except sqlite3.Error:
        return {}
