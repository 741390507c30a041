"""Convert graph.nt into Turtle and JSON-LD group by group, keeping the last build's conversion of each
group that did not change.

The sorted N-Triples are cut into groups of whole subjects at points their content chooses
(``subject_groups``); Oxigraph parses each group once and writes it in every format. Turtle is the
prefixes and then each group's statements; JSON-LD is one array of each group's node objects. That is
byte for byte what Oxigraph writes for the whole file at once.

A group is known by the SHA-256 of its lines with a ``STAND_IN`` for the build's IRI, so that
the same lines in two builds have one key. An index beside the files (``INDEX``, in the build's folder)
gives, for each key, where the group's conversion lies in each file and its CRC-32. Given the last
build's index, a conversion copies the bytes of every group it finds there, with the last build's IRI
replaced by this one's, once their CRC-32 matches; it converts only the others. Groups are converted
against the stand-in, which no prefix shortens, and the build's IRI is then written in full, so a
kept group and a converted one read alike.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from collections.abc import Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from policykg.graph_builder.rdf.subject_groups import subject_groups
from policykg.ontology.namespaces import PREFIX_IRIS

#: The name of the index of a build's converted groups, in its folder beside the files.
INDEX = ".conversions.json"
#: The IRI a group is converted with in place of the build's, which no prefix shortens.
STAND_IN = "urn:x-policykg:build"
_STAND_IN_NT = f"<{STAND_IN}>".encode()
#: What the bytes of a group's conversion depend on besides its lines.
_SETTINGS = hashlib.sha256(json.dumps([ox.__version__, PREFIX_IRIS, STAND_IN]).encode()).hexdigest()


@dataclass(frozen=True)
class _Format:
    """How one format's file is put together from the groups' conversions."""

    rdf_format: ox.RdfFormat
    opening: bytes  # before the first group
    separator: bytes  # between two groups
    closing: bytes  # after the last group
    empty: bytes  # the whole file of a graph without a group

    def body(self, triples: list[ox.Triple]) -> bytes:
        """A group's statements in this format, without what opens and closes the file."""
        if self.rdf_format is ox.RdfFormat.TURTLE:
            return ox.serialize(triples, format=self.rdf_format, prefixes=PREFIX_IRIS)[len(self.opening) :]
        return ox.serialize(triples, format=self.rdf_format)[1:-1]

    def named(self, iri: str) -> bytes:
        """How the format writes ``iri`` where it names a node."""
        if self.rdf_format is ox.RdfFormat.TURTLE:
            return f"<{iri}>".encode()
        return json.dumps({"@id": iri}, ensure_ascii=False, separators=(",", ":"))[1:-1].encode()


def _turtle() -> _Format:
    probe = [ox.Triple(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.NamedNode("urn:x:o"))]
    whole = ox.serialize(probe, format=ox.RdfFormat.TURTLE, prefixes=PREFIX_IRIS)
    bare = ox.serialize(probe, format=ox.RdfFormat.TURTLE)
    assert whole.endswith(bare), "Oxigraph writes the prefixes before the statements"
    return _Format(ox.RdfFormat.TURTLE, whole[: len(whole) - len(bare)], b"", b"", b"")


FORMATS: dict[str, _Format] = {
    "turtle": _turtle(),
    "json-ld": _Format(ox.RdfFormat.JSON_LD, b"[", b",", b"]", b"[]"),
}


class _Output:
    """One format's file being written, with where each group's conversion lies in it."""

    def __init__(self, path: Path, fmt: _Format, stream: BinaryIO) -> None:
        self.path, self.format, self.stream = path, fmt, stream
        self.offset = 0
        self.groups = 0

    def add(self, body: bytes) -> list[int]:
        """Write a group's conversion; return its offset, length and CRC-32."""
        start = self.format.opening if self.groups == 0 else self.format.separator
        self.offset += self.stream.write(start)
        self.groups += 1
        where = [self.offset, len(body), zlib.crc32(body)]
        self.offset += self.stream.write(body)
        return where

    def close(self) -> None:
        """Write what ends the file."""
        self.offset += self.stream.write(self.format.closing if self.groups else self.format.empty)


class _Kept:
    """The last build's converted groups: its index and its files, opened."""

    def __init__(self, index: dict, folder: Path, files: ExitStack) -> None:
        self.groups: dict[str, dict[str, list[int]]] = index["groups"]
        self.build: str = index["build"]
        self.files: dict[str, int] = {}
        for name, about in index["files"].items():
            path = folder / about["name"]
            if path.stat().st_size == about["size"]:
                handle = files.enter_context(path.open("rb"))
                self.files[name] = handle.fileno()

    def body(self, key: str, name: str, fmt: _Format, build: str) -> bytes | None:
        """The last conversion of group ``key`` in format ``name``, naming ``build``; None if not kept."""
        descriptor = self.files.get(name)
        try:
            offset, length, crc = self.groups[key][name]
            body = os.pread(descriptor, length, offset) if descriptor is not None else b""
        except (KeyError, TypeError, ValueError, OSError):  # not kept, or an index made otherwise
            return None
        if descriptor is None or len(body) != length or zlib.crc32(body) != crc:
            return None
        return body.replace(fmt.named(self.build), fmt.named(build))


def _last(index: Path | None, files: ExitStack) -> _Kept | None:
    """The last build's converted groups, or None when its index cannot be read or was made otherwise."""
    if index is None:
        return None
    try:
        found = json.loads(index.read_bytes())
        if found.get("settings") != _SETTINGS:
            return None
        return _Kept(found, index.parent, files)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def convert(
    source: Path, targets: Mapping[Path, str], build: str, index: Path, last: Path | None = None
) -> dict[str, int]:
    """Write ``source`` (sorted N-Triples naming the build ``build``) to each target path in its format
    (``turtle`` or ``json-ld``), and the index of its groups to ``index``; copy the groups that the
    ``last`` index holds. Return the number of groups converted and kept."""
    counts = {"converted": 0, "kept": 0}
    groups: dict[str, dict[str, list[int]]] = {}
    build_nt = f"<{build}>".encode()
    with ExitStack() as files:
        kept = _last(last, files)
        outputs = {
            name: _Output(path, FORMATS[name], files.enter_context(path.open("wb")))
            for path, name in targets.items()
        }
        for group in subject_groups(files.enter_context(source.open("rb"))):
            lines = group.replace(build_nt, _STAND_IN_NT)
            key = hashlib.sha256(lines).hexdigest()
            bodies = {
                name: kept.body(key, name, out.format, build) if kept else None
                for name, out in outputs.items()
            }
            if any(body is None for body in bodies.values()):
                counts["converted"] += 1
                triples = list(ox.parse(lines, format=ox.RdfFormat.N_TRIPLES))
                for name, out in outputs.items():
                    if bodies[name] is None:
                        stand_in, named = out.format.named(STAND_IN), out.format.named(build)
                        bodies[name] = out.format.body(triples).replace(stand_in, named)
            else:
                counts["kept"] += 1
            groups[key] = {name: out.add(bodies[name]) for name, out in outputs.items()}
        for out in outputs.values():
            out.close()
    about = {name: {"name": out.path.name, "size": out.offset} for name, out in outputs.items()}
    record = {"settings": _SETTINGS, "build": build, "files": about, "groups": groups}
    index.write_text(json.dumps(record, separators=(",", ":")), encoding="utf-8")
    return counts
