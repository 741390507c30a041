"""Re-checking only what changed (checks/shapes_delta.py): the results must be those of a whole check."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from rdflib import Graph

from policykg.checks import shapes_delta, sorted_lines_at
from policykg.checks.shapes_compiled import compile_shapes
from policykg.checks.shapes_delta import changed_lines, changed_results
from policykg.checks.validate import revalidate_ntriples, validate_ntriples

RDF_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"

EX = "http://example.org/"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
# A cited node needs a name (targets reached backwards); a part needs a whole as its parent (an inverse
# path whose values must have a class); what a document cites must be a Source (a forward sh:class).
SHAPES = Graph().parse(
    format="turtle",
    data="""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:Named a sh:NodeShape ; sh:targetObjectsOf ex:cites ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ] .
ex:Parented a sh:NodeShape ; sh:targetClass ex:Part ;
    sh:property [ sh:path [ sh:inversePath ex:hasPart ] ; sh:minCount 1 ; sh:class ex:Whole ] .
ex:Citing a sh:NodeShape ; sh:targetClass ex:Document ;
    sh:property [ sh:path ex:cites ; sh:class ex:Source ] .
""",
)
BEFORE = [
    ("a", TYPE, "Document"),
    ("a", "cites", "b"),
    ("a", "cites", "ghost"),
    ("b", "name", '"b"'),
    ("b", TYPE, "Source"),
    ("p1", TYPE, "Part"),
    ("p2", TYPE, "Part"),
    ("w", "hasPart", "p1"),
    ("w", TYPE, "Whole"),
    ("x", "hasPart", "p2"),
]
# Each edit: the statements removed and those added.
EDITS = {
    "a whole loses its type, so its part's parent is no whole": ([("w", TYPE, "Whole")], []),
    "a node gains the type its part's parent needs": ([], [("x", TYPE, "Whole")]),
    "a cited node loses its name": ([("b", "name", '"b"')], []),
    "a cited node is no longer cited": ([("a", "cites", "ghost")], []),
    "a cited node is no longer a source": ([("b", TYPE, "Source")], []),
    "a new part without a parent": ([], [("p3", TYPE, "Part")]),
    "a part loses its parent link": ([("w", "hasPart", "p1")], []),
    "a node disappears": ([("x", "hasPart", "p2")], []),
    "the ghost gets a name and becomes a source": ([], [("ghost", "name", '"g"'), ("ghost", TYPE, "Source")]),
}


def term(text: str) -> str:
    if text.startswith('"'):
        return text
    return f"<{text}>" if text.startswith("http") else f"<{EX}{text}>"


def write(path: Path, statements: list[tuple[str, str, str]]) -> Path:
    """Write statements as sorted N-Triples, as a build writes graph.nt."""
    lines = sorted({f"{term(s)} {term(p)} {term(o)} .\n".encode() for s, p, o in statements})
    path.write_bytes(b"".join(lines))
    return path


def rechecked(old: Path, new: Path) -> set[str]:
    found = changed_results(compile_shapes(SHAPES), old, new, 1000)
    assert found is not None
    return {node.removeprefix(EX) for node in found[0]}


@pytest.mark.parametrize("edit", list(EDITS))
def test_each_edit_gives_the_results_of_a_whole_check(tmp_path: Path, edit: str) -> None:
    removed, added = EDITS[edit]
    old = write(tmp_path / "old.nt", BEFORE)
    new = write(tmp_path / "new.nt", [s for s in BEFORE if s not in removed] + added)
    before = validate_ntriples(old, SHAPES)
    whole = validate_ntriples(new, SHAPES)
    again = revalidate_ntriples(new, old, before, total=1000, shapes=SHAPES)
    assert again == whole
    # Only the nodes near the edit were checked again.
    assert len(rechecked(old, new)) <= 4


def test_a_type_change_rechecks_the_nodes_linked_to_it_and_not_the_others(tmp_path: Path) -> None:
    old = write(tmp_path / "old.nt", BEFORE)
    new = write(tmp_path / "new.nt", [s for s in BEFORE if s != ("w", TYPE, "Whole")])
    # w's part p1 reads w's types backwards (an inverse path); a, b and the ghost read nothing of w.
    assert rechecked(old, new) == {"w", "p1"}
    assert {r.focus for r in validate_ntriples(new, SHAPES).results} >= {f"{EX}p1"}


def test_a_renamed_node_is_the_same_node(tmp_path: Path) -> None:
    # A build's own IRI changes with every build; the nodes that only point at it are not checked again,
    # and results about it carry its new name.
    old = write(tmp_path / "old.nt", [*BEFORE, ("a", "cites", "build1")])
    new = write(tmp_path / "new.nt", [*BEFORE, ("a", "cites", "build2")])
    before = validate_ntriples(old, SHAPES)
    assert f"{EX}build1" in {r.focus for r in before.results}
    again = revalidate_ntriples(new, old, before, 1000, (f"{EX}build1", f"{EX}build2"), shapes=SHAPES)
    assert again == validate_ntriples(new, SHAPES)
    assert not list(changed_lines(old, new, (f"<{EX}build1>".encode(), f"<{EX}build2>".encode())))
    assert len(list(changed_lines(old, new))) == 2


def test_changed_lines_are_those_in_one_file_only(tmp_path: Path) -> None:
    old = write(tmp_path / "old.nt", BEFORE)
    new = write(tmp_path / "new.nt", [*BEFORE[1:], ("z", "name", '"z"')])
    assert sorted(changed_lines(old, new)) == sorted(
        f"{term(s)} {term(p)} {term(o)} .\n".encode() for s, p, o in [BEFORE[0], ("z", "name", '"z"')]
    )


def test_a_changed_subclass_axiom_or_a_large_change_checks_the_whole_graph(
    tmp_path: Path, monkeypatch
) -> None:
    old = write(tmp_path / "old.nt", BEFORE)
    axiom = write(tmp_path / "axiom.nt", [*BEFORE, ("Whole", SUBCLASS, "Source")])
    assert changed_results(compile_shapes(SHAPES), old, axiom, 1000) is None
    small = write(tmp_path / "small.nt", BEFORE[2:])  # two of ten lines changed
    assert changed_results(compile_shapes(SHAPES), old, small, 1000) is not None
    monkeypatch.setattr(shapes_delta, "MAX_CHANGED_SHARE", 0.1)
    assert changed_results(compile_shapes(SHAPES), old, small, len(BEFORE)) is None
    before = validate_ntriples(old, SHAPES)
    assert revalidate_ntriples(axiom, old, before, 1000, shapes=SHAPES) == validate_ntriples(axiom, SHAPES)


def test_shapes_that_read_a_value_nodes_properties_check_the_whole_graph(tmp_path: Path) -> None:
    reads_values = Graph().parse(
        format="turtle",
        data="""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:Cited a sh:NodeShape ; sh:targetSubjectsOf ex:cites ;
    sh:property [ sh:path ex:cites ; sh:or ( [ sh:path ex:name ; sh:minCount 1 ] ) ] .
