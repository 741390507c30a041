"""The build's other formats, converted from graph.nt in a child process (graph_builder/rdf/converting.py)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from policykg.graph_builder.rdf.converting import ConversionError, converting
from policykg.graph_builder.rdf.group_conversion import INDEX

BASE = "https://example.org/id/"
BUILD = f"{BASE}build/0123456789abcdef"


def write_source(path: Path, n: int) -> set[ox.Triple]:
    """Write ``n`` institutions with a Chinese label, an English one and a typed year; return the triples."""
    triples = set()
    for i in range(n):
        node = ox.NamedNode(f"{BASE}institution/{i}")
        triples |= {
            ox.Triple(
                node,
                ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                ox.Literal(f"实验室{i}", language="zh"),
            ),
            ox.Triple(
                node,
                ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                ox.Literal(f"Laboratory {i}", language="en"),
            ),
            ox.Triple(
                node,
                ox.NamedNode("https://schema.org/foundingDate"),
                ox.Literal(
                    str(2000 + i % 25), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")
                ),
            ),
        }
    path.write_bytes(ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES))
    return triples


def converters_of(target: Path) -> list[str]:
    """The processes whose command line names ``target``."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if str(target).encode() in cmdline.read_bytes():
                found.append(cmdline.parent.name)
        except OSError:
            continue  # ended meanwhile
    return found


def parsed(data: bytes, rdf_format: ox.RdfFormat) -> set[ox.Triple]:
    return {quad.triple for quad in ox.parse(data, format=rdf_format)}


def test_each_target_holds_the_source_graph_in_its_format(tmp_path: Path) -> None:
    source = tmp_path / "graph.nt"
    triples = write_source(source, 50)
    targets = {tmp_path / "graph.ttl": "turtle", tmp_path / "graph.jsonld": "json-ld"}
    with converting(source, targets, BUILD, tmp_path / INDEX):
        pass
    turtle = (tmp_path / "graph.ttl").read_bytes()
    assert b"@prefix rdfs:" in turtle
    assert parsed(turtle, ox.RdfFormat.TURTLE) == triples
    assert parsed((tmp_path / "graph.jsonld").read_bytes(), ox.RdfFormat.JSON_LD) == triples
    assert (tmp_path / INDEX).exists()  # for the next build to keep the groups it finds again


def test_a_conversion_that_cannot_write_names_its_file(tmp_path: Path) -> None:
    source = tmp_path / "graph.nt"
    write_source(source, 3)
    with (
        pytest.raises(ConversionError, match=r"graph\.ttl: No such file"),
        converting(source, {tmp_path / "gone" / "graph.ttl": "turtle"}, BUILD, tmp_path / INDEX),
    ):
        pass


def test_a_block_that_raises_stops_the_conversions_rather_than_waiting_for_them(tmp_path: Path) -> None:
    source = tmp_path / "graph.nt"
    triples = write_source(source, 100_000)
    target = tmp_path / "graph.ttl"
    with pytest.raises(KeyboardInterrupt), converting(source, {target: "turtle"}, BUILD, tmp_path / INDEX):
        raise KeyboardInterrupt
    assert not converters_of(target)
    # Stopped while starting: the Turtle file was never finished (waiting would have written all of it).
    written = target.read_bytes() if target.exists() else b""
    assert len(list(ox.parse(written, format=ox.RdfFormat.TURTLE, lenient=True) if written else [])) < len(
        triples
    )
