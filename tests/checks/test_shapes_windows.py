"""The windowed shapes check: what it needs of the input and of the shapes, and what it finds."""

from __future__ import annotations

from rdflib import Graph

from policykg.checks.shapes_compiled import compile_shapes
from policykg.checks.shapes_windows import window_hits
from policykg.checks.validate import validate, validate_ntriples

SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:Named a sh:NodeShape ; sh:targetObjectsOf ex:cites ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ] .
ex:Parented a sh:NodeShape ; sh:targetClass ex:Part ;
    sh:property [ sh:path [ sh:inversePath ex:hasPart ] ; sh:minCount 1 ; sh:class ex:Whole ] .
"""
# A value node's own property read through sh:or under a property shape: not checkable window by window.
READS_VALUES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:Cited a sh:NodeShape ; sh:targetSubjectsOf ex:cites ;
    sh:property [ sh:path ex:cites ; sh:or ( [ sh:path ex:name ; sh:minCount 1 ] ) ] .
"""
# Sorted by line as graph.nt is: a cited node with a name, one cited but never a subject, a part of a
# whole, and a part whose only parent is not typed a whole.
DATA = b"""<http://example.org/a> <http://example.org/cites> <http://example.org/b> .
<http://example.org/a> <http://example.org/cites> <http://example.org/ghost> .
<http://example.org/b> <http://example.org/name> "b" .
<http://example.org/p1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/Part> .
<http://example.org/p2> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/Part> .
<http://example.org/w> <http://example.org/hasPart> <http://example.org/p1> .
<http://example.org/w> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/Whole> .
<http://example.org/x> <http://example.org/hasPart> <http://example.org/p2> .
"""


