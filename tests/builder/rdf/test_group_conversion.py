"""Turtle and JSON-LD written group by group, the last build's groups kept (graph_builder/rdf/group_conversion.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from policykg.graph_builder.rdf.group_conversion import INDEX, convert
from policykg.ontology.namespaces import PREFIXES

BASE = "https://example.org/id/"
FIRST, SECOND = f"{BASE}build/00000000aaaaaaaa", f"{BASE}build/11111111bbbbbbbb"


def write_graph(path: Path, build: str, count: int, changed: int | None = None) -> bytes:
    """Write ``count`` institutions, each with labels, a year and the build that made it, as sorted
    N-Triples; ``changed`` gives one of them another English label. Returns the file's bytes."""
    lines = set()
    for i in range(count):
        node = f"<{BASE}institution/{i:05d}>"
        english = f"Laboratory {i}" + (" (renamed)" if i == changed else "")
        lines |= {
            f'{node} <http://purl.org/dc/terms/identifier> "{i}" .\n',
            f"{node} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/ResearchOrganization> .\n",
            f'{node} <http://www.w3.org/2000/01/rdf-schema#label> "实验室{i}"@zh .\n',
            f'{node} <http://www.w3.org/2000/01/rdf-schema#label> "{english}"@en .\n',
            f'{node} <https://schema.org/foundingDate> "{2000 + i % 25}"^^<http://www.w3.org/2001/XMLSchema#gYear> .\n',
            f"{node} <http://www.w3.org/ns/prov#wasGeneratedBy> <{build}> .\n",
        }
    if count:
        lines.add(f'<{build}> <http://www.w3.org/2000/01/rdf-schema#label> "build"@en .\n')
    data = "".join(sorted(lines)).encode()
    path.write_bytes(data)
    return data


def oxigraph_whole(data: bytes) -> dict[str, bytes]:
    """What Oxigraph writes for the whole graph at once, in each format."""
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    triples = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    return {
        "graph.ttl": ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes),
        "graph.jsonld": ox.serialize(triples, format=ox.RdfFormat.JSON_LD),
    }


def run(
    folder: Path, source: Path, build: str, last: Path | None = None
) -> tuple[dict[str, int], dict[str, bytes]]:
    folder.mkdir(exist_ok=True)
    targets = {folder / "graph.ttl": "turtle", folder / "graph.jsonld": "json-ld"}
    counts = convert(source, targets, build, folder / INDEX, last)
    return counts, {path.name: path.read_bytes() for path in targets}


@pytest.mark.parametrize("count", [0, 1, 40, 5000])
def test_a_conversion_is_byte_for_byte_oxigraphs_of_the_whole_graph(tmp_path, count):
    source = tmp_path / "graph.nt"
    data = write_graph(source, FIRST, count)
    counts, written = run(tmp_path / "first", source, FIRST)
    assert written == oxigraph_whole(data)
    assert counts["kept"] == 0 and (counts["converted"] > 30) == (count == 5000)


def test_a_rebuild_keeps_the_groups_that_did_not_change_and_writes_a_fresh_conversions_bytes(tmp_path):
    first_source, second_source = tmp_path / "first.nt", tmp_path / "second.nt"
    write_graph(first_source, FIRST, 5000)
    run(tmp_path / "first", first_source, FIRST)
    data = write_graph(second_source, SECOND, 5000, changed=2500)

    counts, written = run(tmp_path / "second", second_source, SECOND, tmp_path / "first" / INDEX)
    assert written == oxigraph_whole(data)
    assert FIRST.encode() not in written["graph.ttl"] + written["graph.jsonld"]
    # The groups differ only by the build's IRI but for the one that holds the changed institution.
    assert counts["converted"] == 1 and counts["kept"] > 30


def test_a_kept_file_changed_since_is_not_trusted(tmp_path):
    first_source, second_source = tmp_path / "first.nt", tmp_path / "second.nt"
    write_graph(first_source, FIRST, 5000)
    run(tmp_path / "first", first_source, FIRST)
    turtle = tmp_path / "first" / "graph.ttl"
    # Someone edits the last build's Turtle in place, keeping its size.
    turtle.write_bytes(turtle.read_bytes().replace(b'"Laboratory 4321"@en', b'"Laboratory 9999"@en'))
    data = write_graph(second_source, SECOND, 5000)

    counts, written = run(tmp_path / "second", second_source, SECOND, tmp_path / "first" / INDEX)
    assert written == oxigraph_whole(data)
    assert counts["converted"] == 1


def malformed(index: dict) -> str:
    """The index with every group's places in the files replaced by something else."""
    return json.dumps({**index, "groups": {key: {"turtle": "x", "json-ld": [1]} for key in index["groups"]}})


@pytest.mark.parametrize(
    "damage",
    [
        lambda index: index.write_text("{not json", encoding="utf-8"),
        lambda index: index.write_text(json.dumps({"settings": "other", "groups": {}}), encoding="utf-8"),
        lambda index: index.write_text(json.dumps([1, 2]), encoding="utf-8"),
        lambda index: index.unlink(),
        lambda index: index.write_text(malformed(json.loads(index.read_text())), encoding="utf-8"),
        lambda index: (index.parent / "graph.jsonld").unlink(),
    ],
    ids=["unreadable", "other-settings", "not-an-index", "missing", "malformed-groups", "file-gone"],
)
def test_a_damaged_or_foreign_index_means_converting_again(tmp_path, damage):
    first_source, second_source = tmp_path / "first.nt", tmp_path / "second.nt"
    write_graph(first_source, FIRST, 200)
    run(tmp_path / "first", first_source, FIRST)
    damage(tmp_path / "first" / INDEX)
    data = write_graph(second_source, SECOND, 200)
    counts, written = run(tmp_path / "second", second_source, SECOND, tmp_path / "first" / INDEX)
    assert written == oxigraph_whole(data)
    assert counts["kept"] == 0