""",
    )
    old = write(tmp_path / "old.nt", BEFORE)
    new = write(tmp_path / "new.nt", [s for s in BEFORE if s != ("b", "name", '"b"')])
    assert changed_results(compile_shapes(reads_values), old, new, 1000) is None
    before = validate_ntriples(old, reads_values)
    again = revalidate_ntriples(new, old, before, 1000, shapes=reads_values)
    # b lost its name: a (which cites it) fails now, though a's own triples did not change.
    assert {r.focus for r in again.results} == {f"{EX}a"}
    assert again == validate_ntriples(new, reads_values)


@pytest.mark.parametrize("block_bytes", [64, 1 << 20])
def test_changed_lines_of_long_files_are_their_symmetric_difference(
    tmp_path: Path, monkeypatch, block_bytes
) -> None:
    # Long runs of equal lines, read in blocks smaller and larger than a run, with lines added, removed
    # and changed here and there, and a renamed node on either side.
    monkeypatch.setattr(shapes_delta, "_BLOCK_BYTES", block_bytes)
    old_lines = {f'<{EX}n{i:05d}> <{EX}p> "{i}" .\n'.encode() for i in range(3000)}
    old_lines |= {f"<{EX}n{i:05d}> <{EX}by> <{EX}build1> .\n".encode() for i in range(0, 3000, 7)}
    new_lines = {line for line in old_lines if not line.startswith(f"<{EX}n01".encode())}
    new_lines = {line.replace(b"build1", b"build2") for line in new_lines}
    new_lines |= {f'<{EX}n{i:05d}> <{EX}q> "x" .\n'.encode() for i in range(0, 3000, 250)}
    old, new = tmp_path / "old.nt", tmp_path / "new.nt"
    old.write_bytes(b"".join(sorted(old_lines)))
    new.write_bytes(b"".join(sorted(new_lines)))
    renamed = (f"<{EX}build1>".encode(), f"<{EX}build2>".encode())
    # Removed lines as they were, added ones as they are; a line equal once renamed is no change.
    removed = {line for line in old_lines if line.replace(*renamed) not in new_lines}
    added = new_lines - {line.replace(*renamed) for line in old_lines}
    expected = removed | added
    assert len(expected) < len(old_lines ^ new_lines)
    found = list(changed_lines(old, new, renamed))
    assert len(found) == len(set(found)) and set(found) == expected
    assert set(changed_lines(old, new)) == old_lines ^ new_lines


def test_without_grep_the_same_nodes_are_rechecked(tmp_path: Path, monkeypatch) -> None:
    old = write(tmp_path / "old.nt", BEFORE)
    new = write(
        tmp_path / "new.nt", [s for s in BEFORE if s != ("w", TYPE, "Whole")] + [("p3", TYPE, "Part")]
    )
    with_grep = changed_results(compile_shapes(SHAPES), old, new, 1000)
    monkeypatch.setattr(sorted_lines_at.shutil, "which", lambda _name: None)
    without = changed_results(compile_shapes(SHAPES), old, new, 1000)
    assert with_grep is not None and without is not None
    assert with_grep[0] == without[0] == {f"{EX}{n}" for n in ("w", "p1", "p3")}
    assert (
        found(with_grep[1])
        == found(without[1])
        == {("p1", "ClassConstraintComponent"), ("p3", "MinCountConstraintComponent")}
    )


def found(hits: list) -> set[tuple[str, str]]:
    return {
        (str(focus).removeprefix(EX), str(component).rsplit("#", 1)[1]) for _, component, focus, _ in hits
    }


@pytest.mark.parametrize("seed", range(5))
def test_the_lines_found_by_bisection_are_those_a_scan_finds(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    nodes = [f"<https://example.org/id/n{rng.randrange(60):02d}>".encode() for _ in range(150)]
    predicates = [b"<https://example.org/p>", RDF_TYPE, b"<https://example.org/q>"]
    lines = sorted(
        {
            b"%s %s <https://example.org/o%d> .\n" % (n, rng.choice(predicates), rng.randrange(3))
            for n in nodes
        }
        # Some lines longer than what is read at once.
        | {
            b'%s <https://example.org/note> "%s" .\n' % (n, b"x" * rng.randrange(5000, 9000))
            for n in nodes[:9]
        }
    )
    path = tmp_path / "graph.nt"
    path.write_bytes(b"".join(lines))
    # Prefixes of lines that are there, and of some that sort before, between and after them.
    prefixes = {b"%s %s " % (node, RDF_TYPE) for node in rng.sample(nodes, 20)}
    prefixes |= {b"<https://example.org/id/a> ", b"<https://example.org/id/n305> ", b"<zzz> "}
    prefixes |= {nodes[0] + b" ", nodes[0] + b" " + RDF_TYPE + b" "}  # one the start of another
    assert set(shapes_delta._lines_starting(path, prefixes)) == {
        line for line in lines if any(line.startswith(p) for p in prefixes)
    }
    path.write_bytes(b"")
    assert shapes_delta._lines_starting(path, prefixes) == []