def shapes(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


def found(hits: list) -> set[tuple[str, str]]:
    return {
        (str(focus).rsplit("/", 1)[1], str(component).rsplit("#", 1)[1]) for _, component, focus, _ in hits
    }


def test_each_window_size_finds_what_the_whole_index_finds() -> None:
    expected = {("ghost", "MinCountConstraintComponent"), ("p2", "ClassConstraintComponent")}
    compiled = compile_shapes(shapes(SHAPES))
    for size in (1, 2, 3, 100):
        hits = window_hits(compiled, DATA, size=size)
        assert hits is not None and found(hits) == expected
    whole = validate(Graph().parse(data=DATA, format="nt"), shapes(SHAPES))  # the whole index
    assert {(r.focus.rsplit("/", 1)[1], r.component.split(":")[1]) for r in whole.results} == expected


def test_unsorted_subjects_fall_back_to_the_whole_index() -> None:
    lines = DATA.splitlines(keepends=True)
    unsorted = b"".join(lines[2:] + lines[:2])
    assert window_hits(compile_shapes(shapes(SHAPES)), unsorted) is None
    result = validate_ntriples(unsorted, shapes(SHAPES), window=1)
    assert {r.focus.rsplit("/", 1)[1] for r in result.results} == {"ghost", "p2"}


def test_shapes_that_read_a_value_nodes_properties_are_not_windowed() -> None:
    compiled = compile_shapes(shapes(READS_VALUES))
    assert {str(p) for p in compiled.read_elsewhere} == {"http://example.org/name"}
    assert window_hits(compiled, DATA) is None
    # The whole index sees ghost's missing name, which a window holding only a's triples could not.
    result = validate_ntriples(DATA, shapes(READS_VALUES), window=1)
    assert [r.value for r in result.results] == ["http://example.org/ghost"]


def test_the_projects_shapes_are_checked_window_by_window() -> None:
    from policykg.checks.validate import _default_compiled

    assert not _default_compiled().read_elsewhere - {
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "http://www.w3.org/2000/01/rdf-schema#subClassOf",
    }


def test_subjects_of_rdf_type_are_checked_in_their_own_window() -> None:
    """rdf:type's links are held for the whole graph, yet each typed subject is checked once, with its own
    properties at hand."""
    typed = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix ex: <http://example.org/> .
ex:Typed a sh:NodeShape ; sh:targetSubjectsOf rdf:type ; sh:property [ sh:path ex:hasPart ; sh:minCount 1 ] .
"""
    compiled = compile_shapes(shapes(typed))
    for size in (1, 2, 100):
        hits = window_hits(compiled, DATA, size=size)
        assert hits is not None
        assert sorted(str(focus).rsplit("/", 1)[1] for _, _, focus, _ in hits) == ["p1", "p2"]


def _row(hit) -> tuple[str, str]:
    """A result as plain strings, which cross between processes (a hit holds a compiled shape)."""
    _, component, focus, _ = hit
    return str(focus).rsplit("/", 1)[1], str(component).rsplit("#", 1)[1]


def test_windows_shared_among_forked_processes_find_the_same() -> None:
    """Two parts take every other window; b, a cited node that is a subject, is met by one of them,
    and ghost, cited but never a subject, is checked once afterwards. (The parts run in forked
    processes when this process has one thread, else here: tests/test_forking.py forks for sure.)"""
    expected = {("ghost", "MinCountConstraintComponent"), ("p2", "ClassConstraintComponent")}
    compiled = compile_shapes(shapes(SHAPES))
    for size in (1, 2, 3, 100):
        rows = window_hits(compiled, DATA, size=size, workers=2, row=_row)
        assert rows is not None and sorted(rows) == sorted(expected)
    lines = DATA.splitlines(keepends=True)
    assert window_hits(compiled, b"".join(lines[2:] + lines[:2]), size=1, workers=2, row=_row) is None


def test_long_lists_of_links_are_indexed_each_link_once() -> None:
    """One part of forty wholes (a long inverse list, like a document's spans) and one node with forty
    names (a long forward list), every triple stated twice (in the data, again as extra triples): each
    pair is indexed once."""
    from rdflib import URIRef

    from policykg.checks.shapes_engine import ShapeData

    ex = "http://example.org/"
    data = "".join(f"<{ex}w{n:02}> <{ex}hasPart> <{ex}p> .\n" for n in range(40))
    data += "".join(f'<{ex}b> <{ex}name> "name {n}" .\n' for n in range(40))
    index = ShapeData.from_ntriples(compile_shapes(shapes(SHAPES)), data, list(Graph().parse(data=data)))
    wholes = index.inverse[URIRef(ex + "hasPart")][URIRef(ex + "p")]
    names = index.forward[URIRef(ex + "name")][URIRef(ex + "b")]
    assert sorted(map(str, wholes)) == [f"{ex}w{n:02}" for n in range(40)]
    assert sorted(map(str, names)) == sorted(f"name {n}" for n in range(40))


def test_a_canonical_file_finds_what_a_parsed_one_finds(tmp_path, monkeypatch) -> None:
    """In a canonical file (as a build writes graph.nt) the first pass parses only the lines that hold the
    predicates it reads (found by grep, else all read); a literal that holds a predicate's text is found
    too, and read as what it is."""
    from policykg.checks import sorted_lines_at

    expected = {("ghost", "MinCountConstraintComponent"), ("p2", "ClassConstraintComponent")}
    lines = DATA.splitlines(keepends=True)
    tricky = b'<http://example.org/c> <http://example.org/note> " <http://example.org/hasPart> " .\n'
    path = tmp_path / "graph.nt"
    path.write_bytes(b"".join([*lines[:3], tricky, *lines[3:]]))
    compiled = compile_shapes(shapes(SHAPES))
    for grep in (True, False):
        if not grep:
            monkeypatch.setattr(sorted_lines_at.shutil, "which", lambda _name: None)
        for size in (1, 3, 100):
            hits = window_hits(compiled, path, size=size, canonical=True)
            assert hits is not None and found(hits) == expected
        graph = shapes(SHAPES)  # (one parse, so that the anonymous shapes have the same names)
        canonical = validate_ntriples(path, graph, canonical=True)
        assert canonical == validate_ntriples(path, graph) and len(canonical.results) == 2
